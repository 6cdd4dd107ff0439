package intrinsic

// Neighbours of the recorded intrinsic cases (conformance corpus,
// cases/intrinsic_functions): the values next to the recorded ones, of the
// other sign, zero, a fraction, another type, null. Successful results follow
// the rule the recorded cases pin down (named with each group); failures
// follow the recorded shape of a bad argument, States.Runtime with
// "Invalid arguments in States.<Name>".

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

type variantCase struct {
	name, expr, input string
	want              string // JSON text of the result, or "" when the call fails
}

func checkVariants(t *testing.T, tests []variantCase) {
	t.Helper()
	env := fakeEnv{uuid: "0b1e4c7a-5d1f-4c11-9f3e-2a8b6c0d9e71", random: 0.5}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := evalCase(t, tc.expr, tc.input, env)
			if tc.want == "" {
				require.Error(t, err, "got %s", value.String(got))
				var fe *failure.Error
				require.True(t, errors.As(err, &fe), "%v", err)
				assert.Equal(t, failure.Runtime, fe.Name)
				name := tc.expr[:strings.IndexByte(tc.expr, '(')]
				assert.Equal(t, "Invalid arguments in "+name, fe.Cause)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, value.String(got))
		})
	}
}

// States.MathAdd rounds each argument half up (Java's Math.round) before
// adding: recorded test_math_add x000, x003-x006, x008-x018 (-1.49 + -1.5 is
// -2, -0.5 + 0.5 is 1, 2.5 + 0 is 3).
func TestVariantsMathAdd(t *testing.T) {
	add := func(a, b, want string) variantCase {
		return variantCase{name: a + "+" + b, expr: "States.MathAdd($.fst, $.snd)",
			input: fmt.Sprintf(`{"fst": %s, "snd": %s}`, a, b), want: want}
	}
	checkVariants(t, []variantCase{
		add("-9", "3", "-6"), add("9", "-3", "6"), add("0", "0", "0"), add("-0", "0", "0"),
		add("1.5", "0", "2"), add("1.5", "-1.5", "1"), add("-1.5", "-1.5", "-2"),
		add("1.49", "1.5", "3"), add("-1.51", "1.51", "0"), add("0.5", "-0.5", "1"),
		add("1.49", "1.50", "3"), add("1.50", "1.51", "4"), add("1.50", "0", "2"),
		add("-2.5", "0", "-2"), add("-3.5", "0", "-3"),
		add("2147483646", "1", "2147483647"),
		add("1.0", "2.0", "3"),
		{name: "literal negative", expr: "States.MathAdd(-3, $.n)", input: `{"n": 1}`, want: "-2"},
		{name: "nested", expr: "States.MathAdd(States.MathAdd($.n, -1), -1)", input: `{"n": 0}`, want: "-2"},
		{name: "string argument", expr: "States.MathAdd($.fst, $.snd)", input: `{"fst": "1", "snd": 2}`},
		{name: "null argument", expr: "States.MathAdd($.fst, $.snd)", input: `{"fst": null, "snd": 2}`},
		{name: "array argument", expr: "States.MathAdd($.fst, $.snd)", input: `{"fst": [1], "snd": 2}`},
		{name: "sum past a Java int", expr: "States.MathAdd($.fst, $.snd)", input: `{"fst": 2147483647, "snd": 1}`},
	})
}

