package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A Map of Maps, 30 by 30: 30 children each forking 30 grandchildren. (Temporal's
// time-skipping test environment deadlocks on this shape: its main loop
// blocks on its own callback channel, a buffer of 1,000.)
func TestNestedMapOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startWorker()
	def := `{"StartAt":"Outer","States":{"Outer":{"Type":"Map","End":true,"ItemsPath":"$.rows",
		"ItemSelector":{"cols.$":"$.cols"},
		"ItemProcessor":{"StartAt":"Inner","States":{"Inner":{"Type":"Map","ItemsPath":"$.cols","End":true,
			"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}}}}`
	n := 30
	row := "[" + strings.TrimSuffix(strings.Repeat("1,", n), ",") + "]"
	start := time.Now()
	out, err := resultWithin(t, h.start("nested", def, `{"rows":`+row+`,"cols":`+row+`}`), 3*time.Minute)
	require.NoError(t, err)
	t.Logf("30x30 nested Map: %v", time.Since(start))
	require.Equal(t, "["+strings.Repeat(row+",", n-1)+row+"]", string(out))
}
