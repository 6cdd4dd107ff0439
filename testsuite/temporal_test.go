package testsuite

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/workflows"
)

// syntheticCase builds an execution case by hand, with the Lambda doubles
// of testLambdas' functions available through lambda:invoke and directly.
func syntheticCase(t testing.TB, name, def, input string) *Case {
	t.Helper()
	d, err := value.ParseString(def)
	require.NoError(t, err)
	in, err := value.ParseString(input)
	require.NoError(t, err)
	needs := []Need{{Kind: NeedLambdaInvoke, State: "S", Resource: lambdaInvoke}}
	for _, h := range []string{"id_function", "wait_60_seconds", "raise_exception"} {
		needs = append(needs, Need{Kind: NeedLambdaFunction, FunctionName: h, ARN: fnARN + h, Handler: h + ".py"})
	}
	return &Case{
		Name: name, Folder: "synthetic", Kind: Execution, API: "StartExecution", StateMachineType: "STANDARD",
		Definition: d, DefinitionJSON: value.Marshal(d), Input: in, Needs: needs,
		Flags: map[string]int{}, StateTypes: map[string]int{},
	}
}

// TestTemporalEngineSimulatesTaskDurations checks that a double's simulated
// duration passes on the workflow clock, as on the memory engine, without
// real waiting: a 60-second Lambda ends a 5-second TimeoutSeconds with
// States.Timeout 5 seconds in, a shorter HeartbeatSeconds with
// States.HeartbeatTimeout, the execution's TimeoutSeconds with TIMED_OUT,
// and with no timeout it succeeds 60 seconds in (a double that takes no
// time costs none). The state after the task
// reports its entered time, so the fake clocks are compared.
func TestTemporalEngineSimulatesTaskDurations(t *testing.T) {
	after := `"Catch":[{"ErrorEquals":["States.ALL"],"Next":"At"}],"Next":"At"},
		"At":{"Type":"Pass","Parameters":{"at.$":"$$.State.EnteredTime","error.$":"$.Error"},"End":true}}}`
	direct := fnARN + "wait_60_seconds"
	tests := []struct {
		name, def  string
		status     string
		wantOutput string
		// memoryDiffers marks a row where asl/memory reports the state's
		// TimeoutSeconds although the shorter HeartbeatSeconds passes first
		// for a task that never heartbeats, which is what Temporal does.
		memoryDiffers bool
	}{
		{"direct timeout", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + direct + `","TimeoutSeconds":5,` + after,
			"SUCCEEDED", `{"at":"2024-03-14T15:09:31.535Z","error":"States.Timeout"}`, false},
		{"invoke timeout from a path", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
			"Parameters":{"FunctionName":"wait_60_seconds"},"TimeoutSecondsPath":"$.limit",` + after,
			"SUCCEEDED", `{"at":"2024-03-14T15:09:33.535Z","error":"States.Timeout"}`, false},
		{"heartbeat", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + direct + `","TimeoutSeconds":30,"HeartbeatSeconds":4,` + after,
			"SUCCEEDED", `{"at":"2024-03-14T15:09:30.535Z","error":"States.HeartbeatTimeout"}`, true},
		{"execution timeout first", `{"TimeoutSeconds":3,"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + direct + `","TimeoutSeconds":20,` + after,
			"TIMED_OUT", ``, false},
		{"long enough, after a quick task", `{"StartAt":"Quick","States":{
			"Quick":{"Type":"Task","Resource":"` + fnARN + `id_function","Next":"T"},
			"T":{"Type":"Task","Resource":"` + direct + `","ResultPath":null,"Next":"At"},
			"At":{"Type":"Pass","Parameters":{"at.$":"$$.State.EnteredTime","limit.$":"$.limit"},"End":true}}}`,
			"SUCCEEDED", `{"at":"2024-03-14T15:10:26.535Z","limit":7}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := syntheticCase(t, tt.name, tt.def, `{"limit":7}`)
			mem, err := (&MemoryEngine{}).Run(c)
			require.NoError(t, err)
			got, err := (&TemporalEngine{}).Run(c)
			require.NoError(t, err)
			assert.Equal(t, tt.status, got.Status, "temporal: %s %s", got.Error, got.Cause)
			assert.Equal(t, mem.Status, got.Status, "the engines agree on the status")
			if tt.wantOutput != "" {
				want, err := value.ParseString(tt.wantOutput)
				require.NoError(t, err)
				assert.Equal(t, value.String(want), value.String(got.Output), "temporal output")
				if !tt.memoryDiffers {
					assert.Equal(t, value.String(mem.Output), value.String(got.Output), "the engines agree on the output")
				}
			}
		})
	}
}

// TestTemporalEngineOutcomes covers the mapping from how the workflow
// ended to the runner's outcome.
func TestTemporalEngineOutcomes(t *testing.T) {
	tests := []struct {
		name, def, input string
		want             Outcome
	}{
		{"succeeds", `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, `{"a":1}`,
			Outcome{Status: "SUCCEEDED", Output: mustValue(t, `{"a":1}`)}},
		{"fails with a cause", `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Bad","Cause":"worse"}}}`, `{}`,
			Outcome{Status: "FAILED", Error: "Bad", Cause: "worse", HasCause: true}},
		{"fails without a cause", `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Bad"}}}`, `{}`,
			Outcome{Status: "FAILED", Error: "Bad"}},
		{"a Fail state's States.Timeout is FAILED", `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"States.Timeout","Cause":"the execution ran longer than its TimeoutSeconds"}}}`, `{}`,
			Outcome{Status: "FAILED", Error: failure.Timeout, Cause: "the execution ran longer than its TimeoutSeconds", HasCause: true}},
		{"times out", `{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`, `{}`,
			Outcome{Status: "TIMED_OUT", Error: failure.Timeout}},
		{"a Lambda error keeps its name", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + fnARN + `raise_exception","End":true}}}`, `{}`,
			Outcome{Status: "FAILED", Error: "Exception", HasCause: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := (&TemporalEngine{}).Run(syntheticCase(t, tt.name, tt.def, tt.input))
			require.NoError(t, err)
			assert.Equal(t, tt.want.Status, got.Status)
			assert.Equal(t, tt.want.Error, got.Error)
			assert.Equal(t, tt.want.HasCause, got.HasCause)
			if tt.want.Cause != "" || !tt.want.HasCause {
				assert.Equal(t, tt.want.Cause, got.Cause)
			}
			assert.Equal(t, value.String(tt.want.Output), value.String(got.Output))
			require.NotEmpty(t, got.Events)
			assert.Equal(t, "ExecutionStarted", got.Events[0])
		})
	}
}

