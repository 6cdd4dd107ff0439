package examples_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/examples"
)

// TestHello runs the example on the in-memory runtime: it must be valid,
// produce the documented output, and spend its Wait.
func TestHello(t *testing.T) {
	m, err := asl.Parse(examples.HelloDefinition)
	require.NoError(t, err)
	tests := []struct {
		name, input, want string
	}{
		{"example input", string(examples.HelloInput), examples.HelloOutput},
		{"no orders", `{"name": "Nobody", "orders": []}`, `{"packed":[],"message":"Hello, Nobody!"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := value.ParseString(tt.input)
			require.NoError(t, err)
			start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			rt := memory.New(start, nil)
			res := m.Execute(context.Background(), rt, asl.Execution{Input: in})
			require.Equal(t, asl.Succeeded, res.Status, "error: %v", res.Error)
			assert.Equal(t, tt.want, value.String(res.Output))
		})
	}
}

// TestHelloWaits checks the example's Wait on the fake clock: the path with
// orders takes two seconds.
func TestHelloWaits(t *testing.T) {
	m, err := asl.Parse(examples.HelloDefinition)
	require.NoError(t, err)
	in, err := value.Parse(examples.HelloInput)
	require.NoError(t, err)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rt := memory.New(start, nil)
	res := m.Execute(context.Background(), rt, asl.Execution{Input: in})
	require.Equal(t, asl.Succeeded, res.Status)
	assert.Equal(t, 2*time.Second, rt.Now().Sub(start))
}
