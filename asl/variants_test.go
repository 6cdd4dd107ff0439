package asl_test

// Variants of the recorded AWS cases: for each field or error the ASL
// specification and the Step Functions developer guide describe, the values
// next to the recorded ones (another sign, zero, another type, absent versus
// null, a caught rather than an uncaught error, another execution type). The
// expected results come from a recorded case of the conformance corpus (the
// case is named), from the developer guide (quoted), or from the shape of a
// recorded neighbour (said so). Behaviour nobody has recorded is not asserted.

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

// variant is one execution: a definition, its input and what AWS gives.
type variant struct {
	name, def, input string
	express          bool
	tasks            memory.TaskFunc
	// Either the output (JSON text) of a SUCCEEDED run...
	out string
	// ...or the error and cause of a FAILED one (cause "" is not checked).
	err, cause string
}

func runVariant(t *testing.T, v variant) {
	t.Helper()
	m, err := asl.Parse([]byte(v.def))
	require.NoError(t, err)
	in, err := value.ParseString(v.input)
	require.NoError(t, err)
	res := m.Execute(context.Background(), memory.New(t0, v.tasks), asl.Execution{
		Input: in, Name: "exec1", ID: "arn:aws:states:us-east-1:111111111111:execution:sm:exec1",
		StateMachineName: "sm", StateMachineID: "arn:aws:states:us-east-1:111111111111:stateMachine:sm",
		RoleArn: "arn:aws:iam::111111111111:role/r", Express: v.express,
	})
	if v.err == "" {
		require.Equal(t, asl.Succeeded, res.Status, "error: %v", res.Error)
		assert.Equal(t, v.out, value.String(res.Output))
		return
	}
	require.Equal(t, asl.Failed, res.Status, "output: %s", value.String(res.Output))
	require.NotNil(t, res.Error)
	assert.Equal(t, v.err, res.Error.Name)
	if v.cause != "" {
		assert.Equal(t, v.cause, res.Error.Cause)
	}
}

func runVariants(t *testing.T, tests []variant) {
	t.Helper()
	for _, v := range tests {
		t.Run(v.name, func(t *testing.T) { runVariant(t, v) })
	}
}

// echoTask returns the task's effective input, like the corpus's id_function.
func echoTask(req *asl.TaskRequest) (any, time.Duration, error) { return req.Input, 0, nil }

// raiseTask fails like the corpus's raise_exception Lambda.
func raiseTask(*asl.TaskRequest) (any, time.Duration, error) {
	return nil, 0, &failure.Error{Name: "Exception", Cause: "Some exception was raised.", HasCause: true}
}

const lambdaARN = "arn:aws:lambda:us-east-1:111111111111:function:f"

// The Wait state's SecondsPath. Recorded (base/test_wait
// test_base_wait_seconds_path-1, -1.5, 1.5): an integer waits, a fraction of
// either sign fails with "cannot be parsed as a long value". The developer
// guide: "You must specify time as a positive, integer value from 0 up to
// 99999999" and, for SecondsPath, "You must specify an integer value".
func TestVariantsWaitSecondsPath(t *testing.T) {
	const def = `{"Comment":"WAIT_SECONDS_PATH","StartAt":"WaitState","States":{"WaitState":{"Type":"Wait","SecondsPath":"$.input.waitSeconds","End":true}}}`
	const prefix = "An error occurred while executing the state 'WaitState' (entered at the event id #2). "
	runVariants(t, []variant{
		{name: "one (recorded)", def: def, input: `{"input":{"waitSeconds":1}}`, out: `{"input":{"waitSeconds":1}}`},
		{name: "zero waits no time", def: def, input: `{"input":{"waitSeconds":0}}`, out: `{"input":{"waitSeconds":0}}`},
		{name: "the documented maximum", def: def, input: `{"input":{"waitSeconds":99999999}}`, out: `{"input":{"waitSeconds":99999999}}`},
		{name: "a negative integer fails", def: def, input: `{"input":{"waitSeconds":-1}}`, err: failure.Runtime,
			cause: prefix + "The SecondsPath parameter references a negative value: $.input.waitSeconds == -1"},
		{name: "a negative fraction (recorded)", def: def, input: `{"input":{"waitSeconds":-1.5}}`, err: failure.Runtime,
			cause: prefix + "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == -1.5"},
		{name: "a positive fraction (recorded)", def: def, input: `{"input":{"waitSeconds":1.5}}`, err: failure.Runtime,
			cause: prefix + "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5"},
		{name: "a string is not an integer", def: def, input: `{"input":{"waitSeconds":"1"}}`, err: failure.Runtime,
			cause: prefix + "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1"},
		{name: "null is not an integer", def: def, input: `{"input":{"waitSeconds":null}}`, err: failure.Runtime,
			cause: prefix + "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == null"},
		// Recorded (logs/test_logs base-wait_seconds_path ALL_True).
		{name: "absent", def: def, input: `{"input":{}}`, err: failure.Runtime,
			cause: prefix + "The SecondsPath parameter does not reference an input value: $.input.waitSeconds"},
	})
}

