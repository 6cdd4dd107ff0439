package testsuite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

func mustValue(t testing.TB, s string) any {
	t.Helper()
	v, err := value.ParseString(s)
	require.NoError(t, err, s)
	return v
}

func TestMatchPlaceholder(t *testing.T) {
	tests := []struct {
		name string
		want string
		got  any
		ok   bool
	}{
		{"whole date token accepts a timestamp", "date", "2024-03-14T15:09:26.535Z", true},
		{"whole token accepts another JSON type", "RandomNumberGenerated", mustValue(t, "42"), true},
		{"whole uuid token", "<uuid:1>", "0b7bc3a1-8e7e-4b0e-9a4c-1f0f3e2d1c0b", true},
		{"whole role token", "snf_role_arn", "arn:aws:iam::111111111111:role/x", true},
		{"execution ARN", "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
			"arn:aws:states:us-east-1:123456789012:execution:sm:exec-1", true},
		{"execution ARN in another partition", "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
			"arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:sm:e", true},
		{"ARN with the wrong service", "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
			"arn:aws:lambda:us-east-1:123456789012:execution:sm:exec-1", false},
		{"ARN with an 11-digit account", "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
			"arn:aws:states:us-east-1:12345678901:stateMachine:sm", false},
		{"ARN with a non-AWS partition", "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
			"arn:gcp:states:us-east-1:123456789012:stateMachine:sm", false},
		{"a pattern does not match a number", "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
			mustValue(t, "1"), false},
		{"word date inside text accepts a timestamp", "started at date, done", "started at 2016-03-14T01:59:00Z, done", true},
		{"word date inside text accepts an offset timestamp", "at date", "at 2016-03-14T01:59:00.123+01:00", true},
		{"word date inside text accepts itself", "format: ISO-8601 extended offset date-time", "format: ISO-8601 extended offset date-time", true},
		{"word date inside text rejects a non-timestamp", "started at date, done", "started at yesterday, done", false},
		{"word date inside text rejects a timestamp without zone", "at date", "at 2016-03-14T01:59:00", false},
		{"literal text must match exactly", "The JSONPath '$.x' could not be found at date", "The JSONPath '$.y' could not be found at date", false},
		{"regexp metacharacters are literal", "cost (USD) = $5.00 <uuid:1>", "cost (USD) = $5.00 abc", true},
		{"regexp metacharacters are literal, negative", "cost (USD) = $5.00", "cost (USD) = $5X00", false},
		{"lazy wildcard spans a missing quote", `{"requestId":<request-id>","x":1}`, `{"requestId":"6a1b-22","x":1}`, true},
		{"wildcard keeps the rest literal", `{"requestId":<request-id>","x":1}`, `{"requestId":"6a1b-22","x":2}`, false},
		{"wildcard matches across newlines", "a <x> b", "a 1\n2 b", true},
		{"whole value must match, not a prefix", "Function not found: <name>", "Function not found: f (and more", true},
		{"whole value must match, suffix literal", "Function <name>:$LATEST", "Function f:$LATEST trailing", false},
		{"no tokens: exact match", "plain", "plain", true},
		{"no tokens: mismatch", "plain", "plain ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.ok, MatchPlaceholder(tt.want, tt.got))
		})
	}
}

func TestIsWholeToken(t *testing.T) {
	for _, s := range []string{"date", "timestamp", "<uuid:3>", "<ExpressExecArn_Part1_0idx>", "RequestId", "111111111111", "generated-uuid"} {
		assert.True(t, IsWholeToken(s), s)
	}
	for _, s := range []string{"dates", "a date", "<a> <b>", "", "arn:<partition>:", "<uuid:1>x"} {
		assert.False(t, IsWholeToken(s), s)
	}
}

