package asl_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

// limitCause is AWS's cause for a state whose input, result or output is
// over the payload limit.
func limitCause(state string) string {
	return "The state/task '" + state + "' returned a result with a size exceeding the maximum number of bytes service limit."
}

// runLimited runs definition on input with the given options and tasks.
func runLimited(t *testing.T, definition string, input any, tasks memory.TaskFunc, opts ...asl.Option) (*asl.Result, []string) {
	t.Helper()
	m, err := asl.Parse([]byte(definition), opts...)
	require.NoError(t, err)
	var types []string
	res := m.Execute(context.Background(), memory.New(t0, tasks), asl.Execution{
		Input: input, Name: "exec1", ID: "arn:aws:states:us-east-1:111111111111:execution:sm:exec1",
		Observer: func(e asl.Event) { types = append(types, e.Type) },
	})
	return res, types
}

func requireDataLimit(t *testing.T, res *asl.Result, cause string) {
	t.Helper()
	require.Equal(t, asl.Failed, res.Status, "output: %s", value.String(res.Output))
	assert.Equal(t, failure.DataLimitExceeded, res.Error.Name)
	assert.Equal(t, cause, res.Error.Cause)
}

// bigInput is {"big": "<n bytes>"}.
func bigInput(n int) any {
	o := value.NewObject(1)
	o.Set("big", strings.Repeat("x", n))
	return o
}

func TestParametersOverTheLimit(t *testing.T) {
	// Twelve copies of a 250 KB input: a 3 MB effective input, which used
	// to be built (and handed to Temporal) without complaint.
	var fields []string
	for i := range 12 {
		fields = append(fields, `"f`+string(rune('a'+i))+`.$":"$"`)
	}
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{` + strings.Join(fields, ",") + `},"End":true}}}`
	res, types := runLimited(t, def, bigInput(250*1024), nil)
	requireDataLimit(t, res, limitCause("P"))
	assert.Equal(t, []string{"ExecutionStarted", "PassStateEntered", "ExecutionFailed"}, types)
}

func TestTemplateLimitIsExact(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"s.$":"$.s","k":[1,2]},"End":true}}}`
	// {"k":[1,2],"s":"..."} is 18 bytes plus the string's length.
	for _, tc := range []struct {
		n  int
		ok bool
	}{{82, true}, {83, false}} {
		in := value.NewObject(1)
		in.Set("s", strings.Repeat("y", tc.n))
		res, _ := runLimited(t, def, in, nil, asl.WithMaxPayloadBytes(100))
		if tc.ok {
			require.Equal(t, asl.Succeeded, res.Status, "%v", res.Error)
			assert.Equal(t, 100, len(value.Marshal(res.Output)))
		} else {
			requireDataLimit(t, res, limitCause("P"))
		}
	}
}

func TestChainedTemplatesNearTheLimit(t *testing.T) {
	// The second state's template reads the first's output, whose size is
	// known: its parts are charged that bound, and the result is measured
	// exactly only near the limit.
	def := `{"StartAt":"A","States":{
		"A":{"Type":"Pass","Parameters":{"s.$":"$.s"},"Next":"B"},
		"B":{"Type":"Pass","Parameters":{"t.$":"$.s","u.$":"$.s"},"End":true}}}`
	// B's output is 2n+15 bytes: {"t":"...","u":"..."}.
	for _, tc := range []struct {
		n  int
		ok bool
	}{{42, true}, {43, false}, {10, true}} {
		in := value.NewObject(1)
		in.Set("s", strings.Repeat("y", tc.n))
		res, _ := runLimited(t, def, in, nil, asl.WithMaxPayloadBytes(100))
		if tc.ok {
			require.Equal(t, asl.Succeeded, res.Status, "%v", res.Error)
			assert.Len(t, value.Marshal(res.Output), 2*tc.n+15)
		} else {
			requireDataLimit(t, res, limitCause("B"))
		}
	}
}

func TestStringSplitOverTheLimit(t *testing.T) {
	// 240 KB of "a," splits into 120,000 one-letter strings: 480 KB of JSON.
	in := value.NewObject(1)
	in.Set("s", strings.Repeat("a,", 120*1024))
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"parts.$":"States.StringSplit($.s, ',')"},"End":true}}}`
	res, _ := runLimited(t, def, in, nil)
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.DataLimitExceeded, res.Error.Name)
	assert.Equal(t, "The result of States.StringSplit would be larger than the maximum payload size of 262144 bytes.", res.Error.Cause)

	// Within the limit it still splits.
	in.Set("s", strings.Repeat("a,", 1000))
	res, _ = runLimited(t, def, in, nil)
	require.Equal(t, asl.Succeeded, res.Status, "%v", res.Error)
}

func TestIntrinsicIntermediateOverTheLimit(t *testing.T) {
	// The result is small, but what the inner call would build is not.
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"n.$":"States.ArrayLength(States.Array($, $, $, $))"},"End":true}}}`
	res, _ := runLimited(t, def, bigInput(100*1024), nil)
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.DataLimitExceeded, res.Error.Name)
	assert.Contains(t, res.Error.Cause, "States.Array")
}