func TestWorkflowOutcomeOfOtherErrors(t *testing.T) {
	_, err := WorkflowOutcome(nil, errors.New("terminated"), nil)
	assert.ErrorContains(t, err, "without an ASL error")
	o, err := WorkflowOutcome(nil, temporal.NewCanceledError(), nil)
	require.NoError(t, err)
	assert.Equal(t, "ABORTED", o.Status)
	o, err = WorkflowOutcome([]byte(`[1,2]`), nil, []workflows.HistoryEvent{{Type: "ExecutionStarted"}, {Type: "ExecutionSucceeded"}})
	require.NoError(t, err)
	assert.Equal(t, "[1,2]", value.String(o.Output))
	assert.Equal(t, []string{"ExecutionStarted", "ExecutionSucceeded"}, o.Events)
}

func TestTemporalEngineSkipsTestState(t *testing.T) {
	_, err := (&TemporalEngine{}).Run(&Case{Kind: TestState})
	var skip *SkipError
	require.ErrorAs(t, err, &skip)
	assert.Equal(t, SkipTestStateOnTemporal, skip.Reason)
}

func TestSimulatedDuration(t *testing.T) {
	c := syntheticCase(t, "waits", `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":12,"Next":"T"},
		"T":{"Type":"Task","Resource":"`+fnARN+`wait_60_seconds","TimeoutSeconds":5,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"E"}],"End":true},
		"E":{"Type":"Succeed"}}}`, `{}`)
	d, err := SimulatedDuration(c)
	require.NoError(t, err)
	assert.Equal(t, 17*time.Second, d)
}

// TestConformanceTemporal runs every execution case of the corpus on the
// Temporal engine (the test environment, with time skipping), as
// TestConformance does on the memory engine: a failing case fails the test
// unless known_failures_temporal.txt lists it. TestState cases are
// skipped: they run on the memory engine only.
func TestConformanceTemporal(t *testing.T) {
	dir := casesDir(t)
	cases, err := Load(dir)
	require.NoError(t, err)
	require.NotEmpty(t, cases, "no cases under %s", dir)
	runCases(t, &TemporalEngine{}, cases, "known_failures_temporal.txt")
}

// runCases runs cases on engine, one parallel subtest per case. A failing
// case fails its subtest unless knownFile lists it; a listed case that
// passes is logged so the list can shrink.
func runCases(t *testing.T, engine Engine, cases []*Case, knownFile string) {
	known, err := LoadKnownFailures(knownFile)
	require.NoError(t, err)
	names := map[string]bool{}
	for _, c := range cases {
		names[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			r := RunCase(engine, c, 0)
			reason, listed := known[c.Name]
			switch r.Verdict {
			case Skip:
				t.Skip(r.Reason)
			case Fail:
				if listed {
					t.Skipf("known failure: %s", reason)
				}
				msg := r.Reason
				if len(r.Diffs) > 0 {
					msg = FormatDiffs(r.Diffs, "  ") + "  engine: " + r.Got
				}
				t.Errorf("%s (%s) failed on the %s engine:\n%s", c.Name, c.File, engine.Name(), msg)
			case Pass:
				if listed {
					t.Logf("%s passes now but %s lists it (%s): remove the line", c.Name, knownFile, reason)
				}
			}
		})
	}
	for name := range known {
		if !names[name] {
			t.Logf("%s lists %s, which is not among the cases run", knownFile, name)
		}
	}
}

// BenchmarkTemporalEngine measures one execution case on the test
// environment: a fresh environment, a Lambda Task and a Choice loop.
func BenchmarkTemporalEngine(b *testing.B) {
	c := syntheticCase(b, "bench", `{"StartAt":"Echo","States":{
		"Echo":{"Type":"Task","Resource":"`+fnARN+`id_function","Next":"Inc"},
		"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Loop"},
		"Loop":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":10,"Next":"Inc"}],"Default":"Done"},
		"Done":{"Type":"Succeed"}}}`, `{"i":0}`)
	e := &TemporalEngine{}
	b.ReportAllocs()
	for b.Loop() {
		o, err := e.Run(c)
		if err != nil || o.Status != "SUCCEEDED" {
			b.Fatalf("%v %+v", err, o)
		}
	}
}
