package payload

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// limitedEnv is a runtime with a payload limit.
type limitedEnv struct {
	fakeEnv
	max int
}

func (e limitedEnv) MaxPayloadBytes() int { return e.max }

func TestEvalStopsAtThePayloadLimit(t *testing.T) {
	input := mustParse(t, `{"s":"`+strings.Repeat("x", 40)+`","n":[1,2,3]}`)
	tests := []struct {
		name, tmpl string
		size       int // the JSON size of the result
	}{
		{"path", `{"a.$":"$.s"}`, 48},
		{"paths", `{"a.$":"$.s","b.$":"$.s"}`, 95},
		{"literals and paths", `{"lit":"abc","a.$":"$.s","arr":[1,{"b.$":"$.n"}]}`, 84},
		{"intrinsic", `{"a.$":"States.Array($.s, $.n)"}`, 58},
		{"literal only", `{"lit":"` + strings.Repeat("y", 60) + `"}`, 70},
		{"array of templates", `[{"a.$":"$.n"},{"b.$":"$.n"},"tail"]`, 36},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp := compile(t, tc.tmpl)
			got, err := tp.Eval(input, nil, limitedEnv{max: tc.size})
			require.NoError(t, err)
			require.Len(t, value.Marshal(got), tc.size, "the size the test expects")

			_, err = tp.Eval(input, nil, limitedEnv{max: tc.size - 1})
			var le *LimitError
			require.True(t, errors.As(err, &le), "got %v", err)
			assert.Equal(t, tc.size-1, le.Limit)
			assert.Contains(t, le.Error(), failure.DataLimitExceeded)
		})
	}
}

func TestEvalSizedWithAnInputBound(t *testing.T) {
	// The input is 54 bytes; the result {"a":{"s":"x..."},"b":{"s":"x..."}}
	// is 107.
	tp := compile(t, `{"a.$":"$.o","b.$":"$.o","n.$":"$.n"}`)
	input := mustParse(t, `{"o":{"s":"`+strings.Repeat("x", 40)+`"},"n":7}`)
	require.Len(t, value.Marshal(input), 60)
	got, err := tp.Eval(input, nil, nil)
	require.NoError(t, err)
	require.Len(t, value.Marshal(got), 113)

	// Far from the limit, the objects selected are charged the input's
	// bound and not walked (a number costs its length): the size returned
	// is that bound.
	_, n, err := tp.EvalSized(input, nil, limitedEnv{max: 1000}, 60)
	require.NoError(t, err)
	assert.Equal(t, 2+2+3*4+60+60+1, n)

	// Near it, the result is measured exactly, and is within.
	_, n, err = tp.EvalSized(input, nil, limitedEnv{max: 113}, 60)
	require.NoError(t, err)
	assert.Equal(t, 113, n)

	_, _, err = tp.EvalSized(input, nil, limitedEnv{max: 112}, 60)
	var le *LimitError
	require.True(t, errors.As(err, &le), "got %v", err)

	// An indefinite path can select more than the input holds: it is
	// always measured.
	tp = compile(t, `{"a.$":"$..s"}`)
	_, n, err = tp.EvalSized(input, nil, limitedEnv{max: 1000}, 60)
	require.NoError(t, err)
	assert.Equal(t, len(`{"a":[""]}`)+40, n)
}

func TestEvalWithoutALimitBuildsAnything(t *testing.T) {
	tp := compile(t, `{"a.$":"$","b.$":"$","c.$":"$"}`)
	input := mustParse(t, `{"s":"`+strings.Repeat("x", 1000)+`"}`)
	for _, env := range []any{nil, fakeEnv{}, limitedEnv{max: 0}} {
		var err error
		switch e := env.(type) {
		case nil:
			_, err = tp.Eval(input, nil, nil)
		case fakeEnv:
			_, err = tp.Eval(input, nil, e)
		case limitedEnv:
			_, err = tp.Eval(input, nil, e)
		}
		require.NoError(t, err)
	}
}

func TestEvalStopsBeforeLaterFields(t *testing.T) {
	// The first field is already over the limit: the intrinsic in the
	// second, which would fail for another reason, is never evaluated.
	tp := compile(t, `{"a.$":"$.s","b.$":"States.ArrayGetItem($.n, 7)"}`)
	input := mustParse(t, `{"s":"`+strings.Repeat("x", 200)+`","n":[1]}`)
	_, err := tp.Eval(input, nil, limitedEnv{max: 100})
	var le *LimitError
	require.True(t, errors.As(err, &le), "got %v", err)
}

func TestIntrinsicLimitErrorsPassThrough(t *testing.T) {
	tp := compile(t, `{"parts.$":"States.StringSplit($.s, ',')"}`)
	input := mustParse(t, `{"s":"`+strings.Repeat("a,", 40)+`"}`)
	_, err := tp.Eval(input, nil, limitedEnv{max: 100})
	var fe *failure.Error
	require.True(t, errors.As(err, &fe), "got %v", err)
	assert.Equal(t, failure.DataLimitExceeded, fe.Name)
	assert.Contains(t, fe.Cause, "States.StringSplit")
}

// BenchmarkTemplateWithLimit is BenchmarkTemplate under AWS's payload
// limit, as every state evaluates its templates: the difference is the cost
// of measuring the result.
func BenchmarkTemplateWithLimit(b *testing.B) {
	tmpl, problems := Compile(mustParse(b, benchTemplate), "/States/S/Parameters")
	require.Empty(b, problems)
	input := mustParse(b, benchInput)
	env := limitedEnv{max: 256 * 1024}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tmpl.Eval(input, nil, env); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTemplateWithKnownInput is BenchmarkTemplateWithLimit when the
// size of the input is known, as it is for a state reading the output of
// the state before it.
func BenchmarkTemplateWithKnownInput(b *testing.B) {
	tmpl, problems := Compile(mustParse(b, benchTemplate), "/States/S/Parameters")
	require.Empty(b, problems)
	input := mustParse(b, benchInput)
	env := limitedEnv{max: 256 * 1024}
	known := value.Size(input, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := tmpl.EvalSized(input, nil, env, known); err != nil {
			b.Fatal(err)
		}
	}
}
