package starter

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/workflows"
)

func TestWebUILink(t *testing.T) {
	assert.Equal(t, "", webUILink("", "default", "wf", "run"))
	assert.Equal(t, "http://127.0.0.1:8233/namespaces/default/workflows/order-1/r-1/history",
		webUILink("http://127.0.0.1:8233/", "default", "order-1", "r-1"))
	assert.Equal(t, "http://ui/namespaces/my%20ns/workflows/parent%2FMap%231%2F0/r/history",
		webUILink("http://ui", "my ns", "parent/Map#1/0", "r"))
}

func TestRenderExecution(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	end := start.Add(1500 * time.Millisecond)
	ex := &execution{
		Name: "run-1", StateMachine: "orders", Status: StatusFailed, WorkflowID: "run-1", RunID: "abc",
		StartTime: &start, CloseTime: &end, Input: json.RawMessage(`{"a":[1,2.50]}`),
		Error: "States.TaskFailed", Cause: ptr(""),
	}
	var buf bytes.Buffer
	require.NoError(t, renderExecution(&buf, ex))
	got := buf.String()
	for _, want := range []string{
		"Execution:      run-1\n",
		"State machine:  orders\n",
		"Status:         FAILED\n",
		"Run ID:         abc\n",
		"Started:        " + start.Local().Format(timeLayout) + "\n",
		"Closed:         " + end.Local().Format(timeLayout) + "\n",
		"Error:          States.TaskFailed\n",
		"Cause:          \n", // an empty cause is shown, a missing one is not
		"Input:\n{\n  \"a\": [\n    1,\n    2.50\n  ]\n}\n",
	} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "Current state")
	assert.NotContains(t, got, "Output")

	ex.Cause = nil
	buf.Reset()
	require.NoError(t, renderExecution(&buf, ex))
	assert.NotContains(t, buf.String(), "Cause")

	buf.Reset()
	require.NoError(t, writeJSON(&buf, ex))
	var back map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &back))
	assert.Equal(t, "run-1", back["executionName"])
	assert.Equal(t, "FAILED", back["status"])
	assert.Equal(t, "2026-01-02T03:04:06.5Z", back["closeTime"])
	assert.NotContains(t, back, "cause")
	assert.NotContains(t, back, "output")
	assert.Contains(t, buf.String(), `2.50`, "numbers keep their text")
}

func TestRenderList(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var buf bytes.Buffer
	require.NoError(t, renderList(&buf, []execution{
		{Name: "a-long-execution-name", StateMachine: "m", Status: StatusRunning, StartTime: &start},
		{Name: "b", StateMachine: "machine", Status: StatusSucceeded, StartTime: &start, CloseTime: &start},
	}))
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Regexp(t, `^NAME\s+STATE MACHINE\s+STATUS\s+START\s+CLOSE$`, lines[0])
	assert.Regexp(t, `^a-long-execution-name\s+m\s+RUNNING\s+\S+$`, lines[1])
	assert.Regexp(t, `^b\s+machine\s+SUCCEEDED\s+\S+\s+\S+$`, lines[2])
	// Columns line up.
	assert.Equal(t, strings.Index(lines[0], "STATUS"), strings.Index(lines[1], "RUNNING"))
}

func TestRenderASLHistory(t *testing.T) {
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	two := 2
	var buf bytes.Buffer
	require.NoError(t, renderASLHistory(&buf, []workflows.HistoryEvent{
		{ID: 1, Type: "ExecutionStarted", Timestamp: ts},
		{ID: 2, Type: "TaskStateEntered", Timestamp: ts, State: "Call"},
		{ID: 3, Type: "TaskScheduled", Timestamp: ts, State: "Call", Resource: "activity:charge"},
		{ID: 4, Type: "TaskFailed", Timestamp: ts, State: "Call", Error: "Flaky", Cause: "try\nagain"},
		{ID: 5, Type: "MapIterationStarted", Timestamp: ts, State: "Each", Index: &two},
		{ID: 6, Type: "ExecutionFailed", Timestamp: ts, Cause: "only a cause"},
	}))
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	require.Len(t, lines, 7)
	assert.Regexp(t, `^ID\s+TIME\s+EVENT\s+STATE\s+DETAIL$`, lines[0])
	assert.Regexp(t, `^2\s+\S+\s+TaskStateEntered\s+Call\s*$`, lines[2])
	assert.Regexp(t, `^3\s+\S+\s+TaskScheduled\s+Call\s+activity:charge$`, lines[3])
	assert.Regexp(t, `^4\s+\S+\s+TaskFailed\s+Call\s+Flaky: try again$`, lines[4])
	assert.Regexp(t, `^5\s+\S+\s+MapIterationStarted\s+Each\s+index 2$`, lines[5])
	assert.Regexp(t, `^6\s+\S+\s+ExecutionFailed\s+cause: only a cause$`, lines[6])
}

func TestRenderTemporalHistory(t *testing.T) {
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var buf bytes.Buffer
	require.NoError(t, renderTemporalHistory(&buf, []temporalEvent{
		{ID: 5, Time: ts, Type: "ActivityTaskScheduled", Summary: "Charge", Detail: "activity charge on task queue aslworker"},
		{ID: 9, Time: ts, Type: "TimerStarted", Summary: "Pause", Detail: "fires after 1h0m0s"},
	}))
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Regexp(t, `^ID\s+TIME\s+EVENT\s+SUMMARY\s+DETAIL$`, lines[0])
	assert.Regexp(t, `^5\s+\S+\s+ActivityTaskScheduled\s+Charge\s+activity charge on task queue aslworker$`, lines[1])
	assert.Regexp(t, `^9\s+\S+\s+TimerStarted\s+Pause\s+fires after 1h0m0s$`, lines[2])
}

func TestRenderProblems(t *testing.T) {
	problems := []value.Problem{{Pointer: "", Message: "not JSON"}, {Pointer: "/States/A/Next", Message: "no such state"}}
	var buf bytes.Buffer
	renderProblems(&buf, problems)
	assert.Equal(t, "/: not JSON\n/States/A/Next: no such state\n", buf.String())

	buf.Reset()
	require.NoError(t, writeJSON(&buf, toValidation(problems)))
	assert.JSONEq(t, `{"valid":false,"problems":[{"pointer":"","message":"not JSON"},{"pointer":"/States/A/Next","message":"no such state"}]}`, buf.String())

	buf.Reset()
	require.NoError(t, writeJSON(&buf, toValidation(nil)))
	assert.JSONEq(t, `{"valid":true}`, buf.String())
}

func TestPrettyJSONAndOneLine(t *testing.T) {
	assert.Equal(t, "{\n  \"n\": 1.0e3\n}", prettyJSON(json.RawMessage(`{"n":1.0e3}`)))
	assert.Equal(t, "not json", prettyJSON(json.RawMessage("not json")))
	assert.Equal(t, "a b c", oneLine("a\n b\tc", 10))
	assert.Equal(t, "abcd…", oneLine("abcdefgh", 5))
}
