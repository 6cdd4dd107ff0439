package intrinsic

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusCalls are intrinsic calls from the conformance corpus that AWS and
// the validators accept (cases/*, validation/*/valid).
var corpusCalls = []string{
	"States.Array($.FunctionInput.fst, $.FunctionInput.snd)",
	"States.Array($.foo, $.baz.quz, $.boo)",
	"States.Array('Foo', $.xyz, 'Bar', 2.3)",
	"States.Array('Foo', 2020, $.someJson, null)",
	"States.Array('a', 'b', 'c')",
	"States.Array()",
	"States.ArrayContains($.boo, $.boo[0])",
	"States.ArrayContains($.inputArray, 5)",
	"States.ArrayGetItem($.boo, 0)",
	"States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)",
	"States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
	"States.ArrayLength($.FunctionInput)",
	"States.ArrayPartition($.inputArray,4)",
	"States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)",
	"States.ArrayRange(0, 3, 1)",
	"States.ArrayUnique($.boo)",
	"States.Format($.AnswerTemplate, $$.Map.Item.Value)",
	"States.Format($.template, $.firstName, $.lastName)    ",
	"States.Format($AnswerTemplate, $$.Map.Item.Value)",
	"States.Format('Format Func {}', $varname)",
	"States.Format('Format:{}', 101)",
	"States.Format('Formatting arguments fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)",
	"States.Format('Hello {}, your application has been approved.', $inputPayload.data.firstname)",
	`States.Format('Welcome to {} {}\'s playlist.', $.firstName, $.lastName)`,
	"States.Format('one {}\ntwo {}', $.firstName, 'literal')",
	"States.Format('this is the error: {}, and this is the cause: {}', States.ArrayGetItem($.inputArray, $.index), $.Cause)",
	"States.Format('{} xyz {}', 1, 'def')",
	"States.Format('{}{}', $.field1, $field2)",
	"States.Hash($.Data, $.Algorithm)",
	"States.Hash($.inputString, 'SHA-256')",
	"States.JsonMerge($.FunctionInput.fst, $.FunctionInput.snd, false)",
	`States.JsonMerge(States.StringToJson('{"constant_in_literal": "false"}'), $$.Execution.Input.input_field, false)`,
	"States.JsonToString($)",
	"States.JsonToString($)    ",
	"States.MathAdd($.Iterations, -1)",
	"States.MathAdd($.boo[0], $.boo[1])",
	"States.MathAdd(States.ArrayLength($$.Execution.Input.machines),-1)",
	"States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)",
	"States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)",
	"States.MathRandom($.boo[0], $.boo[2])",
	"States.StringSplit($$.Execution.Input.FunctionInput, ',')",
	"States.StringSplit('Hello\nWorld', '\n')",
	"States.StringToJson($.escaped)    ",
	"States.UUID()",
	// From the AWS developer guide (whose version has a value missing for
	// its third placeholder; AWS rejects that).
	"States.Format('{}.{}.{}', $.a, States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
}

func TestParseCorpusCalls(t *testing.T) {
	for _, s := range corpusCalls {
		t.Run(s, func(t *testing.T) {
			c, err := Parse(s)
			require.NoError(t, err)
			again, err := Parse(c.String())
			require.NoError(t, err, "String() %q does not parse", c.String())
			assert.Equal(t, c.String(), again.String())
		})
	}
}

func TestParseString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"States.Array( $.a ,$.b )", "States.Array($.a, $.b)"},
		{"States.MathAdd(States.ArrayLength($$.Execution.Input.machines),-1)", "States.MathAdd(States.ArrayLength($$.Execution.Input.machines), -1)"},
		{`States.Format('it\'s \{\} {}', true)`, `States.Format('it\'s \{\} {}', true)`},
		{"States.Array(-0.5e+3, null, false)", "States.Array(-0.5e+3, null, false)"},
		{"States.Array($var, $var.a[0], $$.Map.Item.Value)\t", "States.Array($var, $var.a[0], $$.Map.Item.Value)"},
	}
	for _, tt := range tests {
		c, err := Parse(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, c.String())
	}
}

func TestParseName(t *testing.T) {
	c, err := Parse("States.JsonToString($.a)")
	require.NoError(t, err)
	assert.Equal(t, "States.JsonToString", c.Name())
}

