package payload

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

type fakeEnv struct{ vars map[string]any }

func (fakeEnv) UUID() string    { return "11111111-2222-4333-8444-555555555555" }
func (fakeEnv) Random() float64 { return 0.5 }
func (e fakeEnv) Variable(name string) (any, bool) {
	v, ok := e.vars[name]
	return v, ok
}

func compile(t *testing.T, tmpl string) *Template {
	t.Helper()
	tp, problems := Compile(mustParse(t, tmpl), "/States/S/Parameters")
	require.Empty(t, problems)
	require.NotNil(t, tp)
	return tp
}

func contextObject(t *testing.T, input any) any {
	t.Helper()
	ctx := mustParse(t, `{"Execution": {"Id": "arn:aws:states:us-east-1:111111111111:execution:sm:exec", "Name": "exec"},
		"StateMachine": {"Id": "arn:aws:states:us-east-1:111111111111:stateMachine:sm", "Name": "sm"},
		"State": {"Name": "S", "EnteredTime": "2024-01-01T00:00:00Z"}}`).(*value.Object)
	exec, _ := ctx.Get("Execution")
	e := exec.(*value.Object).Clone(1)
	e.Set("Input", input)
	ctx.Set("Execution", e)
	return ctx
}

// TestEval compares output text, so member order is checked too: literal
// members first in template order, then ".$" members in HashMap order, as
// the recordings named in the comments show.
func TestEval(t *testing.T) {
	tests := []struct {
		name, tmpl, input, want string
	}{
		{"paths", `{"a.$": "$.x", "b.$": "$"}`, `{"x": [1]}`, `{"a":[1],"b":{"x":[1]}}`},
		{"literals copied", `{"s": "$.not_a_path", "n": 1.50, "l": [true, null, "States.Array()"]}`, `{}`,
			`{"s":"$.not_a_path","n":1.50,"l":[true,null,"States.Array()"]}`},
		// test_map_state_legacy_reentrant: literal first, then ".$".
		{"literal before dynamic", `{"Iterations": 3, "Values.$": "States.ArrayRange(0, 3, 1)"}`, `{}`, `{"Iterations":3,"Values":[0,1,2,3]}`},
		// ... and two ".$" members in HashMap order.
		{"dynamic in HashMap order", `{"Iterations.$": "States.MathAdd($.Iterations, -1)", "Values.$": "$.Values"}`,
			`{"Iterations": 3, "Values": [0, 1]}`, `{"Values":[0,1],"Iterations":2}`},
		// test_lambda_service_invoke: a literal object member comes first.
		{"literal object first", `{"FunctionName.$": "$.fn", "Payload": {"k": "v"}}`, `{"fn": "f"}`, `{"Payload":{"k":"v"},"FunctionName":"f"}`},
		// test_reference_assign BASE_REFERENCE_IN_INTRINSIC_FUNCTION: nested
		// objects are ordered the same way, the outer literal keys keep
		// template order.
		{"nested objects", `{"encodingOps": {"encoded.$": "States.Base64Encode($.raw)", "decoded.$": "States.Base64Decode($.enc)"},
			"hashOps": {"hashValue.$": "States.Hash($.raw, 'MD5')"}}`,
			`{"raw": "Hello World", "enc": "SGVsbG8gV29ybGQ="}`,
			`{"encodingOps":{"decoded":"Hello World","encoded":"SGVsbG8gV29ybGQ="},"hashOps":{"hashValue":"b10a8db164e0754105b7a99be72e3fe5"}}`},
		{"array elements", `{"l": [1, {"a.$": "$.x"}, [{"b.$": "$.y"}]]}`, `{"x": "X", "y": "Y"}`, `{"l":[1,{"a":"X"},[{"b":"Y"}]]}`},
		{"context", `{"id.$": "$$.Execution.Id", "in.$": "$$.Execution.Input.k"}`, `{"k": 5}`,
			`{"in":5,"id":"arn:aws:states:us-east-1:111111111111:execution:sm:exec"}`},
		{"context in intrinsic", `{"m.$": "States.Format('{}/{}', $$.StateMachine.Name, $.k)"}`, `{"k": 5}`, `{"m":"sm/5"}`},
		{"variables", `{"v.$": "$var", "w.$": "$obj.a[1]", "f.$": "States.Format('{}', $var)"}`, `{}`, `{"v":"val","f":"val","w":2}`},
		{"literal and dynamic with the same name", `{"a": 1, "a.$": "$.x"}`, `{"x": 2}`, `{"a":2}`},
		{"scalar template", `"just text"`, `{}`, `"just text"`},
		{"uuid", `{"id.$": "States.UUID()"}`, `{}`, `{"id":"11111111-2222-4333-8444-555555555555"}`},
		{"empty", `{}`, `{"a": 1}`, `{}`},
	}
	env := fakeEnv{vars: map[string]any{"var": "val", "obj": mustParse(t, `{"a": [1, 2]}`)}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := compile(t, tt.tmpl)
			input := mustParse(t, tt.input)
			got, err := tp.Eval(input, contextObject(t, input), env)
			require.NoError(t, err)
			assert.Equal(t, tt.want, value.String(got))
		})
	}
}

func TestStaticTreesAreShared(t *testing.T) {
	tmpl := mustParse(t, `{"static": {"a": [1, 2]}, "d.$": "$.x"}`)
	tp, problems := Compile(tmpl, "")
	require.Empty(t, problems)
	got, err := tp.Eval(mustParse(t, `{"x": 1}`), nil, nil)
	require.NoError(t, err)
	want, _ := tmpl.(*value.Object).Get("static")
	have, _ := got.(*value.Object).Get("static")
	assert.Same(t, want.(*value.Object), have.(*value.Object), "a literal sub-tree is the definition's own value")

	// A template without ".$" members evaluates to itself.
	tmpl = mustParse(t, `{"a": {"b": ["c"]}}`)
	tp, _ = Compile(tmpl, "")
	got, err = tp.Eval(nil, nil, nil)
	require.NoError(t, err)
	assert.Same(t, tmpl.(*value.Object), got.(*value.Object))
}