func TestResultPathMergeOverTheLimit(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"copy.$":"$.big"},"ResultPath":"$.again","End":true}}}`
	res, _ := runLimited(t, def, bigInput(150*1024), nil)
	requireDataLimit(t, res, limitCause("P"))

	res, _ = runLimited(t, def, bigInput(100*1024), nil)
	require.Equal(t, asl.Succeeded, res.Status, "%v", res.Error)
}

func TestIndefiniteOutputPathOverTheLimit(t *testing.T) {
	// $..* lists every node and the nodes inside it again: more than the
	// document holds.
	var b strings.Builder
	b.WriteString(`{"a":{"b":{"c":{"d":"`)
	b.WriteString(strings.Repeat("z", 70*1024))
	b.WriteString(`"}}}}`)
	in, err := value.ParseString(b.String())
	require.NoError(t, err)
	def := `{"StartAt":"S","States":{"S":{"Type":"Succeed","OutputPath":"$..*"}}}`
	res, _ := runLimited(t, def, in, nil)
	requireDataLimit(t, res, limitCause("S"))
}

func TestParallelAggregateOverTheLimit(t *testing.T) {
	branch := func(name string) string {
		return `{"StartAt":"` + name + `","States":{"` + name + `":{"Type":"Pass","End":true}}}`
	}
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[` + branch("A") + `,` + branch("B") + `],"End":true}}}`
	res, types := runLimited(t, def, bigInput(150*1024), nil)
	requireDataLimit(t, res, limitCause("P"))
	assert.Contains(t, types, "ParallelStateFailed")
	assert.NotContains(t, types, "ParallelStateSucceeded")
}

func TestMapAggregateOverTheLimit(t *testing.T) {
	items := make([]any, 10)
	for i := range items {
		items[i] = value.IntNumber(int64(i))
	}
	in := value.NewObject(2)
	in.Set("items", items)
	in.Set("big", strings.Repeat("x", 30*1024))
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemSelector":{"b.$":"$.big"},
		"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}`
	res, types := runLimited(t, def, in, nil)
	requireDataLimit(t, res, limitCause("M"))
	assert.Contains(t, types, "MapStateFailed")
}

func TestDataLimitIsCaughtByStatesALL(t *testing.T) {
	// AWS's recordings show a States.ALL catcher taking DataLimitExceeded.
	def := `{"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"arn:aws:states:::x","Parameters":{"a.$":"$","b.$":"$"},
			"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
		"H":{"Type":"Pass","End":true}}}`
	called := false
	res, _ := runLimited(t, def, bigInput(200*1024), func(*asl.TaskRequest) (any, time.Duration, error) {
		called = true
		return nil, 0, nil
	})
	require.Equal(t, asl.Succeeded, res.Status, "%v", res.Error)
	assert.False(t, called, "a task whose input is over the limit is not run")
	assert.Equal(t, `{"Error":"States.DataLimitExceeded","Cause":"`+limitCause("T")+`"}`, value.String(res.Output))
}

func TestCatchErrorObjectOverTheLimit(t *testing.T) {
	// A task failing with a huge cause: the Catch's output is measured.
	def := `{"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"arn:aws:states:::x",
			"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"H"}],"End":true},
		"H":{"Type":"Pass","End":true}}}`
	res, _ := runLimited(t, def, bigInput(10), func(*asl.TaskRequest) (any, time.Duration, error) {
		return nil, 0, failure.New("Boom", "%s", strings.Repeat("c", 300*1024))
	})
	requireDataLimit(t, res, limitCause("T"))
}

func TestLimitZeroTurnsTheCheckOff(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"$","b.$":"$"},"End":true}}}`
	res, _ := runLimited(t, def, bigInput(200*1024), nil, asl.WithMaxPayloadBytes(0))
	require.Equal(t, asl.Succeeded, res.Status, "%v", res.Error)
}

func TestRunawayPathFailsTheState(t *testing.T) {
	// A 12 KB input nested 900 deep: "$..*..*..z" costs the cube of the
	// depth. It used to run for seconds to minutes; it now stops at
	// jsonpath.MaxWork with States.Runtime, which nothing catches.
	n := 900
	in, err := value.ParseString(strings.Repeat(`{"p":1,"a":`, n) + `{"z":1}` + strings.Repeat("}", n))
	require.NoError(t, err)
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$..*..*..z","End":true}}}`
	res, _ := runLimited(t, def, in, nil)
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.Runtime, res.Error.Name)
	assert.Equal(t, "An error occurred while executing the state 'P' (entered at the event id #2). "+
		"The JSONPath '$..*..*..z' needs more than 4000000 evaluation steps (nodes visited, matches kept, elements compared) on this input; "+
		"simplify the path or make the input smaller", res.Error.Cause)
}

func TestRunawayPathInATemplateFailsTheState(t *testing.T) {
	// The same path as an intrinsic's argument: the bound holds there too,
	// and is not mistaken for a path that selects nothing.
	n := 900
	in, err := value.ParseString(strings.Repeat(`{"p":1,"a":`, n) + `{"z":1}` + strings.Repeat("}", n))
	require.NoError(t, err)
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"n.$":"States.ArrayLength($..*..*..z)"},"End":true}}}`
	res, _ := runLimited(t, def, in, nil)
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.Runtime, res.Error.Name)
	assert.Contains(t, res.Error.Cause, "The JSONPath '$..*..*..z' needs more than 4000000 evaluation steps")
}
