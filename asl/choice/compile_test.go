package choice

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

func TestCompileProblems(t *testing.T) {
	const at = "/States/Check/Choices/2"
	tests := []struct {
		name     string
		rule     string
		topLevel bool
		want     []value.Problem // messages are matched as substrings
	}{
		{"missing Variable", `{"StringEquals":"a","Next":"X"}`, true,
			[]value.Problem{{Pointer: at, Message: `a "StringEquals" rule needs "Variable"`}}},
		{"unknown field", `{"Variable":"$.a","StringEquals":"a","Nxt":"X","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Nxt", Message: `field "Nxt" is not supported in a choice rule`}}},
		{"misspelt operator", `{"Variable":"$.a","StringEqual":"a","Next":"X"}`, true,
			[]value.Problem{
				{Pointer: at + "/StringEqual", Message: `field "StringEqual" is not supported`},
				{Pointer: at, Message: `the rule has "Variable" but no comparison operator`},
			}},
		{"End is not a choice rule field", `{"Variable":"$.foo","NumericEquals":1,"End":true}`, true,
			[]value.Problem{
				{Pointer: at + "/End", Message: `field "End" is not supported`},
				{Pointer: at, Message: `a top-level choice rule needs "Next"`},
			}},
		{"two operators", `{"Variable":"$.a","StringEquals":"a","NumericEquals":1,"Next":"X"}`, true,
			[]value.Problem{{Pointer: at, Message: `a choice rule takes exactly one operator, found "StringEquals", "NumericEquals"`}}},
		{"comparison and And", `{"Variable":"$.a","IsNull":true,"And":[{"Variable":"$.a","IsNull":true}],"Next":"X"}`, true,
			[]value.Problem{{Pointer: at, Message: `exactly one operator, found "IsNull", "And"`}}},
		{"no operator at all", `{"Next":"X"}`, true,
			[]value.Problem{{Pointer: at, Message: `a choice rule needs a comparison`}}},
		{"Variable with And", `{"Variable":"$.a","And":[{"Variable":"$.a","IsNull":true}],"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Variable", Message: `"Variable" cannot be used with "And"`}}},
		{"NumericEquals string", `{"Variable":"$.a","NumericEquals":"1","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/NumericEquals", Message: `"NumericEquals" needs a number, got string "1"`}}},
		{"StringEquals number", `{"Variable":"$.a","StringEquals":1,"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/StringEquals", Message: `"StringEquals" needs a string, got number 1`}}},
		{"StringMatches null", `{"Variable":"$.a","StringMatches":null,"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/StringMatches", Message: `"StringMatches" needs a string, got null`}}},
		{"BooleanEquals string", `{"Variable":"$.a","BooleanEquals":"true","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/BooleanEquals", Message: `"BooleanEquals" needs true or false, got string "true"`}}},
		{"IsPresent number", `{"Variable":"$.a","IsPresent":1,"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/IsPresent", Message: `"IsPresent" needs true or false`}}},
		{"TimestampEquals without zone", `{"Variable":"$.a","TimestampEquals":"2016-12-05T21:29:29","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/TimestampEquals", Message: `"TimestampEquals" needs an RFC 3339 timestamp`}}},
		{"TimestampLessThan bad month", `{"Variable":"$.a","TimestampLessThan":"2016-13-05T21:29:29Z","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/TimestampLessThan", Message: `got "2016-13-05T21:29:29Z"`}}},
		{"TimestampGreaterThan number", `{"Variable":"$.a","TimestampGreaterThan":1,"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/TimestampGreaterThan", Message: `needs a timestamp string`}}},
		{"Variable not a path", `{"Variable":"foo","StringEquals":"a","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Variable", Message: `"foo" is not a valid Reference Path`}}},
		{"Variable indefinite", `{"Variable":"$.items[*].id","StringEquals":"a","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Variable", Message: `"$.items[*].id" is not a valid Reference Path: it can select several values`}}},
		{"Path operand with a filter", `{"Variable":"$.a","NumericEqualsPath":"$.b[?(@.x > 1)]","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/NumericEqualsPath", Message: `it can select several values`}}},
		{"variable name starting with a digit", `{"Variable":"$1x","IsNull":true,"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Variable", Message: `"$1x" is not a valid Reference Path`}}},
		{"variable with a wildcard", `{"Variable":"$v[*]","IsNull":true,"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Variable", Message: `"$v[*]" is not a valid Reference Path`}}},
		{"Variable not a string", `{"Variable":3,"StringEquals":"a","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Variable", Message: `"Variable" needs a path string such as "$.field", got number 3`}}},
		{"Path operand not a path", `{"Variable":"$.a","StringEqualsPath":"b","Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/StringEqualsPath", Message: `"b" is not a valid Reference Path`}}},
		{"Path operand not a string", `{"Variable":"$.a","NumericEqualsPath":5,"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/NumericEqualsPath", Message: `"NumericEqualsPath" needs a path string`}}},
		{"empty And", `{"And":[],"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/And", Message: `"And" needs at least one choice rule`}}},
		{"Or not an array", `{"Or":{"Variable":"$.a","IsNull":true},"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Or", Message: `"Or" needs a non-empty array of choice rules, got object`}}},
		{"And element not an object", `{"And":[{"Variable":"$.a","IsNull":true},"x"],"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/And/1", Message: `each element of "And" must be a choice rule object, got string "x"`}}},
		{"Not with an array", `{"Not":[{"Variable":"$.a","IsNull":true}],"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Not", Message: `"Not" needs a single choice rule object, got array`}}},
		{"Next nested in And", `{"And":[{"Variable":"$.a","IsNull":true,"Next":"X"}],"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/And/0/Next", Message: `"Next" is only allowed on a top-level choice rule`}}},
		{"Next nested in Not", `{"Not":{"Variable":"$.a","IsNull":true,"Next":"X"},"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Not/Next", Message: `"Next" is only allowed on a top-level choice rule`}}},
		{"Next on a nested rule", `{"Variable":"$.a","IsNull":true,"Next":"X"}`, false,
			[]value.Problem{{Pointer: at + "/Next", Message: `"Next" is only allowed on a top-level choice rule`}}},
		{"missing Next", `{"Variable":"$.a","IsNull":true}`, true,
			[]value.Problem{{Pointer: at, Message: `a top-level choice rule needs "Next"`}}},
		{"Next not a string", `{"Variable":"$.a","IsNull":true,"Next":7}`, true,
			[]value.Problem{{Pointer: at + "/Next", Message: `"Next" must be a string naming a state, got number`}}},
		{"Next empty", `{"Variable":"$.a","IsNull":true,"Next":""}`, true,
			[]value.Problem{{Pointer: at + "/Next", Message: `"Next" must name a state; it is empty`}}},
		{"Comment not a string", `{"Variable":"$.a","IsNull":true,"Next":"X","Comment":{}}`, true,
			[]value.Problem{{Pointer: at + "/Comment", Message: `"Comment" must be a string, got object`}}},
		{"Assign nested", `{"And":[{"Variable":"$.a","IsNull":true,"Assign":{"x":1}}],"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/And/0/Assign", Message: `"Assign" is only allowed on a top-level choice rule`}}},
		{"Assign not an object", `{"Variable":"$.a","IsNull":true,"Assign":[1],"Next":"X"}`, true,
			[]value.Problem{{Pointer: at + "/Assign", Message: `"Assign" must be an object, got array`}}},
		{"JSONata Condition", `{"Condition":"{% true %}","Next":"X"}`, true,
			[]value.Problem{
				{Pointer: at + "/Condition", Message: `"Condition" is a JSONata field`},
				{Pointer: at, Message: `a choice rule needs a comparison`},
			}},
		{"every problem at once", `{"And":[{"Variable":"$.a","NumericEquals":"x"},{"StringEquals":"y"},{"Or":[]}]}`, true,
			[]value.Problem{
				{Pointer: at, Message: `needs "Next"`},
				{Pointer: at + "/And/0/NumericEquals", Message: `needs a number`},
				{Pointer: at + "/And/1", Message: `needs "Variable"`},
				{Pointer: at + "/And/2/Or", Message: `needs at least one choice rule`},
			}},
		{"nil rule", ``, true,
			[]value.Problem{{Pointer: at, Message: `a choice rule must be an object`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var obj *value.Object
			if tt.rule != "" {
				obj = parseObject(t, tt.rule)
			}
			r, problems := Compile(obj, at, tt.topLevel)
			assert.Nil(t, r)
			require.Len(t, problems, len(tt.want), "problems: %v", problems)
			for i, w := range tt.want {
				assert.Equal(t, w.Pointer, problems[i].Pointer, "problem %d: %v", i, problems[i])
				assert.Contains(t, problems[i].Message, w.Message, "problem %d", i)
			}
		})
	}
}

func TestCompileAccepts(t *testing.T) {
	// Every operator of the developer guide, in one document (the language
	// service's "valid ASL improvements" example, plus the rest).
	rules := []string{
		`{"Variable":"$.v","StringEquals":"a"}`, `{"Variable":"$.v","StringLessThan":"a"}`,
		`{"Variable":"$.v","StringGreaterThan":"a"}`, `{"Variable":"$.v","StringLessThanEquals":"a"}`,
		`{"Variable":"$.v","StringGreaterThanEquals":"a"}`, `{"Variable":"$.v","StringMatches":"a*"}`,
		`{"Variable":"$.v","NumericEquals":1}`, `{"Variable":"$.v","NumericLessThan":-1.5}`,
		`{"Variable":"$.v","NumericGreaterThan":1e3}`, `{"Variable":"$.v","NumericLessThanEquals":0}`,
		`{"Variable":"$.v","NumericGreaterThanEquals":99999999999999999999999}`,
		`{"Variable":"$.v","BooleanEquals":false}`,
		`{"Variable":"$.v","TimestampEquals":"2001-01-01T12:00:00Z"}`,
		`{"Variable":"$.v","TimestampLessThan":"2001-01-01T12:00:00.123456789+05:30"}`,
		`{"Variable":"$.v","TimestampGreaterThan":"2001-01-01T12:00:00-00:00"}`,
		`{"Variable":"$.v","TimestampLessThanEquals":"2000-02-29T23:59:59Z"}`,
		`{"Variable":"$.v","TimestampGreaterThanEquals":"1970-01-01T00:00:00Z"}`,
		`{"Variable":"$.v","IsNull":true}`, `{"Variable":"$.v","IsPresent":false}`,
		`{"Variable":"$.v","IsNumeric":true}`, `{"Variable":"$.v","IsString":true}`,
		`{"Variable":"$.v","IsBoolean":true}`, `{"Variable":"$.v","IsTimestamp":true}`,
		`{"Variable":"$$.Execution.Input.v","IsPresent":true}`, `{"Variable":"$","IsNull":false}`,
		`{"Variable":"$guess","StringEqualsPath":"$answer"}`, `{"Variable":"$cfg.limits[0].max","NumericLessThanPath":"$.n"}`,
	}
	for _, op := range operators {
		if op.viaPath {
			rules = append(rules, `{"Variable":"$.v","`+op.name+`":"$.some.path"}`,
				`{"Variable":"$.v","`+op.name+`":"$$.Execution.Input"}`)
		}
	}
	for _, rule := range rules {
		t.Run(rule, func(t *testing.T) {
			r, problems := Compile(parseObject(t, rule), "/States/C/Choices/0/And/0", false)
			require.Empty(t, problems)
			require.NotNil(t, r)
		})
	}
	// 39 comparison operators in JSONPath mode (AWS developer guide), plus
	// And, Or and Not.
	assert.Len(t, operators, 42)
}
