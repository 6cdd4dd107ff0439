package starter

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"go.temporal.io/server/temporaltest"
	"google.golang.org/grpc"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/internal/connect"
	"github.com/aslworker/aslworker/workflows"
)

// fakeQueue is served by fakeStateMachine, a stand-in interpreter that
// answers asl.status but not asl.history, so history must fall back to the
// Temporal events.
const fakeQueue = "fake-interpreter"

func fakeStateMachine(ctx workflow.Context, in workflows.Input) (json.RawMessage, error) {
	st := workflows.Status{StateMachineName: in.StateMachineName, ExecutionName: in.Name, CurrentState: "Fake"}
	if err := workflow.SetQueryHandler(ctx, workflows.QueryStatus, func() (workflows.Status, error) { return st, nil }); err != nil {
		return nil, err
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute, Summary: "FakeTask"})
	var out json.RawMessage
	if err := workflow.ExecuteActivity(actx, "fakeEcho", in.Input).Get(ctx, &out); err != nil {
		return nil, err
	}
	if err := workflow.NewTimerWithOptions(ctx, time.Millisecond, workflow.TimerOptions{Summary: "FakeWait"}).Get(ctx, nil); err != nil {
		return nil, err
	}
	return out, nil
}

func fakeEcho(_ context.Context, in json.RawMessage) (json.RawMessage, error) {
	if len(in) == 0 {
		return json.RawMessage("{}"), nil
	}
	return in, nil
}

// e2e is an in-process Temporal server with aslworkers on it, and aslctl
// pointed at it.
type e2e struct {
	t    *testing.T
	ts   *temporaltest.TestServer
	conn []string
	dir  string
}

func newE2E(t *testing.T) *e2e {
	// The workers dial as aslworker does (connect.Options), with the
	// headers a non-ASCII workflow ID needs.
	ts := temporaltest.NewServer(temporaltest.WithT(t), temporaltest.WithBaseClientOptions(client.Options{
		ConnectionOptions: client.ConnectionOptions{DialOptions: []grpc.DialOption{connect.SafeHeaders()}},
	}))
	reg := activities.NewRegistry()
	reg.RegisterFunc(doubleARN, func(_ context.Context, in struct{ N int }) (map[string]int, error) {
		return map[string]int{"n": in.N * 2}, nil
	})
	ts.NewWorker(workflows.DefaultTaskQueue, func(r worker.Registry) { workflows.Register(r, reg) })
	ts.NewWorker(fakeQueue, func(r worker.Registry) {
		r.RegisterWorkflowWithOptions(fakeStateMachine, workflow.RegisterOptions{Name: workflows.WorkflowType})
		r.RegisterActivityWithOptions(fakeEcho, activity.RegisterOptions{Name: "fakeEcho"})
	})
	clearConnectionEnv(t)
	return &e2e{t: t, ts: ts, conn: []string{"--address", ts.GetFrontendHostPort(), "--namespace", ts.GetDefaultNamespace()}, dir: t.TempDir()}
}

// run runs aslctl with the connection flags appended.
func (e *e2e) run(args ...string) (int, string, string) {
	e.t.Helper()
	return runCLI(e.t, append(args, e.conn...)...)
}

// runJSON runs aslctl with -o json and decodes its output into v.
func (e *e2e) runJSON(v any, args ...string) int {
	e.t.Helper()
	code, out, errOut := e.run(append(args, "-o", "json")...)
	require.NoError(e.t, json.Unmarshal([]byte(out), v), "stdout %q, stderr %q", out, errOut)
	return code
}

func (e *e2e) definition(name, def string) string {
	e.t.Helper()
	return writeFile(e.t, name, def)
}

// doubleARN is the Resource of a Go function the test worker registers.
const doubleARN = "arn:aws:lambda:us-east-1:123456789012:function:double"

