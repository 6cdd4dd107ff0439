package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunOnTemporalEngines runs a pass case, a JSONata case and a
// TestState case on the Temporal engines: the execution passes, the
// JSONata case is skipped as on every engine, and the TestState case is
// skipped because it runs on the memory engine only.
func TestRunOnTemporalEngines(t *testing.T) {
	dir := smallCorpus(t)
	for _, engine := range []string{"temporal", "server"} {
		t.Run(engine, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run([]string{"-cases", dir, "-engine", engine, "-v"}, &out))
			text := strings.TrimSpace(out.String())
			assert.True(t, strings.HasSuffix(text, "\n1 passed, 0 failed, 2 skipped"), text)
			assert.Contains(t, text, "engine: "+engine)
			assert.Contains(t, text, "SKIP test_state/case_c: TestState runs on the memory engine only")
		})
	}
}
