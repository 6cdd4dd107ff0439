package asl_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNoTemporalDependency enforces the dependency rule: the language core
// never links Temporal, so it stays a pure library that tests and other
// adapters can use.
func TestNoTemporalDependency(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./...").CombinedOutput()
	require.NoError(t, err, "%s", out)
	var bad []string
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "go.temporal.io") {
			bad = append(bad, pkg)
		}
	}
	require.Empty(t, bad, "asl/... must not import Temporal")
	require.Contains(t, string(out), "github.com/aslworker/aslworker/asl/jsonpath", "the listing covers the asl packages")
}
