package asl_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

const testRole = "arn:aws:iam::111111111111:role/r"

// tsCase is one TestState call and what it must report. want* strings are
// compact JSON; wantInspection "" means no inspection data.
type tsCase struct {
	name   string
	def    string
	input  string
	modify func(*asl.TestStateRequest)

	wantStatus     asl.Status
	wantOutput     string
	wantError      string
	wantCause      string
	wantNext       string
	wantInspection string
}

func debug(r *asl.TestStateRequest) { r.InspectionLevel = asl.InspectDebug }

func mockResult(text string) func(*asl.TestStateRequest) {
	return func(r *asl.TestStateRequest) {
		r.InspectionLevel = asl.InspectDebug
		r.Mock = &asl.TestStateMock{Result: text}
	}
}

func mockError(name, cause string, cfg asl.TestStateConfig) func(*asl.TestStateRequest) {
	return func(r *asl.TestStateRequest) {
		r.InspectionLevel = asl.InspectDebug
		r.Mock = &asl.TestStateMock{ErrorOutput: failure.New(name, "%s", cause)}
		r.Config = cfg
	}
}

func runTestState(t *testing.T, tc tsCase, tasks memory.TaskFunc) (*asl.TestStateResult, *memory.Runtime, error) {
	t.Helper()
	input := tc.input
	if input == "" {
		input = `{}`
	}
	in, err := value.ParseString(input)
	require.NoError(t, err)
	req := &asl.TestStateRequest{Definition: []byte(tc.def), Input: in}
	if tc.modify != nil {
		tc.modify(req)
	}
	rt := memory.New(t0, tasks)
	res, err := asl.TestState(req, rt)
	return res, rt, err
}

func checkTestState(t *testing.T, tc tsCase, res *asl.TestStateResult) {
	t.Helper()
	require.NotNil(t, res)
	assert.Equal(t, tc.wantStatus, res.Status, "error: %v", res.Error)
	if tc.wantOutput != "" {
		assert.Equal(t, tc.wantOutput, value.String(res.Output), "output")
	}
	if tc.wantError == "" {
		assert.Nil(t, res.Error)
	} else if assert.NotNil(t, res.Error) {
		assert.Equal(t, tc.wantError, res.Error.Name)
		assert.Equal(t, tc.wantCause, res.Error.Cause)
	}
	assert.Equal(t, tc.wantNext, res.NextState, "next state")
	if tc.wantInspection == "" {
		assert.Nil(t, res.Inspection)
	} else if assert.NotNil(t, res.Inspection) {
		assert.Equal(t, tc.wantInspection, value.String(res.Inspection.Object()), "inspection")
	}
}