// The Wait state's TimestampPath. Recorded (scenarios test_wait_timestamp_path
// SECONDS, NANOSECONDS, INVALID_DATE, INVALID_TIME, NO_Z); the JSONata
// neighbours record NO_T and INVALID_ISO, and the guide asks for an uppercase
// T and a zone. A time in the past ends the wait at once.
func TestVariantsWaitTimestampPath(t *testing.T) {
	const def = `{"StartAt":"WaitUntil","States":{"WaitUntil":{"Type":"Wait","TimestampPath":"$.TimestampValue","End":true}}}`
	const prefix = "An error occurred while executing the state 'WaitUntil' (entered at the event id #2). " +
		"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == "
	ok := func(name, ts string) variant {
		in := `{"TimestampValue":"` + ts + `"}`
		return variant{name: name, def: def, input: in, out: in}
	}
	bad := func(name, ts string) variant {
		return variant{name: name, def: def, input: `{"TimestampValue":"` + ts + `"}`, err: failure.Runtime, cause: prefix + ts}
	}
	runVariants(t, []variant{
		ok("seconds in the past", "2016-12-05T21:29:29Z"),
		ok("nanoseconds", "2016-12-05T21:29:29.123456789Z"),
		ok("a numeric offset", "2016-12-05T21:29:29+01:00"),
		ok("a negative offset with a fraction", "2016-12-05T21:29:29.5-08:00"),
		bad("no zone (recorded)", "2016-12-05T21:29:29"),
		bad("month 13 (recorded)", "2016-13-05T21:29:29Z"),
		bad("hour 25 (recorded)", "2016-12-05T25:29:29Z"),
		bad("a space for the T", "2016-12-05 21:29:29Z"),
		bad("day first", "05-12-2016T21:29:29Z"),
		{name: "a number", def: def, input: `{"TimestampValue":1}`, err: failure.Runtime, cause: prefix + "1"},
	})
}