func TestUsesContext(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"States.Array($.a)", false},
		{"States.Array($$.Execution.Id)", true},
		{"States.Format('{}', States.Array(States.JsonToString($$.Map.Item.Value)))", true},
		{"States.Array($var)", false},
		{"States.Format('$$')", false},
	}
	for _, tt := range tests {
		c, err := Parse(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, c.UsesContext(), tt.in)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		// Syntax (the invalid documents of the validators' corpora).
		{"  States.Format($.template, $.firstName, $.lastName)", `starts with "States."`},
		{"States.JsonToString($", "expected"},
		{"States.StringToJson $.escaped)", `expected "(" after States.StringToJson`},
		{"States. ", "unexpected"},
		{"JsonToString($)", `starts with "States."`},
		{"States\nJsonToString($)", `starts with "States."`},
		{"States.Xyz($.result)", "unknown intrinsic function States.Xyz"},
		{"States.Array($.a) trailing", `unexpected "trailing"`},
		{"States.Array($.a) )", "after the end of the call"},
		{"States.Array(", "expected an argument"},
		{"States.Array([1,2])", "unexpected character"},
		{"States.Array(1.)", "invalid number"},
		{"States.Array(.5)", "unexpected character"},
		{"States.Array(01)", "no leading zeros"},
		{"States.Array(1abc)", "invalid number"},
		{"States.Array('abc)", "unterminated string"},
		{`States.Array('a\nb')`, `invalid escape "\\n"`},
		{`States.Array('a\"b')`, `invalid escape`},
		{"States.Array($.a, )", "expected an argument"},
		{"States.Array(,)", "expected an argument"},
		{"States.Array($.a $.b)", `expected "," or ")"`},
		{"States.Array(undefined)", `unexpected "undefined"`},
		{"States.Array($.a[)", "invalid path"},
		{"States.Array($1)", "invalid path"},
		{"States.Array(" + strings.Repeat("States.Array(", 10) + strings.Repeat(")", 11), "nest more than 10"},

		// Arity.
		{"States.UUID(1)", "States.UUID takes 0 arguments, not 1"},
		{"States.Format()", "States.Format takes at least 1 argument, not 0"},
		{"States.MathAdd(1)", "States.MathAdd takes 2 arguments, not 1"},
		{"States.MathRandom(1, 2, 3, 4)", "States.MathRandom takes 2 or 3 arguments, not 4"},
		{"States.JsonMerge($.a, $.b)", "States.JsonMerge takes 3 arguments, not 2"},
		{"States.ArrayGetItem($.a)", "States.ArrayGetItem takes 2 arguments, not 1"},

		// Literal arguments that can never work.
		{"States.MathAdd('a', $.x)", "States.MathAdd: argument 1 must be a number, not the string 'a'"},
		{"States.ArrayLength('not-array')", "argument 1 must be an array, not the string 'not-array'"},
		{"States.ArrayPartition($.a, null)", "argument 2 must be a number, not null"},
		{"States.Base64Encode(123)", "argument 1 must be a string, not the number 123"},
		{"States.Format(123)", "argument 1 must be a string"},
		{"States.JsonMerge(States.Array(), $.b, false)", "argument 1 must be an object, not an array"},
		{"States.Format('{} {}', $.a)", "the template has 2 {} placeholders but 1 values follow it"},
		{"States.Format('{}', $.a, $.b)", "the template has 1 {} placeholders but 2 values follow it"},
		{"States.Format('Hello {', $.a)", "does not open a {} placeholder"},
		{"States.Format('Hello {{}}', $.a)", "does not open a {} placeholder"},
		{"States.Format('}')", "does not close a {} placeholder"},
		{"States.ArrayRange(1, 1001, 1)", "the range has 1001 items; at most 1000"},
		{"States.ArrayRange($.a, 10, 0)", "the step (third argument) must not be 0"},
		{"States.ArrayPartition($.a, 0.49)", "the chunk size must be a positive integer"},
		{"States.ArrayGetItem($.a, -1)", "the index must not be negative"},
		{"States.Hash($.a, 'SHA256')", "unknown hash algorithm 'SHA256'"},
		{"States.JsonMerge($.a, $.b, true)", "deep merging is not supported"},
		{"States.MathRandom(1.4, 1.6)", "the start (1.4) must be less than the end (1.6)"},
		{"States.MathAdd(2147483647, 1)", "does not fit in a 32-bit integer"},
		{"States.StringToJson('{bad')", "the string is not JSON"},
		{"States.Base64Decode('" + strings.Repeat("A", 10001) + "')", "at most 10000 are allowed"},
		{"States.ArrayUnique(States.StringSplit('a', ','), 1)", "States.ArrayUnique takes 1 argument, not 2"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := Parse(tt.in)
			require.Error(t, err, "parsed as %v", c)
			assert.Contains(t, err.Error(), tt.want)
			var se *SyntaxError
			assert.True(t, errors.As(err, &se), "want a *SyntaxError, got %T", err)
		})
	}
}

func TestSyntaxErrorOffset(t *testing.T) {
	_, err := Parse("States.Array($.a, 'x\\q')")
	var se *SyntaxError
	require.True(t, errors.As(err, &se))
	assert.Equal(t, 20, se.Offset)
}

func TestIsCall(t *testing.T) {
	assert.True(t, IsCall("States.Array()"))
	assert.True(t, IsCall("States.anything"))
	assert.False(t, IsCall(" States.Array()"))
	assert.False(t, IsCall("$.a"))
	assert.False(t, IsCall("states.Array()"))
}
