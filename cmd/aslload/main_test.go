package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadSmoke runs the harness with a handful of executions on the
// embedded dev server and checks it reports both workflows.
func TestLoadSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Temporal server")
	}
	out, err := os.Create(filepath.Join(t.TempDir(), "report.txt"))
	require.NoError(t, err)
	require.NoError(t, run(context.Background(), config{namespace: "default", executions: 4, concurrency: 2, sequential: 2, tasks: 3}, out))
	require.NoError(t, out.Close())
	report, err := os.ReadFile(out.Name())
	require.NoError(t, err)
	assert.Contains(t, string(report), "ASL interpreter")
	assert.Contains(t, string(report), "hand-written workflow")
}

func TestDefinitionChainsTasks(t *testing.T) {
	assert.Equal(t, `{"StartAt":"T0","States":{"T0":{"Type":"Task","Resource":"go:step","Next":"T1"},"T1":{"Type":"Task","Resource":"go:step","End":true}}}`, definition(2))
}