// Map's tolerated failure and concurrency paths. Recorded (scenarios
// test_map_state_tolerated_failure_count_path -1, 0, 1, {};
// ..._percentage_path 0, 1, 1.1, 100, 100.1, NoNumber, {};
// test_max_concurrency_path 0, 1, NoNumber, {}); the variants reuse those
// causes for the neighbouring values.
func TestVariantsMapPaths(t *testing.T) {
	const proc = `"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"HandleItem","States":{"HandleItem":{"Type":"Pass","End":true}}}`
	count := `{"StartAt":"MapState","States":{"MapState":{"Type":"Map","ItemsPath":"$.Items","MaxConcurrency":1,` + proc + `,"ToleratedFailureCountPath":"$.ToleratedFailureCount","End":true}}}`
	pct := `{"StartAt":"MapState","States":{"MapState":{"Type":"Map","ItemsPath":"$.Items","MaxConcurrency":1,` + proc + `,"ToleratedFailurePercentagePath":"$.ToleratedFailurePercentage","End":true}}}`
	conc := `{"StartAt":"MapState","States":{"MapState":{"Type":"Map","ItemsPath":"$.Values","MaxConcurrencyPath":"$.MaxConcurrencyValue",` +
		`"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"HandleItem","States":{"HandleItem":{"Type":"Pass","End":true}}},"Next":"Final"},"Final":{"Type":"Pass","End":true}}}`
	const prefix = "An error occurred while executing the state 'MapState' (entered at the event id #2). "
	runVariants(t, []variant{
		{name: "count zero", def: count, input: `{"Items":[0],"ToleratedFailureCount":0}`, out: `[0]`},
		{name: "count negative", def: count, input: `{"Items":[0],"ToleratedFailureCount":-2}`, err: failure.Runtime,
			cause: prefix + "ToleratedFailureCount cannot be negative."},
		{name: "count as text", def: count, input: `{"Items":[0],"ToleratedFailureCount":"NoNumber"}`, err: failure.Runtime,
			cause: prefix + `The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount`},
		{name: "count as a fraction", def: count, input: `{"Items":[0],"ToleratedFailureCount":1.1}`, err: failure.Runtime,
			cause: prefix + `The ToleratedFailureCountPath field refers to value "1.1" which is not a valid integer: $.ToleratedFailureCount`},
		{name: "percentage zero as a float", def: pct, input: `{"Items":[0],"ToleratedFailurePercentage":0.0}`, out: `[0]`},
		{name: "percentage negative", def: pct, input: `{"Items":[0],"ToleratedFailurePercentage":-1}`, err: failure.Runtime,
			cause: prefix + "ToleratedFailurePercentage must be between 0 and 100."},
		{name: "percentage null", def: pct, input: `{"Items":[0],"ToleratedFailurePercentage":null}`, err: failure.Runtime,
			cause: prefix + `The ToleratedFailurePercentagePath field refers to value "null" which is not a valid float: $.ToleratedFailurePercentage`},
		{name: "concurrency zero (recorded)", def: conc, input: `{"MaxConcurrencyValue":0,"Values":["HelloWorld"]}`, out: `["HelloWorld"]`},
		{name: "concurrency as a fraction", def: conc, input: `{"MaxConcurrencyValue":1.1,"Values":["HelloWorld"]}`, err: failure.Runtime,
			cause: prefix + `The MaxConcurrencyPath field refers to value "1.1" which is not a valid integer: $.MaxConcurrencyValue`},
		{name: "concurrency as a boolean", def: conc, input: `{"MaxConcurrencyValue":true,"Values":["HelloWorld"]}`, err: failure.Runtime,
			cause: prefix + `The MaxConcurrencyPath field refers to value "true" which is not a valid integer: $.MaxConcurrencyValue`},
	})
}

