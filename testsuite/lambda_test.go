package testsuite

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

const fnARN = "arn:aws:lambda:us-east-1:111111111111:function:"

// The causes AWS recorded (README §6), with the request id as a token.
const (
	recordedDirectCause  = `{"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": "<uuid:1>", "stackTrace": ["  File \"/var/task/handler.py\", line 2, in handler\n    raise Exception(\"Some exception was raised.\")\n"]}`
	recordedInvokeCause  = `{"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":"<uuid:1>","stackTrace":["  File \"/var/task/handler.py\", line 2, in handler\n    raise Exception(\"Some exception was raised.\")\n"]}`
	recordedCustomDirect = `{"errorMessage": "", "errorType": "CustomException", "requestId": "<uuid:1>", "stackTrace": ["  File \"/var/task/handler.py\", line 9, in handler\n    raise CustomException()\n"]}`
	recordedCustomInvoke = `{"errorMessage":"","errorType":"CustomException","requestId":"<uuid:1>","stackTrace":["  File \"/var/task/handler.py\", line 9, in handler\n    raise CustomException()\n"]}`
	recordedNotFound     = `Function not found: arn:<partition>:lambda:<region>:111111111111:function:no_such_<lambda_function_name>:$LATEST (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: <request_id>; Proxy: null)`
)

func testLambdas(t *testing.T) *Lambdas {
	t.Helper()
	needs := []Need{
		{Kind: NeedLambdaDirect, State: "S", Resource: fnARN + "id_function", Handler: "id_function.py"},
		{Kind: NeedLambdaDirect, State: "S", Resource: fnARN + "echo_function_2", Handler: "echo_function.py"},
		{Kind: NeedLambdaDirect, State: "S", Resource: fnARN + "raise_exception", Handler: "raise_exception.py"},
		{Kind: NeedLambdaInvoke, State: "S", Resource: lambdaInvoke},
		{Kind: NeedLambdaFunction, FunctionName: "return_bytes_str", ARN: fnARN + "return_bytes_str", Handler: "return_bytes_str.py"},
		{Kind: NeedLambdaFunction, FunctionName: "raise_custom_exception", ARN: fnARN + "raise_custom_exception", Handler: "raise_custom_exception.py"},
		{Kind: NeedLambdaFunction, FunctionName: "wait_60_seconds", ARN: fnARN + "wait_60_seconds", Handler: "wait_60_seconds.py"},
		{Kind: NeedLambdaFunction, FunctionName: "large_output_string", ARN: fnARN + "large_output_string", Handler: "large_output_string.py"},
		{Kind: NeedLambdaFunction, FunctionName: "return_decorated_input", ARN: fnARN + "return_decorated_input", Handler: "return_decorated_input.py"},
	}
	l, err := NewLambdas(needs, func() time.Time { return DefaultStart })
	require.NoError(t, err)
	return l
}

func invokeParams(t *testing.T, fn, payload string) any {
	t.Helper()
	o := value.NewObject(2)
	o.Set("FunctionName", fn)
	if payload != "" {
		o.Set("Payload", mustValue(t, payload))
	}
	return o
}

func TestLambdaDirect(t *testing.T) {
	tests := []struct {
		name     string
		function string
		input    string
		want     string // result as JSON; "" when the call fails
		errName  string
		cause    string // pattern for MatchPlaceholder
	}{
		{"id_function returns the event", "id_function", `{"a":[1,2.50,null],"b":"x"}`, `{"a":[1,2.50,null],"b":"x"}`, "", ""},
		{"id_function returns a non-object event", "id_function", `0.0`, `0.0`, "", ""},
		{"a second copy of a handler", "echo_function_2", `{"ignored":true}`, `{"Return":"HelloWorld"}`, "", ""},
		{"raise_exception keeps Python's spacing", "raise_exception", `{}`, "", "Exception", recordedDirectCause},
		{"unknown function", "no_such_raise_exception", `{}`, "", "Lambda.ResourceNotFoundException", recordedNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := testLambdas(t)
			input := mustValue(t, tt.input)
			got, took, err := l.Run(&asl.TaskRequest{State: "S", Resource: fnARN + tt.function, Input: input})
			assert.Zero(t, took)
			if tt.errName == "" {
				require.NoError(t, err)
				assert.True(t, value.Equal(mustValue(t, tt.want), got), "got %s", value.String(got))
				return
			}
			var fe *failure.Error
			require.True(t, errors.As(err, &fe), "want a *failure.Error, got %v", err)
			assert.Equal(t, tt.errName, fe.Name)
			assert.True(t, fe.HasCause)
			assert.True(t, MatchPlaceholder(tt.cause, fe.Cause), "cause %s", fe.Cause)
		})
	}
}

