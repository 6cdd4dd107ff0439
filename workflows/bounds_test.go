package workflows_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/workflows"
)

// countTo loops a Pass and a Choice until $.i reaches $.to.
const countTo = `{"StartAt":"Inc","States":{
	"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","to.$":"$.to","name.$":"$$.Execution.Name","start.$":"$$.Execution.StartTime"},"Next":"Check"},
	"Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThanPath":"$.to","Next":"Inc"}],"Default":"Done"},
	"Done":{"Type":"Succeed"}}}`

// chain runs an execution in the test environment through all its runs:
// each continue-as-new starts the next run with the input it hands on. It
// returns the last run's environment and the number of runs.
func chain(t *testing.T, in workflows.Input) (*testsuite.TestWorkflowEnvironment, int) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	for runs := 1; ; runs++ {
		env := s.NewTestWorkflowEnvironment()
		workflows.Register(env, activities.NewRegistry())
		env.ExecuteWorkflow(workflows.WorkflowType, in)
		require.True(t, env.IsWorkflowCompleted())
		var can *workflow.ContinueAsNewError
		if err := env.GetWorkflowError(); !errors.As(err, &can) {
			return env, runs
		}
		require.Equal(t, workflows.WorkflowType, can.WorkflowType.Name)
		var next workflows.Input
		require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
		require.NotNil(t, next.Resume, "a continued run says where to go on")
		require.NotNil(t, next.StartTime)
		require.JSONEq(t, string(in.Definition), string(next.Definition))
		in = next
		require.Less(t, runs, 100)
	}
}

func TestALongLoopContinuesAsNew(t *testing.T) {
	// 30,000 states: more than one run keeps (5,000 ASL events, two per
	// state), so the execution hands off between top-level states and ends
	// with the same output as one long run would.
	env, runs := chain(t, workflows.Input{Definition: json.RawMessage(countTo), Input: json.RawMessage(`{"i":0,"to":15000}`), Name: "long"})
	require.NoError(t, env.GetWorkflowError())
	var out struct {
		I     int
		Name  string
		Start string
	}
	require.NoError(t, env.GetWorkflowResult(&out))
	assert.Equal(t, 15000, out.I)
	assert.Equal(t, "long", out.Name)
	assert.GreaterOrEqual(t, runs, 12, "30,000 states in runs of at most 2,500 (5,000 events)")
	assert.LessOrEqual(t, runs, 14)
}

func TestMaxTransitionsStopsAnEndlessLoop(t *testing.T) {
	env, runs := chain(t, workflows.Input{Definition: json.RawMessage(countTo), Input: json.RawMessage(`{"i":0,"to":1e9}`),
		MaxTransitions: 12000})
	var ae *temporal.ApplicationError
	require.True(t, errors.As(env.GetWorkflowError(), &ae), "%v", env.GetWorkflowError())
	assert.Equal(t, failure.Runtime, ae.Type())
	assert.Contains(t, ae.Message(), "limit of 12000 state transitions")
	assert.Greater(t, runs, 1, "the count carries across runs")
}

// A run blocks on a no-op local activity every 100 states and ends its
// workflow task with a no-op activity every 20 of those, so its workflow
// tasks stay small whatever the definition does between Tasks.
func TestEndlessLoopsYield(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	workflows.Register(env, activities.NewRegistry())
	local, remote := 0, 0
	env.SetOnLocalActivityStartedListener(func(*activity.Info, context.Context, []any) { local++ })
	env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, _ converter.EncodedValues) {
		if info.ActivityType.Name == workflows.YieldActivity {
			remote++
		}
	})
	env.ExecuteWorkflow(workflows.WorkflowType, workflows.Input{Definition: json.RawMessage(countTo), Input: json.RawMessage(`{"i":0,"to":1e9}`), MaxTransitions: 2000})
	require.ErrorContains(t, env.GetWorkflowError(), "limit of 2000")
	assert.Equal(t, 19, local, "2,001 steps (the last one refused), a yield every 100")
	assert.Equal(t, 1, remote, "every 20th yield ends the workflow task")
}

// A Map that tolerates failures runs every iteration on Temporal too, as
// on the memory engine, and reports each failed one in its output.
func TestTolerantMapRunsEveryIteration(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":2,"MaxConcurrency":1,"End":true,
		"ItemProcessor":{"StartAt":"C","States":{
			"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":1,"Next":"F"},{"Variable":"$","NumericEquals":3,"Next":"F"}],"Default":"P"},
			"F":{"Type":"Fail","Error":"Odd","Cause":"no"},
			"P":{"Type":"Pass","Parameters":{"v.$":"$"},"End":true}}}}}}`
	out, fail, _ := run(t, nil, def, `[0,1,2,3,4]`)
	require.Nil(t, fail)
	assert.JSONEq(t, `[{"v":0},{"Error":"Odd","Cause":"no"},{"v":2},{"Error":"Odd","Cause":"no"},{"v":4}]`, string(out))

	_, fail, _ = run(t, nil, def, `[1,3,1,0]`)
	require.NotNil(t, fail)
	assert.Equal(t, failure.ExceedToleratedFailureThreshold, fail.Type())
}