// Errors and their handlers. The developer guide: States.Runtime "isn't
// retriable, and will always cause the execution to fail. A retry or catch on
// States.ALL won't catch States.Runtime errors"; "States.TaskFailed ... acts as
// a wildcard that matches any known error name except for States.Timeout".
// Recorded: scenarios test_catch_states_runtime (an OutputPath that selects
// nothing is not caught by a States.Runtime catcher), error_handling
// test_raise_exception_catch_output_path-None (OutputPath is not applied to a
// caught error), test_no_such_function_catch (TaskFailed catches a Lambda error).
func TestVariantsErrorHandling(t *testing.T) {
	task := func(fields, catch string) string {
		return `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + lambdaARN + `",` + fields +
			`"Catch":[` + catch + `],"Next":"Final"},"Caught":{"Type":"Pass","End":true},"Final":{"Type":"Pass","End":true}}}`
	}
	const prefix = "An error occurred while executing the state 'T' (entered at the event id #2). "
	runVariants(t, []variant{
		{name: "runtime error from OutputPath, States.Runtime catcher (recorded)",
			def: task(`"OutputPath":"$.no.such",`, `{"ErrorEquals":["States.Runtime"],"Next":"Caught"}`), input: `{}`, tasks: echoTask,
			err: failure.Runtime, cause: prefix + "Invalid path '$.no.such' : Missing property in path $['no']"},
		{name: "runtime error from OutputPath, States.ALL catcher",
			def: task(`"OutputPath":"$.no.such",`, `{"ErrorEquals":["States.ALL"],"Next":"Caught"}`), input: `{}`, tasks: echoTask,
			err: failure.Runtime, cause: prefix + "Invalid path '$.no.such' : Missing property in path $['no']"},
		{name: "runtime error from Parameters, States.ALL catcher",
			def: task(`"Parameters":{"a.$":"$.no"},`, `{"ErrorEquals":["States.ALL"],"Next":"Caught"}`), input: `{}`, tasks: echoTask,
			err: failure.Runtime, cause: prefix + "The JSONPath '$.no' specified for the field 'a.$' could not be found in the input '{}'"},
		{name: "task error, States.TaskFailed catcher",
			def: task(``, `{"ErrorEquals":["States.TaskFailed"],"Next":"Caught"}`), input: `{"a":1}`, tasks: raiseTask,
			out: `{"Error":"Exception","Cause":"Some exception was raised."}`},
		{name: "task error, catcher by name with ResultPath",
			def: task(``, `{"ErrorEquals":["Lambda.Unknown","Exception"],"ResultPath":"$.err","Next":"Caught"}`), input: `{"a":1}`, tasks: raiseTask,
			out: `{"a":1,"err":{"Error":"Exception","Cause":"Some exception was raised."}}`},
		{name: "task error, catcher with a null ResultPath keeps the input",
			def: task(``, `{"ErrorEquals":["States.ALL"],"ResultPath":null,"Next":"Caught"}`), input: `{"a":1}`, tasks: raiseTask,
			out: `{"a":1}`},
		{name: "task error, OutputPath not applied to the caught error",
			def: task(`"ResultPath":"$.Payload","OutputPath":null,`, `{"ErrorEquals":["States.ALL"],"Next":"Caught"}`), input: `{"a":1}`, tasks: raiseTask,
			out: `{"Error":"Exception","Cause":"Some exception was raised."}`},
		{name: "task error, no catcher matches",
			def: task(``, `{"ErrorEquals":["Lambda.Unknown"],"Next":"Caught"}`), input: `{"a":1}`, tasks: raiseTask,
			err: "Exception", cause: "Some exception was raised."},
	})
}

