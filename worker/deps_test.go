package worker_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoServerDependency keeps the Temporal server out of the worker
// library: only worker/devserver (and the commands that use it) may link it.
func TestNoServerDependency(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	var bad []string
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "go.temporal.io/server") || strings.HasPrefix(pkg, "github.com/temporalio/ui-server") {
			bad = append(bad, pkg)
		}
	}
	assert.Empty(t, bad, "package worker must not import the Temporal server or UI")
	assert.Contains(t, string(out), "go.temporal.io/sdk/worker", "the listing covers the worker's imports")
}
