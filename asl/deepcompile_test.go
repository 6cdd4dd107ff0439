package asl_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
)

// deepWide is a definition under 1 MB whose states' JSON Pointers add up to
// hundreds of megabytes: Parallels nested depth deep with long names, and
// many states at the bottom.
func deepWide(depth, bottom int) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		name := fmt.Sprintf("%s%05d", strings.Repeat("n", 65), i)
		fmt.Fprintf(&b, `{"StartAt":"%s","States":{"%s":{"Type":"Parallel","End":true,"Branches":[`, name, name)
	}
	b.WriteString(`{"StartAt":"s0","States":{`)
	for i := 0; i < bottom; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		next := fmt.Sprintf(`"Next":"s%d"`, i+1)
		if i == bottom-1 {
			next = `"End":true`
		}
		fmt.Fprintf(&b, `"s%d":{"Type":"Pass",%s}`, i, next)
	}
	b.WriteString(`}}`)
	for i := 0; i < depth; i++ {
		b.WriteString(`]}}}`)
	}
	return b.String()
}

func TestDeepWideDefinitionIsRefusedCheaply(t *testing.T) {
	def := deepWide(200, 12000)
	require.Less(t, len(def), asl.MaxDefinitionBytes)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := asl.Parse([]byte(def))
	runtime.ReadMemStats(&after)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nests its states too deeply")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<20), "refused before compiling")

	// A deep but small machine still parses.
	_, err = asl.Parse([]byte(deepWide(200, 3)))
	assert.NoError(t, err)
}