// TestTestStateDataFlow covers the states that run without a mock, with
// the inspection fields AWS records for each type.
func TestTestStateDataFlow(t *testing.T) {
	choice := `{"Type":"Choice","Choices":[
		{"Not":{"Variable":"$.type","StringEquals":"Private"},"Next":"Public"},
		{"Variable":"$.value","NumericGreaterThanEquals":20,"Next":"Twenties"}],"Default":"Other"}`
	ioPass := `{"Type":"Pass","InputPath":"$.data","Parameters":{"k":"v","in.$":"$.f"},"ResultPath":"$.out","Next":"After"}`
	tests := []tsCase{
		{name: "pass at INFO has no inspection", def: `{"Type":"Pass","End":true}`, input: `{"a":1}`,
			wantStatus: asl.Succeeded, wantOutput: `{"a":1}`},
		{name: "pass without Result shows every step but result", def: `{"Type":"Pass","End":true}`, input: `{"a":1}`, modify: debug,
			wantStatus: asl.Succeeded, wantOutput: `{"a":1}`,
			wantInspection: `{"input":{"a":1},"afterInputPath":{"a":1},"afterParameters":{"a":1},"afterResultSelector":{"a":1},"afterResultPath":{"a":1}}`},
		{name: "pass with Result skips InputPath and Parameters", modify: debug,
			def:   `{"Type":"Pass","InputPath":"$.data","Parameters":{"x":1},"Result":{"r":1},"ResultPath":"$.out","End":true}`,
			input: `{"data":{}}`, wantStatus: asl.Succeeded, wantOutput: `{"data":{},"out":{"r":1}}`,
			wantInspection: `{"input":{"data":{}},"result":{"r":1},"afterResultSelector":{"r":1},"afterResultPath":{"data":{},"out":{"r":1}}}`},
		{name: "pass input processing and next state", def: ioPass, modify: func(r *asl.TestStateRequest) { r.InspectionLevel = asl.InspectTrace },
			input: `{"data":{"f":"x"},"keep":1}`, wantStatus: asl.Succeeded, wantNext: "After",
			wantOutput:     `{"data":{"f":"x"},"keep":1,"out":{"k":"v","in":"x"}}`,
			wantInspection: `{"input":{"data":{"f":"x"},"keep":1},"afterInputPath":{"f":"x"},"afterParameters":{"k":"v","in":"x"},"afterResultSelector":{"k":"v","in":"x"},"afterResultPath":{"data":{"f":"x"},"keep":1,"out":{"k":"v","in":"x"}}}`},
		{name: "pass path failure is FAILED without the state prefix", def: ioPass, input: `{"data":{}}`,
			wantStatus: asl.Failed, wantError: failure.Runtime,
			wantCause: `The JSONPath '$.f' specified for the field 'in.$' could not be found in the input '{}'`},
		{name: "choice names the next state", def: choice, input: `{"type":"Private","value":22}`, modify: debug,
			wantStatus: asl.Succeeded, wantOutput: `{"type":"Private","value":22}`, wantNext: "Twenties",
			wantInspection: `{"input":{"type":"Private","value":22},"afterInputPath":{"type":"Private","value":22}}`},
		{name: "choice default", def: choice, input: `{"type":"Private","value":2}`,
			wantStatus: asl.Succeeded, wantOutput: `{"type":"Private","value":2}`, wantNext: "Other"},
		{name: "choice without match or default fails", input: `{"a":1}`,
			def:        `{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":2,"Next":"Two"}]}`,
			wantStatus: asl.Failed, wantError: failure.NoChoiceMatched,
			wantCause: "No Matches! The Choice state 'StateName' found no rule matching its input and has no Default."},
		{name: "succeed", def: `{"Type":"Succeed","OutputPath":"$.a"}`, input: `{"a":[1]}`, modify: debug,
			wantStatus: asl.Succeeded, wantOutput: `[1]`, wantInspection: `{"input":{"a":[1]},"afterInputPath":{"a":[1]}}`},
		{name: "fail", def: `{"Type":"Fail","Error":"SomeFailure","Cause":"because"}`, input: `{"v":1}`, modify: debug,
			wantStatus: asl.Failed, wantError: "SomeFailure", wantCause: "because",
			wantInspection: `{"input":{"v":1},"afterInputPath":{"v":1}}`},
		{name: "fail with paths", def: `{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('n={}', $.n)"}`, input: `{"e":"E","n":3}`,
			wantStatus: asl.Failed, wantError: "E", wantCause: "n=3"},
		{name: "wait reads its path", def: `{"Type":"Wait","SecondsPath":"$.s","Next":"Later"}`, input: `{"s":"soon"}`,
			wantStatus: asl.Failed, wantError: failure.Runtime,
			wantCause: `The SecondsPath parameter cannot be parsed as a long value: $.s == soon`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _, err := runTestState(t, tc, nil)
			require.NoError(t, err)
			checkTestState(t, tc, res)
		})
	}
}

func TestTestStateWaitDoesNotWait(t *testing.T) {
	tc := tsCase{def: `{"Type":"Wait","Seconds":86400,"Next":"Later"}`, input: `{"a":1}`}
	res, rt, err := runTestState(t, tc, nil)
	require.NoError(t, err)
	checkTestState(t, tsCase{wantStatus: asl.Succeeded, wantOutput: `{"a":1}`, wantNext: "Later"}, res)
	assert.Equal(t, t0, rt.Now(), "the clock did not move")
}