// A caught error that has no cause: a task timeout (recorded uncaught in
// timeouts/test_fixed_timeout_*: error States.Timeout and no cause) or a Fail
// state without Cause. AWS puts an empty string in the error output's Cause
// (a real execution's catcher output reads {"Error":"States.Timeout",
// "Cause":""}, aws-samples/serverless-coffee-workshop issue 15; LocalStack,
// checked against AWS recordings, binds "" too), never null.
func TestVariantsCaughtWithoutCause(t *testing.T) {
	slow := func(*asl.TaskRequest) (any, time.Duration, error) { return map[string]any{}, time.Minute, nil }
	const timeoutDef = `{"StartAt":"Start","States":{"Start":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":1,` +
		`"Parameters":{"FunctionName.$":"$.FunctionName","Payload.$":"$.Payload"},` +
		`"Catch":[{"ErrorEquals":["States.Timeout"],"Next":"EndWithHandler"}],"Next":"EndWithFinal"},` +
		`"EndWithHandler":{"Type":"Pass","ResultPath":"$.error","End":true},"EndWithFinal":{"Type":"Pass","ResultPath":"$.final","End":true}}}`
	runVariants(t, []variant{
		{name: "task timeout, uncaught", def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + lambdaARN + `","TimeoutSeconds":5,"End":true}}}`,
			input: `{}`, tasks: slow, err: failure.Timeout},
		{name: "task timeout, caught", def: timeoutDef, input: `{"FunctionName":"f","Payload":null}`, tasks: slow,
			out: `{"Error":"States.Timeout","Cause":"","error":{"Error":"States.Timeout","Cause":""}}`},
		{name: "Fail without Cause in a Parallel, caught", def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[` +
			`{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"FailureType"}}}],` +
			`"Catch":[{"ErrorEquals":["FailureType"],"ResultPath":"$.e","Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}`,
			input: `{}`, out: `{"e":{"Error":"FailureType","Cause":""}}`},
		// Recorded (scenarios test_parallel_state_fail's template, uncaught): no cause at all.
		{name: "Fail without Cause in a Parallel, uncaught", def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[` +
			`{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"FailureType"}}}],"End":true}}}`,
			input: `{}`, err: "FailureType"},
	})
}

// States.DataLimitExceeded names who returned the result. Recorded: a Pass
// state by its name (error_handling test_start_large_input), the
// arn:aws:states:::lambda:invoke integration as 'lambda'
// (test_service_task_lambada_*_data_limit_exceeded_*). A Lambda function
// called by its ARN is named by the ARN (an AWS cause quoted in a public
// incident report: "The state/task 'arn:aws:lambda:sa-east-1:...:function:
// kiro-cost-analyzer-parse' returned a result with a size exceeding ...").
func TestVariantsDataLimitOwner(t *testing.T) {
	big := func(*asl.TaskRequest) (any, time.Duration, error) { return strings.Repeat("a", 257*1024), 0, nil }
	const msg = " returned a result with a size exceeding the maximum number of bytes service limit."
	task := func(resource, catch string) string {
		return `{"StartAt":"InvokeLambda","States":{"InvokeLambda":{"Type":"Task","Resource":"` + resource + `",` +
			`"Parameters":{"FunctionName":"large_output_string"}` + catch + `,"End":true},"H":{"Type":"Pass","End":true}}}`
	}
	runVariants(t, []variant{
		{name: "lambda:invoke", def: task("arn:aws:states:::lambda:invoke", `,"Catch":[{"ErrorEquals":["Other"],"Next":"H"}]`), input: `{}`, tasks: big,
			err: failure.DataLimitExceeded, cause: "The state/task 'lambda'" + msg},
		{name: "function ARN", def: task(lambdaARN, `,"Catch":[{"ErrorEquals":["Other"],"Next":"H"}]`), input: `{}`, tasks: big,
			err: failure.DataLimitExceeded, cause: "The state/task '" + lambdaARN + "'" + msg},
		{name: "function ARN, caught by States.ALL", def: task(lambdaARN, `,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}]`),
			input: `{}`, tasks: big, out: `{"Error":"States.DataLimitExceeded","Cause":"The state/task '` + lambdaARN + `'` + msg + `"}`},
	})
}

// A failing Parallel branch, uncaught and caught (the guide: a Parallel state
// fails if any branch fails; its Catch sees the branch's error).
func TestVariantsParallelFailure(t *testing.T) {
	par := func(catch string) string {
		return `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[` +
			`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},` +
			`{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}]` + catch + `,"End":true},"H":{"Type":"Pass","End":true}}}`
	}
	runVariants(t, []variant{
		{name: "uncaught", def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[` +
			`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},` +
			`{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}],"End":true}}}`,
			input: `{"in":1}`, err: "E", cause: "C"},
		{name: "caught into a ResultPath", def: par(`,"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"H"}]`),
			input: `{"in":1}`, out: `{"in":1,"err":{"Error":"E","Cause":"C"}}`},
		{name: "caught by name", def: par(`,"Catch":[{"ErrorEquals":["E"],"Next":"H"}]`),
			input: `{"in":1}`, out: `{"Error":"E","Cause":"C"}`},
		{name: "not caught by another name", def: par(`,"Catch":[{"ErrorEquals":["States.BranchFailed"],"Next":"H"}]`),
			input: `{"in":1}`, err: "E", cause: "C"},
	})
}

