package workflows_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/workflows"
)

// forkRun is run with a record of the child workflows started: their
// inputs, and the most that ran at once.
type forkRun struct {
	out      json.RawMessage
	fail     *temporal.ApplicationError
	env      *testsuite.TestWorkflowEnvironment
	children []workflows.Input
	elapsed  time.Duration
}

func runFork(t *testing.T, def, input string) *forkRun {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := s.NewTestWorkflowEnvironment()
	workflows.Register(env, activities.NewRegistry())
	r := &forkRun{env: env}
	env.SetOnChildWorkflowStartedListener(func(_ *workflow.Info, _ workflow.Context, args converter.EncodedValues) {
		var in workflows.Input
		require.NoError(t, args.Get(&in))
		r.children = append(r.children, in)
	})
	start := env.Now()
	env.ExecuteWorkflow(workflows.WorkflowType, workflows.Input{
		Definition: json.RawMessage(def), Input: json.RawMessage(input), Name: "exec-1", StateMachineName: "demo",
	})
	require.True(t, env.IsWorkflowCompleted())
	r.elapsed = env.Now().Sub(start)
	if err := env.GetWorkflowError(); err != nil {
		require.True(t, errors.As(err, &r.fail), "a failed execution ends with an application error: %v", err)
		return r
	}
	require.NoError(t, env.GetWorkflowResult(&r.out))
	return r
}

// ints is the JSON array [0, 1, ..., n-1].
func ints(n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, i)
	}
	b.WriteByte(']')
	return b.String()
}

const squareMap = `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,%s
	"ItemProcessor":{"StartAt":"Sq","States":{"Sq":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($, $)"},"End":true}}}}}}`

func TestLargeMapRunsInGroupsOfJobs(t *testing.T) {
	r := runFork(t, fmt.Sprintf(squareMap, ``), ints(1000))
	require.Nil(t, r.fail)
	var out []struct{ V int }
	require.NoError(t, json.Unmarshal(r.out, &out))
	require.Len(t, out, 1000)
	for i, o := range out {
		require.Equal(t, 2*i, o.V, "item %d", i)
	}
	// At most maxChildren children, each with a group of consecutive
	// items, none carrying the definition or the execution input.
	assert.LessOrEqual(t, len(r.children), 256)
	assert.Greater(t, len(r.children), 100)
	sort.Slice(r.children, func(i, j int) bool { return r.children[i].Group.Jobs[0].Index < r.children[j].Group.Jobs[0].Index })
	next := 0
	for _, c := range r.children {
		require.NotNil(t, c.Group)
		assert.True(t, len(c.Definition) == 0 || string(c.Definition) == "null", "no definition")
		assert.Nil(t, c.Job)
		assert.Empty(t, c.Group.Root.InputHash, "the processor cannot read $$.Execution.Input")
		assert.Equal(t, "/States/M/ItemProcessor", c.Group.Pointer)
		assert.Equal(t, next, c.Group.Jobs[0].Index)
		next += len(c.Group.Jobs)
	}
	assert.Equal(t, 1000, next)

	// The iterations' events are in the parent's ASL history.
	v, err := r.env.QueryWorkflow(workflows.QueryHistory)
	require.NoError(t, err)
	var h []workflows.HistoryEvent
	require.NoError(t, v.Get(&h))
	count := map[string]int{}
	for _, e := range h {
		count[e.Type]++
	}
	assert.Equal(t, 1000, count["MapIterationSucceeded"])
	assert.Equal(t, 1000, count["PassStateExited"])
}

func TestMapConcurrencyIsCappedAt40(t *testing.T) {
	const wait = `{"StartAt":"M","States":{"M":{"Type":"Map","End":true%s,
		"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}}}}`
	for _, tc := range []struct {
		name, max string
		items     int
		want      time.Duration
	}{
		{"unset, one item per child", ``, 100, 30 * time.Second},              // 40, 40, 20
		{"above 40", `,"MaxConcurrency":1000`, 100, 30 * time.Second},         // capped
		{"below 40", `,"MaxConcurrency":25`, 100, 40 * time.Second},           // 25 x 4
		{"one", `,"MaxConcurrency":1`, 5, 50 * time.Second},                   // in order
		{"grouped", ``, 1000, 4 * 7 * 10 * time.Second},                       // 250 groups of 4, 40 at once
		{"grouped, below 40", `,"MaxConcurrency":5`, 600, 1200 * time.Second}, // 200 groups of 3, 5 at once
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runFork(t, fmt.Sprintf(wait, tc.max), ints(tc.items))
			require.Nil(t, r.fail)
			// Timers are durable: the elapsed workflow time shows how many
			// ran at once. A second of slack for the yields.
			assert.InDelta(t, tc.want.Seconds(), r.elapsed.Seconds(), 2, "elapsed %v", r.elapsed)
		})
	}
}