func TestLambdaInvoke(t *testing.T) {
	tests := []struct {
		name     string
		function string
		payload  string // JSON of the Payload parameter; "" leaves it out
		want     string // the Payload member of the result
	}{
		{"null payload sends no body: the event is {}", "id_function", `null`, `{}`},
		{"absent payload: the event is {}", "id_function", ``, `{}`},
		{"object payload is the event", "id_function", `{"body":"string body"}`, `{"body":"string body"}`},
		{"a string payload is the body's JSON text", "id_function", `"0.0"`, `0.0`},
		{"a string payload holding a JSON string", "id_function", `"\"HelloWorld\""`, `"HelloWorld"`},
		{"a string payload holding an array", "id_function", `"[]"`, `[]`},
		{"function by ARN", fnARN + "id_function", `{"k":1}`, `{"k":1}`},
		{"function by qualified ARN", fnARN + "id_function:$LATEST", `{"k":1}`, `{"k":1}`},
		{"function by partial ARN", "111111111111:function:id_function", `{"k":1}`, `{"k":1}`},
		{"raw bytes body", "return_bytes_str", `"\"'{'Hello':'World'}'\""`, `"HelloWorld!"`},
		{"python repr of the event", "return_decorated_input", `["string-literal",{"k":[1,2.5,null,true,"it's"]}]`,
			`"input-event-['string-literal', {'k': [1, 2.5, None, True, \"it's\"]}]"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := testLambdas(t)
			got, took, err := l.Run(&asl.TaskRequest{State: "S", Resource: lambdaInvoke, Input: invokeParams(t, tt.function, tt.payload)})
			require.NoError(t, err)
			assert.Zero(t, took)
			res, ok := got.(*value.Object)
			require.True(t, ok, "result %T", got)
			assert.Equal(t, []string{"ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"}, res.Keys())
			assert.Equal(t, "$LATEST", get(res, "ExecutedVersion"))
			assert.True(t, value.Equal(value.IntNumber(200), get(res, "StatusCode")))
			assert.True(t, value.Equal(mustValue(t, tt.want), get(res, "Payload")), "payload %s", value.String(get(res, "Payload")))
			md := asObject(get(res, "SdkHttpMetadata"))
			require.NotNil(t, md)
			assert.Equal(t, []string{"AllHttpHeaders", "HttpHeaders", "HttpStatusCode"}, md.Keys())
			hs := asObject(get(md, "HttpHeaders"))
			assert.Equal(t, "Thu, 14 Mar 2024 15:09:26 GMT", get(hs, "Date"))
			assert.Equal(t, get(asObject(get(res, "SdkResponseMetadata")), "RequestId"), get(hs, "x-amzn-RequestId"))
		})
	}
}

func TestLambdaInvokeRecordedShape(t *testing.T) {
	// The recorded answer to id_function with a null payload, placeholders
	// and all, must match what the double returns.
	recorded := mustValue(t, `{"ExecutedVersion": "$LATEST", "Payload": {}, "SdkHttpMetadata": {"AllHttpHeaders": {"X-Amz-Executed-Version": ["$LATEST"], "x-amzn-Remapped-Content-Length": ["0"], "Connection": ["keep-alive"], "x-amzn-RequestId": "x-amzn-RequestId", "Content-Length": ["2"], "Date": "date", "X-Amzn-Trace-Id": "X-Amzn-Trace-Id", "Content-Type": ["application/json"]}, "HttpHeaders": {"Connection": "keep-alive", "Content-Length": "2", "Content-Type": "application/json", "Date": "date", "X-Amz-Executed-Version": "$LATEST", "x-amzn-Remapped-Content-Length": "0", "x-amzn-RequestId": "x-amzn-RequestId", "X-Amzn-Trace-Id": "X-Amzn-Trace-Id"}, "HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "RequestId"}, "StatusCode": 200}`)
	l := testLambdas(t)
	got, _, err := l.Run(&asl.TaskRequest{Resource: lambdaInvoke, Input: invokeParams(t, "id_function", "null")})
	require.NoError(t, err)
	c := &Case{Expected: Expected{Status: "SUCCEEDED", Output: recorded, HasOutput: true}}
	assert.Empty(t, Compare(c, &Outcome{Status: "SUCCEEDED", Output: got}))
	// Even without the wildcard the headers agree with the recording where
	// they are not per-request values.
	all := asObject(get(asObject(get(got.(*value.Object), "SdkHttpMetadata")), "AllHttpHeaders"))
	assert.Equal(t, []any{"2"}, get(all, "Content-Length"))
	assert.Equal(t, []any{"$LATEST"}, get(all, "X-Amz-Executed-Version"))
}

func TestLambdaInvokeErrors(t *testing.T) {
	tests := []struct {
		name     string
		function string
		errName  string
		cause    string
	}{
		{"function error, compact document", "raise_exception", "Exception", recordedInvokeCause},
		{"custom exception with an empty message", "raise_custom_exception", "CustomException", recordedCustomInvoke},
		{"function not found", "no_such_raise_exception", "Lambda.ResourceNotFoundException", recordedNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := testLambdas(t)
			_, _, err := l.Run(&asl.TaskRequest{Resource: lambdaInvoke, Input: invokeParams(t, tt.function, "null")})
			var fe *failure.Error
			require.True(t, errors.As(err, &fe), "want a *failure.Error, got %v", err)
			assert.Equal(t, tt.errName, fe.Name)
			assert.True(t, MatchPlaceholder(tt.cause, fe.Cause), "cause %s", fe.Cause)
		})
	}
	t.Run("direct custom exception", func(t *testing.T) {
		l, err := NewLambdas([]Need{{Kind: NeedLambdaDirect, Resource: fnARN + "raise_custom_exception", Handler: "raise_custom_exception.py"}}, nil)
		require.NoError(t, err)
		_, _, err = l.Run(&asl.TaskRequest{Resource: fnARN + "raise_custom_exception", Input: value.NewObject(0)})
		var fe *failure.Error
		require.True(t, errors.As(err, &fe))
		assert.Equal(t, "CustomException", fe.Name)
		assert.True(t, MatchPlaceholder(recordedCustomDirect, fe.Cause), "cause %s", fe.Cause)
		// A Catch on Lambda.Unknown must not catch it.
		assert.False(t, failure.Matches([]string{"Lambda.Unknown"}, fe.Name))
	})
	t.Run("payload that is not JSON text", func(t *testing.T) {
		l := testLambdas(t)
		_, _, err := l.Run(&asl.TaskRequest{Resource: lambdaInvoke, Input: invokeParams(t, "id_function", `"not json"`)})
		var fe *failure.Error
		require.True(t, errors.As(err, &fe))
		assert.Equal(t, "Lambda.InvalidRequestContentException", fe.Name)
	})
	t.Run("no FunctionName", func(t *testing.T) {
		l := testLambdas(t)
		_, _, err := l.Run(&asl.TaskRequest{Resource: lambdaInvoke, Input: value.NewObject(0)})
		assert.Error(t, err)
	})
	t.Run("a resource the doubles do not serve", func(t *testing.T) {
		l := testLambdas(t)
		_, _, err := l.Run(&asl.TaskRequest{Resource: "arn:aws:states:::sqs:sendMessage", Input: value.NewObject(0)})
		var fe *failure.Error
		require.True(t, errors.As(err, &fe))
		assert.Equal(t, failure.TaskFailed, fe.Name)
	})
}

func TestLambdaTimingAndSize(t *testing.T) {
	l := testLambdas(t)
	_, took, err := l.Run(&asl.TaskRequest{Resource: lambdaInvoke, Input: invokeParams(t, "wait_60_seconds", "null"), TimeoutSeconds: 5})
	require.NoError(t, err)
	assert.Equal(t, 60*time.Second, took, "the runtime turns this into States.Timeout")

	got, _, err := l.Run(&asl.TaskRequest{Resource: lambdaInvoke, Input: invokeParams(t, "large_output_string", "null")})
	require.NoError(t, err)
	p, ok := get(got.(*value.Object), "Payload").(string)
	require.True(t, ok)
	assert.Len(t, p, 257*1024)
	assert.Greater(t, value.Size(got, 0), 256*1024, "over AWS's payload limit")
}

func TestLambdaLogTail(t *testing.T) {
	l := testLambdas(t)
	params := invokeParams(t, "id_function", "null").(*value.Object)
	params.Set("LogType", "Tail")
	got, _, err := l.Run(&asl.TaskRequest{Resource: lambdaInvoke, Input: params})
	require.NoError(t, err)
	res := got.(*value.Object)
	assert.Equal(t, []string{"ExecutedVersion", "LogResult", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"}, res.Keys())
	logs, err := base64.StdEncoding.DecodeString(get(res, "LogResult").(string))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(logs), "START RequestId: "))
}

func TestLambdaRequestIDsAreRepeatable(t *testing.T) {
	run := func() string {
		l := testLambdas(t)
		got, _, err := l.Run(&asl.TaskRequest{Resource: lambdaInvoke, Input: invokeParams(t, "id_function", "null")})
		require.NoError(t, err)
		return get(asObject(get(got.(*value.Object), "SdkResponseMetadata")), "RequestId").(string)
	}
	a, b := run(), run()
	assert.Equal(t, a, b)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, a)
}

func TestNewLambdasUnknownHandler(t *testing.T) {
	_, err := NewLambdas([]Need{{Kind: NeedLambdaFunction, FunctionName: "f", Handler: "mystery.py"}}, nil)
	assert.Error(t, err)
}

func TestParseFunctionName(t *testing.T) {
	tests := []struct{ in, name, qualifier, arn string }{
		{"f", "f", "", fnARN + "f"},
		{"f:prod", "f", "prod", fnARN + "f"},
		{"222222222222:function:f", "f", "", "arn:aws:lambda:us-east-1:222222222222:function:f"},
		{"arn:aws:lambda:eu-west-1:222222222222:function:f:7", "f", "7", "arn:aws:lambda:eu-west-1:222222222222:function:f"},
	}
	for _, tt := range tests {
		name, q, arn := parseFunctionName(tt.in)
		assert.Equal(t, tt.name, name, tt.in)
		assert.Equal(t, tt.qualifier, q, tt.in)
		assert.Equal(t, tt.arn, arn, tt.in)
	}
}
