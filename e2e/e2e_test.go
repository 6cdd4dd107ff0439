package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/server/temporaltest"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/workflows"
)

const queue = workflows.DefaultTaskQueue

type harness struct {
	t   *testing.T
	srv *temporaltest.TestServer
	c   client.Client
	reg *activities.Registry
}

func newHarness(t *testing.T) *harness {
	srv := temporaltest.NewServer(temporaltest.WithT(t))
	return &harness{t: t, srv: srv, c: srv.GetDefaultClient(), reg: activities.NewRegistry()}
}

// startWorker starts a worker serving the interpreter and h.reg.
func (h *harness) startWorker() worker.Worker {
	return h.srv.NewWorker(queue, func(r worker.Registry) { workflows.Register(r, h.reg) })
}

func (h *harness) start(id, def, input string) client.WorkflowRun {
	run, err := h.c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: queue},
		workflows.WorkflowType, workflows.Input{Definition: json.RawMessage(def), Input: json.RawMessage(input), StateMachineName: "e2e"})
	require.NoError(h.t, err)
	return run
}

func result(t *testing.T, run client.WorkflowRun) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out json.RawMessage
	err := run.Get(ctx, &out)
	return out, err
}

func TestRetryThenCatchOnARealServer(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.reg.RegisterFunc("go:charge", func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		if calls.Add(1) < 3 {
			return nil, temporal.NewApplicationError("card declined", "Declined")
		}
		return nil, temporal.NewApplicationError("card stolen", "Fraud")
	})
	h.startWorker()
	def := `{"StartAt":"Charge","States":{
		"Charge":{"Type":"Task","Resource":"go:charge","Next":"Paid",
			"Retry":[{"ErrorEquals":["Declined"],"IntervalSeconds":1,"MaxAttempts":3,"BackoffRate":1}],
			"Catch":[{"ErrorEquals":["Fraud"],"ResultPath":"$.problem","Next":"Flag"}]},
		"Paid":{"Type":"Succeed"},
		"Flag":{"Type":"Pass","End":true}}}`
	out, err := result(t, h.start("retry-catch", def, `{"amount":5}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"amount":5,"problem":{"Error":"Fraud","Cause":"card stolen"}}`, string(out))
	assert.EqualValues(t, 3, calls.Load())
}

func TestWaitParallelMapOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startWorker()
	def := `{"StartAt":"W","States":{
		"W":{"Type":"Wait","Seconds":1,"Next":"P"},
		"P":{"Type":"Parallel","Next":"M","Branches":[
			{"StartAt":"A","States":{"A":{"Type":"Pass","Result":["x","y"],"End":true}}},
			{"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}]},
		"M":{"Type":"Map","ItemsPath":"$[0]","ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
			"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Parameters":{"s.$":"States.Format('{}{}', $.v, $.i)"},"End":true}}},
			"End":true}}}`
	run := h.start("wait-parallel-map", def, `{}`)
	out, err := result(t, run)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"s":"x0"},{"s":"y1"}]`, string(out))

	// The ASL history is there to read after the end, and child workflows
	// ran the branches and items.
	v, err := h.c.QueryWorkflow(context.Background(), run.GetID(), run.GetRunID(), workflows.QueryHistory)
	require.NoError(t, err)
	var hist []workflows.HistoryEvent
	require.NoError(t, v.Get(&hist))
	assert.Equal(t, "ExecutionStarted", hist[0].Type)
	assert.Equal(t, "ExecutionSucceeded", hist[len(hist)-1].Type)
	children := 0
	iter := h.c.GetWorkflowHistory(context.Background(), run.GetID(), run.GetRunID(), false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for iter.HasNext() {
		ev, err := iter.Next()
		require.NoError(t, err)
		if ev.GetEventType() == enums.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED {
			children++
		}
	}
	assert.Equal(t, 4, children, "two branches and two items")
}

func TestFailureIsVisibleInTemporal(t *testing.T) {
	h := newHarness(t)
	h.startWorker()
	_, err := result(t, h.start("fails", `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"OrderRejected","Cause":"no stock"}}}`, `{}`))
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, "OrderRejected", ae.Type())
	assert.Equal(t, "no stock", ae.Message())
}

func TestStopCancelsAWaitingExecution(t *testing.T) {
	h := newHarness(t)
	h.startWorker()
	run := h.start("to-cancel", `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`, `{}`)
	waitForState(t, h, run, "W")
	require.NoError(t, h.c.CancelWorkflow(context.Background(), run.GetID(), run.GetRunID()))
	_, err := result(t, run)
	assert.True(t, temporal.IsCanceledError(err), "%v", err)
	desc, err := h.c.DescribeWorkflowExecution(context.Background(), run.GetID(), run.GetRunID())
	require.NoError(t, err)
	assert.Equal(t, enums.WORKFLOW_EXECUTION_STATUS_CANCELED, desc.GetWorkflowExecutionInfo().GetStatus())
}

// TestSurvivesWorkerRestartMidWait stops the only worker while an execution
// waits, starts a new one, and expects the execution to finish with the
// state it had: the wait is a durable timer, not a sleeping goroutine.
func TestSurvivesWorkerRestartMidWait(t *testing.T) {
	h := newHarness(t)
	w := h.startWorker()
	def := `{"StartAt":"Before","States":{
		"Before":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"W"},
		"W":{"Type":"Wait","Seconds":2,"Next":"After"},
		"After":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 10)"},"End":true}}}`
	run := h.start("restart", def, `{"n":0}`)
	waitForState(t, h, run, "W")
	w.Stop()
	time.Sleep(3 * time.Second) // the timer fires while no worker runs
	h.startWorker()
	out, err := result(t, run)
	require.NoError(t, err)
	assert.JSONEq(t, `{"n":11}`, string(out))
}

func waitForState(t *testing.T, h *harness, run client.WorkflowRun, state string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		v, err := h.c.QueryWorkflow(context.Background(), run.GetID(), run.GetRunID(), workflows.QueryStatus)
		if err == nil {
			var st workflows.Status
			if v.Get(&st) == nil && st.CurrentState == state {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("execution %s never reached state %s", run.GetID(), state)
}