// TestEvalErrors checks AWS's causes, without the "An error occurred while
// executing the state ..." prefix the interpreter adds
// (test_invalid_jsonpath INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH /
// _CONTEXTPATH; the input text is AWS's compact JSON of the state input).
func TestEvalErrors(t *testing.T) {
	tests := []struct {
		name, tmpl, input, cause string
	}{
		{"path", `{"value.$": "$.no_such_jsonpath"}`, `{"int-literal": 0}`,
			`The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`},
		{"context path", `{"value.$": "$$.Execution.Input.no_such_jsonpath"}`, `{"int-literal": 0}`,
			`The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"int-literal":0}'`},
		{"path in an intrinsic", `{"value.$": "States.Base64Decode($.missing)"}`, `{}`,
			`The JSONPath '$.missing' specified for the field 'value.$' could not be found in the input '{}'`},
		{"nested field", `{"outer": {"inner.$": "$.a.b"}}`, `{"a": 1}`,
			`The JSONPath '$.a.b' specified for the field 'inner.$' could not be found in the input '{"a":1}'`},
		{"undefined variable", `{"v.$": "$nope"}`, `{}`,
			`The JSONPath '$nope' specified for the field 'v.$' could not be found in the input '{}'`},
		{"invalid argument", `{"sum.$": "States.MathAdd($.a, 1)"}`, `{"a": "one"}`, `Invalid arguments in States.MathAdd`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := compile(t, tt.tmpl)
			input := mustParse(t, tt.input)
			_, err := tp.Eval(input, contextObject(t, input), fakeEnv{})
			var fe *failure.Error
			require.True(t, errors.As(err, &fe), "want a *failure.Error, got %T %v", err, err)
			assert.Equal(t, failure.Runtime, fe.Name)
			assert.Equal(t, tt.cause, fe.Cause)
		})
	}
}

func TestCompileProblems(t *testing.T) {
	tests := []struct {
		name, tmpl string
		want       []value.Problem
	}{
		{"not a string", `{"a.$": 1}`, []value.Problem{{Pointer: "/P/a.$",
			Message: "the value for the field 'a.$' must be a string holding a JSONPath or an intrinsic function call, not a number"}}},
		{"object", `{"a.$": {"b": 1}}`, []value.Problem{{Pointer: "/P/a.$",
			Message: "the value for the field 'a.$' must be a string holding a JSONPath or an intrinsic function call, not an object"}}},
		{"plain text", `{"a.$": "something else"}`, []value.Problem{{Pointer: "/P/a.$",
			Message: `the value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call: "something else" is neither a path (starting with '$') nor a call (starting with 'States.')`}}},
		{"space before the call", `{"abc.$": " States.Array('Foo', $.xyz, 'Bar', 2.3)"}`, []value.Problem{{Pointer: "/P/abc.$",
			Message: `the value for the field 'abc.$' must be a valid JSONPath or a valid intrinsic function call: " States.Array('Foo', $.xyz, 'Bar', 2.3)" is neither a path (starting with '$') nor a call (starting with 'States.')`}}},
		{"unknown function", `{"abc.$": "States.Xyz($.result)"}`, nil},
		{"bad path", `{"x": [{"b.$": "$.a["}]}`, nil},
		{"escaped pointer", `{"a/b": {"c~d.$": null}}`, []value.Problem{{Pointer: "/P/a~1b/c~0d.$",
			Message: "the value for the field 'c~d.$' must be a string holding a JSONPath or an intrinsic function call, not null"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, problems := Compile(mustParse(t, tt.tmpl), "/P")
			assert.Nil(t, tp)
			require.Len(t, problems, 1)
			if tt.want != nil {
				assert.Equal(t, tt.want, problems)
			}
		})
	}

	// Every problem is reported, in document order.
	_, problems := Compile(mustParse(t, `{"a.$": 1, "ok.$": "$.x", "b": {"c.$": "States.Format('{}')"}, "d.$": "$$.a["}`), "/P")
	require.Len(t, problems, 3)
	assert.Equal(t, "/P/a.$", problems[0].Pointer)
	assert.Equal(t, "/P/b/c.$", problems[1].Pointer)
	assert.Contains(t, problems[1].Message, "the template has 1 {} placeholders but 0 values follow it")
	assert.Equal(t, "/P/d.$", problems[2].Pointer)

	problem := func(tmpl string) string {
		_, ps := Compile(mustParse(t, tmpl), "/P")
		require.Len(t, ps, 1)
		return ps[0].Message
	}
	assert.Contains(t, problem(`{"abc.$": "States.Xyz($.result)"}`), "unknown intrinsic function States.Xyz")
	assert.Contains(t, problem(`{"x": [{"b.$": "$.a["}]}`), `"$.a["`)
}

func TestUsesContext(t *testing.T) {
	tests := []struct {
		tmpl string
		want bool
	}{
		{`{"a.$": "$.x", "b": "$$.not_a_path"}`, false},
		{`{"a": [{"b.$": "$$.Map.Item.Value"}]}`, true},
		{`{"a.$": "States.Format('{}', $$.Execution.Id)"}`, true},
		{`{"a.$": "$var"}`, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, compile(t, tt.tmpl).UsesContext(), tt.tmpl)
	}
}
