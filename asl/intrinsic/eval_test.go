package intrinsic

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/jsonpath"
	"github.com/aslworker/aslworker/asl/value"
)

// fakeEnv is a runtime with scripted UUIDs and random numbers.
type fakeEnv struct {
	uuid   string
	random float64
	vars   map[string]any
}

func (e fakeEnv) UUID() string    { return e.uuid }
func (e fakeEnv) Random() float64 { return e.random }
func (e fakeEnv) Variable(name string) (any, bool) {
	v, ok := e.vars[name]
	return v, ok
}

func parseJSON(t testing.TB, s string) any {
	t.Helper()
	v, err := value.ParseString(s)
	require.NoError(t, err, "test JSON %s", s)
	return v
}

// evalCase evaluates expr against input (JSON text); the context object is
// {"Execution": {"Input": input, "Name": "exec-1"}}.
func evalCase(t *testing.T, expr, input string, env Env) (any, error) {
	t.Helper()
	c, err := Parse(expr)
	require.NoError(t, err, "parse %s", expr)
	in := parseJSON(t, input)
	ctx := value.NewObject(1)
	exec := value.NewObject(2)
	exec.Set("Input", in)
	exec.Set("Name", "exec-1")
	ctx.Set("Execution", exec)
	return c.Eval(in, ctx, env)
}