// States.ArrayPartition: recorded test_array_partition for arrays of 0 to 4
// items and chunk sizes 1 to 5; every combination follows one rule, checked
// here in full. A chunk size below 1 (after dropping its fraction) or of
// another type is a bad argument.
func TestVariantsArrayPartition(t *testing.T) {
	var tests []variantCase
	for n := 0; n <= 4; n++ {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprint(i)
		}
		for size := 1; size <= 5; size++ {
			var chunks []string
			for i := 0; i < n; i += size {
				chunks = append(chunks, "["+strings.Join(items[i:min(i+size, n)], ",")+"]")
			}
			tests = append(tests, variantCase{
				name:  fmt.Sprintf("%d items by %d", n, size),
				expr:  "States.ArrayPartition($.fst, $.snd)",
				input: fmt.Sprintf(`{"fst": [%s], "snd": %d}`, strings.Join(items, ","), size),
				want:  "[" + strings.Join(chunks, ",") + "]",
			})
		}
	}
	part := "States.ArrayPartition($.fst, $.snd)"
	tests = append(tests,
		variantCase{name: "fraction dropped", expr: part, input: `{"fst": [1,2,3,4,5], "snd": 2.6}`, want: "[[1,2],[3,4],[5]]"},
		variantCase{name: "huge chunk", expr: part, input: `{"fst": [1,2,3], "snd": 2147483647}`, want: "[[1,2,3]]"},
		variantCase{name: "zero", expr: part, input: `{"fst": [1], "snd": 0}`},
		variantCase{name: "negative", expr: part, input: `{"fst": [1], "snd": -1}`},
		variantCase{name: "fraction below one", expr: part, input: `{"fst": [1], "snd": 0.6}`},
		variantCase{name: "string size", expr: part, input: `{"fst": [1], "snd": "2"}`},
		variantCase{name: "null size", expr: part, input: `{"fst": [1], "snd": null}`},
		variantCase{name: "not an array", expr: part, input: `{"fst": "abc", "snd": 1}`},
	)
	checkVariants(t, tests)
}

// States.ArrayRange: recorded test_array_range (0..9 by 3, 0..10 by 3, 1..9
// by 2): the end is included when the step lands on it.
func TestVariantsArrayRange(t *testing.T) {
	rng := "States.ArrayRange($.fst, $.snd, $.trd)"
	in := func(a, b, c string) string { return fmt.Sprintf(`{"fst": %s, "snd": %s, "trd": %s}`, a, b, c) }
	checkVariants(t, []variantCase{
		{name: "recorded", expr: rng, input: in("0", "10", "3"), want: "[0,3,6,9]"},
		{name: "negative step", expr: rng, input: in("9", "0", "-3"), want: "[9,6,3,0]"},
		{name: "negative bounds", expr: rng, input: in("-3", "-1", "1"), want: "[-3,-2,-1]"},
		{name: "single item", expr: rng, input: in("5", "5", "1"), want: "[5]"},
		{name: "step away from the end", expr: rng, input: in("9", "0", "3"), want: "[]"},
		{name: "fractions dropped", expr: rng, input: in("0.5", "4.9", "1.5"), want: "[0,1,2,3,4]"},
		{name: "zero step", expr: rng, input: in("0", "3", "0")},
		{name: "string bound", expr: rng, input: in(`"0"`, "3", "1")},
		{name: "over 1000 items", expr: rng, input: in("0", "1000", "1")},
	})
}

