package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
)

func TestSoakDefinitionsParse(t *testing.T) {
	for _, def := range []string{transitionsDefinition, tasksDefinition(false), tasksDefinition(true)} {
		_, err := asl.Parse([]byte(def))
		assert.NoError(t, err, def)
	}
}

func TestVmHWM(t *testing.T) {
	n, err := vmHWM(0)
	require.NoError(t, err)
	assert.Greater(t, n, uint64(1<<20))
	_, err = vmHWM(-1)
	assert.Error(t, err)
}

func TestSoakStep(t *testing.T) {
	out, err := soakStep(context.Background(), soakStepIO{N: 1, Of: 3, Delay: "1s"})
	require.NoError(t, err)
	assert.Equal(t, 2, out.N)
	at, err := time.Parse(time.RFC3339Nano, out.At)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Second), at, 500*time.Millisecond)
}

// TestSoakSmoke runs both soak modes with a small N on the embedded dev
// server, the worker in process (the test binary cannot be the worker
// process), and checks the report.
func TestSoakSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Temporal server")
	}
	for _, tc := range []struct {
		name string
		cfg  config
		want string
	}{
		{"transitions", config{namespace: "default", soak: soakConfig{mode: "transitions", transitions: 2001, inProcess: true}}, "transitions          2001"},
		{"tasks", config{namespace: "default", tasks: 5, soak: soakConfig{mode: "tasks", inProcess: true}}, "transitions          16"},
		{"tasks with timers", config{namespace: "default", tasks: 3, soak: soakConfig{mode: "tasks", wait: 50 * time.Millisecond, inProcess: true}}, "transitions          10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := os.Create(filepath.Join(t.TempDir(), "report.txt"))
			require.NoError(t, err)
			require.NoError(t, run(context.Background(), tc.cfg, out))
			require.NoError(t, out.Close())
			report, err := os.ReadFile(out.Name())
			require.NoError(t, err)
			for _, want := range []string{tc.want, "runs ", "Temporal events/run", "worker peak RSS", "worker Go heap peak"} {
				assert.True(t, bytes.Contains(report, []byte(want)), "the report has %q:\n%s", want, report)
			}
		})
	}
}
