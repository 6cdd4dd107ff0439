package choice

// The recorded choice-operator cases (conformance corpus,
// cases/choice_operators) run every operator against one list of Variable
// values: null, 0, 0.0, 1, 1.1, "", " ", "HelloWorld", three timestamp-like
// strings, a date, [], [""], {}, {"A": 0}, true and false. About a quarter of
// the pairs are held out; this test runs the whole matrix with the rule the
// recorded ones follow: a comparison whose Variable has another type is
// false, and each Is* test looks at the JSON type only.

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var recordedVariables = []struct {
	json string
	kind string // null, number, string, timestamp, array, object, boolean
}{
	{`null`, "null"}, {`0`, "number"}, {`0.0`, "number"}, {`1`, "number"}, {`1.1`, "number"},
	{`-1`, "number"}, {`-0.0`, "number"},
	{`""`, "string"}, {`" "`, "string"}, {`"HelloWorld"`, "string"},
	{`"2012-10-09T19:00:55"`, "string"}, {`"2012-10-09T19:00:55Z"`, "timestamp"},
	{`"2012-10-09T19:00:55+01:00"`, "timestamp"}, {`"2023-02-24"`, "string"},
	{`[]`, "array"}, {`[""]`, "array"}, {`{}`, "object"}, {`{"A": 0}`, "object"},
	{`true`, "boolean"}, {`false`, "boolean"},
}

func evalVariant(t *testing.T, rule, input string) bool {
	t.Helper()
	r := nested(t, rule)
	got, err := r.Eval(parse(t, input), nil)
	require.NoError(t, err, "%s on %s", rule, input)
	return got
}

// TestVariantsIsOperators: recorded test_is_boolean, test_is_null,
// test_is_numeric, test_is_present, test_is_string (timestamps are strings).
func TestVariantsIsOperators(t *testing.T) {
	for _, v := range recordedVariables {
		input := fmt.Sprintf(`{"Variable": %s}`, v.json)
		is := map[string]bool{
			"IsNull":      v.kind == "null",
			"IsNumeric":   v.kind == "number",
			"IsString":    v.kind == "string" || v.kind == "timestamp",
			"IsBoolean":   v.kind == "boolean",
			"IsPresent":   true, // null is present
			"IsTimestamp": v.kind == "timestamp",
		}
		for op, want := range is {
			for _, flag := range []bool{true, false} {
				rule := fmt.Sprintf(`{"Variable": "$.Variable", %q: %t}`, op, flag)
				assert.Equal(t, want == flag, evalVariant(t, rule, input), "%s on %s", rule, v.json)
			}
		}
	}
	// IsPresent false on an absent field is the one test an absent Variable passes.
	assert.True(t, evalVariant(t, `{"Variable": "$.Variable", "IsPresent": false}`, `{}`))
}

// TestVariantsTypedComparisons: recorded test_boolean_equals(_path),
// test_numeric_equals(_path), test_string_equals, test_timestamp_equals: a
// Variable of another type never matches, whatever the operand.
func TestVariantsTypedComparisons(t *testing.T) {
	ops := []struct {
		op, operand, kind string
	}{
		{"BooleanEquals", "true", "boolean"}, {"BooleanEquals", "false", "boolean"},
		{"NumericEquals", "0", "number"}, {"NumericEquals", "1.0", "number"},
		{"NumericGreaterThan", "-5", "number"}, {"NumericLessThanEquals", "5", "number"},
		{"StringEquals", `"HelloWorld"`, "string"}, {"StringLessThan", `"zzz"`, "string"},
		{"StringMatches", `"*"`, "string"},
		{"TimestampEquals", `"2012-10-09T19:00:55Z"`, "timestamp"},
		{"TimestampLessThanEquals", `"2100-01-01T00:00:00Z"`, "timestamp"},
	}
	for _, o := range ops {
		for _, v := range recordedVariables {
			if v.kind == o.kind || (o.kind == "string" && v.kind == "timestamp") {
				continue
			}
			rule := fmt.Sprintf(`{"Variable": "$.Variable", %q: %s}`, o.op, o.operand)
			assert.False(t, evalVariant(t, rule, fmt.Sprintf(`{"Variable": %s}`, v.json)), "%s on %s", rule, v.json)
			// The ...Path form, with a well-typed operand in the input.
			rule = fmt.Sprintf(`{"Variable": "$.Variable", "%sPath": "$.Value"}`, o.op)
			input := fmt.Sprintf(`{"Variable": %s, "Value": %s}`, v.json, o.operand)
			if o.op != "StringMatches" {
				assert.False(t, evalVariant(t, rule, input), "%s on %s", rule, input)
			}
		}
	}
}