// Map inputs: an empty array runs nothing; a value that is not an array
// fails the state with States.Runtime (the JSONPath counterpart of the
// recorded map_state_items_input_types cases), and a catcher on States.ALL
// does not take it.
func TestVariantsMapItems(t *testing.T) {
	const proc = `"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`
	runVariants(t, []variant{
		{name: "empty array", def: `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.a",` + proc + `,"End":true}}}`,
			input: `{"a":[]}`, out: `[]`},
		{name: "object", def: `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.a",` + proc + `,"End":true}}}`,
			input: `{"a":{"b":1}}`, err: failure.Runtime},
		{name: "string, States.ALL catcher", def: `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.a",` + proc +
			`,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},"C":{"Type":"Pass","End":true}}}`,
			input: `{"a":"x"}`, err: failure.Runtime},
		{name: "item selector sees the item and its index", def: `{"StartAt":"M","States":{"M":{"Type":"Map",` +
			`"ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},` + proc + `,"End":true}}}`,
			input: `[-1,0]`, out: `[{"v":-1,"i":0},{"v":0,"i":1}]`},
	})
}

// The data-flow fields, null versus absent versus "$". The guide: a null
// InputPath gives {} as the effective input, a null ResultPath discards the
// result, a null OutputPath gives {}.
func TestVariantsPaths(t *testing.T) {
	pass := func(fields string) string {
		return `{"StartAt":"P","States":{"P":{"Type":"Pass",` + fields + `"End":true}}}`
	}
	runVariants(t, []variant{
		{name: "InputPath null", def: pass(`"InputPath":null,`), input: `{"a":1}`, out: `{}`},
		{name: "InputPath $", def: pass(`"InputPath":"$",`), input: `{"a":1}`, out: `{"a":1}`},
		{name: "InputPath to a null value", def: pass(`"InputPath":"$.a",`), input: `{"a":null}`, out: `null`},
		{name: "OutputPath null", def: pass(`"OutputPath":null,`), input: `{"a":1}`, out: `{}`},
		{name: "ResultPath null", def: pass(`"Result":7,"ResultPath":null,`), input: `{"a":1}`, out: `{"a":1}`},
		{name: "ResultPath $", def: pass(`"Result":7,"ResultPath":"$",`), input: `{"a":1}`, out: `7`},
		{name: "Result null", def: pass(`"Result":null,`), input: `{"a":1}`, out: `null`},
		{name: "Parameters path to a null value", def: pass(`"Parameters":{"v.$":"$.a"},`), input: `{"a":null}`, out: `{"v":null}`},
		// Recorded (scenarios test_invalid_jsonpath ...STRING_EXPR_JSONPATH): the cause shape.
		{name: "Parameters path to an absent value", def: pass(`"Parameters":{"v.$":"$.b"},`), input: `{"a":1}`, err: failure.Runtime,
			cause: "An error occurred while executing the state 'P' (entered at the event id #2). " +
				`The JSONPath '$.b' specified for the field 'v.$' could not be found in the input '{"a":1}'`},
	})
}

// The context object for the two execution types. Recorded
// (context_object test_input_path-$, express test_query_runtime_memory):
// Execution.RedriveCount exists for STANDARD executions only.
func TestVariantsContextByExecutionType(t *testing.T) {
	const def = `{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$$.Execution","End":true}}}`
	const exec = `"Id":"arn:aws:states:us-east-1:111111111111:execution:sm:exec1","Input":{"a":1},"StartTime":"2024-05-01T12:00:00.000Z","Name":"exec1","RoleArn":"arn:aws:iam::111111111111:role/r"`
	runVariants(t, []variant{
		{name: "standard", def: def, input: `{"a":1}`, out: `{` + exec + `,"RedriveCount":0}`},
		{name: "express", def: def, input: `{"a":1}`, express: true, out: `{` + exec + `}`},
		{name: "express, failing", def: `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"SomeFailure","Cause":"c"}}}`,
			input: `{}`, express: true, err: "SomeFailure", cause: "c"},
	})
}
