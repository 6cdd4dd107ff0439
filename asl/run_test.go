package asl_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// runDef runs definition with input (JSON text) on a fresh memory runtime.
func runDef(t *testing.T, definition, input string, tasks memory.TaskFunc) (*asl.Result, *memory.Runtime, []asl.Event) {
	t.Helper()
	m, err := asl.Parse([]byte(definition))
	require.NoError(t, err)
	in, err := value.ParseString(input)
	require.NoError(t, err)
	rt := memory.New(t0, tasks)
	var events []asl.Event
	res := m.Execute(context.Background(), rt, asl.Execution{
		Input: in, Name: "exec1", ID: "arn:aws:states:us-east-1:111111111111:execution:sm:exec1",
		StateMachineName: "sm", StateMachineID: "arn:aws:states:us-east-1:111111111111:stateMachine:sm",
		RoleArn:  "arn:aws:iam::111111111111:role/r",
		Observer: func(e asl.Event) { events = append(events, e) },
	})
	return res, rt, events
}

func requireOutput(t *testing.T, res *asl.Result, want string) {
	t.Helper()
	require.Equal(t, asl.Succeeded, res.Status, "error: %v", res.Error)
	assert.Equal(t, want, value.String(res.Output))
}

func eventTypes(evs []asl.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}

func TestDataFlow(t *testing.T) {
	tests := []struct {
		name, def, input, want string
	}{
		{"pass result replaces input",
			`{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"b":1,"a":2},"End":true}}}`,
			`{"x":1}`, `{"b":1,"a":2}`},
		{"result path merges into input and keeps key order",
			`{"StartAt":"A","States":{"A":{"Type":"Pass","Result":7,"ResultPath":"$.r.s","End":true}}}`,
			`{"z":1,"a":{"q":true}}`, `{"z":1,"a":{"q":true},"r":{"s":7}}`},
		{"null result path keeps input",
			`{"StartAt":"A","States":{"A":{"Type":"Pass","Result":7,"ResultPath":null,"End":true}}}`,
			`{"z":1}`, `{"z":1}`},
		{"null input path gives empty object",
			`{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":null,"End":true}}}`,
			`{"z":1}`, `{}`},
		{"output path selects",
			`{"StartAt":"A","States":{"A":{"Type":"Pass","OutputPath":"$.a.b","End":true}}}`,
			`{"a":{"b":[1,2]}}`, `[1,2]`},
		{"parameters template with paths and context",
			`{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"$.x","n.$":"$$.State.Name","lit":{"k":[1]}},"End":true}}}`,
			`{"x":"hi"}`, `{"lit":{"k":[1]},"v":"hi","n":"A"}`}, // AWS: literals first, then .$ members in Java HashMap order
		{"input path then parameters then result path on raw input",
			`{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.in","Parameters":{"got.$":"$.v"},"ResultPath":"$.out","End":true}}}`,
			`{"in":{"v":3}}`, `{"in":{"v":3},"out":{"got":3}}`},
		{"execution context",
			`{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"id.$":"$$.Execution.Id","sm.$":"$$.StateMachine.Name","start.$":"$$.Execution.StartTime"},"End":true}}}`,
			`{}`, `{"start":"2024-05-01T12:00:00.000Z","sm":"sm","id":"arn:aws:states:us-east-1:111111111111:execution:sm:exec1"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _, _ := runDef(t, tc.def, tc.input, nil)
			requireOutput(t, res, tc.want)
		})
	}
}

func TestChoiceLoop(t *testing.T) {
	def := `{"StartAt":"Inc","States":{
		"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Check"},
		"Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":5,"Next":"Inc"}],"Default":"Done"},
		"Done":{"Type":"Succeed"}}}`
	res, _, evs := runDef(t, def, `{"i":0}`, nil)
	requireOutput(t, res, `{"i":5}`)
	assert.Len(t, evs, 2+5*4+2, "ExecutionStarted, 5x(Pass+Choice entered/exited), Succeed entered/exited, ExecutionSucceeded")
}

func TestNoChoiceMatched(t *testing.T) {
	def := `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"D"}]},"D":{"Type":"Succeed"}}}`
	res, _, _ := runDef(t, def, `{}`, nil)
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.NoChoiceMatched, res.Error.Name)
}

func TestWaitUsesRuntimeClock(t *testing.T) {
	tests := []struct {
		name, wait, input string
		want              time.Duration
	}{
		{"seconds", `"Seconds":60`, `{}`, 60 * time.Second},
		{"seconds path", `"SecondsPath":"$.s"`, `{"s":7}`, 7 * time.Second},
		{"timestamp in the past", `"Timestamp":"2016-03-14T01:59:00Z"`, `{}`, 0},
		{"timestamp path", `"TimestampPath":"$.t"`, `{"t":"2024-05-01T12:30:00Z"}`, 30 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			def := `{"StartAt":"W","States":{"W":{"Type":"Wait",` + tc.wait + `,"End":true}}}`
			res, rt, _ := runDef(t, def, tc.input, nil)
			requireOutput(t, res, tc.input)
			assert.Equal(t, tc.want, rt.Now().Sub(t0))
		})
	}
}

func TestRuntimeErrorsNameStateAndEvent(t *testing.T) {
	tests := []struct {
		name, def, input, cause string
	}{
		{"seconds path not an integer",
			`{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}`, `{"s":1.5}`,
			"An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5"},
		{"timestamp path invalid",
			`{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"W"},"W":{"Type":"Wait","TimestampPath":"$.t","End":true}}}`, `{"t":"2016-13-05T21:29:29"}`,
			"An error occurred while executing the state 'W' (entered at the event id #4). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2016-13-05T21:29:29"},
		{"fail error path missing",
			`{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e"}}}`, `{"x":1}`,
			"An error occurred while executing the state 'F' (entered at the event id #2). The JSONPath '$.e' specified for the field 'ErrorPath' could not be found in the input '{\"x\":1}'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _, _ := runDef(t, tc.def, tc.input, nil)
			require.Equal(t, asl.Failed, res.Status)
			assert.Equal(t, failure.Runtime, res.Error.Name)
			assert.Equal(t, tc.cause, res.Error.Cause)
		})
	}
}

