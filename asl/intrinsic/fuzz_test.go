package intrinsic

import (
	"testing"

	"github.com/aslworker/aslworker/asl/value"
)

// FuzzParse: Parse never panics; what parses prints back to text that
// parses to the same text; evaluating it never panics.
func FuzzParse(f *testing.F) {
	for _, s := range corpusCalls {
		f.Add(s)
	}
	for _, s := range []string{
		"States.Format('a {} b \\{ \\} \\' \\\\', $.x)",
		"States.Array($.a[?(@.b == 'x, y')], $.c.length(), $['d e'])",
		"States.MathRandom(1, 10, 3)",
		"States.JsonMerge($.a, $.b, true)",
		"States.StringToJson('{\"a\": [1, 2.5e3, null]}')",
		"States.ArrayUnique(States.Array(1, 1.0, '1', true, null, States.Array()))",
		"States.Hash(States.Base64Decode(States.Base64Encode('x')), 'SHA-512')",
		"States.ArrayPartition(States.ArrayRange(-5, 5, 2), 3)",
		"States.Array(",
		"States.Format('{}')",
	} {
		f.Add(s)
	}
	input, _ := value.ParseString(`{"a": [1, 2, {"b": "x"}], "b": {"k": 1}, "x": "s", "c": "a,b", "d e": 1.5}`)
	env := fakeEnv{uuid: "u", random: 0.25}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		text := c.String()
		again, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", s, text, err)
		}
		if again.String() != text {
			t.Fatalf("Parse(%q) printed %q, which prints as %q", s, text, again.String())
		}
		_, _ = c.Eval(input, input, env)
	})
}
