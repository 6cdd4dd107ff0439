package worker_test

import (
	"context"
	"encoding/json"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/worker"
	"github.com/aslworker/aslworker/worker/devserver"
	"github.com/aslworker/aslworker/workflows"
)

// server starts a dev server for the test; the worker package itself never
// imports it.
func server(t *testing.T) *devserver.Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	s, err := devserver.Start(context.Background(), devserver.Options{
		DBFile: filepath.Join(t.TempDir(), "dev.db"), Port: port, UIPort: devserver.UIDisabled,
	})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, s.Stop()) })
	return s
}

func dial(t *testing.T, s *devserver.Server, namespace string) client.Client {
	t.Helper()
	c, err := client.Dial(client.Options{HostPort: s.FrontendAddress(), Namespace: namespace})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// TestStopWaitsForRunningActivity cancels Run while a Task's activity runs:
// Run returns only after the activity finished, and its result is not lost:
// a new worker completes the execution with it.
func TestStopWaitsForRunningActivity(t *testing.T) {
	s := server(t)
	c := dial(t, s, "default")

	started, release := make(chan struct{}), make(chan struct{})
	reg := activities.NewRegistry()
	reg.RegisterFunc("go:slow", func(ctx context.Context, in json.RawMessage) (map[string]any, error) {
		close(started)
		select {
		case <-release:
			return map[string]any{"finished": true}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	opts := worker.Options{TaskQueue: "stop-test", Activities: reg, StopTimeout: time.Minute}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runDone := make(chan error, 1)
	go func() { runDone <- worker.Run(ctx, c, opts) }()

	const def = `{"StartAt": "Slow", "States": {"Slow": {"Type": "Task", "Resource": "go:slow", "TimeoutSeconds": 120, "End": true}}}`
	run, err := c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{TaskQueue: "stop-test"},
		workflows.WorkflowType, workflows.Input{Definition: json.RawMessage(def)})
	require.NoError(t, err)
	select {
	case <-started:
	case <-time.After(time.Minute):
		short, cancelShort := context.WithTimeout(context.Background(), time.Second)
		defer cancelShort()
		t.Fatalf("the activity never started; the execution: %v", run.Get(short, nil))
	}

	cancel()
	select {
	case err := <-runDone:
		t.Fatalf("Run returned (%v) while an activity was running", err)
	case <-time.After(500 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-runDone:
		assert.NoError(t, err)
	case <-time.After(time.Minute):
		t.Fatal("Run did not return after the activity finished")
	}

	ctx2, cancel2 := context.WithCancel(context.Background())
	run2Done := make(chan error, 1)
	go func() { run2Done <- worker.Run(ctx2, c, opts) }()
	defer func() {
		cancel2()
		assert.NoError(t, <-run2Done)
	}()
	getCtx, cancelGet := context.WithTimeout(context.Background(), time.Minute)
	defer cancelGet()
	var out json.RawMessage
	require.NoError(t, run.Get(getCtx, &out))
	assert.JSONEq(t, `{"finished": true}`, string(out))
}

func TestRunErrors(t *testing.T) {
	err := worker.Run(context.Background(), nil, worker.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no client")

	s := server(t)
	c := dial(t, s, "no-such-namespace")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = worker.Run(ctx, c, worker.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `task queue "aslworker"`)
	assert.Contains(t, err.Error(), "no-such-namespace")
}