func TestFailState(t *testing.T) {
	res, _, evs := runDef(t, `{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('bad {}', $.c)"}}}`,
		`{"e":"MyError","c":3}`, nil)
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, &failure.Error{Name: "MyError", Cause: "bad 3", HasCause: true}, res.Error)
	assert.Equal(t, []string{"ExecutionStarted", "FailStateEntered", "ExecutionFailed"}, eventTypes(evs))
}

// flaky fails the first n calls with name, then echoes its input.
func flaky(n int, name string, calls *[]time.Time, rt **memory.Runtime) memory.TaskFunc {
	return func(req *asl.TaskRequest) (any, time.Duration, error) {
		*calls = append(*calls, (*rt).Now())
		if len(*calls) <= n {
			return nil, 0, failure.New(name, "attempt %d failed", len(*calls))
		}
		return req.Input, 0, nil
	}
}

func TestRetryBackoff(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,
		"Retry":[{"ErrorEquals":["Other"],"MaxAttempts":5},
		         {"ErrorEquals":["Boom"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":3,"MaxDelaySeconds":10}]}}}`
	m := asl.MustParse(def)
	var calls []time.Time
	var rt *memory.Runtime
	rt = memory.New(t0, flaky(3, "Boom", &calls, &rt))
	res := m.Execute(context.Background(), rt, asl.Execution{Input: value.NewObject(0)})
	requireOutput(t, res, `{}`)
	require.Len(t, calls, 4)
	// 2s, then 6s, then 18s capped at 10s.
	assert.Equal(t, []time.Duration{0, 2 * time.Second, 8 * time.Second, 18 * time.Second},
		[]time.Duration{calls[0].Sub(t0), calls[1].Sub(t0), calls[2].Sub(t0), calls[3].Sub(t0)})
}

func TestRetryExhaustedThenCaught(t *testing.T) {
	def := `{"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"arn:aws:states:::x","Next":"Ok",
			"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2,"IntervalSeconds":1}],
			"Catch":[{"ErrorEquals":["Boom"],"ResultPath":"$.err","Next":"Handled"}]},
		"Ok":{"Type":"Succeed"},
		"Handled":{"Type":"Pass","End":true}}}`
	m := asl.MustParse(def)
	var calls []time.Time
	var rt *memory.Runtime
	rt = memory.New(t0, flaky(10, "Boom", &calls, &rt))
	res := m.Execute(context.Background(), rt, asl.Execution{Input: value.FromGo(map[string]any{"a": 1})})
	requireOutput(t, res, `{"a":1,"err":{"Error":"Boom","Cause":"attempt 3 failed"}}`)
	assert.Len(t, calls, 3, "one try and two retries")
}

func TestMaxAttemptsZeroNeverRetries(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,
		"Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":0},{"ErrorEquals":["States.ALL"],"MaxAttempts":4}]}}}`
	m := asl.MustParse(def)
	var calls []time.Time
	var rt *memory.Runtime
	rt = memory.New(t0, flaky(10, "Boom", &calls, &rt))
	res := m.Execute(context.Background(), rt, asl.Execution{})
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, "Boom", res.Error.Name)
	assert.Len(t, calls, 1, "the first matching retrier decides, even with MaxAttempts 0")
}

func TestRuntimeErrorIsNeverCaught(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x","OutputPath":"$.missing","Next":"E",
		"Catch":[{"ErrorEquals":["States.Runtime"],"Next":"E"}]},"E":{"Type":"Succeed"}}}`
	res, _, _ := runDef(t, def, `{}`, func(req *asl.TaskRequest) (any, time.Duration, error) { return req.Input, 0, nil })
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.Runtime, res.Error.Name)
	assert.Contains(t, res.Error.Cause, "(entered at the event id #2)")
}