const (
	passDef = `{"StartAt":"Double","States":{
		"Double":{"Type":"Task","Resource":"` + doubleARN + `","Next":"Shape"},
		"Shape":{"Type":"Pass","Result":1.50,"ResultPath":"$.price","End":true}}}`
	failDef = `{"StartAt":"Boom","States":{"Boom":{"Type":"Fail","Error":"Order.Invalid","Cause":"no items"}}}`
	waitDef = `{"StartAt":"Pause","States":{"Pause":{"Type":"Wait","Seconds":3600,"End":true}}}`
	parDef  = `{"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"L","States":{"L":{"Type":"Pass","Result":"left","End":true}}},
		{"StartAt":"R","States":{"R":{"Type":"Pass","Result":"right","End":true}}}]}}}`
)

func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Temporal server")
	}
	e := newE2E(t)
	orders := e.definition("orders.json", passDef)
	failing := e.definition("failing.json", failDef)
	waiting := e.definition("waiting.asl.json", waitDef)
	parallel := e.definition("parallel.json", parDef)

	t.Run("start --wait prints the output", func(t *testing.T) {
		code, out, errOut := e.run("start", orders, "--input", `{"N":21}`, "--name", "order-1", "--wait",
			"--ui-url", "http://ui.test:8233/")
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "Execution:      order-1\n")
		assert.Contains(t, out, "State machine:  orders\n")
		assert.Contains(t, out, "Web UI:         http://ui.test:8233/namespaces/"+e.ts.GetDefaultNamespace()+"/workflows/order-1/")
		assert.Contains(t, out, "Status: SUCCEEDED\nOutput:\n{\n  \"n\": 42,\n  \"price\": 1.50\n}\n")
	})

	t.Run("start --wait -o json", func(t *testing.T) {
		var ex execution
		code := e.runJSON(&ex, "start", orders, "--input", `{"N":2}`, "--wait", "--state-machine", "pricing")
		require.Equal(t, 0, code)
		assert.Equal(t, StatusSucceeded, ex.Status)
		assert.Equal(t, "pricing", ex.StateMachine)
		assert.Len(t, ex.Name, 36, "a UUID by default")
		assert.Equal(t, ex.Name, ex.WorkflowID)
		assert.NotEmpty(t, ex.RunID)
		assert.JSONEq(t, `{"n":4,"price":1.50}`, string(ex.Output))
		assert.JSONEq(t, `{"N":2}`, string(ex.Input))
	})

	t.Run("start --wait on a failing machine exits 1 with error and cause", func(t *testing.T) {
		code, out, _ := e.run("start", failing, "--name", "fail-1", "--wait")
		assert.Equal(t, 1, code)
		assert.Contains(t, out, "Status: FAILED\nError: Order.Invalid\nCause: no items\n")
	})

	t.Run("an execution past its TimeoutSeconds is TIMED_OUT", func(t *testing.T) {
		slow := e.definition("slow.json", `{"TimeoutSeconds":1,"StartAt":"Nap","States":{"Nap":{"Type":"Wait","Seconds":30,"End":true}}}`)
		input := writeFile(t, "input.json", `{"k": [1, 2]}`)
		var ex execution
		code := e.runJSON(&ex, "start", slow, "--input-file", input, "--name", "slow-1", "--wait")
		assert.Equal(t, 1, code)
		assert.Equal(t, StatusTimedOut, ex.Status)
		assert.Equal(t, "States.Timeout", ex.Error)
		assert.JSONEq(t, `{"k":[1,2]}`, string(ex.Input))
	})

	t.Run("validate needs no server", func(t *testing.T) {
		code, out, _ := runCLI(t, "validate", orders)
		assert.Equal(t, 0, code)
		assert.Equal(t, "valid\n", out)
		code, out, _ = runCLI(t, "validate", e.definition("bad.json", badDefinition))
		assert.Equal(t, 1, code)
		assert.Contains(t, out, "/States/A/Next: ")
	})

	t.Run("start rejects a duplicate name", func(t *testing.T) {
		code, _, errOut := e.run("start", orders, "--name", "order-1")
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut, `an execution named "order-1" already exists`)
	})

	t.Run("describe a succeeded execution", func(t *testing.T) {
		code, out, errOut := e.run("describe", "order-1")
		require.Equal(t, 0, code, errOut)
		for _, want := range []string{"Execution:      order-1\n", "State machine:  orders\n", "Status:         SUCCEEDED\n",
			"Started:", "Closed:", "Input:\n{\n  \"N\": 21\n}\n", "Output:\n{\n  \"n\": 42,\n  \"price\": 1.50\n}\n"} {
			assert.Contains(t, out, want)
		}
		assert.NotContains(t, out, "Error:")
	})

	t.Run("describe a failed execution -o json", func(t *testing.T) {
		var ex execution
		require.Equal(t, 0, e.runJSON(&ex, "describe", "fail-1"))
		assert.Equal(t, StatusFailed, ex.Status)
		assert.Equal(t, "failing", ex.StateMachine)
		assert.Equal(t, "Order.Invalid", ex.Error)
		require.NotNil(t, ex.Cause)
		assert.Equal(t, "no items", *ex.Cause)
		assert.Empty(t, ex.Output)
		assert.JSONEq(t, `{}`, string(ex.Input))
		require.NotNil(t, ex.CloseTime)
	})

	t.Run("describe an unknown execution", func(t *testing.T) {
		code, _, errOut := e.run("describe", "nobody")
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut, `no execution named "nobody"`)
	})

	t.Run("describe a running execution shows its current state", func(t *testing.T) {
		code, out, errOut := e.run("start", waiting, "--name", "wait-1")
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "State machine:  waiting.asl\n")
		assert.Contains(t, out, "Status:         RUNNING\n")
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			var ex execution
			require.Equal(t, 0, e.runJSON(&ex, "describe", "wait-1"))
			assert.Equal(c, StatusRunning, ex.Status)
			assert.Equal(c, "Pause", ex.CurrentState)
			assert.Nil(c, ex.CloseTime)
		}, 20*time.Second, 200*time.Millisecond)
	})

	t.Run("history from the asl.history query", func(t *testing.T) {
		code, out, errOut := e.run("history", "order-1")
		require.Equal(t, 0, code, errOut)
		assert.Empty(t, errOut)
		assert.Regexp(t, `(?m)^ID\s+TIME\s+EVENT\s+STATE\s+DETAIL$`, out)
		assert.Regexp(t, `(?m)^\d+\s+\S+\s+TaskStateEntered\s+Double$`, out)
		assert.Regexp(t, `(?m)^\d+\s+\S+\s+LambdaFunctionScheduled\s+Double\s+`+doubleARN+`$`, out)
		assert.Regexp(t, `(?m)^\d+\s+\S+\s+PassStateExited\s+Shape$`, out)

		var h struct {
			Source string                   `json:"source"`
			Events []workflows.HistoryEvent `json:"events"`
		}
		require.Equal(t, 0, e.runJSON(&h, "history", "order-1"))
		assert.Equal(t, "asl", h.Source)
		var types []string
		for _, ev := range h.Events {
			types = append(types, ev.Type+"/"+ev.State)
		}
		assert.Subset(t, types, []string{"TaskStateEntered/Double", "TaskStateExited/Double", "PassStateEntered/Shape", "PassStateExited/Shape"})
		assert.Less(t, indexOf(types, "TaskStateEntered/Double"), indexOf(types, "PassStateEntered/Shape"), "in order")
	})

	t.Run("history falls back to the Temporal history", func(t *testing.T) {
		code, out, errOut := e.run("start", orders, "--name", "fake-1", "--task-queue", fakeQueue, "--input", `{"x":1}`, "--wait")
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "Status: SUCCEEDED")

		code, out, errOut = e.run("history", "fake-1")
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, errOut, "the asl.history query is unavailable")
		assert.Contains(t, errOut, "showing the Temporal history instead")
		assert.Regexp(t, `(?m)^ID\s+TIME\s+EVENT\s+SUMMARY\s+DETAIL$`, out)
		assert.Regexp(t, `(?m)^1\s+\S+\s+WorkflowExecutionStarted\s+orders: execution fake-1\s+workflow StateMachine on task queue `+fakeQueue+`$`, out)
		assert.Regexp(t, `(?m)^\d+\s+\S+\s+ActivityTaskScheduled\s+FakeTask\s+activity fakeEcho on task queue `+fakeQueue+`$`, out)
		assert.Regexp(t, `(?m)^\d+\s+\S+\s+TimerStarted\s+FakeWait\s+fires after 1ms$`, out)
		assert.Regexp(t, `(?m)^\d+\s+\S+\s+WorkflowExecutionCompleted\s+output \{"x":1\}$`, out)
		assert.NotContains(t, out, "WorkflowTaskScheduled")

		// The fake answers asl.status, so describe still shows the state.
		var h struct {
			Source string          `json:"source"`
			Events []temporalEvent `json:"events"`
		}
		require.Equal(t, 0, e.runJSON(&h, "history", "fake-1"))
		assert.Equal(t, "temporal", h.Source)
		require.NotEmpty(t, h.Events)
		assert.Equal(t, "WorkflowExecutionStarted", h.Events[0].Type)
	})

	t.Run("list filters on the memo without the search attribute", func(t *testing.T) {
		require.Equal(t, 0, codeOf(e.run("start", parallel, "--name", "par-1", "--wait")))
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			var list []execution
			require.Equal(t, 0, e.runJSON(&list, "list", "--state-machine", "orders"))
			assert.ElementsMatch(c, []string{"order-1", "fake-1"}, names(list))
		}, 20*time.Second, 200*time.Millisecond)

		var all []execution
		require.Equal(t, 0, e.runJSON(&all, "list"))
		for _, ex := range all {
			assert.NotContains(t, ex.Name, "/", "child workflows (Parallel branches) are not listed")
		}
		assert.Contains(t, names(all), "par-1")

		var failed []execution
		require.Equal(t, 0, e.runJSON(&failed, "list", "--status", "failed"))
		assert.Equal(t, []string{"fail-1"}, names(failed))

		var timedOut []execution
		require.Equal(t, 0, e.runJSON(&timedOut, "list", "--status", "TIMED_OUT"))
		assert.Equal(t, []string{"slow-1"}, names(timedOut))
		require.Len(t, timedOut, 1)
		assert.Equal(t, StatusTimedOut, timedOut[0].Status)

		var one []execution
		require.Equal(t, 0, e.runJSON(&one, "list", "--limit", "1"))
		assert.Len(t, one, 1)

		code, out, errOut := e.run("list", "--status", "SUCCEEDED", "-s", "orders")
		require.Equal(t, 0, code, errOut)
		assert.Regexp(t, `(?m)^NAME\s+STATE MACHINE\s+STATUS\s+START\s+CLOSE$`, out)
		assert.Regexp(t, `(?m)^order-1\s+orders\s+SUCCEEDED\s+\S+\s+\S+$`, out)
		assert.NotContains(t, out, "wait-1")

		code, _, errOut = e.run("list", "--status", "DONE")
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut, `unknown status "DONE"`)
	})

	t.Run("list uses the search attribute once registered", func(t *testing.T) {
		_, err := e.ts.GetDefaultClient().OperatorService().AddSearchAttributes(context.Background(),
			&operatorservice.AddSearchAttributesRequest{
				Namespace:        e.ts.GetDefaultNamespace(),
				SearchAttributes: map[string]enumspb.IndexedValueType{workflows.SearchAttributeStateMachine: enumspb.INDEXED_VALUE_TYPE_KEYWORD},
			})
		require.NoError(t, err)
		require.Equal(t, 0, codeOf(e.run("start", orders, "--name", "order-2", "--input", `{"N":1}`, "--wait")))

		desc, err := e.ts.GetDefaultClient().DescribeWorkflowExecution(context.Background(), "order-2", "")
		require.NoError(t, err)
		sa := desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()
		require.Contains(t, sa, workflows.SearchAttributeStateMachine, "start set the search attribute")

		// Only executions started after registration carry the attribute.
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			var list []execution
			require.Equal(t, 0, e.runJSON(&list, "list", "--state-machine", "orders"))
			assert.Equal(c, []string{"order-2"}, names(list))
		}, 20*time.Second, 200*time.Millisecond)
	})

	t.Run("stop cancels with error and cause", func(t *testing.T) {
		code, out, errOut := e.run("stop", "wait-1", "--error", "Ops.Stopped", "--cause", "maintenance window")
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, "Execution wait-1: cancel requested\n", out)
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			var ex execution
			require.Equal(t, 0, e.runJSON(&ex, "describe", "wait-1"))
			assert.Equal(c, StatusAborted, ex.Status)
			assert.Equal(c, "Ops.Stopped", ex.Error)
			if assert.NotNil(c, ex.Cause) {
				assert.Equal(c, "maintenance window", *ex.Cause)
			}
		}, 20*time.Second, 200*time.Millisecond)
	})

	t.Run("stop --terminate", func(t *testing.T) {
		require.Equal(t, 0, codeOf(e.run("start", waiting, "--name", "wait-2")))
		var res map[string]any
		require.Equal(t, 0, e.runJSON(&res, "stop", "wait-2", "--terminate", "--cause", "wrong input"))
		assert.Equal(t, map[string]any{"executionName": "wait-2", "action": "terminated", "cause": "wrong input"}, res)

		var ex execution
		require.Equal(t, 0, e.runJSON(&ex, "describe", "wait-2"))
		assert.Equal(t, StatusAborted, ex.Status)
		assert.Empty(t, ex.Error)
		require.NotNil(t, ex.Cause)
		assert.Equal(t, "wrong input", *ex.Cause)

		code, _, errOut := e.run("stop", "nobody")
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut, `no execution named "nobody"`)
	})

	t.Run("an interrupted --wait leaves the execution running", func(t *testing.T) {
		// Interrupt once the execution has started and aslctl waits for it.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		out := &cancelOn{marker: "Waiting for the execution to end", cancel: cancel}
		var errOut bytes.Buffer
		code := Main(ctx, append([]string{"aslctl", "start", waiting, "--name", "wait-4", "--wait"}, e.conn...), out, &errOut)
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut.String(), "stopped waiting; execution wait-4 goes on (aslctl describe wait-4)")
		var ex execution
		require.Equal(t, 0, e.runJSON(&ex, "describe", "wait-4"))
		assert.Equal(t, StatusRunning, ex.Status)
		require.Equal(t, 0, codeOf(e.run("stop", "wait-4", "--terminate")))
	})

	t.Run("history without a worker falls back after the query times out", func(t *testing.T) {
		const lonely = "lonely"
		w := e.ts.NewWorker(lonely, func(r worker.Registry) { workflows.Register(r, activities.NewRegistry()) })
		require.Equal(t, 0, codeOf(e.run("start", waiting, "--name", "wait-3", "--task-queue", lonely)))
		require.EventuallyWithT(t, func(c *assert.CollectT) {
			var ex execution
			require.Equal(t, 0, e.runJSON(&ex, "describe", "wait-3"))
			assert.Equal(c, "Pause", ex.CurrentState)
		}, 20*time.Second, 200*time.Millisecond)
		w.Stop()

		code, out, errOut := e.run("history", "wait-3")
		require.Equal(t, 0, code, errOut)
		t.Logf("history without a worker: %s", errOut)
		assert.Contains(t, errOut, "showing the Temporal history instead")
		assert.Regexp(t, `(?m)^\d+\s+\S+\s+TimerStarted\s+Pause\s+fires after 1h0m0s$`, out)
		require.Equal(t, 0, codeOf(e.run("stop", "wait-3", "--terminate")))
	})
}

func codeOf(code int, _, _ string) int { return code }

func names(list []execution) []string {
	out := make([]string, 0, len(list))
	for _, ex := range list {
		out = append(out, ex.Name)
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// clearConnectionEnv keeps a developer's TEMPORAL_* variables out of the
// test.
func clearConnectionEnv(t *testing.T) {
	for _, name := range []string{"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_TLS",
		"TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
		"TEMPORAL_TLS_SERVER_NAME", "ASLWORKER_UI_URL", "ASLWORKER_TASK_QUEUE"} {
		t.Setenv(name, "") // restored after the test
		require.NoError(t, os.Unsetenv(name))
	}
}

// cancelOn is an output that calls cancel once marker has been written.
type cancelOn struct {
	bytes.Buffer
	marker string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	n, err := c.Buffer.Write(p)
	if strings.Contains(c.Buffer.String(), c.marker) {
		c.cancel()
	}
	return n, err
}
