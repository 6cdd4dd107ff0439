package testsuite

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

// benchDir is the engine-neutral benchmark definitions: $ASL_BENCH_DIR, or
// the shared checkout next to the repository.
func benchDir() string {
	if d := os.Getenv("ASL_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "bench")
}

// benchDefinition is one file of the benchmark directory.
type benchDefinition struct {
	transitions int64
	definition  []byte
	input       any
	expected    any
}

func loadBenchDefinition(path string) (*benchDefinition, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := value.Parse(data)
	if err != nil {
		return nil, err
	}
	obj := asObject(doc)
	bd := &benchDefinition{
		definition: value.Marshal(get(obj, "definition")),
		input:      get(obj, "input"),
		expected:   get(obj, "expected_output"),
	}
	if n, ok := get(obj, "transitions_per_execution").(json.Number); ok {
		bd.transitions, _ = value.Int(n)
	}
	return bd, nil
}

// BenchmarkBenchDefinitions runs every benchmark definition on the memory
// engine: parsed once, executed b.N times, the output checked on every run.
// The figure to compare is transitions/s.
func BenchmarkBenchDefinitions(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(benchDir(), "*.json"))
	if err != nil {
		b.Fatal(err)
	}
	if len(files) == 0 {
		b.Skipf("no benchmark definitions in %s (set ASL_BENCH_DIR)", benchDir())
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		b.Run(name, func(b *testing.B) {
			bd, err := loadBenchDefinition(f)
			if err != nil {
				b.Fatal(err)
			}
			m, err := asl.Parse(bd.definition)
			if err != nil {
				b.Fatalf("%s: %v", f, err)
			}
			ex := asl.Execution{
				Input:            bd.input,
				Name:             name,
				ID:               "arn:aws:states:us-east-1:111111111111:execution:bench:" + name,
				StateMachineName: "bench",
				StateMachineID:   "arn:aws:states:us-east-1:111111111111:stateMachine:bench",
				StartTime:        DefaultStart,
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res := m.Execute(context.Background(), memory.New(DefaultStart, nil), ex)
				if res.Status != asl.Succeeded {
					b.Fatalf("%s: %s %v", name, res.Status, res.Error)
				}
				if !value.Equal(bd.expected, res.Output) {
					b.Fatalf("%s: output %s, want %s", name, value.String(res.Output), value.String(bd.expected))
				}
			}
			if s := b.Elapsed().Seconds(); s > 0 {
				b.ReportMetric(float64(bd.transitions)*float64(b.N)/s, "transitions/s")
			}
		})
	}
}