func TestTaskTimeout(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::slow","TimeoutSeconds":5,"End":true}}}`
	res, rt, evs := runDef(t, def, `{}`, func(req *asl.TaskRequest) (any, time.Duration, error) {
		return req.Input, time.Minute, nil
	})
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.Timeout, res.Error.Name)
	assert.Equal(t, 5*time.Second, rt.Now().Sub(t0))
	assert.Contains(t, eventTypes(evs), "TaskTimedOut")
}

func TestExecutionTimeout(t *testing.T) {
	def := `{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`
	res, rt, evs := runDef(t, def, `{}`, nil)
	assert.Equal(t, asl.TimedOut, res.Status)
	assert.Equal(t, 5*time.Second, rt.Now().Sub(t0))
	assert.Equal(t, "ExecutionTimedOut", evs[len(evs)-1].Type)
}

func TestDataLimit(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::big","End":true}}}`
	m := asl.MustParse(def, asl.WithMaxPayloadBytes(100))
	rt := memory.New(t0, func(req *asl.TaskRequest) (any, time.Duration, error) {
		return string(make([]byte, 200)), 0, nil
	})
	res := m.Execute(context.Background(), rt, asl.Execution{})
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.DataLimitExceeded, res.Error.Name)
	assert.Equal(t, "The state/task 'T' returned a result with a size exceeding the maximum number of bytes service limit.", res.Error.Cause)
}

func TestParallel(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"ResultSelector":{"a.$":"$[0]","b.$":"$[1].w"},"Branches":[
		{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":10,"End":true}}},
		{"StartAt":"B","States":{"B":{"Type":"Pass","Parameters":{"w.$":"$.v"},"Next":"B2"},"B2":{"Type":"Wait","Seconds":20,"End":true}}}]}}}`
	res, rt, _ := runDef(t, def, `{"v":1}`, nil)
	requireOutput(t, res, `{"a":{"v":1},"b":1}`)
	assert.Equal(t, 20*time.Second, rt.Now().Sub(t0), "branches run side by side on the fake clock")
}

func TestParallelBranchFailureIsCaught(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Done","Catch":[{"ErrorEquals":["Oops"],"Next":"Done"}],"Branches":[
		{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
		{"StartAt":"B","States":{"B":{"Type":"Fail","Error":"Oops","Cause":"because"}}}]},
		"Done":{"Type":"Pass","End":true}}}`
	res, _, _ := runDef(t, def, `{}`, nil)
	requireOutput(t, res, `{"Error":"Oops","Cause":"because"}`)
}

func TestMap(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,
		"ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","k.$":"$.k"},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}},
		"ResultPath":"$.out","End":true}}}`
	res, rt, evs := runDef(t, def, `{"items":["a","b","c"],"k":0}`, nil)
	requireOutput(t, res, `{"items":["a","b","c"],"k":0,"out":[{"v":"a","i":0,"k":0},{"v":"b","i":1,"k":0},{"v":"c","i":2,"k":0}]}`)
	assert.Equal(t, 15*time.Second, rt.Now().Sub(t0), "MaxConcurrency 1 runs items one after another")
	assert.Contains(t, eventTypes(evs), "MapIterationSucceeded")
}

func TestMapConcurrencyPathNotInteger(t *testing.T) {
	def := `{"StartAt":"MapState","States":{"MapState":{"Type":"Map","MaxConcurrencyPath":"$.c","ItemsPath":"$.x",
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
	res, _, _ := runDef(t, def, `{"c":"NoNumber","x":[1]}`, nil)
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, `An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.c`, res.Error.Cause)
}

func TestParseReportsAllProblems(t *testing.T) {
	_, err := asl.Parse([]byte(`{"StartAt":"Nope","States":{"A":{"Type":"Pass","Next":"Missing"},"B":{"Type":"Bogus"}}}`))
	require.Error(t, err)
	var list asl.DefinitionErrors
	require.True(t, errors.As(err, &list))
	assert.GreaterOrEqual(t, len(list), 3, "StartAt, Next and Type are all reported: %v", err)
	for i := 1; i < len(list); i++ {
		assert.LessOrEqual(t, list[i-1].Pointer, list[i].Pointer, "problems are sorted by pointer")
	}
}

func TestResultPathConflict(t *testing.T) {
	def := `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":"$.s.x","End":true}}}`
	res, _, _ := runDef(t, def, `{"s":"text"}`, nil)
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.ReferencePathConflict, res.Error.Name)
	assert.Equal(t, `Unable to apply ReferencePath $.s.x to input {"s":"text"}`, res.Error.Cause)
}

