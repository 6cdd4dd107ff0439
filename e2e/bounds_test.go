package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/aslworker/aslworker/activities"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/server/temporaltest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/workflows"
)

// endlessLoop never ends: a Pass and a Choice, no Task or Wait.
const endlessLoop = `{"StartAt":"A","States":{
	"A":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"B"},
	"B":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":0,"Next":"Done"}],"Default":"A"},
	"Done":{"Type":"Succeed"}}}`

// runsOf walks an execution's chain of runs, newest first, through each
// run's first event, and returns each run's event count.
func runsOf(t *testing.T, c client.Client, id string) []int {
	t.Helper()
	var counts []int
	runID := ""
	for {
		iter := c.GetWorkflowHistory(context.Background(), id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		n, prev := 0, ""
		for iter.HasNext() {
			ev, err := iter.Next()
			require.NoError(t, err)
			if a := ev.GetWorkflowExecutionStartedEventAttributes(); a != nil {
				prev = a.GetContinuedExecutionRunId()
			}
			n++
		}
		counts = append(counts, n)
		if prev == "" {
			return counts
		}
		runID = prev
	}
}

// Before: a loop without Tasks or Waits never yielded; the deadlock
// detector failed its workflow task every few seconds, forever, and the
// worker grew without bound. Now it yields every 200 states, continues as
// new as its history grows, and MaxTransitions stops it with an ASL error.
func TestEndlessLoopOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startWorker()
	run, err := h.c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: "endless", TaskQueue: queue,
		Memo: map[string]any{workflows.MemoStateMachine: "loops"}},
		workflows.WorkflowType, workflows.Input{Definition: json.RawMessage(endlessLoop), Input: json.RawMessage(`{"i":0}`),
			StateMachineName: "loops", MaxTransitions: 25000})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	err = run.Get(ctx, nil)
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, failure.Runtime, ae.Type())
	assert.Contains(t, ae.Message(), "limit of 25000 state transitions")

	counts := runsOf(t, h.c, "endless")
	assert.GreaterOrEqual(t, len(counts), 3, "25,000 states (50,000 events) hand off at least every 15,000 events: %v", counts)
	for _, n := range counts {
		assert.Less(t, n, 1000, "every run's history stays small: %v", counts)
	}
	// The memo follows the execution from run to run.
	desc, err := h.c.DescribeWorkflowExecution(context.Background(), "endless", "")
	require.NoError(t, err)
	var sm string
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(desc.GetWorkflowExecutionInfo().GetMemo().GetFields()[workflows.MemoStateMachine], &sm))
	assert.Equal(t, "loops", sm)
	// The status query counts transitions across runs.
	v, err := h.c.QueryWorkflow(context.Background(), "endless", "", workflows.QueryStatus)
	require.NoError(t, err)
	var st workflows.Status
	require.NoError(t, v.Get(&st))
	assert.Equal(t, 25000, st.Transitions)
	assert.Equal(t, len(counts)-1, st.Run)
}

// Before: a Task on a queue no worker polls stayed RUNNING past its
// TimeoutSeconds (start-to-close only starts when a worker picks it up).
func TestTaskTimeoutWithNoWorkerOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startWorker()
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:nobody-serves-this",
		"TimeoutSeconds":2,"End":true}}}`
	start := time.Now()
	_, err := result(t, h.start("no-worker", def, `{}`))
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, failure.Timeout, ae.Type())
	assert.Less(t, time.Since(start), 30*time.Second)
}

// A Map after the execution has continued as new: the children's parts
// and the execution input come from the run that forked, not the first.
func TestMapAfterContinueAsNewOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startWorker()
	def := `{"StartAt":"Inc","States":{
		"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","items.$":"$.items"},"Next":"Check"},
		"Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":8000,"Next":"Inc"}],"Default":"M"},
		"M":{"Type":"Map","ItemsPath":"$.items","End":true,
			"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$","k.$":"$$.Execution.Input.k"},"End":true}}}}}}`
	run := h.start("map-after-can", def, `{"i":0,"items":[1,2,3],"k":"key"}`)
	out, err := result(t, run)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"v":1,"k":"key"},{"v":2,"k":"key"},{"v":3,"k":"key"}]`, string(out))
	assert.Greater(t, len(runsOf(t, h.c, "map-after-can")), 1)
}

// Before: an input nested 10,000 deep, started by a client that does not
// check it (the temporal CLI), failed every workflow task with an SDK error
// named wrapError. With aslworker's data converter it fails the execution
// with States.Runtime saying why.
func TestUndecodableInputOnARealServer(t *testing.T) {
	srv := temporaltest.NewServer(temporaltest.WithT(t),
		temporaltest.WithBaseClientOptions(client.Options{DataConverter: workflows.DataConverter()}))
	srv.NewWorker(queue, func(r worker.Registry) { workflows.Register(r, activities.NewRegistry()) })
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	p := &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")},
		Data: []byte(`{"definition":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"input":` + deep + `}`)}
	run, err := srv.GetDefaultClient().ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: "deep", TaskQueue: queue},
		workflows.WorkflowType, converter.NewRawValue(p))
	require.NoError(t, err)
	_, err = result(t, run)
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, failure.Runtime, ae.Type())
	assert.Contains(t, ae.Message(), "could not be decoded")
}

// Before: a Task whose result is over Temporal's 2 MB payload limit failed
// with States.TaskFailed and the server's text. Now it is AWS's
// States.DataLimitExceeded, which a catcher can take.
func TestTaskResultOverTheLimitOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.reg.RegisterFunc("go:huge", func(ctx context.Context, in json.RawMessage) (string, error) {
		return strings.Repeat("x", 3<<20), nil
	})
	h.startWorker()
	def := `{"StartAt":"Big","States":{"Big":{"Type":"Task","Resource":"go:huge","End":true,
		"Catch":[{"ErrorEquals":["States.DataLimitExceeded"],"Next":"Caught"}]},"Caught":{"Type":"Pass","End":true}}}`
	out, err := result(t, h.start("huge-result", def, `{}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"Error":"States.DataLimitExceeded","Cause":"The state/task 'Big' returned a result with a size exceeding the maximum number of bytes service limit."}`, string(out))
}