// The other recorded families and their neighbours.
func TestVariantsOtherFunctions(t *testing.T) {
	checkVariants(t, []variantCase{
		// test_array_get_item (index 5 of nine items is 6).
		{name: "get item first", expr: "States.ArrayGetItem($.a, $.i)", input: `{"a": [1,2,3], "i": 0}`, want: "1"},
		{name: "get item last", expr: "States.ArrayGetItem($.a, $.i)", input: `{"a": [1,2,3], "i": 2}`, want: "3"},
		{name: "get item fraction", expr: "States.ArrayGetItem($.a, $.i)", input: `{"a": [1,2,3], "i": 1.7}`, want: "2"},
		{name: "get item past the end", expr: "States.ArrayGetItem($.a, $.i)", input: `{"a": [1,2,3], "i": 3}`},
		{name: "get item negative", expr: "States.ArrayGetItem($.a, $.i)", input: `{"a": [1,2,3], "i": -1}`},
		// test_array_length, test_array_contains.
		{name: "length empty", expr: "States.ArrayLength($.a)", input: `{"a": []}`, want: "0"},
		{name: "length of a string", expr: "States.ArrayLength($.a)", input: `{"a": "abc"}`},
		{name: "contains null", expr: "States.ArrayContains($.a, $.v)", input: `{"a": [null], "v": null}`, want: "true"},
		{name: "contains nested object", expr: "States.ArrayContains($.a, $.v)", input: `{"a": [{"x": [1]}], "v": {"x": [1]}}`, want: "true"},
		{name: "contains in a non-array", expr: "States.ArrayContains($.a, $.v)", input: `{"a": {}, "v": 1}`},
		// test_string_split: every delimiter character splits, empty pieces go.
		{name: "split empty string", expr: "States.StringSplit($.fst, $.snd)", input: `{"fst": "", "snd": ","}`, want: "[]"},
		{name: "split only delimiters", expr: "States.StringSplit($.fst, $.snd)", input: `{"fst": ",,,", "snd": ","}`, want: "[]"},
		{name: "split no delimiter found", expr: "States.StringSplit($.fst, $.snd)", input: `{"fst": "a b", "snd": ","}`, want: `["a b"]`},
		{name: "split number", expr: "States.StringSplit($.fst, $.snd)", input: `{"fst": 1, "snd": ","}`},
		// test_string_to_json / test_json_to_string.
		{name: "string to json, quoted string", expr: "States.StringToJson($.v)", input: `{"v": "\"HelloWorld\""}`, want: `"HelloWorld"`},
		{name: "string to json, array", expr: "States.StringToJson($.v)", input: `{"v": "[1, 2, \"HelloWorld\"]"}`, want: `[1,2,"HelloWorld"]`},
		{name: "string to json, negative", expr: "States.StringToJson($.v)", input: `{"v": "-1.5"}`, want: `-1.5`},
		{name: "string to json, false", expr: "States.StringToJson($.v)", input: `{"v": "false"}`, want: `false`},
		{name: "string to json, not JSON", expr: "States.StringToJson($.v)", input: `{"v": "HelloWorld"}`},
		{name: "string to json, not a string", expr: "States.StringToJson($.v)", input: `{"v": 1}`},
		{name: "json to string, null", expr: "States.JsonToString($.v)", input: `{"v": null}`, want: `"null"`},
		{name: "json to string, negative", expr: "States.JsonToString($.v)", input: `{"v": -1}`, want: `"-1"`},
		{name: "json to string, false", expr: "States.JsonToString($.v)", input: `{"v": false}`, want: `"false"`},
		{name: "json to string, empty string", expr: "States.JsonToString($.v)", input: `{"v": ""}`, want: `"\"\""`},
		// test_format_1 / test_format_2: Java's rendering of each type.
		{name: "format one object", expr: "States.Format('Formatting argument {}.', $.v)", input: `{"v": {"Arg1": 1, "Arg2": []}}`,
			want: `"Formatting argument {Arg1=1, Arg2=[]}."`},
		{name: "format boolean", expr: "States.Format('Formatting argument {}.', $.v)", input: `{"v": false}`, want: `"Formatting argument false."`},
		{name: "format negative", expr: "States.Format('Formatting argument {}.', $.v)", input: `{"v": -1}`, want: `"Formatting argument -1."`},
		{name: "format array", expr: "States.Format('Formatting argument {}.', $.v)", input: `{"v": [1, "a", null]}`, want: `"Formatting argument [1, a, null]."`},
		// test_base_64_encode / decode, test_hash.
		{name: "base64 of a number", expr: "States.Base64Encode($.v)", input: `{"v": 1}`},
		{name: "hash unknown algorithm", expr: "States.Hash($.v, $.alg)", input: `{"v": "x", "alg": "sha-1"}`},
		{name: "hash empty string", expr: "States.Hash($.v, 'MD5')", input: `{"v": ""}`, want: `"d41d8cd98f00b204e9800998ecf8427e"`},
		// test_array_2 / test_array_0.
		{name: "array of nulls", expr: "States.Array($.a, $.b)", input: `{"a": null, "b": null}`, want: "[null,null]"},
		{name: "array nested", expr: "States.Array(States.Array())", input: `{}`, want: "[[]]"},
		// test_math_random: the start must be below the end (fractions dropped).
		{name: "random equal bounds", expr: "States.MathRandom($.a, $.b)", input: `{"a": 5, "b": 5}`},
		{name: "random reversed bounds", expr: "States.MathRandom($.a, $.b)", input: `{"a": 9, "b": 5}`},
		{name: "random bounds collapse", expr: "States.MathRandom($.a, $.b)", input: `{"a": 1.4, "b": 1.6}`},
		{name: "random seeded negative range", expr: "States.MathRandom($.a, $.b, 7)", input: `{"a": -10, "b": -9}`, want: "-10"},
	})
}
