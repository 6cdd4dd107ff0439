package starter

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"
)

func ptr(s string) *string { return &s }

func TestStatusOf(t *testing.T) {
	tests := []struct {
		in   enumspb.WorkflowExecutionStatus
		want string
	}{
		{enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, StatusRunning},
		{enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, StatusRunning},
		{enumspb.WORKFLOW_EXECUTION_STATUS_PAUSED, StatusRunning},
		{enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, StatusSucceeded},
		{enumspb.WORKFLOW_EXECUTION_STATUS_FAILED, StatusFailed},
		{enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, StatusTimedOut},
		{enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED, StatusAborted},
		{enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, StatusAborted},
		{enumspb.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED, "UNKNOWN"},
	}
	for _, tt := range tests {
		t.Run(tt.in.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, statusOf(tt.in))
		})
	}
}

func TestStatusQuery(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{in: "RUNNING", want: `ExecutionStatus = "Running"`},
		{in: "succeeded", want: `ExecutionStatus = "Completed"`},
		{in: "FAILED", want: `ExecutionStatus = "Failed"`},
		{in: "TIMED_OUT", want: `(ExecutionStatus = "TimedOut" OR ExecutionStatus = "Failed")`},
		{in: "Aborted", want: `(ExecutionStatus = "Canceled" OR ExecutionStatus = "Terminated")`},
		{in: "DONE", wantErr: `unknown status "DONE": use one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := statusQuery(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tt.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestListQuery(t *testing.T) {
	tests := []struct {
		name        string
		f           listFilter
		byAttribute bool
		want        string
	}{
		{"all", listFilter{}, false, `WorkflowType = "StateMachine"`},
		{"machine by attribute", listFilter{machine: `or"d\ers`}, true,
			`WorkflowType = "StateMachine" AND AslStateMachine = "or\"d\\ers"`},
		{"machine by memo is filtered client-side", listFilter{machine: "orders"}, false, `WorkflowType = "StateMachine"`},
		{"status", listFilter{status: StatusFailed, statusClause: `ExecutionStatus = "Failed"`}, false,
			`WorkflowType = "StateMachine" AND ExecutionStatus = "Failed"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, listQuery(tt.f, tt.byAttribute))
		})
	}
}

func payloads(t *testing.T, vals ...any) *commonpb.Payloads {
	t.Helper()
	p, err := converter.GetDefaultDataConverter().ToPayloads(vals...)
	require.NoError(t, err)
	return p
}

func appFailure(t *testing.T, typ, msg string, details ...any) *failurepb.Failure {
	info := &failurepb.ApplicationFailureInfo{Type: typ, NonRetryable: true}
	if len(details) > 0 {
		info.Details = payloads(t, details...)
	}
	return &failurepb.Failure{Message: msg, FailureInfo: &failurepb.Failure_ApplicationFailureInfo{ApplicationFailureInfo: info}}
}

func TestOutcomeOf(t *testing.T) {
	dc := converter.GetDefaultDataConverter()
	hasCause := func(b bool) any { return map[string]bool{"hasCause": b} }
	failed := func(f *failurepb.Failure) *historypb.HistoryEvent {
		return &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
			Attributes: &historypb.HistoryEvent_WorkflowExecutionFailedEventAttributes{
				WorkflowExecutionFailedEventAttributes: &historypb.WorkflowExecutionFailedEventAttributes{Failure: f}}}
	}
	terminated := func(reason string) *historypb.HistoryEvent {
		return &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
			Attributes: &historypb.HistoryEvent_WorkflowExecutionTerminatedEventAttributes{
				WorkflowExecutionTerminatedEventAttributes: &historypb.WorkflowExecutionTerminatedEventAttributes{Reason: reason}}}
	}
	tests := []struct {
		name string
		ev   *historypb.HistoryEvent
		want outcome
	}{
		{"completed keeps the output's number text", &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
			Attributes: &historypb.HistoryEvent_WorkflowExecutionCompletedEventAttributes{
				WorkflowExecutionCompletedEventAttributes: &historypb.WorkflowExecutionCompletedEventAttributes{
					Result: payloads(t, []byte(`{"n":1.50}`))}}},
			outcome{Status: StatusSucceeded, Output: []byte(`{"n":1.50}`)}},
		{"ASL error with cause", failed(appFailure(t, "Flaky.Error", "it broke", hasCause(true))),
			outcome{Status: StatusFailed, Error: "Flaky.Error", Cause: ptr("it broke")}},
		{"ASL error with empty cause", failed(appFailure(t, "E", "", hasCause(true))),
			outcome{Status: StatusFailed, Error: "E", Cause: ptr("")}},
		{"ASL error without cause", failed(appFailure(t, "E", "", hasCause(false))),
			outcome{Status: StatusFailed, Error: "E"}},
		{"a state's States.Timeout fails the execution", failed(appFailure(t, "States.Timeout", "", hasCause(false))),
			outcome{Status: StatusFailed, Error: "States.Timeout"}},
		{"the execution's TimeoutSeconds times it out", failed(appFailure(t, "States.Timeout", "the execution ran longer than its TimeoutSeconds",
			map[string]bool{"executionTimedOut": true})),
			outcome{Status: StatusTimedOut, Error: "States.Timeout"}},
		{"a States.Timeout without the mark is a state's", failed(appFailure(t, "States.Timeout", "the execution ran longer than its TimeoutSeconds")),
			outcome{Status: StatusFailed, Error: "States.Timeout", Cause: ptr("the execution ran longer than its TimeoutSeconds")}},
		{"application error without details", failed(appFailure(t, "Custom", "msg")),
			outcome{Status: StatusFailed, Error: "Custom", Cause: ptr("msg")}},
		{"non-application failure", failed(&failurepb.Failure{Message: "boom",
			FailureInfo: &failurepb.Failure_ServerFailureInfo{ServerFailureInfo: &failurepb.ServerFailureInfo{}}}),
			outcome{Status: StatusFailed, Error: "States.Runtime", Cause: ptr("boom")}},
		{"run timeout", &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT},
			outcome{Status: StatusTimedOut, Error: "States.Timeout"}},
		{"canceled", &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED},
			outcome{Status: StatusAborted}},
		{"terminated by aslctl", terminated(`error="Ops" cause="manual stop"`),
			outcome{Status: StatusAborted, Error: "Ops", Cause: ptr("manual stop")}},
		{"terminated by someone else", terminated("reset by admin"),
			outcome{Status: StatusAborted, Cause: ptr("reset by admin")}},
		{"continued as new", &historypb.HistoryEvent{EventType: enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
			Attributes: &historypb.HistoryEvent_WorkflowExecutionContinuedAsNewEventAttributes{
				WorkflowExecutionContinuedAsNewEventAttributes: &historypb.WorkflowExecutionContinuedAsNewEventAttributes{NewExecutionRunId: "r2"}}},
			outcome{Status: StatusRunning, NextRunID: "r2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := outcomeOf(tt.ev, dc)
			if tt.want.Output != nil {
				assert.JSONEq(t, string(tt.want.Output), string(got.Output))
				assert.Contains(t, string(got.Output), "1.50")
				got.Output, tt.want.Output = nil, nil
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestStopReasonRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		err   string
		cause *string
		want  string
	}{
		{"nothing", "", nil, ""},
		{"error only", "Ops.Stopped", nil, `error="Ops.Stopped"`},
		{"cause only", "", ptr("by hand"), `cause="by hand"`},
		{"both, with quotes and newlines", `My "E"`, ptr("line1\nline2 cause=x"), `error="My \"E\"" cause="line1\nline2 cause=x"`},
		{"empty cause", "E", ptr(""), `error="E" cause=""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason := stopReason(tt.err, tt.cause)
			assert.Equal(t, tt.want, reason)
			gotErr, gotCause := parseStopReason(reason)
			assert.Equal(t, tt.err, gotErr)
			assert.Equal(t, tt.cause, gotCause)
		})
	}
	for _, foreign := range []string{"plain words", `error=unquoted`, `error="x"trailing`, `other="x"`} {
		gotErr, gotCause := parseStopReason(foreign)
		assert.Empty(t, gotErr, foreign)
		require.NotNil(t, gotCause, foreign)
		assert.Equal(t, foreign, *gotCause)
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"a", "order-42_x.y", "Ünïcode", "café", "注文", "emoji-🙂", "a.b-c_d+e=f@g!(h)'i", strings.Repeat("é", 80)} {
		assert.NoError(t, checkName("execution name", ok), ok)
	}
	tests := []struct{ name, want string }{
		{"", "has 0 characters; it must have 1 to 80"},
		{strings.Repeat("a", 81), "has 81 characters"},
		{strings.Repeat("é", 81), "has 81 characters"},
		{"has space", `has ' ' (U+0020) at character 4`},
		{"nbsp x", `(U+00A0)`},
		{"ideographic　space", `(U+3000)`},
		{"a/b", `'/'`},
		{"a:b", `':'`},
		{"tab\there", `'\t'`},
		{"{x}", `'{'`},
		{"<x", `'<'`},
		{"x]", `']'`},
		{"wild?", `'?'`},
		{"wild*", `'*'`},
		{`q"`, `'"'`},
		{"back\\slash", `'\\'`},
		{"c1", `(U+0085)`},
		{"del", `(U+007F)`},
		{"non￿", `(U+FFFF)`},
		{"bad\xff", "not valid UTF-8"},
	}
	for _, special := range "#%^|~`$&,;" {
		tests = append(tests, struct{ name, want string }{"x" + string(special), fmt.Sprintf("%q", special)})
	}
	for _, tt := range tests {
		err := checkName("execution name", tt.name)
		require.Error(t, err, tt.name)
		assert.Contains(t, err.Error(), tt.want)
		assert.True(t, strings.HasPrefix(err.Error(), "InvalidName: Invalid Name: "), err.Error())
	}
}

func TestDefaultMachineName(t *testing.T) {
	tests := map[string]string{
		"examples/hello.asl.json": "hello.asl",
		"orders.json":             "orders",
		"/tmp/noext":              "noext",
		"-":                       "StateMachine",
		".json":                   "StateMachine",
	}
	for in, want := range tests {
		assert.Equal(t, want, defaultMachineName(in), in)
	}
}
