package asl_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

// benchDefinition reads the definition of a file in ../shared/bench.
func benchDefinition(b *testing.B, name string) []byte {
	dir := os.Getenv("ASL_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "bench")
	}
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		b.Skipf("benchmark definitions not found: %v", err)
	}
	doc, err := value.Parse(raw)
	require.NoError(b, err)
	def, _ := doc.(*value.Object).Get("definition")
	return value.Marshal(def)
}

// BenchmarkParse measures decoding, validating and compiling the
// 1,000-state chain definition.
func BenchmarkParse(b *testing.B) {
	def := benchDefinition(b, "bench_chain.json")
	b.SetBytes(int64(len(def)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := asl.Parse(def); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPassTransition measures one Pass state with a Parameters
// template and a States.Format call, the unit of the chain benchmark.
func BenchmarkPassTransition(b *testing.B) {
	m := asl.MustParse(`{"StartAt":"S","States":{"S":{"Type":"Pass","Parameters":{
		"id.$":"$.id","name.$":"$.name","data.$":"$.data","k.$":"$.data.nested.k","step":1,
		"msg.$":"States.Format('step {} of {} by {}', $.step, $.id, $.name)"},"End":true}}}`)
	in, _ := value.ParseString(`{"id":"abc","name":"bench","step":0,"data":{"nested":{"k":42},"list":[1,2,3]}}`)
	rt := memory.New(t0, nil)
	b.ReportAllocs()
	for b.Loop() {
		if res := m.Execute(context.Background(), rt, asl.Execution{Input: in}); res.Status != asl.Succeeded {
			b.Fatal(res.Error)
		}
	}
}
