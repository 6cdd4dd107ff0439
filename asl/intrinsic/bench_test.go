package intrinsic

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkFormat is the States.Format of the project's Pass-chain benchmark.
func BenchmarkFormat(b *testing.B) {
	call, err := Parse("States.Format('step {} of {} by {}', $.step, $.id, $.name)")
	require.NoError(b, err)
	input := parseJSON(b, `{"id": "run-42", "name": "bench", "step": 7, "data": {"nested": {"k": "v"}}}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := call.Eval(input, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse is the cost of compiling a nested call once.
func BenchmarkParse(b *testing.B) {
	const s = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.arn, ':'), 5), States.MathAdd($.n, 1))"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}