func TestExecutionInputTravelsOnlyWhenRead(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","End":true,
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$","tag.$":"$$.Execution.Input.tag","name.$":"$$.Execution.Name"},"End":true}}}}}}`
	r := runFork(t, def, `{"items":[1,2,3],"tag":"x"}`)
	require.Nil(t, r.fail)
	assert.JSONEq(t, `[{"v":1,"tag":"x","name":"exec-1"},{"v":2,"tag":"x","name":"exec-1"},{"v":3,"tag":"x","name":"exec-1"}]`, string(r.out))
	require.Len(t, r.children, 3)
	for _, c := range r.children {
		assert.NotEmpty(t, c.Group.Root.InputHash, "the processor reads $$.Execution.Input: by reference")
		assert.NotContains(t, string(mustJSON(t, c)), `"tag"`, "never the input itself")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestNestedForksGetTheirPartsByReference(t *testing.T) {
	// A Parallel whose branch holds a Map reading $$.Execution.Input: the
	// grandchildren get the inner processor and the input from the cache
	// their parent filled.
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","End":true,
			"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Parameters":{"v.$":"$","k.$":"$$.Execution.Input.k"},"End":true}}}}}},
		{"StartAt":"C","States":{"C":{"Type":"Pass","Result":"c","End":true}}}]}}}`
	r := runFork(t, def, `{"items":["a","b"],"k":7}`)
	require.Nil(t, r.fail)
	assert.JSONEq(t, `[[{"v":"a","k":7},{"v":"b","k":7}],"c"]`, string(r.out))
}

func TestParallelOfManyBranchesRunsInGroups(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[`)
	for i := range 600 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"StartAt":"B%d","States":{"B%d":{"Type":"Pass","Result":%d,"End":true}}}`, i, i, i)
	}
	b.WriteString(`]}}}`)
	r := runFork(t, b.String(), `{"shared":"input"}`)
	require.Nil(t, r.fail)
	assert.JSONEq(t, ints(600), string(r.out))
	assert.LessOrEqual(t, len(r.children), 256)
	for _, c := range r.children {
		assert.JSONEq(t, `{"shared":"input"}`, string(c.Group.Input), "the shared input, once per child")
		assert.Greater(t, len(c.Group.Jobs), 1)
	}
}

func TestAFailedItemFailsTheGroupedMap(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
		"ItemProcessor":{"StartAt":"C","States":{
			"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":500,"Next":"F"}],"Default":"W"},
			"W":{"Type":"Wait","Seconds":1,"End":true},
			"F":{"Type":"Fail","Error":"Item500","Cause":"bad item"}}}}}}`
	r := runFork(t, def, ints(1000))
	require.NotNil(t, r.fail)
	assert.Equal(t, "Item500", r.fail.Type())
	assert.Equal(t, "bad item", r.fail.Message())
	assert.Less(t, len(r.children), 256, "no group is started after the failure")
}

func TestTooManyIterationsFailAtOnce(t *testing.T) {
	items := "[" + strings.Repeat("0,", 100000) + "0]"
	r := runFork(t, fmt.Sprintf(squareMap, ``), items)
	require.NotNil(t, r.fail)
	assert.Equal(t, failure.Runtime, r.fail.Type())
	assert.Contains(t, r.fail.Message(), "100001 items, more than the 100000 the inline Map runs")
	assert.Contains(t, r.fail.Message(), "DISTRIBUTED")
	assert.Empty(t, r.children)
}

func TestAGroupOverThePayloadLimitFailsEarly(t *testing.T) {
	// 1,000 items in groups of 4, each output 70 KB: a child's results pass
	// 256 KiB, and so would the Map's; the child fails with
	// States.DataLimitExceeded rather than hand them back.
	big := strings.Repeat("x", 70<<10)
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"` + big + `","End":true}}}}}}`
	r := runFork(t, def, ints(1000))
	require.NotNil(t, r.fail)
	assert.Equal(t, failure.DataLimitExceeded, r.fail.Type())
	assert.Contains(t, r.fail.Message(), "'M'")
}

func TestChildrenShareTheConcurrency(t *testing.T) {
	// 300 branches with a 150 KB input: fewer, larger groups (each child
	// carries the input once), and each child runs two of its branches at
	// once, so 200 of the 256 a Parallel runs at once wait together.
	var b strings.Builder
	b.WriteString(`{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"ResultSelector":{"n.$":"States.ArrayLength($)"},"Branches":[`)
	for i := range 300 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"StartAt":"W%d","States":{"W%d":{"Type":"Wait","Seconds":10,"OutputPath":null,"End":true}}}`, i, i)
	}
	b.WriteString(`]}}}`)
	r := runFork(t, b.String(), `{"pad":"`+strings.Repeat("p", 150<<10)+`"}`)
	require.Nil(t, r.fail)
	assert.JSONEq(t, `{"n":300}`, string(r.out))
	assert.Len(t, r.children, 100)
	assert.Equal(t, 2, r.children[0].Group.Concurrency)
	assert.InDelta(t, 20, r.elapsed.Seconds(), 2, "elapsed %v", r.elapsed)
}

func TestExecutionTimeoutStopsTheChildren(t *testing.T) {
	def := `{"TimeoutSeconds":5,"StartAt":"M","States":{"M":{"Type":"Map","End":true,
		"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}}}}`
	r := runFork(t, def, ints(1000))
	require.NotNil(t, r.fail)
	assert.Equal(t, failure.Timeout, r.fail.Type())
	assert.Less(t, r.elapsed, time.Minute)
}

func TestIterationInputsOverTheForkLimitFailAtOnce(t *testing.T) {
	// Each of 100 items gets the whole 200 KB input through ItemSelector:
	// 20 MB in all, more than the children of one fork may carry.
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemSelector":{"all.$":"$"},"End":true,
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"End":true}}}}}}`
	r := runFork(t, def, `{"pad":"`+strings.Repeat("p", 200<<10)+`","items":`+ints(100)+`}`)
	require.NotNil(t, r.fail)
	assert.Equal(t, failure.DataLimitExceeded, r.fail.Type())
	assert.Contains(t, r.fail.Message(), "more than 16777216 bytes of input in total")
	assert.Empty(t, r.children)
}