// The expected values come from the conformance corpus (recorded against
// AWS; the case is named) or, where the corpus has nothing, from published
// observations of AWS behaviour, marked "AWS observation".
func TestEvalSucceeds(t *testing.T) {
	env := fakeEnv{uuid: "0b1e4c7a-5d1f-4c11-9f3e-2a8b6c0d9e71", random: 0.5}
	tests := []struct {
		name, expr, input, want string
	}{
		// States.Format: test_format_1, test_format_2, test_context_json_path.
		{"format empty string", "States.Format('Formatting argument {}.', $.v)", `{"v": ""}`, `"Formatting argument ."`},
		{"format string", "States.Format('Formatting argument {}.', $.v)", `{"v": "HelloWorld"}`, `"Formatting argument HelloWorld."`},
		{"format null", "States.Format('Formatting argument {}.', $.v)", `{"v": null}`, `"Formatting argument null."`},
		{"format integer", "States.Format('Formatting argument {}.', $.v)", `{"v": 1}`, `"Formatting argument 1."`},
		{"format decimal", "States.Format('Formatting argument {}.', $.v)", `{"v": 1.1}`, `"Formatting argument 1.1."`},
		{"format JSON text stays text", "States.Format('x {}.', $.v)", `{"v": "{\"Arg1\": 1, \"Arg2\": []}"}`, `"x {\"Arg1\": 1, \"Arg2\": []}."`},
		{"format object as Java map", "States.Format('fst={} and snd={}.', $.a, $.b)", `{"a": {"Arg1": 1, "Arg2": []}, "b": {"Arg1": 1, "Arg2": []}}`,
			`"fst={Arg1=1, Arg2=[]} and snd={Arg1=1, Arg2=[]}."`},
		{"format context object", "States.Format('{} {}', $$.Execution.Name, $$.Execution)", `{"k": "v"}`, `"exec-1 {Input={k=v}, Name=exec-1}"`},
		{"format nested array and literals", "States.Format('{}|{}|{}|{}', States.Array(1, 'a', null), true, -0, 2.50)", `{}`, `"[1, a, null]|true|0|2.5"`},
		{"format Java doubles", "States.Format('{} {} {} {}', $.a, $.b, $.c, $.d)", `{"a": 1e2, "b": 1e7, "c": 0.0001, "d": -0.0}`, `"100.0 1.0E7 1.0E-4 -0.0"`},
		{"format escaped braces and quote", `States.Format('\{\} {} it\'s \\', $.a)`, `{"a": "x"}`, `"{} x it's \\"`},
		{"format template from path", "States.Format($.t, $.n)", `{"t": "Hello, my name is {}.", "n": "Arnav"}`, `"Hello, my name is Arnav."`},
		{"format literal number argument", "States.Format('Format:{}', 101)", `{}`, `"Format:101"`},
		{"format no placeholders", "States.Format('no placeholders')", `{}`, `"no placeholders"`},
		{"format JsonToString result", "States.Format('arn:{}:{}', $.svc, States.JsonToString($.obj))", `{"svc": "lambda", "obj": {"k": 1}}`, `"arn:lambda:{\"k\":1}"`},

		// States.StringToJson: test_string_to_json.
		{"string to json empty", "States.StringToJson($.v)", `{"v": ""}`, `null`},
		{"string to json blank", "States.StringToJson($.v)", `{"v": " "}`, `null`},
		{"string to json null", "States.StringToJson($.v)", `{"v": "null"}`, `null`},
		{"string to json minus zero", "States.StringToJson($.v)", `{"v": "-0"}`, `0`},
		{"string to json number", "States.StringToJson($.v)", `{"v": "1.1"}`, `1.1`},
		{"string to json bool", "States.StringToJson($.v)", `{"v": "true"}`, `true`},
		{"string to json object", "States.StringToJson($.v)", `{"v": "{\"Arg1\": 1, \"Arg2\": []}"}`, `{"Arg1": 1, "Arg2": []}`},
		{"string to json string", "States.StringToJson($.v)", `{"v": "\"HelloWorld\""}`, `"HelloWorld"`},
		{"string to json literal", `States.StringToJson('{"text":"a \\\\ b", "n": [1]}')`, `{}`, `{"text": "a \\ b", "n": [1]}`},
		{"string to json Java numbers", "States.StringToJson($.v)", `{"v": "[-0, 1.10, 1e2, 1e400, {\"a\": 2.50}]"}`, `[0, 1.1, 100.0, 1e400, {"a": 2.5}]`},
		{"string to json surrounding space", "States.StringToJson($.v)", `{"v": " {\"a\":1} "}`, `{"a": 1}`},

		// States.JsonToString: test_json_to_string; keys keep their order.
		{"json to string number", "States.JsonToString($.v)", `{"v": 0}`, `"0"`},
		{"json to string string", "States.JsonToString($.v)", `{"v": "HelloWorld"}`, `"\"HelloWorld\""`},
		{"json to string array", "States.JsonToString($.v)", `{"v": [1, 2, "HelloWorld"]}`, `"[1,2,\"HelloWorld\"]"`},
		{"json to string object in order", "States.JsonToString($.v)", `{"v": {"b": 1, "a": []}}`, `"{\"b\":1,\"a\":[]}"`},

		// States.Array: test_array_0, test_array_2.
		{"array empty", "States.Array()", `{}`, `[]`},
		{"array of paths", "States.Array($.a, $.b)", `{"a": {"Arg1": 1}, "b": null}`, `[{"Arg1": 1}, null]`},
		{"array of literals", "States.Array(42, true, null, 'hello', -1.5)", `{}`, `[42, true, null, "hello", -1.5]`},
		{"array nested", "States.Array(1, States.Array(2, 3))", `{}`, `[1, [2, 3]]`},

		// States.ArrayPartition: test_array_partition.
		{"partition empty", "States.ArrayPartition($.a, 2)", `{"a": []}`, `[]`},
		{"partition remainder", "States.ArrayPartition($.a, 2)", `{"a": [0, 1, 2]}`, `[[0, 1], [2]]`},
		{"partition big chunk", "States.ArrayPartition($.a, 5)", `{"a": [0, 1, 2, 3]}`, `[[0, 1, 2, 3]]`},
		{"partition singletons", "States.ArrayPartition($.a, 1)", `{"a": [0, 1, 2, 3]}`, `[[0], [1], [2], [3]]`},
		{"partition truncates the size", "States.ArrayPartition($.a, $.n)", `{"a": [1, 2, 3, 4, 5], "n": 2.6}`, `[[1, 2], [3, 4], [5]]`}, // AWS observation

		// States.ArrayContains: test_array_contains.
		{"contains in empty", "States.ArrayContains($.a, $.v)", `{"a": [], "v": null}`, `false`},
		{"contains array", "States.ArrayContains($.a, $.v)", `{"a": [[1, 2, 3], 2], "v": [1, 2, 3]}`, `true`},
		{"contains not null", "States.ArrayContains($.a, $.v)", `{"a": [[1, 2, 3], 2], "v": null}`, `false`},
		{"contains object", "States.ArrayContains($.a, $.v)", `{"a": [{"1": 2, "2": []}], "v": {"2": [], "1": 2}}`, `true`},
		{"contains not empty array", "States.ArrayContains($.a, $.v)", `{"a": [{"1": 2, "2": []}], "v": []}`, `false`},
		{"contains false", "States.ArrayContains($.a, $.v)", `{"a": [true, false], "v": false}`, `true`},
		{"contains literal", "States.ArrayContains($.a, 5)", `{"a": [1, 5]}`, `true`},

		// States.ArrayRange: test_array_range and AWS observations.
		{"range exact end", "States.ArrayRange($.a, $.b, $.c)", `{"a": 0, "b": 9, "c": 3}`, `[0, 3, 6, 9]`},
		{"range past end", "States.ArrayRange($.a, $.b, $.c)", `{"a": 0, "b": 10, "c": 3}`, `[0, 3, 6, 9]`},
		{"range odd", "States.ArrayRange(1, 9, 2)", `{}`, `[1, 3, 5, 7, 9]`},
		{"range descending", "States.ArrayRange(5, 1, -2)", `{}`, `[5, 3, 1]`},
		{"range wrong direction", "States.ArrayRange(5, 1, 1)", `{}`, `[]`},
		{"range single", "States.ArrayRange(3, 3, -1)", `{}`, `[3]`},
		{"range truncates", "States.ArrayRange($.a, $.b, $.c)", `{"a": 5.4, "b": -0.6, "c": -2.4}`, `[5, 3, 1]`},

		// States.ArrayGetItem: test_array_get_item and AWS observations.
		{"get item", "States.ArrayGetItem($.a, $.i)", `{"a": [1, 2, 3, 4, 5, 6, 7, 8, 9], "i": 5}`, `6`},
		{"get item truncated index", "States.ArrayGetItem($.a, $.i)", `{"a": [10, 20, 30], "i": 1.2}`, `20`},
		{"get item of empty array", "States.ArrayGetItem($.a, 999)", `{"a": []}`, `null`},
		{"get item of split", "States.ArrayGetItem(States.StringSplit($$.Execution.Name, '-'), 0)", `{}`, `"exec"`},

		// States.ArrayLength, States.ArrayUnique.
		{"length", "States.ArrayLength($.a)", `{"a": [1, 2, 3, 4, 5, 6, 7, 8, 9]}`, `9`},
		{"unique numbers", "States.ArrayUnique($.a)", `{"a": [1, 2, 3, 3, 3, 4]}`, `[1, 2, 3, 4]`},
		{"unique strings", "States.ArrayUnique($.a)", `{"a": ["a", "b", "a", "c", "b"]}`, `["a", "b", "c"]`},
		{"unique booleans in HashSet order", "States.ArrayUnique($.a)", `{"a": [true, false, true, false]}`, `[false, true]`},           // AWS observation
		{"unique arrays in HashSet order", "States.ArrayUnique($.a)", `{"a": [[1, 2], [1, 2], [2, 1]]}`, `[[2, 1], [1, 2]]`},            // AWS observation
		{"unique null first", "States.ArrayUnique($.a)", `{"a": [null, null, 1, null]}`, `[null, 1]`},                                   // AWS observation
		{"unique objects ignore order", "States.ArrayUnique($.a)", `{"a": [{"a": 1, "b": 2}, {"b": 2, "a": 1}]}`, `[{"a": 1, "b": 2}]`}, // AWS observation
		{"unique 1 and 1.0 differ", "States.ArrayUnique($.a)", `{"a": [1, 1.0, 1]}`, `[1.0, 1]`},

		// Base64: test_base_64_encode / decode and AWS observations.
		{"base64 encode", "States.Base64Encode($.v)", `{"v": "Data to encode"}`, `"RGF0YSB0byBlbmNvZGU="`},
		{"base64 encode empty", "States.Base64Encode($.v)", `{"v": ""}`, `""`},
		{"base64 encode unicode", "States.Base64Encode('🚀')", `{}`, `"8J+agA=="`},
		{"base64 decode", "States.Base64Decode($.v)", `{"v": "RGF0YSB0byBlbmNvZGU="}`, `"Data to encode"`},
		{"base64 decode empty", "States.Base64Decode($.v)", `{"v": ""}`, `""`},
		{"base64 decode without padding", "States.Base64Decode('YWJj')", `{}`, `"abc"`},
		{"base64 decode short group", "States.Base64Decode('YWI')", `{}`, `"ab"`},
		{"base64 decode spaces", "States.Base64Decode(' YWJjZA== ')", `{}`, `"abcd"`},
		{"base64 decode stops at padding", "States.Base64Decode('YQ==YWJj')", `{}`, `"a"`},
		{"base64 decode NUL", "States.Base64Decode($.v)", `{"v": "YWJjAGRlZg=="}`, `"abc\u0000def"`},

		// States.Hash: test_hash and AWS observations.
		{"hash md5", "States.Hash($.d, $.a)", `{"d": "input data", "a": "MD5"}`, `"812f45842bc6d66ee14572ce20db8e86"`},
		{"hash sha1", "States.Hash($.d, $.a)", `{"d": "input data", "a": "SHA-1"}`, `"aaff4a450a104cd177d28d18d74485e8cae074b7"`},
		{"hash sha256", "States.Hash($.d, 'SHA-256')", `{"d": "input data"}`, `"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"`},
		{"hash sha384", "States.Hash($.d, 'SHA-384')", `{"d": "input data"}`,
			`"d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"`},
		{"hash sha512", "States.Hash($.d, 'SHA-512')", `{"d": "input data"}`,
			`"6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"`},
		{"hash literal", "States.Hash('hello', 'MD5')", `{}`, `"5d41402abc4b2a76b9719d911017c592"`},
		{"hash of a number hashes its text", "States.Hash($.n, 'MD5')", `{"n": 123}`, `"202cb962ac59075b964b07152d234b70"`},

		// States.JsonMerge: test_json_merge, test_json_merge_escaped_argument;
		// keys come out in Java HashMap order.
		{"merge shallow", "States.JsonMerge($.a, $.b, false)", `{"a": {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3}, "b": {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}}`,
			`{"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3, "d": 4}`},
		{"merge in HashMap order", `States.JsonMerge(States.StringToJson('{"constant_in_literal": "false"}'), $$.Execution.Input.f, false)`,
			`{"f": {"constant_input_field": "constant_value"}}`, `{"constant_input_field": "constant_value", "constant_in_literal": "false"}`},
		{"merge non-boolean flag is shallow", "States.JsonMerge($.a, $.b, $.deep)", `{"a": {"x": 1}, "b": {"x": 2}, "deep": "true"}`, `{"x": 2}`}, // AWS observation

		// States.MathRandom: a seed makes it java.util.Random's nextInt.
		{"random seeded", "States.MathRandom(0, 999, 3)", `{}`, `239`},
		{"random seeded from input", "States.MathRandom($.a, $.b, $.s)", `{"a": 0, "b": 999, "s": 3}`, `239`},
		{"random from env", "States.MathRandom($.a, $.b)", `{"a": 10, "b": 20}`, `15`},
		{"random truncates bounds", "States.MathRandom($.a, $.b)", `{"a": 12.5, "b": 44.51}`, `28`},

		// States.MathAdd: test_math_add; each operand is rounded half up first.
		{"add negative", "States.MathAdd($.a, $.b)", `{"a": -9, "b": 3}`, `-6`},
		{"add rounds each operand", "States.MathAdd($.a, $.b)", `{"a": -1.49, "b": -1.5}`, `-2`},
		{"add rounds half toward +inf", "States.MathAdd($.a, $.b)", `{"a": -1.5, "b": -1.51}`, `-3`},
		{"add 1.49", "States.MathAdd($.a, $.b)", `{"a": 1.49, "b": -1.49}`, `0`},
		{"add 0.5", "States.MathAdd($.a, 0)", `{"a": 0.5}`, `1`},
		{"add 2.5", "States.MathAdd($.a, 0)", `{"a": 2.5}`, `3`},
		{"add -0.5 and 0.5", "States.MathAdd($.a, $.b)", `{"a": -0.5, "b": 0.5}`, `1`},
		{"add -0.5", "States.MathAdd($.a, 0)", `{"a": -0.5}`, `0`},
		{"add int32 max", "States.MathAdd(2147483646, 1)", `{}`, `2147483647`},
		{"add nested", "States.MathAdd(States.ArrayLength(States.StringSplit($.s, '-')), -1)", `{"s": "a-b-c"}`, `2`},

		// States.StringSplit: test_string_split; every delimiter character
		// splits and empty pieces are dropped.
		{"split around spaces", "States.StringSplit($.s, $.d)", `{"s": " , ", "d": ","}`, `[" ", " "]`},
		{"split drops empties", "States.StringSplit($.s, $.d)", `{"s": ", , ,", "d": ","}`, `[" ", " "]`},
		{"split numbers", "States.StringSplit($.s, ',')", `{"s": "1,2,3,4,5"}`, `["1", "2", "3", "4", "5"]`},
		{"split on each character", "States.StringSplit($.s, $.d)", `{"s": "This.is+a,test=string", "d": ".+,="}`, `["This", "is", "a", "test", "string"]`},
		{"split on newline", "States.StringSplit($.s, $.d)", `{"s": "split on T and \nnew line", "d": "T\n"}`, `["split on ", " and ", "new line"]`},
		{"split empty string", "States.StringSplit('', ',')", `{}`, `[]`},
		{"split empty delimiter", "States.StringSplit('abc', '')", `{}`, `["abc"]`},
		{"split unicode delimiter", "States.StringSplit('a→b→c', '→')", `{}`, `["a", "b", "c"]`},

		{"uuid", "States.UUID()", `{}`, `"0b1e4c7a-5d1f-4c11-9f3e-2a8b6c0d9e71"`},
		{"variable", "States.Format('{} {}', $greeting, $person.name)", `{}`, `"hi Ann"`},
	}
	env.vars = map[string]any{"greeting": "hi", "person": parseJSON(t, `{"name": "Ann"}`)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := evalCase(t, tt.expr, tt.input, env)
			require.NoError(t, err)
			want := parseJSON(t, tt.want)
			assert.Equal(t, value.String(want), value.String(got), "got %s, want %s", value.String(got), tt.want)
		})
	}
}

