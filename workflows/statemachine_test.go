package workflows_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/workflows"
)

// run executes a definition in Temporal's test environment (time skipping)
// and returns the output or the ASL error.
func run(t *testing.T, reg *activities.Registry, def, input string) (json.RawMessage, *temporal.ApplicationError, *testsuite.TestWorkflowEnvironment) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	if reg == nil {
		reg = activities.NewRegistry()
	}
	workflows.Register(env, reg)
	env.ExecuteWorkflow(workflows.WorkflowType, workflows.Input{
		Definition: json.RawMessage(def), Input: json.RawMessage(input), Name: "exec-1", StateMachineName: "demo",
	})
	require.True(t, env.IsWorkflowCompleted())
	if err := env.GetWorkflowError(); err != nil {
		var ae *temporal.ApplicationError
		require.True(t, errors.As(err, &ae), "a failed execution ends with an application error: %v", err)
		return nil, ae, env
	}
	var out json.RawMessage
	require.NoError(t, env.GetWorkflowResult(&out))
	return out, nil, env
}

func TestPassChoiceAndContext(t *testing.T) {
	def := `{"StartAt":"Inc","States":{
		"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","sm.$":"$$.StateMachine.Name","ex.$":"$$.Execution.Name"},"Next":"Check"},
		"Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":3,"Next":"Inc"}],"Default":"Done"},
		"Done":{"Type":"Succeed"}}}`
	out, fail, _ := run(t, nil, def, `{"i":0}`)
	require.Nil(t, fail)
	assert.JSONEq(t, `{"i":3,"sm":"demo","ex":"exec-1"}`, string(out))
}

func TestWaitIsADurableTimer(t *testing.T) {
	def := `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Next":"P"},
		"P":{"Type":"Pass","Parameters":{"t.$":"$$.State.EnteredTime"},"End":true}}}`
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	workflows.Register(env, activities.NewRegistry())
	start := env.Now()
	env.ExecuteWorkflow(workflows.WorkflowType, workflows.Input{Definition: json.RawMessage(def)})
	require.NoError(t, env.GetWorkflowError())
	var out struct{ T time.Time }
	require.NoError(t, env.GetWorkflowResult(&out))
	// EnteredTime has millisecond precision, hence the second of slack.
	assert.GreaterOrEqual(t, out.T.Sub(start), time.Hour-time.Second, "the Pass state is entered an hour of workflow time later")
}

// An Order handler registered as a Go function; errors of a named type get
// that name as their ASL error.
type OutOfStock struct{ Item string }

func (e *OutOfStock) Error() string { return e.Item + " is out of stock" }

func TestTaskRetryThenCatch(t *testing.T) {
	reg := activities.NewRegistry()
	calls := 0
	reg.RegisterFunc("arn:aws:lambda:us-east-1:111111111111:function:reserve", func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		calls++
		return nil, &OutOfStock{Item: "widget"}
	})
	def := `{"StartAt":"Reserve","States":{
		"Reserve":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:reserve","Next":"Done",
			"Retry":[{"ErrorEquals":["OutOfStock"],"IntervalSeconds":10,"MaxAttempts":2,"BackoffRate":2}],
			"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Sorry"}]},
		"Done":{"Type":"Succeed"},
		"Sorry":{"Type":"Pass","End":true}}}`
	out, fail, _ := run(t, reg, def, `{"order":7}`)
	require.Nil(t, fail)
	assert.Equal(t, 3, calls, "one try and two retries")
	assert.JSONEq(t, `{"order":7,"error":{"Error":"OutOfStock","Cause":"widget is out of stock"}}`, string(out))
}

func TestTaskResultFlowsThroughResultSelector(t *testing.T) {
	reg := activities.NewRegistry()
	type quote struct {
		Price float64 `json:"price"`
		Cur   string  `json:"currency"`
	}
	reg.RegisterFunc("go:pricing", func(ctx context.Context, in struct{ Item string }) (quote, error) {
		return quote{Price: 9.5, Cur: "EUR"}, nil
	})
	def := `{"StartAt":"Q","States":{"Q":{"Type":"Task","Resource":"go:pricing","Parameters":{"Item.$":"$.item"},
		"ResultSelector":{"p.$":"$.price"},"ResultPath":"$.quote","End":true}}}`
	out, fail, _ := run(t, reg, def, `{"item":"w"}`)
	require.Nil(t, fail)
	assert.JSONEq(t, `{"item":"w","quote":{"p":9.5}}`, string(out))
}

