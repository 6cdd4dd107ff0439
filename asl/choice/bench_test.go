package choice

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// The benchmark loop's Choice state: {"Variable":"$.i","NumericLessThan":10000}.
func BenchmarkEvalNumeric(b *testing.B) {
	r := nested(b, `{"Variable":"$.i","NumericLessThan":10000}`)
	input := value.NewObject(2)
	input.Set("i", json.Number("4711"))
	input.Set("label", "loop")
	ctx := value.NewObject(0)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.Eval(input, ctx)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkEvalNumericDecimal(b *testing.B) {
	r := nested(b, `{"Variable":"$.price","NumericGreaterThanEquals":19.99}`)
	input := parse(b, `{"price":20.5}`)
	ctx := value.NewObject(0)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.Eval(input, ctx)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkEvalStringMatches(b *testing.B) {
	r := nested(b, `{"Variable":"$.file","StringMatches":"logs/*/app-*.log"}`)
	input := parse(b, `{"file":"logs/2024-06-01/app-frontend-7.log"}`)
	ctx := value.NewObject(0)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.Eval(input, ctx)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// The developer guide's example: And of two numeric bounds under a Not.
func BenchmarkEvalAnd(b *testing.B) {
	r := nested(b, `{"And":[
		{"Not":{"Variable":"$.type","StringEquals":"Private"}},
		{"Variable":"$.value","NumericGreaterThanEquals":20},
		{"Variable":"$.value","NumericLessThan":30}]}`)
	input := parse(b, `{"type":"Public","value":22}`)
	ctx := value.NewObject(0)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.Eval(input, ctx)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkEvalTimestamp(b *testing.B) {
	r := nested(b, `{"Variable":"$.at","TimestampLessThan":"2030-01-01T00:00:00Z"}`)
	input := parse(b, `{"at":"2024-06-01T12:30:00.123+02:00"}`)
	ctx := value.NewObject(0)
	b.ReportAllocs()
	for b.Loop() {
		ok, err := r.Eval(input, ctx)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	rule := parseObject(b, `{"And":[{"Variable":"$.value","NumericGreaterThanEquals":20},
		{"Variable":"$.value","NumericLessThan":30}],"Next":"ValueInTwenties"}`)
	b.ReportAllocs()
	for b.Loop() {
		r, problems := Compile(rule, "/States/C/Choices/0", true)
		if r == nil || problems != nil {
			b.Fatal(problems)
		}
	}
}

// FuzzCompile feeds arbitrary JSON objects to Compile: it must not panic,
// must return either a rule or problems (never both, never neither), and a
// compiled rule must evaluate without panicking.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		`{"Variable":"$.Variable","BooleanEquals":true,"Next":"ConditionTrue"}`,
		`{"Variable":"$.Variable","NumericEqualsPath":"$.Value","Next":"ConditionTrue"}`,
		`{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z","Next":"ConditionTrue"}`,
		`{"And":[{"IsPresent":true,"Variable":"$"},{"And":[{"IsNumeric":true,"Variable":"$"},{"NumericEquals":3,"Variable":"$"}]}],"Next":"Break"}`,
		`{"Not":{"Variable":"$.type","StringEquals":"Private"},"Next":"Public"}`,
		`{"Variable":"$.input_value","IsPresent":false,"Assign":{"status":"UNKNOWN"},"Next":"FinalState"}`,
		`{"Variable":"$.var1","Next":"Succeed state","StringMatches":"uuu*"}`,
		`{"Variable":"$$.value","IsNull":false,"Next":"SucceedState"}`,
		`{"Or":[],"Next":"X"}`,
		`{"Variable":"$.foo","NumericEquals":1,"End":true}`,
	} {
		f.Add(s, `{"Variable":1,"Value":"2012-10-09T19:00:55Z"}`, true)
	}
	f.Fuzz(func(t *testing.T, rule, input string, topLevel bool) {
		v, err := value.ParseString(rule)
		if err != nil {
			return
		}
		obj, ok := v.(*value.Object)
		if !ok {
			return
		}
		r, problems := Compile(obj, "/States/C/Choices/0", topLevel)
		require.True(t, (r == nil) != (len(problems) == 0), "rule %v, problems %v", r, problems)
		for _, p := range problems {
			require.NotEmpty(t, p.Message)
			require.Contains(t, p.Pointer, "/States/C/Choices/0")
		}
		if r == nil {
			return
		}
		if topLevel {
			require.NotEmpty(t, r.Next())
		} else {
			require.Empty(t, r.Next())
		}
		in, err := value.ParseString(input)
		if err != nil {
			return
		}
		_, _ = r.Eval(in, in)
	})
}
