package choice

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

func parseObject(t testing.TB, s string) *value.Object {
	t.Helper()
	v, err := value.ParseString(s)
	require.NoError(t, err)
	o, ok := v.(*value.Object)
	require.True(t, ok, "not an object: %s", s)
	return o
}

func parse(t testing.TB, s string) any {
	t.Helper()
	v, err := value.ParseString(s)
	require.NoError(t, err)
	return v
}

// nested compiles a rule as an And/Or/Not operand (no Next).
func nested(t testing.TB, s string) *Rule {
	t.Helper()
	r, problems := Compile(parseObject(t, s), "/States/C/Choices/0", false)
	require.Empty(t, problems)
	require.NotNil(t, r)
	return r
}

func TestEval(t *testing.T) {
	tests := []struct {
		name  string
		rule  string
		input string
		want  bool
	}{
		// Strings: exact, case-sensitive, Java compareTo order.
		{"StringEquals match", `{"Variable":"$.v","StringEquals":"Hello"}`, `{"v":"Hello"}`, true},
		{"StringEquals case", `{"Variable":"$.v","StringEquals":"Hello"}`, `{"v":"hello"}`, false},
		{"StringEquals on number", `{"Variable":"$.v","StringEquals":"1"}`, `{"v":1}`, false},
		{"StringEquals on null", `{"Variable":"$.v","StringEquals":"null"}`, `{"v":null}`, false},
		{"StringLessThan prefix", `{"Variable":"$.v","StringLessThan":"AB"}`, `{"v":"A"}`, true},
		{"StringLessThan equal", `{"Variable":"$.v","StringLessThan":"A"}`, `{"v":"A"}`, false},
		{"StringGreaterThan", `{"Variable":"$.v","StringGreaterThan":"a"}`, `{"v":"b"}`, true},
		{"StringGreaterThan upper before lower", `{"Variable":"$.v","StringGreaterThan":"a"}`, `{"v":"B"}`, false},
		{"StringLessThanEquals equal", `{"Variable":"$.v","StringLessThanEquals":"abc"}`, `{"v":"abc"}`, true},
		{"StringGreaterThanEquals", `{"Variable":"$.v","StringGreaterThanEquals":"abd"}`, `{"v":"abc"}`, false},
		// U+1F600 is a surrogate pair (0xD83D...) in UTF-16, so it sorts
		// before U+FF5E although its code point is larger.
		{"StringLessThan UTF-16 order", `{"Variable":"$.v","StringLessThan":"\uff5e"}`, `{"v":"\ud83d\ude00"}`, true},
		{"StringGreaterThan UTF-16 order", `{"Variable":"$.v","StringGreaterThan":"\uff5e"}`, `{"v":"\ud83d\ude00"}`, false},
		{"StringLessThan BMP below surrogates", `{"Variable":"$.v","StringLessThan":"\ud83d\ude00"}`, `{"v":"\u4e2d"}`, true},

		// StringMatches.
		{"StringMatches prefix", `{"Variable":"$.v","StringMatches":"log-*.txt"}`, `{"v":"log-2024.txt"}`, true},
		{"StringMatches empty star", `{"Variable":"$.v","StringMatches":"log-*.txt"}`, `{"v":"log-.txt"}`, true},
		{"StringMatches miss", `{"Variable":"$.v","StringMatches":"log-*.txt"}`, `{"v":"log-2024.csv"}`, false},
		{"StringMatches whole string", `{"Variable":"$.v","StringMatches":"abc"}`, `{"v":"xabc"}`, false},
		{"StringMatches escaped star literal", `{"Variable":"$.v","StringMatches":"a\\*b"}`, `{"v":"a*b"}`, true},
		{"StringMatches escaped star not wildcard", `{"Variable":"$.v","StringMatches":"a\\*b"}`, `{"v":"axxb"}`, false},
		{"StringMatches escaped backslash", `{"Variable":"$.v","StringMatches":"a\\\\*"}`, `{"v":"a\\zzz"}`, true},
		{"StringMatches no regex", `{"Variable":"$.v","StringMatches":"a.c"}`, `{"v":"abc"}`, false},
		{"StringMatches regex chars literal", `{"Variable":"$.v","StringMatches":"(a|b)+?"}`, `{"v":"(a|b)+?"}`, true},
		{"StringMatches on number", `{"Variable":"$.v","StringMatches":"*"}`, `{"v":1}`, false},
		{"StringMatches star only", `{"Variable":"$.v","StringMatches":"*"}`, `{"v":""}`, true},
		{"StringMatches multibyte", `{"Variable":"$.v","StringMatches":"*é*"}`, `{"v":"café au lait"}`, true},

		// Numbers compare by value.
		{"NumericEquals 1 vs 1.0", `{"Variable":"$.v","NumericEquals":1}`, `{"v":1.0}`, true},
		{"NumericEquals 0 vs -0.0", `{"Variable":"$.v","NumericEquals":0}`, `{"v":-0.0}`, true},
		{"NumericEquals exponent", `{"Variable":"$.v","NumericEquals":1500}`, `{"v":1.5e3}`, true},
		{"NumericEquals decimals", `{"Variable":"$.v","NumericEquals":0.1}`, `{"v":0.10}`, true},
		{"NumericEquals 1.1 vs 1", `{"Variable":"$.v","NumericEquals":1}`, `{"v":1.1}`, false},
		{"NumericEquals big int exact", `{"Variable":"$.v","NumericEquals":9007199254740993}`, `{"v":9007199254740992}`, false},
		{"NumericEquals beyond int64", `{"Variable":"$.v","NumericEquals":123456789012345678901234567890}`, `{"v":123456789012345678901234567890}`, true},
		{"NumericEquals beyond int64 differs", `{"Variable":"$.v","NumericEquals":123456789012345678901234567890}`, `{"v":123456789012345678901234567891}`, false},
		{"NumericEquals on numeric string", `{"Variable":"$.v","NumericEquals":1}`, `{"v":"1"}`, false},
		{"NumericEquals on bool", `{"Variable":"$.v","NumericEquals":1}`, `{"v":true}`, false},
		{"NumericLessThan", `{"Variable":"$.v","NumericLessThan":10000}`, `{"v":9999}`, true},
		{"NumericLessThan equal", `{"Variable":"$.v","NumericLessThan":10000}`, `{"v":10000}`, false},
		{"NumericLessThan negative", `{"Variable":"$.v","NumericLessThan":-1}`, `{"v":-2}`, true},
		{"NumericLessThan fraction", `{"Variable":"$.v","NumericLessThan":1}`, `{"v":0.999999999999999999999}`, true},
		{"NumericGreaterThan", `{"Variable":"$.v","NumericGreaterThan":2.5}`, `{"v":3}`, true},
		{"NumericGreaterThan tiny", `{"Variable":"$.v","NumericGreaterThan":0}`, `{"v":1e-400}`, true},
		{"NumericLessThanEquals", `{"Variable":"$.v","NumericLessThanEquals":2.5}`, `{"v":2.50}`, true},
		{"NumericGreaterThanEquals", `{"Variable":"$.v","NumericGreaterThanEquals":-2.5}`, `{"v":-3}`, false},

		// Booleans.
		{"BooleanEquals true", `{"Variable":"$.v","BooleanEquals":true}`, `{"v":true}`, true},
		{"BooleanEquals false", `{"Variable":"$.v","BooleanEquals":false}`, `{"v":false}`, true},
		{"BooleanEquals mismatch", `{"Variable":"$.v","BooleanEquals":true}`, `{"v":false}`, false},
		{"BooleanEquals on string", `{"Variable":"$.v","BooleanEquals":true}`, `{"v":"true"}`, false},
		{"BooleanEquals on number", `{"Variable":"$.v","BooleanEquals":false}`, `{"v":0}`, false},

		// Timestamps compare as instants.
		{"TimestampEquals same", `{"Variable":"$.v","TimestampEquals":"2012-10-09T19:00:55Z"}`, `{"v":"2012-10-09T19:00:55Z"}`, true},
		{"TimestampEquals offset", `{"Variable":"$.v","TimestampEquals":"2012-10-09T19:00:55Z"}`, `{"v":"2012-10-09T21:00:55+02:00"}`, true},
		{"TimestampEquals zero fraction", `{"Variable":"$.v","TimestampEquals":"2012-10-09T19:00:55Z"}`, `{"v":"2012-10-09T19:00:55.000Z"}`, true},
		{"TimestampEquals fraction differs", `{"Variable":"$.v","TimestampEquals":"2012-10-09T19:00:55Z"}`, `{"v":"2012-10-09T19:00:55.000000001Z"}`, false},
		{"TimestampEquals no zone", `{"Variable":"$.v","TimestampEquals":"2012-10-09T19:00:55Z"}`, `{"v":"2012-10-09T19:00:55"}`, false},
		{"TimestampEquals space", `{"Variable":"$.v","TimestampEquals":"2012-10-09T19:00:55Z"}`, `{"v":"2012-10-09 19:00:55Z"}`, false},
		{"TimestampEquals on number", `{"Variable":"$.v","TimestampEquals":"2012-10-09T19:00:55Z"}`, `{"v":0}`, false},
		{"TimestampLessThan", `{"Variable":"$.v","TimestampLessThan":"2012-10-09T19:00:56Z"}`, `{"v":"2012-10-09T19:00:55.999Z"}`, true},
		{"TimestampLessThan across offset", `{"Variable":"$.v","TimestampLessThan":"2012-10-09T19:00:00Z"}`, `{"v":"2012-10-09T19:30:00+01:00"}`, true},
		{"TimestampGreaterThan", `{"Variable":"$.v","TimestampGreaterThan":"1999-12-31T23:59:59Z"}`, `{"v":"2000-01-01T00:00:00Z"}`, true},
		{"TimestampLessThanEquals", `{"Variable":"$.v","TimestampLessThanEquals":"2000-01-01T00:00:00Z"}`, `{"v":"2000-01-01T00:00:00Z"}`, true},
		{"TimestampGreaterThanEquals invalid input", `{"Variable":"$.v","TimestampGreaterThanEquals":"2000-01-01T00:00:00Z"}`, `{"v":"2000-02-30T00:00:00Z"}`, false},

		// Is* operators; false negates.
		{"IsNull null", `{"Variable":"$.v","IsNull":true}`, `{"v":null}`, true},
		{"IsNull string", `{"Variable":"$.v","IsNull":true}`, `{"v":"null"}`, false},
		{"IsNull false on value", `{"Variable":"$.v","IsNull":false}`, `{"v":0}`, true},
		{"IsPresent present", `{"Variable":"$.v","IsPresent":true}`, `{"v":null}`, true},
		{"IsPresent missing", `{"Variable":"$.v","IsPresent":true}`, `{}`, false},
		{"IsPresent false missing", `{"Variable":"$.v","IsPresent":false}`, `{}`, true},
		{"IsPresent false present", `{"Variable":"$.v","IsPresent":false}`, `{"v":1}`, false},
		{"IsPresent missing deeper", `{"Variable":"$.a.b.c","IsPresent":true}`, `{"a":{}}`, false},
		{"IsPresent through a scalar", `{"Variable":"$.a.b","IsPresent":true}`, `{"a":"x"}`, false},
		{"IsNumeric number", `{"Variable":"$.v","IsNumeric":true}`, `{"v":1.5}`, true},
		{"IsNumeric numeric string", `{"Variable":"$.v","IsNumeric":true}`, `{"v":"1.5"}`, false},
		{"IsNumeric false", `{"Variable":"$.v","IsNumeric":false}`, `{"v":"1"}`, true},
		{"IsString string", `{"Variable":"$.v","IsString":true}`, `{"v":""}`, true},
		{"IsString array", `{"Variable":"$.v","IsString":true}`, `{"v":[""]}`, false},
		{"IsBoolean bool", `{"Variable":"$.v","IsBoolean":true}`, `{"v":false}`, true},
		{"IsBoolean number", `{"Variable":"$.v","IsBoolean":false}`, `{"v":0}`, true},
		{"IsTimestamp valid", `{"Variable":"$.v","IsTimestamp":true}`, `{"v":"2016-03-14T01:59:00Z"}`, true},
		{"IsTimestamp offset", `{"Variable":"$.v","IsTimestamp":true}`, `{"v":"2016-03-14T01:59:00.123-05:30"}`, true},
		{"IsTimestamp no zone", `{"Variable":"$.v","IsTimestamp":true}`, `{"v":"2016-03-14T01:59:00"}`, false},
		{"IsTimestamp date only", `{"Variable":"$.v","IsTimestamp":false}`, `{"v":"2016-03-14"}`, true},
		{"IsTimestamp lowercase", `{"Variable":"$.v","IsTimestamp":true}`, `{"v":"2016-03-14t01:59:00z"}`, false},
		{"IsTimestamp number", `{"Variable":"$.v","IsTimestamp":true}`, `{"v":1457920740}`, false},

		// ...Path twins compare two input values of the same type.
		{"StringEqualsPath", `{"Variable":"$.a","StringEqualsPath":"$.b"}`, `{"a":"x","b":"x"}`, true},
		{"StringEqualsPath type mismatch", `{"Variable":"$.a","StringEqualsPath":"$.b"}`, `{"a":"1","b":1}`, false},
		{"StringLessThanPath", `{"Variable":"$.a","StringLessThanPath":"$.b"}`, `{"a":"AB","b":"ABC"}`, true},
		{"StringGreaterThanEqualsPath", `{"Variable":"$.a","StringGreaterThanEqualsPath":"$.b"}`, `{"a":"AB","b":"ABC"}`, false},
		{"NumericEqualsPath", `{"Variable":"$.a","NumericEqualsPath":"$.b"}`, `{"a":1,"b":1.0}`, true},
		{"NumericEqualsPath big", `{"Variable":"$.a","NumericEqualsPath":"$.b"}`, `{"a":18446744073709551617,"b":18446744073709551616}`, false},
		{"NumericLessThanPath", `{"Variable":"$.a","NumericLessThanPath":"$.b"}`, `{"a":-1e2,"b":-99}`, true},
		{"NumericGreaterThanPath string", `{"Variable":"$.a","NumericGreaterThanPath":"$.b"}`, `{"a":"8","b":1}`, false},
		{"NumericLessThanEqualsPath object", `{"Variable":"$.a","NumericLessThanEqualsPath":"$.b"}`, `{"a":8,"b":{"v":8}}`, false},
		{"NumericGreaterThanEqualsPath", `{"Variable":"$.a","NumericGreaterThanEqualsPath":"$.b"}`, `{"a":8,"b":8}`, true},
		{"BooleanEqualsPath", `{"Variable":"$.a","BooleanEqualsPath":"$.b"}`, `{"a":false,"b":false}`, true},
		{"BooleanEqualsPath mismatch", `{"Variable":"$.a","BooleanEqualsPath":"$.b"}`, `{"a":false,"b":true}`, false},
		{"BooleanEqualsPath number", `{"Variable":"$.a","BooleanEqualsPath":"$.b"}`, `{"a":1,"b":true}`, false},
		{"TimestampEqualsPath", `{"Variable":"$.a","TimestampEqualsPath":"$.b"}`, `{"a":"2020-01-01T00:00:00Z","b":"2020-01-01T01:00:00+01:00"}`, true},
		{"TimestampGreaterThanPath", `{"Variable":"$.a","TimestampGreaterThanPath":"$.b"}`, `{"a":"2020-01-01T00:00:01Z","b":"2020-01-01T00:00:00Z"}`, true},
		{"TimestampLessThanPath invalid other", `{"Variable":"$.a","TimestampLessThanPath":"$.b"}`, `{"a":"2020-01-01T00:00:00Z","b":"tomorrow"}`, false},
		{"TimestampLessThanEqualsPath", `{"Variable":"$.a","TimestampLessThanEqualsPath":"$.b"}`, `{"a":"2020-01-01T00:00:00Z","b":"2020-01-01T00:00:00Z"}`, true},
		{"TimestampGreaterThanEqualsPath", `{"Variable":"$.a","TimestampGreaterThanEqualsPath":"$.b"}`, `{"a":"2019-12-31T23:59:59Z","b":"2020-01-01T00:00:00Z"}`, false},
		{"Path comparing the whole input", `{"Variable":"$","StringEquals":"plain"}`, `"plain"`, true},

		// And, Or, Not and nesting.
		{"And all true", `{"And":[{"Variable":"$.v","NumericGreaterThanEquals":20},{"Variable":"$.v","NumericLessThan":30}]}`, `{"v":22}`, true},
		{"And one false", `{"And":[{"Variable":"$.v","NumericGreaterThanEquals":20},{"Variable":"$.v","NumericLessThan":30}]}`, `{"v":30}`, false},
		{"And short-circuits before a missing path", `{"And":[{"Variable":"$.v","IsPresent":true},{"Variable":"$.v","NumericEquals":1}]}`, `{}`, false},
		{"Or one true", `{"Or":[{"Variable":"$.v","StringEquals":"a"},{"Variable":"$.v","StringEquals":"b"}]}`, `{"v":"b"}`, true},
		{"Or none", `{"Or":[{"Variable":"$.v","StringEquals":"a"},{"Variable":"$.v","StringEquals":"b"}]}`, `{"v":"c"}`, false},
		{"Or short-circuits before a missing path", `{"Or":[{"Variable":"$.v","IsPresent":false},{"Variable":"$.v","NumericEquals":1}]}`, `{}`, true},
		{"Not", `{"Not":{"Variable":"$.type","StringEquals":"Private"}}`, `{"type":"Public"}`, true},
		{"Not not", `{"Not":{"Not":{"Variable":"$.v","BooleanEquals":true}}}`, `{"v":true}`, true},
		{"nested mix", `{"And":[{"Variable":"$","IsPresent":true},{"Or":[{"Variable":"$","IsString":true},{"And":[{"Variable":"$","IsNumeric":true},{"Variable":"$","NumericEquals":3}]}]}]}`, `3`, true},
		{"nested mix false", `{"And":[{"Variable":"$","IsPresent":true},{"Or":[{"Variable":"$","IsString":true},{"And":[{"Variable":"$","IsNumeric":true},{"Variable":"$","NumericEquals":3}]}]}]}`, `3.3`, false},
		{"array index", `{"Variable":"$.items[1].n","NumericEquals":2}`, `{"items":[{"n":1},{"n":2}]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := nested(t, tt.rule)
			got, err := r.Eval(parse(t, tt.input), value.NewObject(0))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "rule %s on %s", tt.rule, tt.input)
		})
	}
}

func TestEvalContext(t *testing.T) {
	ctx := parse(t, `{"Execution":{"Name":"run-1","Input":{"limit":5}},"State":{"RetryCount":2}}`)
	tests := []struct {
		name        string
		rule        string
		input       string
		want        bool
		usesContext bool
	}{
		{"variable from context", `{"Variable":"$$.Execution.Name","StringMatches":"run-*"}`, `{}`, true, true},
		{"path from context", `{"Variable":"$.n","NumericLessThanPath":"$$.Execution.Input.limit"}`, `{"n":4}`, true, true},
		{"context nested in And", `{"And":[{"Variable":"$.n","IsNumeric":true},{"Variable":"$$.State.RetryCount","NumericGreaterThan":1}]}`, `{"n":4}`, true, true},
		{"input only", `{"Variable":"$.n","NumericEquals":4}`, `{"n":4}`, true, false},
		{"context missing is IsPresent false", `{"Variable":"$$.Map.Item.Value","IsPresent":true}`, `{}`, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := nested(t, tt.rule)
			assert.Equal(t, tt.usesContext, r.UsesContext())
			got, err := r.Eval(parse(t, tt.input), ctx)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// A path that selects nothing fails the state with States.Runtime (AWS:
// "Invalid path '$.x': The choice state's condition path references an
// invalid value."), for every operator but IsPresent.
func TestEvalMissingPath(t *testing.T) {
	tests := []struct {
		name  string
		rule  string
		input string
		path  string
	}{
		{"StringEquals", `{"Variable":"$.missing","StringEquals":"a"}`, `{}`, "$.missing"},
		{"NumericEquals", `{"Variable":"$.value","NumericEquals":42}`, `{}`, "$.value"},
		{"BooleanEquals", `{"Variable":"$.approved","BooleanEquals":true}`, `{"status":"PENDING"}`, "$.approved"},
		{"IsNull", `{"Variable":"$.v","IsNull":false}`, `{}`, "$.v"},
		{"IsString", `{"Variable":"$.v","IsString":false}`, `{}`, "$.v"},
		{"IsTimestamp", `{"Variable":"$.v","IsTimestamp":false}`, `{}`, "$.v"},
		{"StringMatches", `{"Variable":"$.v","StringMatches":"*"}`, `{}`, "$.v"},
		{"deep", `{"Variable":"$.a.b","TimestampEquals":"2020-01-01T00:00:00Z"}`, `{"a":{}}`, "$.a.b"},
		{"right-hand path", `{"Variable":"$.left","NumericLessThanEqualsPath":"$.right"}`, `{"left":8}`, "$.right"},
		{"both missing reports Variable", `{"Variable":"$.left","StringEqualsPath":"$.right"}`, `{}`, "$.left"},
		{"inside Not", `{"Not":{"Variable":"$.type","StringEquals":"Private"}}`, `{"value":1}`, "$.type"},
		{"inside And", `{"And":[{"Variable":"$.a","IsPresent":true},{"Variable":"$.b","NumericEquals":1}]}`, `{"a":1}`, "$.b"},
		{"context", `{"Variable":"$$.Map.Item.Index","NumericEquals":0}`, `{}`, "$$.Map.Item.Index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := nested(t, tt.rule)
			got, err := r.Eval(parse(t, tt.input), value.NewObject(0))
			require.Error(t, err)
			assert.False(t, got)
			var fe *failure.Error
			require.True(t, errors.As(err, &fe), "error is %T", err)
			assert.Equal(t, failure.Runtime, fe.Name)
			assert.True(t, fe.HasCause)
			assert.Equal(t, "Invalid path '"+tt.path+"': The choice state's condition path references an invalid value.", fe.Cause)
			assert.True(t, errors.Is(err, failure.Bare(failure.Runtime)))
		})
	}
}

func TestNextAndAssign(t *testing.T) {
	r, problems := Compile(parseObject(t, `{"Variable":"$.x","IsPresent":false,"Assign":{"status":"UNKNOWN"},"Next":"Final","Comment":"c"}`), "/States/C/Choices/0", true)
	require.Empty(t, problems)
	assert.Equal(t, "Final", r.Next())
	a, ok := r.Assign()
	require.True(t, ok)
	assert.Equal(t, `{"status":"UNKNOWN"}`, value.String(a))

	r, problems = Compile(parseObject(t, `{"Not":{"Variable":"$.x","IsNull":true},"Next":"Other"}`), "/States/C/Choices/1", true)
	require.Empty(t, problems)
	assert.Equal(t, "Other", r.Next())
	_, ok = r.Assign()
	assert.False(t, ok)

	assert.Equal(t, "", nested(t, `{"Variable":"$.x","IsNull":true}`).Next())
}

// Evaluating never modifies the input or the context (values are shared).
func TestEvalDoesNotModifyInput(t *testing.T) {
	input := parse(t, `{"a":{"b":[1,2,{"c":"x"}]},"n":1.50}`)
	before := value.String(input)
	for _, rule := range []string{
		`{"Variable":"$.a.b[2].c","StringMatches":"*"}`,
		`{"Variable":"$.n","NumericEqualsPath":"$.a.b[0]"}`,
		`{"Variable":"$.a","IsPresent":true}`,
	} {
		_, err := nested(t, rule).Eval(input, value.NewObject(0))
		require.NoError(t, err)
	}
	assert.Equal(t, before, value.String(input))
}

type vars map[string]any

func (v vars) Variable(name string) (any, bool) {
	x, ok := v[name]
	return x, ok
}

// Variable and ...Path may reference workflow variables ($name), as in the
// corpus case BASE_REFERENCE_IN_CHOICE: {"Variable":"$guess",
// "StringEqualsPath":"$answer"}.
func TestEvalVariables(t *testing.T) {
	vs := vars{
		"guess":  "the_answer",
		"answer": "the_answer",
		"cfg":    parse(t, `{"limits":[{"max":10}]}`),
		"flag":   nil,
	}
	tests := []struct {
		name    string
		rule    string
		input   string
		want    bool
		missing string // the path reported when the evaluation fails
	}{
		{"variable vs variable", `{"Variable":"$guess","StringEqualsPath":"$answer"}`, `{}`, true, ""},
		{"variable vs input", `{"Variable":"$.g","StringEqualsPath":"$answer"}`, `{"g":"other"}`, false, ""},
		{"path into a variable", `{"Variable":"$cfg.limits[0].max","NumericGreaterThanPath":"$.n"}`, `{"n":9}`, true, ""},
		{"null variable", `{"Variable":"$flag","IsNull":true}`, `{}`, true, ""},
		{"undefined variable IsPresent", `{"Variable":"$nope","IsPresent":true}`, `{}`, false, ""},
		{"undefined variable fails", `{"Variable":"$nope","StringEquals":"x"}`, `{}`, false, "$nope"},
		{"missing member of a variable", `{"Variable":"$cfg.other","NumericEquals":1}`, `{}`, false, "$cfg.other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := nested(t, tt.rule)
			assert.False(t, r.UsesContext())
			got, err := r.EvalVars(parse(t, tt.input), value.NewObject(0), vs)
			if tt.missing != "" {
				var fe *failure.Error
				require.True(t, errors.As(err, &fe), "error %v", err)
				assert.Equal(t, "Invalid path '"+tt.missing+"': The choice state's condition path references an invalid value.", fe.Cause)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	// Without variables, a reference selects nothing.
	_, err := nested(t, `{"Variable":"$guess","StringEquals":"x"}`).Eval(value.NewObject(0), value.NewObject(0))
	assert.Error(t, err)
	ok, err := nested(t, `{"Variable":"$guess","IsPresent":false}`).Eval(value.NewObject(0), value.NewObject(0))
	require.NoError(t, err)
	assert.True(t, ok)
}