// TestVariantsWellTypedComparisons: the same operators on values of their
// own type, signs and zero included (recorded test_numeric_* with 0, 0.0
// and 1; the guide: numbers compare by value).
func TestVariantsWellTypedComparisons(t *testing.T) {
	tests := []struct {
		rule, input string
		want        bool
	}{
		{`{"Variable": "$.v", "NumericEquals": 0}`, `{"v": -0.0}`, true},
		{`{"Variable": "$.v", "NumericEquals": -1}`, `{"v": -1.0}`, true},
		{`{"Variable": "$.v", "NumericGreaterThan": -1}`, `{"v": -0.5}`, true},
		{`{"Variable": "$.v", "NumericLessThan": 0}`, `{"v": -0.0}`, false},
		{`{"Variable": "$.v", "NumericGreaterThanEqualsPath": "$.w"}`, `{"v": -2, "w": -2.0}`, true},
		{`{"Variable": "$.v", "NumericLessThanPath": "$.w"}`, `{"v": -2, "w": -3}`, false},
		{`{"Variable": "$.v", "BooleanEqualsPath": "$.w"}`, `{"v": false, "w": false}`, true},
		{`{"Variable": "$.v", "StringEqualsPath": "$.w"}`, `{"v": "", "w": ""}`, true},
		// Timestamps compare as instants: offsets and fractions count.
		{`{"Variable": "$.v", "TimestampEquals": "2012-10-09T19:00:55Z"}`, `{"v": "2012-10-09T20:00:55+01:00"}`, true},
		{`{"Variable": "$.v", "TimestampEquals": "2012-10-09T19:00:55Z"}`, `{"v": "2012-10-09T19:00:55.000Z"}`, true},
		{`{"Variable": "$.v", "TimestampGreaterThan": "2012-10-09T19:00:55Z"}`, `{"v": "2012-10-09T19:00:55.001Z"}`, true},
		{`{"Variable": "$.v", "TimestampLessThanPath": "$.w"}`, `{"v": "2012-10-09T19:00:55-01:00", "w": "2012-10-09T19:30:55Z"}`, false},
		{`{"Variable": "$.v", "TimestampEquals": "2012-10-09T19:00:55Z"}`, `{"v": "2012-10-09t19:00:55z"}`, false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, evalVariant(t, tc.rule, tc.input), "%s on %s", tc.rule, tc.input)
	}
}

// TestVariantsAbsentVariable: a Variable (or ...Path operand) that selects
// nothing fails the state, except under IsPresent; And stops before an
// operand it does not need (the guide's IsPresent-then-StringEquals example).
func TestVariantsAbsentVariable(t *testing.T) {
	for _, rule := range []string{
		`{"Variable": "$.v", "NumericEquals": 1}`,
		`{"Variable": "$.v", "IsNull": true}`,
		`{"Variable": "$.v", "IsNull": false}`,
		`{"Variable": "$.v", "StringEqualsPath": "$.w"}`,
		`{"Not": {"Variable": "$.v", "BooleanEquals": true}}`,
	} {
		r := nested(t, rule)
		_, err := r.Eval(parse(t, `{"w": "x"}`), nil)
		assert.Error(t, err, rule)
	}
	r := nested(t, `{"Variable": "$.w", "StringEqualsPath": "$.v"}`)
	_, err := r.Eval(parse(t, `{"w": "x"}`), nil)
	assert.Error(t, err, "absent ...Path operand")

	assert.False(t, evalVariant(t, `{"And": [{"Variable": "$.v", "IsPresent": true}, {"Variable": "$.v", "StringEquals": "foo"}]}`, `{}`))
	assert.True(t, evalVariant(t, `{"Or": [{"Variable": "$.v", "IsPresent": false}, {"Variable": "$.v", "StringEquals": "foo"}]}`, `{}`))
}