func TestUnknownResourceFailsAtOnce(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}`
	_, fail, _ := run(t, nil, def, `{}`)
	require.NotNil(t, fail)
	assert.Equal(t, failure.TaskFailed, fail.Type())
	assert.Contains(t, fail.Message(), `"arn:aws:states:::sqs:sendMessage"`)
	assert.Contains(t, fail.Message(), "RegisterFunc")
}

func TestFailStateEndsWithTheASLError(t *testing.T) {
	_, fail, _ := run(t, nil, `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Bad","Cause":"very bad"}}}`, `{}`)
	require.NotNil(t, fail)
	assert.Equal(t, "Bad", fail.Type())
	assert.Equal(t, "very bad", fail.Message())
}

func TestActivityTimeoutIsStatesTimeout(t *testing.T) {
	reg := activities.NewRegistry()
	reg.RegisterFunc("go:slow", func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"go:slow","TimeoutSeconds":1,"End":true}}}`
	_, fail, _ := run(t, reg, def, `{}`)
	require.NotNil(t, fail)
	assert.Equal(t, failure.Timeout, fail.Type())
}

func TestParallelAndMapRunAsChildWorkflows(t *testing.T) {
	def := `{"StartAt":"P","States":{
		"P":{"Type":"Parallel","Next":"M","Branches":[
			{"StartAt":"A","States":{"A":{"Type":"Pass","Result":[1,2,3],"End":true}}},
			{"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":30,"End":true}}}]},
		"M":{"Type":"Map","ItemsPath":"$[0]","MaxConcurrency":2,"ItemSelector":{"n.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
			"ItemProcessor":{"StartAt":"Sq","States":{"Sq":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($.n, $.i)"},"End":true}}},
			"End":true}}}`
	out, fail, env := run(t, nil, def, `{}`)
	require.Nil(t, fail)
	assert.JSONEq(t, `[{"v":1},{"v":3},{"v":5}]`, string(out))

	// The children's events are part of the execution's ASL history,
	// numbered in it, as AWS shows branch and iteration events.
	v, err := env.QueryWorkflow(workflows.QueryHistory)
	require.NoError(t, err)
	var h []workflows.HistoryEvent
	require.NoError(t, v.Get(&h))
	count := map[string]int{}
	for i, e := range h {
		assert.Equal(t, i+1, e.ID)
		count[e.Type+"/"+e.State]++
	}
	assert.Equal(t, 1, count["PassStateEntered/A"], "branch A's state")
	assert.Equal(t, 1, count["WaitStateExited/B"], "branch B's state")
	assert.Equal(t, 3, count["MapIterationSucceeded/M"])
	assert.Equal(t, 3, count["PassStateExited/Sq"])
}

func TestBranchFailureFailsTheParallel(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":100,"End":true}}},
		{"StartAt":"B","States":{"B":{"Type":"Fail","Error":"Boom"}}}]}}}`
	_, fail, _ := run(t, nil, def, `{}`)
	require.NotNil(t, fail)
	assert.Equal(t, "Boom", fail.Type())
}

func TestExecutionTimeout(t *testing.T) {
	def := `{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`
	_, fail, _ := run(t, nil, def, `{}`)
	require.NotNil(t, fail)
	assert.Equal(t, failure.Timeout, fail.Type())
}

func TestInvalidDefinition(t *testing.T) {
	_, fail, _ := run(t, nil, `{"StartAt":"X","States":{}}`, `{}`)
	require.NotNil(t, fail)
	assert.Contains(t, fail.Message(), "StartAt")
}

func TestQueries(t *testing.T) {
	def := `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"W"},"W":{"Type":"Wait","Seconds":10,"End":true}}}`
	_, fail, env := run(t, nil, def, `{}`)
	require.Nil(t, fail)
	v, err := env.QueryWorkflow(workflows.QueryHistory)
	require.NoError(t, err)
	var h []workflows.HistoryEvent
	require.NoError(t, v.Get(&h))
	var types []string
	for _, e := range h {
		types = append(types, e.Type)
	}
	assert.Equal(t, []string{"ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"}, types)
	v, err = env.QueryWorkflow(workflows.QueryStatus)
	require.NoError(t, err)
	var st workflows.Status
	require.NoError(t, v.Get(&st))
	assert.Equal(t, 2, st.Transitions)
	assert.Equal(t, "", st.CurrentState)
}