// TestEvalFails checks run-time failures: AWS fails the execution with
// States.Runtime and "Invalid arguments in States.<Name>" (AWS observations;
// the corpus has no failing intrinsic).
func TestEvalFails(t *testing.T) {
	tests := []struct {
		name, expr, input, fn string
	}{
		{"format template not a string", "States.Format($.t, 1)", `{"t": 123}`, "States.Format"},
		{"format too few values", "States.Format($.t, 1)", `{"t": "{} {}"}`, "States.Format"},
		{"format stray brace", "States.Format($.t)", `{"t": "Hello {"}`, "States.Format"},
		{"string to json of an object", "States.StringToJson($.v)", `{"v": {"a": 1}}`, "States.StringToJson"},
		{"string to json bad text", "States.StringToJson($.v)", `{"v": "{bad json}"}`, "States.StringToJson"},
		{"string to json truncated", "States.StringToJson($.v)", `{"v": "{\"a\":1"}`, "States.StringToJson"},
		{"string to json undefined", "States.StringToJson($.v)", `{"v": "undefined"}`, "States.StringToJson"},
		{"partition not an array", "States.ArrayPartition($.a, 2)", `{"a": "x"}`, "States.ArrayPartition"},
		{"partition size rounds to zero", "States.ArrayPartition($.a, $.n)", `{"a": [1], "n": 0.6}`, "States.ArrayPartition"},
		{"partition size negative", "States.ArrayPartition($.a, $.n)", `{"a": [1], "n": -1}`, "States.ArrayPartition"},
		{"partition size string", "States.ArrayPartition($.a, $.n)", `{"a": [1], "n": "2"}`, "States.ArrayPartition"},
		{"contains not an array", "States.ArrayContains($.a, 1)", `{"a": {"x": 1}}`, "States.ArrayContains"},
		{"range zero step", "States.ArrayRange(1, 10, $.s)", `{"s": 0.49}`, "States.ArrayRange"},
		{"range too long", "States.ArrayRange(1, $.e, 1)", `{"e": 1001}`, "States.ArrayRange"},
		{"range string", "States.ArrayRange($.s, 5, 1)", `{"s": "a"}`, "States.ArrayRange"},
		{"get item past end", "States.ArrayGetItem($.a, 3)", `{"a": [10, 20, 30]}`, "States.ArrayGetItem"},
		{"get item negative", "States.ArrayGetItem($.a, $.i)", `{"a": [10, 20, 30], "i": -1}`, "States.ArrayGetItem"},
		{"get item string index", "States.ArrayGetItem($.a, $.i)", `{"a": [10], "i": "0"}`, "States.ArrayGetItem"},
		{"length of object", "States.ArrayLength($.a)", `{"a": {}}`, "States.ArrayLength"},
		{"unique of string", "States.ArrayUnique($.a)", `{"a": "x"}`, "States.ArrayUnique"},
		{"encode number", "States.Base64Encode($.v)", `{"v": 1}`, "States.Base64Encode"},
		{"encode too long", "States.Base64Encode($.v)", `{"v": "` + strings.Repeat("a", 10001) + `"}`, "States.Base64Encode"},
		{"decode too long", "States.Base64Decode($.v)", `{"v": "` + strings.Repeat("A", 10001) + `"}`, "States.Base64Decode"},
		{"hash too long", "States.Hash($.v, 'MD5')", `{"v": "` + strings.Repeat("a", 10001) + `"}`, "States.Hash"},
		{"hash bad algorithm", "States.Hash('x', $.a)", `{"a": "sha-256"}`, "States.Hash"},
		{"hash numeric algorithm", "States.Hash('x', $.a)", `{"a": 256}`, "States.Hash"},
		{"merge null", "States.JsonMerge($.a, $.b, false)", `{"a": null, "b": {}}`, "States.JsonMerge"},
		{"merge array", "States.JsonMerge($.a, $.b, false)", `{"a": {}, "b": []}`, "States.JsonMerge"},
		{"merge deep", "States.JsonMerge($.a, $.b, $.deep)", `{"a": {}, "b": {}, "deep": true}`, "States.JsonMerge"},
		{"random equal bounds", "States.MathRandom($.a, $.b)", `{"a": 1.4, "b": 1.6}`, "States.MathRandom"},
		{"random reversed", "States.MathRandom($.a, 5)", `{"a": 10}`, "States.MathRandom"},
		{"random null seed", "States.MathRandom(1, 10, $.s)", `{"s": null}`, "States.MathRandom"},
		{"add string", "States.MathAdd($.a, 1)", `{"a": "1"}`, "States.MathAdd"},
		{"add boolean", "States.MathAdd($.a, 1)", `{"a": true}`, "States.MathAdd"},
		{"add overflow", "States.MathAdd($.a, 1)", `{"a": 2147483647}`, "States.MathAdd"},
		{"add operand out of range", "States.MathAdd($.a, 1)", `{"a": 3000000000}`, "States.MathAdd"},
		{"split number", "States.StringSplit($.s, ',')", `{"s": 123}`, "States.StringSplit"},
		{"split null delimiter", "States.StringSplit('a', $.d)", `{"d": null}`, "States.StringSplit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := evalCase(t, tt.expr, tt.input, fakeEnv{random: 0.5})
			var fe *failure.Error
			require.True(t, errors.As(err, &fe), "want a *failure.Error, got %T %v", err, err)
			assert.Equal(t, failure.Runtime, fe.Name)
			assert.Equal(t, "Invalid arguments in "+tt.fn, fe.Cause)
		})
	}
}