func TestCompare(t *testing.T) {
	okCase := func(output string, placeholders ...string) *Case {
		return &Case{
			Expected:     Expected{Status: "SUCCEEDED", Output: mustValue(t, output), HasOutput: true},
			Placeholders: placeholders,
		}
	}
	failCase := func(errName string, cause any, placeholders ...string) *Case {
		c := &Case{Expected: Expected{Status: "FAILED", Error: errName, HasError: true}, Placeholders: placeholders}
		if cause != nil {
			c.Expected.Cause, c.Expected.HasCause = cause, true
		}
		return c
	}
	succeeded := func(output string) *Outcome {
		return &Outcome{Status: "SUCCEEDED", Output: mustValue(t, output)}
	}
	failed := func(name, cause string, has bool) *Outcome {
		return &Outcome{Status: "FAILED", Error: name, Cause: cause, HasCause: has}
	}
	lambdaCause := mustValue(t, `{"errorMessage":"boom","errorType":"Exception","requestId":"<uuid:1>","stackTrace":["x"]}`)

	tests := []struct {
		name  string
		c     *Case
		o     *Outcome
		paths []string // paths of the expected differences; nil: pass
	}{
		{"equal objects", okCase(`{"a":1,"b":[true,null,"x"]}`), succeeded(`{"a":1,"b":[true,null,"x"]}`), nil},
		{"key order does not matter", okCase(`{"a":1,"b":2}`), succeeded(`{"b":2,"a":1}`), nil},
		{"numbers compare by value", okCase(`{"a":1.0,"b":100}`), succeeded(`{"a":1,"b":1e2}`), nil},
		{"0.0 equals 0", okCase(`0.0`), succeeded(`0`), nil},
		{"different number", okCase(`{"a":1}`), succeeded(`{"a":2}`), []string{"expected.output.a"}},
		{"number is not a string", okCase(`{"a":1}`), succeeded(`{"a":"1"}`), []string{"expected.output.a"}},
		{"null is not absent", okCase(`{"a":null}`), succeeded(`{}`), []string{"expected.output.a"}},
		{"extra key", okCase(`{"a":1}`), succeeded(`{"a":1,"b":2}`), []string{"expected.output.b"}},
		{"array length", okCase(`[1,2]`), succeeded(`[1,2,3]`), []string{"expected.output"}},
		{"array element", okCase(`{"a":[1,{"b":2}]}`), succeeded(`{"a":[1,{"b":3}]}`), []string{"expected.output.a[1].b"}},
		{"non-object outputs", okCase(`"HelloWorld!"`), succeeded(`"HelloWorld!"`), nil},
		{"null output", okCase(`null`), succeeded(`null`), nil},
		{"null output vs object", okCase(`null`), succeeded(`{}`), []string{"expected.output"}},
		{"status first", okCase(`{}`), failed("States.Runtime", "x", true), []string{"expected.status"}},
		{"placeholder at a listed path", okCase(`{"id":"<uuid:1>","t":"date"}`, "expected.output.id", "expected.output.t"),
			succeeded(`{"id":"9f0c","t":"2024-01-01T00:00:00Z"}`), nil},
		{"placeholder tokens are literal at unlisted paths", okCase(`{"id":"<uuid:1>"}`), succeeded(`{"id":"9f0c"}`), []string{"expected.output.id"}},
		{"placeholder pattern mismatch", okCase(`{"arn":"arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>"}`, "expected.output.arn"),
			succeeded(`{"arn":"arn:aws:states:us-east-1:111111111111:activity:a"}`), []string{"expected.output.arn"}},
		{"whole-token placeholder accepts a number", okCase(`{"r":"RandomNumberGenerated"}`, "expected.output.r"), succeeded(`{"r":17}`), nil},
		{"placeholder in array element", okCase(`["<uuid:1>","x"]`, "expected.output[0]"), succeeded(`["abc","x"]`), nil},
		{"SDK metadata is a wildcard", okCase(`{"SdkHttpMetadata":{"HttpStatusCode":200,"H":{"Date":"x"}},"SdkResponseMetadata":{"RequestId":"RequestId"},"StatusCode":200}`),
			succeeded(`{"SdkHttpMetadata":{"other":true},"SdkResponseMetadata":{},"StatusCode":200}`), nil},
		{"SDK metadata must be present", okCase(`{"SdkHttpMetadata":{},"StatusCode":200}`), succeeded(`{"StatusCode":200}`), []string{"expected.output.SdkHttpMetadata"}},
		{"Lambda response members next to the metadata are exact", okCase(`{"SdkHttpMetadata":{},"StatusCode":200,"ExecutedVersion":"$LATEST"}`),
			succeeded(`{"SdkHttpMetadata":{},"StatusCode":202,"ExecutedVersion":"$LATEST"}`), []string{"expected.output.StatusCode"}},
		{"error and cause", failCase("States.Runtime", "boom"), failed("States.Runtime", "boom", true), nil},
		{"error name differs", failCase("States.Runtime", "boom"), failed("States.TaskFailed", "boom", true), []string{"expected.error"}},
		{"cause differs", failCase("States.Runtime", "boom"), failed("States.Runtime", "bang", true), []string{"expected.cause"}},
		{"no cause recorded, engine gives one", failCase("States.Timeout", nil), failed("States.Timeout", "", true), []string{"expected.cause"}},
		{"no cause recorded, none given", failCase("States.Timeout", nil), failed("States.Timeout", "", false), nil},
		{"cause recorded, none given", failCase("X", "boom"), failed("X", "", false), []string{"expected.cause"}},
		{"cause placeholder", failCase("States.Runtime", "state 'a' at date", "expected.cause"), failed("States.Runtime", "state 'a' at 2024-01-01T00:00:00.000Z", true), nil},
		{"object cause compares structurally", failCase("Exception", lambdaCause, "expected.cause.requestId"),
			failed("Exception", `{"errorMessage": "boom", "errorType": "Exception", "requestId": "1234", "stackTrace": ["x"]}`, true), nil},
		{"object cause member differs", failCase("Exception", lambdaCause, "expected.cause.requestId"),
			failed("Exception", `{"errorMessage":"bang","errorType":"Exception","requestId":"1234","stackTrace":["x"]}`, true), []string{"expected.cause.errorMessage"}},
		{"object cause needs JSON", failCase("Exception", lambdaCause), failed("Exception", "boom", true), []string{"expected.cause"}},
		{"failed without a recorded error", &Case{Expected: Expected{Status: "FAILED"}}, failed("", "", false), nil},
		{"failed without a recorded error, engine names one", &Case{Expected: Expected{Status: "FAILED"}}, failed("States.Runtime", "", false), []string{"expected.error"}},
		{"timed out records neither error nor cause", &Case{Expected: Expected{Status: "TIMED_OUT"}},
			&Outcome{Status: "TIMED_OUT", Error: "States.Timeout"}, nil},
		{"masked output compares status only", &Case{Expected: Expected{Status: "SUCCEEDED", OutputMasked: true}}, succeeded(`"anything"`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs := Compare(tt.c, tt.o)
			var paths []string
			for _, d := range diffs {
				paths = append(paths, d.Path)
			}
			assert.Equal(t, tt.paths, paths, "diffs: %v", diffs)
		})
	}
}

