package payload

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// benchTemplate is the Parameters of each state in the project's Pass-chain
// benchmark.
const benchTemplate = `{"id.$": "$.id", "name.$": "$.name", "data.$": "$.data", "k.$": "$.data.nested.k", "step": 1,
	"msg.$": "States.Format('step {} of {} by {}', $.step, $.id, $.name)"}`

const benchInput = `{"id": "run-42", "name": "bench", "step": 7, "data": {"nested": {"k": "v"}, "list": [1, 2, 3]}}`

func mustParse(t testing.TB, s string) any {
	t.Helper()
	v, err := value.ParseString(s)
	require.NoError(t, err)
	return v
}

func BenchmarkTemplate(b *testing.B) {
	tmpl, problems := Compile(mustParse(b, benchTemplate), "/States/S/Parameters")
	require.Empty(b, problems)
	input := mustParse(b, benchInput)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tmpl.Eval(input, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}