// TestEvalPathMisses checks that a path argument that selects nothing comes
// back as the path's *jsonpath.Error, so the caller can name the field.
func TestEvalPathMisses(t *testing.T) {
	tests := []struct{ expr, path string }{
		{"States.Base64Decode($.missing)", "$.missing"},
		{"States.Format('{}', States.Array($.a.b))", "$.a.b"},
		{"States.Hash('x', $$.Execution.Nope)", "$$.Execution.Nope"},
		{"States.Array($undefined.x)", "$undefined.x"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := evalCase(t, tt.expr, `{"a": 1}`, fakeEnv{})
			var pe *jsonpath.Error
			require.True(t, errors.As(err, &pe), "want a *jsonpath.Error, got %T %v", err, err)
			assert.Equal(t, tt.path, pe.Path)
		})
	}
}

func TestEvalNeedsEnvForRandomness(t *testing.T) {
	for _, expr := range []string{"States.UUID()", "States.MathRandom(1, 10)"} {
		_, err := evalCase(t, expr, `{}`, nil)
		var fe *failure.Error
		require.True(t, errors.As(err, &fe), "%s: got %T %v", expr, err, err)
		assert.Equal(t, failure.Runtime, fe.Name)
	}
	// A seeded MathRandom needs no Env.
	got, err := evalCase(t, "States.MathRandom(1, 10, 7)", `{}`, nil)
	require.NoError(t, err)
	n, ok := value.Int(got.(json.Number))
	require.True(t, ok)
	assert.True(t, n >= 1 && n < 10, "got %d, want 1 <= n < 10", n)
}

func TestFoldedCallsAreShared(t *testing.T) {
	c, err := Parse("States.ArrayRange(0, 3, 1)")
	require.NoError(t, err)
	a, err := c.Eval(nil, nil, nil)
	require.NoError(t, err)
	b, err := c.Eval(parseJSON(t, `{"x": 1}`), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, `[0,1,2,3]`, value.String(a))
	assert.Same(t, &a.([]any)[0], &b.([]any)[0], "a literal call is computed once")

	// UUID and unseeded MathRandom are computed at every evaluation.
	c, err = Parse("States.Array(States.UUID())")
	require.NoError(t, err)
	x, _ := c.Eval(nil, nil, fakeEnv{uuid: "one"})
	y, _ := c.Eval(nil, nil, fakeEnv{uuid: "two"})
	assert.Equal(t, `["one"]`, value.String(x))
	assert.Equal(t, `["two"]`, value.String(y))
}