func TestJitterFullStaysWithinTheDelay(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,
		"Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":10,"MaxAttempts":3,"BackoffRate":1,"JitterStrategy":"FULL"}]}}}`
	m := asl.MustParse(def)
	var calls []time.Time
	var rt *memory.Runtime
	rt = memory.New(t0, flaky(3, "Boom", &calls, &rt))
	res := m.Execute(context.Background(), rt, asl.Execution{})
	requireOutput(t, res, `{}`)
	require.Len(t, calls, 4)
	distinct := map[time.Duration]bool{}
	for i := 1; i < len(calls); i++ {
		d := calls[i].Sub(calls[i-1])
		assert.GreaterOrEqual(t, d, time.Duration(0))
		assert.Less(t, d, 10*time.Second, "full jitter waits a random part of the 10 s interval")
		distinct[d] = true
	}
	assert.Greater(t, len(distinct), 1, "the waits are randomised")
}

func TestTimeoutPathsReachTheRuntime(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x.waitForTaskToken",
		"TimeoutSecondsPath":"$.t","HeartbeatSecondsPath":"$.h","Parameters":{"token.$":"$$.Task.Token"},"End":true}}}`
	var got *asl.TaskRequest
	res, _, _ := runDef(t, def, `{"t":30,"h":10}`, func(req *asl.TaskRequest) (any, time.Duration, error) {
		got = req
		return "done", 0, nil
	})
	requireOutput(t, res, `"done"`)
	require.NotNil(t, got)
	assert.Equal(t, int64(30), got.TimeoutSeconds)
	assert.Equal(t, int64(10), got.HeartbeatSeconds)
	require.NotEmpty(t, got.TaskToken)
	tok, _ := got.Input.(*value.Object).Get("token")
	assert.Equal(t, got.TaskToken, tok, "$$.Task.Token is the token handed to the runtime")

	res, _, _ = runDef(t, def, `{"t":0,"h":10}`, func(req *asl.TaskRequest) (any, time.Duration, error) { return nil, 0, nil })
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.Runtime, res.Error.Name)
}

func TestHeartbeatTimeout(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x","HeartbeatSeconds":3,"TimeoutSeconds":100,"End":true}}}`
	res, _, _ := runDef(t, def, `{}`, func(req *asl.TaskRequest) (any, time.Duration, error) { return nil, time.Minute, nil })
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.HeartbeatTimeout, res.Error.Name)
}

func TestRetryCountersStartAfreshOnReentry(t *testing.T) {
	// The loop enters T twice; each entry may retry once. If counters were
	// kept across entries, the second entry would fail at once.
	def := `{"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"arn:aws:states:::x","Next":"C","ResultPath":null,
			"Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":1,"IntervalSeconds":1}]},
		"C":{"Type":"Choice","Choices":[{"Variable":"$.round","NumericEquals":0,"Next":"Again"}],"Default":"Done"},
		"Again":{"Type":"Pass","Result":1,"ResultPath":"$.round","Next":"T"},
		"Done":{"Type":"Succeed"}}}`
	calls := 0
	res, _, _ := runDef(t, def, `{"round":0}`, func(req *asl.TaskRequest) (any, time.Duration, error) {
		calls++
		if calls%2 == 1 {
			return nil, 0, failure.New("Boom", "odd call")
		}
		return nil, 0, nil
	})
	requireOutput(t, res, `{"round":1}`)
	assert.Equal(t, 4, calls)
}

// stopping is a runtime whose timers report that the execution is being
// cancelled, as a Temporal workflow's do.
type stopping struct{ *memory.Runtime }

func (stopping) Sleep(time.Duration) error { return errors.New("canceled") }

func TestAbortIsNotCaught(t *testing.T) {
	// The task fails, its retrier waits, and the wait is cancelled: the
	// execution ends ABORTED even though a catcher matches everything.
	m := asl.MustParse(`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,
		"Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}]},
		"C":{"Type":"Succeed"}}}`)
	rt := memory.New(t0, func(*asl.TaskRequest) (any, time.Duration, error) { return nil, 0, failure.New("Boom", "x") })
	res := m.Execute(context.Background(), stopping{rt}, asl.Execution{})
	assert.Equal(t, asl.Aborted, res.Status)
	assert.EqualError(t, res.Abort, "canceled")
}
