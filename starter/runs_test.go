package starter

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/workflows"
)

// A loop of 12,000 states keeps more events than one run holds, so the
// execution continues as new; history shows the latest run's events and,
// with --all-runs, every run's, numbered on from run to run.
func TestHistoryAcrossRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Temporal server")
	}
	e := newE2E(t)
	loop := e.definition("loop.asl.json", `{"StartAt":"Inc","States":{
		"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Check"},
		"Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":6000,"Next":"Inc"}],"Default":"Done"},
		"Done":{"Type":"Succeed"}}}`)
	code, out, errOut := e.run("start", loop, "--input", `{"i":0}`, "--name", "long-loop", "--wait")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Status: SUCCEEDED")

	var all struct{ Events []workflows.HistoryEvent }
	require.Equal(t, 0, e.runJSON(&all, "history", "long-loop", "--all-runs"))
	require.Len(t, all.Events, 2+2*12001, "ExecutionStarted, 12,001 states entered and exited, ExecutionSucceeded")
	for i, ev := range all.Events {
		require.Equal(t, i+1, ev.ID, "event ids run on across runs")
	}
	assert.Equal(t, "ExecutionStarted", all.Events[0].Type)
	assert.Equal(t, "ExecutionSucceeded", all.Events[len(all.Events)-1].Type)

	var latest struct{ Events []workflows.HistoryEvent }
	require.Equal(t, 0, e.runJSON(&latest, "history", "long-loop"))
	assert.Less(t, len(latest.Events), len(all.Events))
	assert.Equal(t, "ExecutionSucceeded", latest.Events[len(latest.Events)-1].Type)
	_, _, errOut = e.run("history", "long-loop")
	assert.Contains(t, errOut, "--all-runs")

	// --max-transitions stops a runaway loop with an ASL error.
	code, out, _ = e.run("start", loop, "--input", `{"i":0}`, "--name", "capped", "--max-transitions", "300", "--wait")
	assert.NotEqual(t, 0, code)
	assert.Contains(t, out, "States.Runtime")
	assert.Contains(t, out, "limit of 300 state transitions")
}