func TestCompareEvents(t *testing.T) {
	c := &Case{Events: []string{"ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}}
	match, _, ok := CompareEvents(c, &Outcome{Events: []string{"ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}})
	assert.True(t, ok)
	assert.True(t, match)

	match, diff, ok := CompareEvents(c, &Outcome{Events: []string{"ExecutionStarted", "PassStateEntered", "ExecutionSucceeded"}})
	assert.True(t, ok)
	assert.False(t, match)
	assert.Contains(t, diff, "event 3")

	match, _, ok = CompareEvents(c, &Outcome{Events: []string{"ExecutionStarted", "PassStateEntered", "PassStateExited"}})
	assert.True(t, ok)
	assert.False(t, match)

	_, _, ok = CompareEvents(&Case{}, &Outcome{Events: []string{"ExecutionStarted"}})
	assert.False(t, ok, "no recorded history: nothing to compare")
	_, _, ok = CompareEvents(c, &Outcome{})
	assert.False(t, ok, "engine without history: nothing to compare")
}

func TestCompareBoundsDiffs(t *testing.T) {
	want := value.NewObject(50)
	got := value.NewObject(50)
	for i := 0; i < 50; i++ {
		k := string(rune('A'+i%26)) + string(rune('a'+i/26))
		want.Set(k, value.IntNumber(int64(i)))
		got.Set(k, value.IntNumber(int64(i+1)))
	}
	c := &Case{Expected: Expected{Status: "SUCCEEDED", Output: want, HasOutput: true}}
	assert.Len(t, Compare(c, &Outcome{Status: "SUCCEEDED", Output: got}), maxDiffs)
}

// echoOutcome builds the outcome AWS recorded, with the partition token
// written as AWS's partition: what a perfect engine would produce.
func echoOutcome(c *Case) *Outcome {
	var fix func(v any) any
	fix = func(v any) any {
		switch v := v.(type) {
		case string:
			return strings.ReplaceAll(v, "arn:<partition>", "arn:aws")
		case []any:
			out := make([]any, len(v))
			for i, e := range v {
				out[i] = fix(e)
			}
			return out
		case *value.Object:
			out := value.NewObject(v.Len())
			for i := 0; i < v.Len(); i++ {
				k, e := v.At(i)
				out.Set(k, fix(e))
			}
			return out
		}
		return v
	}
	o := &Outcome{Status: c.Expected.Status, Output: fix(c.Expected.Output), Error: c.Expected.Error, HasCause: c.Expected.HasCause}
	if s, ok := c.Expected.Cause.(string); ok {
		o.Cause = fix(s).(string)
	} else if c.Expected.HasCause {
		o.Cause = value.String(fix(c.Expected.Cause))
	}
	return o
}

// TestCompareOnCorpus runs the comparator over every runnable corpus case:
// the recorded outcome itself must pass, and a wrong one must fail.
func TestCompareOnCorpus(t *testing.T) {
	root := corpusDir()
	if _, err := os.Stat(filepath.Join(root, "cases")); err != nil {
		t.Skipf("no corpus at %s", root)
	}
	cases, err := Load(filepath.Join(root, "cases"))
	require.NoError(t, err)
	checked := 0
	for _, c := range cases {
		if SkipReason(c) != "" {
			continue
		}
		checked++
		echo := echoOutcome(c)
		assert.Empty(t, Compare(c, echo), "%s: the recorded outcome must pass", c.Name)

		wrong := *echo
		switch {
		case c.Expected.OutputMasked || c.Expected.Status == "TIMED_OUT":
			wrong.Status = "ABORTED"
		case c.Expected.Status == "SUCCEEDED":
			wrong.Output = []any{echo.Output}
		default:
			wrong.Error += "X"
		}
		assert.NotEmpty(t, Compare(c, &wrong), "%s: a wrong outcome must fail", c.Name)

		if s, ok := c.Expected.Cause.(string); c.Expected.Status == "FAILED" && c.Expected.HasCause && !(ok && IsWholeToken(s)) {
			wrong := *echo
			wrong.Cause += " "
			if _, isObject := c.Expected.Cause.(*value.Object); isObject {
				wrong.Cause = "{" + wrong.Cause
			}
			assert.NotEmpty(t, Compare(c, &wrong), "%s: a different cause must fail", c.Name)
		}
	}
	assert.Greater(t, checked, 500)
}
