package starter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A name AWS accepts works end to end: non-ASCII letters used to pass
// aslctl's check and then fail in a gRPC header.
func TestNonASCIIExecutionName(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Temporal server")
	}
	e := newE2E(t)
	def := e.definition("orders.json", passDef)
	for _, name := range []string{"café", "注文-1", "Ωmega_ü"} {
		code, out, errOut := e.run("start", def, "--input", `{"N":1}`, "--name", name, "--wait")
		require.Equal(t, 0, code, "stdout %s\nstderr %s", out, errOut)
		assert.Contains(t, out, "Execution:      "+name+"\n")
		assert.Contains(t, out, "Status: SUCCEEDED")
		code, out, errOut = e.run("describe", name)
		require.Equal(t, 0, code, "stdout %s\nstderr %s", out, errOut)
		assert.Contains(t, out, "SUCCEEDED")
		code, out, errOut = e.run("history", name)
		require.Equal(t, 0, code, "stdout %s\nstderr %s", out, errOut)
		assert.Contains(t, out, "ExecutionSucceeded")
	}
}