// TestTestStateTask covers mocked Task states, Retry and Catch. The Retry
// figures are AWS's: with IntervalSeconds 1 and BackoffRate 2, a
// retrierRetryCount of 4 gives a 16 s backoff while MaxAttempts 5 allows a
// fifth retry, and FAILED (naming the retrier) once it does not.
func TestTestStateTask(t *testing.T) {
	lambda := `"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"}`
	retry := `{` + lambda + `,"Retry":[{"ErrorEquals":["Other"]},{"ErrorEquals":["MockException"],"IntervalSeconds":1,"MaxAttempts":5,"BackoffRate":2.0}],"End":true}`
	catch := `{` + lambda + `,"Catch":[{"ErrorEquals":["MockException"],"Next":"HandleMock"},{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.err","Next":"HandleTask"}],"End":true}`
	tests := []tsCase{
		{name: "mocked result through the result steps", input: `{"v":1}`, modify: mockResult(`{"Payload":{"r":2},"StatusCode":200}`),
			def:        `{` + lambda + `,"ResultSelector":{"p.$":"$.Payload"},"ResultPath":"$.res","OutputPath":"$.res","Next":"N"}`,
			wantStatus: asl.Succeeded, wantOutput: `{"p":{"r":2}}`, wantNext: "N",
			wantInspection: `{"input":{"v":1},"afterInputPath":{"v":1},"afterParameters":{"FunctionName":"f","Payload":{"v":1}},` +
				`"result":{"Payload":{"r":2},"StatusCode":200},"afterResultSelector":{"p":{"r":2}},"afterResultPath":{"v":1,"res":{"p":{"r":2}}}}`},
		{name: "retriable", def: retry, input: `{"v":1}`, modify: mockError("MockException", "mocked", asl.TestStateConfig{RetrierRetryCount: 4}),
			wantStatus: asl.Retriable, wantError: "MockException", wantCause: "mocked",
			wantInspection: `{"input":{"v":1},"afterInputPath":{"v":1},"afterParameters":{"FunctionName":"f","Payload":{"v":1}},` +
				`"errorDetails":{"retryBackoffIntervalSeconds":16,"retryIndex":1}}`},
		{name: "retries used up", def: retry, input: `{"v":1}`, modify: mockError("MockException", "mocked", asl.TestStateConfig{RetrierRetryCount: 5}),
			wantStatus: asl.Failed, wantError: "MockException", wantCause: "mocked",
			wantInspection: `{"input":{"v":1},"afterInputPath":{"v":1},"afterParameters":{"FunctionName":"f","Payload":{"v":1}},"errorDetails":{"retryIndex":1}}`},
		{name: "no retrier matches", def: retry, modify: mockError("Unhandled", "x", asl.TestStateConfig{}),
			wantStatus: asl.Failed, wantError: "Unhandled", wantCause: "x",
			wantInspection: `{"input":{},"afterInputPath":{},"afterParameters":{"FunctionName":"f","Payload":{}}}`},
		{name: "caught", def: catch, input: `{"v":1}`, modify: mockError("States.TaskFailed", "The task failed.", asl.TestStateConfig{}),
			wantStatus: asl.CaughtError, wantError: "States.TaskFailed", wantCause: "The task failed.", wantNext: "HandleTask",
			wantOutput:     `{"v":1,"err":{"Error":"States.TaskFailed","Cause":"The task failed."}}`,
			wantInspection: `{"input":{"v":1},"afterInputPath":{"v":1},"afterParameters":{"FunctionName":"f","Payload":{"v":1}},"errorDetails":{"catchIndex":1}}`},
		{name: "caught at INFO", def: catch, modify: func(r *asl.TestStateRequest) {
			r.Mock = &asl.TestStateMock{ErrorOutput: failure.Bare("MockException")}
		}, wantStatus: asl.CaughtError, wantError: "MockException", wantNext: "HandleMock",
			wantOutput: `{"Error":"MockException","Cause":""}`},
		{name: "retries used up, then caught",
			def:    `{` + lambda + `,"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":null,"Next":"H"}],"End":true}`,
			modify: mockError("E", "c", asl.TestStateConfig{RetrierRetryCount: 2}), input: `{"v":1}`,
			wantStatus: asl.CaughtError, wantError: "E", wantCause: "c", wantNext: "H", wantOutput: `{"v":1}`,
			wantInspection: `{"input":{"v":1},"afterInputPath":{"v":1},"afterParameters":{"FunctionName":"f","Payload":{"v":1}},"errorDetails":{"retryIndex":0,"catchIndex":0}}`},
		{name: "backoff capped by MaxDelaySeconds",
			def:        `{` + lambda + `,"Retry":[{"ErrorEquals":["E"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":9,"MaxDelaySeconds":10}],"End":true}`,
			modify:     mockError("E", "c", asl.TestStateConfig{RetrierRetryCount: 3}),
			wantStatus: asl.Retriable, wantError: "E", wantCause: "c",
			wantInspection: `{"input":{},"afterInputPath":{},"afterParameters":{"FunctionName":"f","Payload":{}},"errorDetails":{"retryBackoffIntervalSeconds":10,"retryIndex":0}}`},
		{name: "States.Runtime is neither retried nor caught",
			def:        `{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.missing","Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true}`,
			modify:     mockResult(`{}`),
			wantStatus: asl.Failed, wantError: failure.Runtime,
			wantCause:      `Invalid path '$.missing' : No results for path: $['missing']`,
			wantInspection: `{"input":{}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _, err := runTestState(t, tc, nil)
			require.NoError(t, err)
			checkTestState(t, tc, res)
		})
	}
}

func TestTestStateUnmockedTask(t *testing.T) {
	var got *asl.TaskRequest
	tasks := func(req *asl.TaskRequest) (any, time.Duration, error) {
		got = req
		return req.Input, time.Second, nil
	}
	tc := tsCase{def: `{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Parameters":{"x.$":"$.a"},"End":true}`,
		input: `{"a":1}`, modify: func(r *asl.TestStateRequest) { r.Execution.RoleArn = testRole }}
	res, _, err := runTestState(t, tc, tasks)
	require.NoError(t, err)
	checkTestState(t, tsCase{wantStatus: asl.Succeeded, wantOutput: `{"x":1}`}, res)
	require.NotNil(t, got, "the runtime performed the task")
	assert.Equal(t, "StateName", got.State)
}

// TestTestStateMap covers mocked Map states: the settings AWS shows, and
// mapIterationFailureCount against the tolerated failures (ignored when the
// Map tolerates none, as AWS's recordings show).
func TestTestStateMap(t *testing.T) {
	proc := `"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Item","States":{"Item":{"Type":"Pass","End":true}}}`
	tolerant := `{"Type":"Map","ItemsPath":"$.Values",` + proc + `,"ToleratedFailureCount":1,
		"Retry":[{"ErrorEquals":["MockException"],"MaxAttempts":3},{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"MaxAttempts":2}],
		"Catch":[{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"Next":"Exceeded"}],"End":true}`
	catching := `{"Type":"Map","ItemsPath":"$.Values",` + proc + `,"ToleratedFailureCount":1,
		"Catch":[{"ErrorEquals":["MockException"],"Next":"HandleMock"},{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"Next":"Exceeded"}],"End":true}`
	plain := `{"Type":"Map","ItemsPath":"$.Values",` + proc + `,"End":true}`
	in := `{"Values":["a","b","c"]}`
	withFailures := func(n int, result string) func(*asl.TestStateRequest) {
		return func(r *asl.TestStateRequest) {
			mockResult(result)(r)
			r.Config.MapIterationFailureCount = n
		}
	}
	tests := []tsCase{
		{name: "below the tolerance", def: tolerant, input: in, modify: withFailures(1, `[1,0,1]`),
			wantStatus: asl.Succeeded, wantOutput: `[1,0,1]`,
			wantInspection: `{"input":{"Values":["a","b","c"]},"afterInputPath":{"Values":["a","b","c"]},"afterResultSelector":[1,0,1],"afterResultPath":[1,0,1],` +
				`"afterItemsPath":["a","b","c"],"maxConcurrency":0,"toleratedFailureCount":1}`},
		{name: "above the tolerance, retriable", def: tolerant, input: in, modify: withFailures(2, `[0,0,1]`),
			wantStatus: asl.Retriable, wantError: failure.ExceedToleratedFailureThreshold, wantCause: "The specified tolerated failure threshold was exceeded",
			wantInspection: `{"input":{"Values":["a","b","c"]},"afterInputPath":{"Values":["a","b","c"]},"afterItemsPath":["a","b","c"],` +
				`"errorDetails":{"retryBackoffIntervalSeconds":1,"retryIndex":1},"maxConcurrency":0,"toleratedFailureCount":1}`},
		{name: "above the tolerance, caught", def: catching, input: in, modify: withFailures(2, `[0,0,1]`),
			wantStatus: asl.CaughtError, wantError: failure.ExceedToleratedFailureThreshold, wantCause: "The specified tolerated failure threshold was exceeded",
			wantNext: "Exceeded", wantOutput: `{"Error":"States.ExceedToleratedFailureThreshold","Cause":"The specified tolerated failure threshold was exceeded"}`,
			wantInspection: `{"input":{"Values":["a","b","c"]},"afterInputPath":{"Values":["a","b","c"]},"afterItemsPath":["a","b","c"],` +
				`"errorDetails":{"catchIndex":1},"maxConcurrency":0,"toleratedFailureCount":1}`},
		{name: "failure count without a tolerance", def: plain, input: in, modify: withFailures(2, `[0,0,1]`),
			wantStatus: asl.Succeeded, wantOutput: `[0,0,1]`,
			wantInspection: `{"input":{"Values":["a","b","c"]},"afterInputPath":{"Values":["a","b","c"]},"afterResultSelector":[0,0,1],"afterResultPath":[0,0,1],"afterItemsPath":["a","b","c"],"maxConcurrency":0}`},
		{name: "tolerated percentage", input: in, modify: withFailures(1, `[1,1,0]`),
			def:        `{"Type":"Map","ItemsPath":"$.Values",` + proc + `,"ToleratedFailurePercentage":34,"MaxConcurrency":2,"End":true}`,
			wantStatus: asl.Succeeded, wantOutput: `[1,1,0]`,
			wantInspection: `{"input":{"Values":["a","b","c"]},"afterInputPath":{"Values":["a","b","c"]},"afterResultSelector":[1,1,0],"afterResultPath":[1,1,0],` +
				`"afterItemsPath":["a","b","c"],"maxConcurrency":2,"toleratedFailurePercentage":34}`},
		{name: "tolerated percentage exceeded", input: in, modify: withFailures(2, `[1,0,0]`),
			def:        `{"Type":"Map","ItemsPath":"$.Values",` + proc + `,"ToleratedFailurePercentage":34,"End":true}`,
			wantStatus: asl.Failed, wantError: failure.ExceedToleratedFailureThreshold, wantCause: "The specified tolerated failure threshold was exceeded",
			wantInspection: `{"input":{"Values":["a","b","c"]},"afterInputPath":{"Values":["a","b","c"]},"afterItemsPath":["a","b","c"],"maxConcurrency":0,"toleratedFailurePercentage":34}`},
		{name: "mocked error from a state of the processor", def: catching, input: in, modify: func(r *asl.TestStateRequest) {
			mockError("MockException", "Mock the cause.", asl.TestStateConfig{ErrorCausedByState: "Item"})(r)
		}, wantStatus: asl.CaughtError, wantError: "MockException", wantCause: "Mock the cause.", wantNext: "HandleMock",
			wantOutput: `{"Error":"MockException","Cause":"Mock the cause."}`,
			wantInspection: `{"input":{"Values":["a","b","c"]},"afterInputPath":{"Values":["a","b","c"]},"afterItemsPath":["a","b","c"],` +
				`"errorDetails":{"catchIndex":0},"maxConcurrency":0,"toleratedFailureCount":1}`},
		{name: "item selector", input: in, modify: mockResult(`[]`),
			def:        `{"Type":"Map","ItemsPath":"$.Values","ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},` + proc + `,"End":true}`,
			wantStatus: asl.Succeeded, wantOutput: `[]`,
			wantInspection: `{"input":{"Values":["a","b","c"]},"afterInputPath":{"Values":["a","b","c"]},"afterResultSelector":[],"afterResultPath":[],` +
				`"afterItemsPath":["a","b","c"],"afterItemSelector":[{"v":"a","i":0},{"v":"b","i":1},{"v":"c","i":2}],"maxConcurrency":0}`},
		{name: "items from the item reader data", input: `{"Bucket":"b"}`, modify: func(r *asl.TestStateRequest) {
			mockResult(`[1,4,9]`)(r)
			r.Config.MapItemReaderData = `[1,2,3]`
		}, def: `{"Type":"Map","ItemReader":{"ReaderConfig":{"InputType":"JSON"},"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket.$":"$.Bucket","Key":"k"}},` + proc + `,"MaxConcurrency":1,"End":true}`,
			wantStatus: asl.Succeeded, wantOutput: `[1,4,9]`,
			wantInspection: `{"input":{"Bucket":"b"},"afterInputPath":{"Bucket":"b"},"afterResultSelector":[1,4,9],"afterResultPath":[1,4,9],"afterItemsPath":[1,2,3],"maxConcurrency":1}`},
		{name: "items path from the given context", input: `["x"]`, modify: func(r *asl.TestStateRequest) {
			mockResult(`[]`)(r)
			r.Context = mustObject(t, `{"Execution":{"Input":{"list":{}}}}`)
		}, def: `{"Type":"Map","ItemsPath":"$$.Execution.Input.list",` + proc + `,"End":true}`,
			wantStatus: asl.Failed, wantError: failure.Runtime, wantCause: `Reference path "$.Execution.Input.list" must point to array.`,
			wantInspection: `{"input":["x"],"afterInputPath":["x"]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _, err := runTestState(t, tc, nil)
			require.NoError(t, err)
			checkTestState(t, tc, res)
		})
	}
}

func TestTestStateParallel(t *testing.T) {
	par := `{"Type":"Parallel","InputPath":"$.in","Parameters":{"never.$":"$.missing"},"ResultPath":"$.out",
		"Branches":[{"StartAt":"B1","States":{"B1":{"Type":"Fail","Error":"NotRun"}}},{"StartAt":"B2","States":{"B2":{"Type":"Pass","End":true}}}],
		"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"Next":"N"}`
	tests := []tsCase{
		{name: "the mock is the result; branches and input processing do not run", def: par, input: `{"in":{"a":1}}`,
			modify:     mockResult(`[{"b":1},{"b":2}]`),
			wantStatus: asl.Succeeded, wantNext: "N", wantOutput: `{"in":{"a":1},"out":[{"b":1},{"b":2}]}`,
			wantInspection: `{"input":{"in":{"a":1}},"afterResultSelector":[{"b":1},{"b":2}],"afterResultPath":{"in":{"a":1},"out":[{"b":1},{"b":2}]}}`},
		{name: "mocked error caught", def: par, input: `{"in":{}}`,
			modify:     mockError("BranchFailed", "b", asl.TestStateConfig{ErrorCausedByState: "B1"}),
			wantStatus: asl.CaughtError, wantError: "BranchFailed", wantCause: "b", wantNext: "H",
			wantOutput:     `{"Error":"BranchFailed","Cause":"b"}`,
			wantInspection: `{"input":{"in":{}},"errorDetails":{"catchIndex":0}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _, err := runTestState(t, tc, nil)
			require.NoError(t, err)
			checkTestState(t, tc, res)
		})
	}
}

// TestTestStateContext checks the context object: the one TestState makes
// up (the state is called StateName; the run is an EXPRESS one; no role
// gives a null RoleArn), or exactly the one the request gives.
func TestTestStateContext(t *testing.T) {
	def := `{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultSelector":{"ctx.$":"$$"},"End":true}`
	tc := tsCase{def: def, input: `{"a":1}`, modify: func(r *asl.TestStateRequest) {
		r.Mock = &asl.TestStateMock{Result: `{}`}
		r.Config.RetrierRetryCount = 2
		r.Execution.Name, r.Execution.ID = "e", "arn:aws:states:us-east-1:111111111111:express:sm:e"
		r.Execution.StateMachineName, r.Execution.StateMachineID = "sm", "arn:aws:states:us-east-1:111111111111:stateMachine:sm"
	}}
	res, _, err := runTestState(t, tc, nil)
	require.NoError(t, err)
	require.Equal(t, asl.Succeeded, res.Status, "%v", res.Error)
	assert.Equal(t, `{"ctx":{"Execution":{"Id":"arn:aws:states:us-east-1:111111111111:express:sm:e","Input":{"a":1},`+
		`"StartTime":"2024-05-01T12:00:00.000Z","Name":"e","RoleArn":null},`+
		`"StateMachine":{"Id":"arn:aws:states:us-east-1:111111111111:stateMachine:sm","Name":"sm"},`+
		`"State":{"Name":"StateName","EnteredTime":"2024-05-01T12:00:00.000Z","RetryCount":2}}}`, value.String(res.Output))

	given := `{"Execution":{"Id":"x"},"State":{"Name":"Mine","RetryCount":0},"Custom":[1]}`
	tc.modify = func(r *asl.TestStateRequest) {
		r.Mock = &asl.TestStateMock{Result: `{}`}
		r.Context = mustObject(t, given)
	}
	res, _, err = runTestState(t, tc, nil)
	require.NoError(t, err)
	assert.Equal(t, `{"ctx":`+given+`}`, value.String(res.Output))
}

func TestTestStateStateName(t *testing.T) {
	machine := `{"StartAt":"M","States":{
		"M":{"Type":"Map","ItemsPath":"$.Values","ItemProcessor":{"StartAt":"HandleItem","States":{
			"HandleItem":{"Type":"Pass","Parameters":{"item.$":"$"},"Next":"Done"},"Done":{"Type":"Succeed"}}},"Next":"Last"},
		"Last":{"Type":"Pass","Result":"last","End":true}}}`
	tests := []tsCase{
		{name: "a top-level state", def: machine, input: `{}`, modify: func(r *asl.TestStateRequest) { r.StateName = "Last" },
			wantStatus: asl.Succeeded, wantOutput: `"last"`},
		{name: "a state inside an item processor", def: machine, input: `"x"`, modify: func(r *asl.TestStateRequest) { r.StateName = "HandleItem" },
			wantStatus: asl.Succeeded, wantOutput: `{"item":"x"}`, wantNext: "Done"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _, err := runTestState(t, tc, nil)
			require.NoError(t, err)
			checkTestState(t, tc, res)
		})
	}
}

// TestTestStateRefused checks the requests TestState refuses, with AWS's
// error codes and, where AWS's recordings give them, its messages.
func TestTestStateRefused(t *testing.T) {
	task := `{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}`
	par := `{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}},{"StartAt":"C","States":{"C":{"Type":"Pass","End":true}}}],"End":true}`
	mapDef := func(extra string) string {
		return `{"Type":"Map",` + extra + `"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}`
	}
	withMock := func(mk *asl.TestStateMock) func(*asl.TestStateRequest) {
		return func(r *asl.TestStateRequest) { r.Mock = mk }
	}
	tests := []struct {
		name, def string
		modify    func(*asl.TestStateRequest)
		code, msg string
	}{
		{"both mock fields", task, withMock(&asl.TestStateMock{Result: `{}`, ErrorOutput: failure.Bare("E")}),
			asl.CodeValidation, "A test mock should have only one of the following fields: [result, errorOutput]."},
		{"empty mock", task, withMock(&asl.TestStateMock{}),
			asl.CodeValidation, "A test mock should have one of the following fields: [result, errorOutput]."},
		{"reveal secrets with a mock", task, func(r *asl.TestStateRequest) {
			r.Mock, r.RevealSecrets = &asl.TestStateMock{Result: `{}`}, true
		}, asl.CodeValidation, "TestState does not support RevealSecrets when a mock is specified."},
		{"mocked pass", `{"Type":"Pass","End":true}`, withMock(&asl.TestStateMock{Result: `{}`}),
			asl.CodeValidation, "State type 'Pass' is not supported when a mock is specified"},
		{"mocked choice", `{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"A"}]}`, withMock(&asl.TestStateMock{Result: `{}`}),
			asl.CodeValidation, "State type 'Choice' is not supported when a mock is specified"},
		{"parallel without a mock", par, nil,
			asl.CodeInvalidDefinition, "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"},
		{"map without a mock", mapDef(""), nil,
			asl.CodeInvalidDefinition, "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"},
		{"task without a mock or a role", task, nil, asl.CodeValidation, "RoleArn must be specified when testing a Task state"},
		{"callback task without a mock", `{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","End":true}`,
			func(r *asl.TestStateRequest) { r.Execution.RoleArn = testRole }, asl.CodeInvalidDefinition,
			"TestState API supports Activity tasks and the .sync and .waitForTaskToken service integration patterns only when a mock is specified"},
		{"activity without a mock", `{"Type":"Task","Resource":"arn:aws:states:us-east-1:111111111111:activity:a","End":true}`,
			func(r *asl.TestStateRequest) { r.Execution.RoleArn = testRole }, asl.CodeInvalidDefinition,
			"TestState API supports Activity tasks and the .sync and .waitForTaskToken service integration patterns only when a mock is specified"},
		{"mock result not JSON", task, withMock(&asl.TestStateMock{Result: `not JSON`}), asl.CodeValidation, "Mocked result must be valid JSON"},
		{"parallel mock not an array", par, withMock(&asl.TestStateMock{Result: `{}`}), asl.CodeValidation, "Mocked result must be an array."},
		{"parallel mock of the wrong length", par, withMock(&asl.TestStateMock{Result: `[1]`}),
			asl.CodeValidation, "Mocked result must contain the same number of items as number of Parallel branches."},
		{"map mock not an array", mapDef(""), withMock(&asl.TestStateMock{Result: `{}`}), asl.CodeValidation, "Mocked result must be an array."},
		{"map with a result writer", mapDef(`"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"p"}},`),
			withMock(&asl.TestStateMock{Result: `[]`}), asl.CodeValidation, "Mocked result must be a JSON object."},
		{"context with a Map field", task, func(r *asl.TestStateRequest) {
			r.Mock, r.Context = &asl.TestStateMock{Result: `{}`}, mustObject(t, `{"Map":{}}`)
		}, asl.CodeValidation, "Invalid Context object provided: 'Map' field is not supported when mocking a Context object"},
		{"context without a mock", `{"Type":"Pass","End":true}`, func(r *asl.TestStateRequest) { r.Context = mustObject(t, `{}`) },
			asl.CodeValidation, "Invalid Context object provided: a Context object can only be specified together with a mock"},
		{"state not found", `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`, func(r *asl.TestStateRequest) { r.StateName = "B" },
			asl.CodeValidation, "State not found in definition"},
		{"unknown inspection level", `{"Type":"Pass","End":true}`, func(r *asl.TestStateRequest) { r.InspectionLevel = "ALL" },
			asl.CodeValidation, "Value 'ALL' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runTestState(t, tsCase{def: tt.def, modify: tt.modify}, nil)
			var tse *asl.TestStateError
			require.True(t, errors.As(err, &tse), "got %v", err)
			assert.Equal(t, tt.code, tse.Code)
			assert.Equal(t, tt.msg, tse.Message)
		})
	}
}

// TestTestStateInvalidDefinition checks that definition problems are
// reported with pointers into the one-state machine AWS wraps the state in
// (or into the whole machine when StateName is used).
func TestTestStateInvalidDefinition(t *testing.T) {
	tests := []struct {
		name, def, stateName, pointer string
	}{
		{"bad type", `{"Type":"Nope","End":true}`, "", "/States/StateName/Type"},
		{"empty branches", `{"Type":"Parallel","Branches":[],"End":true}`, "", "/States/StateName/Branches"},
		{"bad machine", `{"StartAt":"A","States":{"A":{"Type":"Nope","End":true}}}`, "A", "/States/A/Type"},
		{"not JSON", `{"Type":`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runTestState(t, tsCase{def: tt.def, modify: func(r *asl.TestStateRequest) {
				r.StateName = tt.stateName
				r.Mock = &asl.TestStateMock{Result: `[]`}
			}}, nil)
			var tse *asl.TestStateError
			require.True(t, errors.As(err, &tse), "got %v", err)
			assert.Equal(t, asl.CodeInvalidDefinition, tse.Code)
			var problems asl.DefinitionErrors
			require.True(t, errors.As(err, &problems))
			assert.Equal(t, tt.pointer, problems[0].Pointer, "%v", problems)
		})
	}
	// Next, Default and Catch targets of a single state need not exist.
	_, _, err := runTestState(t, tsCase{def: `{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"A"}],"Default":"B"}`}, nil)
	assert.NoError(t, err)
}

func mustObject(t *testing.T, s string) *value.Object {
	t.Helper()
	v, err := value.ParseString(s)
	require.NoError(t, err)
	o, ok := v.(*value.Object)
	require.True(t, ok)
	return o
}

// TestState runs one state with a mocked service call and shows what each
// step of its input and output processing produced.
func ExampleTestState() {
	input, _ := value.ParseString(`{"order": {"id": 7}}`)
	res, err := asl.TestState(&asl.TestStateRequest{
		Definition: []byte(`{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
			"Parameters": {"FunctionName": "ship", "Payload.$": "$.order"},
			"ResultSelector": {"tracking.$": "$.Payload.tracking"}, "ResultPath": "$.shipment", "Next": "Notify"}`),
		Input:           input,
		InspectionLevel: asl.InspectDebug,
		Mock:            &asl.TestStateMock{Result: `{"Payload": {"tracking": "T-1"}, "StatusCode": 200}`},
	}, memory.New(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.NextState, value.String(res.Output))
	fmt.Println(value.String(res.Inspection.AfterParameters.Value))
	// Output:
	// SUCCEEDED Notify {"order":{"id":7},"shipment":{"tracking":"T-1"}}
	// {"FunctionName":"ship","Payload":{"id":7}}
}

// FuzzTestState feeds arbitrary definitions, inputs and mocks to TestState,
// seeded from the corpus's TestState calls: it must not panic; it refuses a
// request with a TestStateError or answers with one of the four statuses,
// with inspection data at the DEBUG level, and the same answer twice.
func FuzzTestState(f *testing.F) {
	f.Add(`{"Type":"Pass","End":true}`, `{"a":1}`, "", "", 0, 0)
	f.Add(`{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["E"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true}`, `{}`, "", "E", 1, 0)
	f.Add(`{"Type":"Map","ItemsPath":"$.v","ToleratedFailureCount":1,"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}`, `{"v":[1,2]}`, `[1,2]`, "", 0, 2)
	f.Add(`{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"End":true}`, `{}`, `[{}]`, "", 0, 0)
	f.Add(`{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$","IsNull":true,"Next":"A"}]}}}`, `null`, "", "", 0, 0)
	dir := filepath.Join("..", "..", "shared", "conformance", "test_state")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		doc, err := value.Parse(data)
		if err != nil {
			continue
		}
		c, _ := doc.(*value.Object)
		def, _ := c.Get("definition")
		in, _ := c.Get("input_text")
		inText, _ := in.(string)
		req, _ := c.Get("request")
		var result, errName string
		if ro, ok := req.(*value.Object); ok {
			if mk, ok := ro.Get("mock"); ok {
				if mo, ok := mk.(*value.Object); ok {
					r, _ := mo.Get("result")
					result, _ = r.(string)
					if eo, ok := mo.Get("errorOutput"); ok {
						if eoo, ok := eo.(*value.Object); ok {
							n, _ := eoo.Get("error")
							errName, _ = n.(string)
						}
					}
				}
			}
		}
		f.Add(value.String(def), inText, result, errName, 1, 1)
	}
	f.Fuzz(func(t *testing.T, def, input, result, errName string, retried, failures int) {
		in, err := value.ParseString(input)
		if err != nil {
			in = nil
		}
		req := &asl.TestStateRequest{Definition: []byte(def), Input: in, InspectionLevel: asl.InspectDebug,
			Config: asl.TestStateConfig{RetrierRetryCount: retried, MapIterationFailureCount: failures}}
		req.Execution.RoleArn = testRole
		if result != "" || errName != "" {
			req.Mock = &asl.TestStateMock{Result: result}
			if errName != "" {
				req.Mock.ErrorOutput = failure.New(errName, "fuzz")
			}
		}
		run := func() (*asl.TestStateResult, error) {
			return asl.TestState(req, memory.New(t0, func(r *asl.TaskRequest) (any, time.Duration, error) { return r.Input, 0, nil }))
		}
		res, err := run()
		if err != nil {
			var tse *asl.TestStateError
			if !errors.As(err, &tse) || (tse.Code != asl.CodeValidation && tse.Code != asl.CodeInvalidDefinition) {
				t.Fatalf("unexpected error %T %v", err, err)
			}
			return
		}
		switch res.Status {
		case asl.Succeeded, asl.CaughtError:
		case asl.Failed, asl.Retriable:
			if res.Error == nil {
				t.Fatalf("%s without an error", res.Status)
			}
		default:
			t.Fatalf("status %q", res.Status)
		}
		if res.Inspection == nil || !res.Inspection.Input.Set {
			t.Fatal("no inspection data at DEBUG")
		}
		again, err := run()
		if err != nil || again.Status != res.Status || value.String(again.Output) != value.String(res.Output) ||
			value.String(again.Inspection.Object()) != value.String(res.Inspection.Object()) {
			t.Fatalf("not deterministic: %+v then %+v (%v)", res, again, err)
		}
	})
}

// BenchmarkTestState measures one DEBUG TestState call on a mocked Task
// with Parameters, ResultSelector and ResultPath: validating the request,
// wrapping and compiling the state, and running it.
func BenchmarkTestState(b *testing.B) {
	in, _ := value.ParseString(`{"order":{"id":7,"lines":[1,2,3]}}`)
	req := &asl.TestStateRequest{
		Definition: []byte(`{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
			"Parameters":{"FunctionName":"ship","Payload.$":"$.order"},
			"ResultSelector":{"tracking.$":"$.Payload.tracking"},"ResultPath":"$.shipment","Next":"Notify"}`),
		Input: in, InspectionLevel: asl.InspectDebug,
		Mock: &asl.TestStateMock{Result: `{"Payload":{"tracking":"T-1"},"StatusCode":200}`},
	}
	rt := memory.New(t0, nil)
	b.ReportAllocs()
	for b.Loop() {
		if res, err := asl.TestState(req, rt); err != nil || res.Status != asl.Succeeded {
			b.Fatal(err, res)
		}
	}
}
