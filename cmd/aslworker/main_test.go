package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/aslworker/aslworker/examples"
	"github.com/aslworker/aslworker/worker/devserver"
	"github.com/aslworker/aslworker/workflows"
)

func freePort(t *testing.T) int {
	t.Helper()
	p, err := devserver.FreePort("")
	require.NoError(t, err)
	return p
}

// syncBuffer is a bytes.Buffer safe for a command writing while the test
// reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// line returns the value printed after "label:", or "".
func line(out, label string) string {
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(l, label+":"); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// background runs aslworker with args until the returned stop function is
// called; stop returns the exit status.
func background(t *testing.T, args ...string) (stdout *syncBuffer, stop func() int) {
	t.Helper()
	stdout = &syncBuffer{}
	stderr := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, append([]string{"aslworker"}, args...), stdout, stderr) }()
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(time.Minute):
				t.Errorf("aslworker did not stop; stderr:\n%s", stderr)
			}
			if code != 0 {
				t.Logf("stderr:\n%s", stderr)
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	return stdout, stop
}

var historyLinkRE = regexp.MustCompile(`^http://127\.0\.0\.1:(\d+)/namespaces/default/workflows/([^/]+)/([^/]+)/history$`)

// TestDevExampleExit runs the quickstart, `aslworker dev --example --exit`,
// on free ports and a new database: it prints the addresses, the example's
// output and the Web UI link to its history, and exits 0. The link names
// the execution that really ran: after a restart on the same file it is
// found completed, with its memo and search attribute.
func TestDevExampleExit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "dev.db")
	port, uiPort := freePort(t), freePort(t)
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := Main(context.Background(), []string{"aslworker", "dev", "--example", "--exit",
		"--db", db, "--port", strconv.Itoa(port), "--ui-port", strconv.Itoa(uiPort), "--log-level", "warn"}, &stdout, &stderr)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", &stdout, &stderr)
	assert.GreaterOrEqual(t, time.Since(start), 2*time.Second, "the example's Wait is a real timer")
	out := stdout.String()
	t.Logf("output:\n%s", out)

	assert.Equal(t, "127.0.0.1:"+strconv.Itoa(port)+` (namespace "default")`, line(out, "Temporal server"))
	assert.Equal(t, "http://127.0.0.1:"+strconv.Itoa(uiPort), line(out, "Web UI"))
	assert.Equal(t, db, line(out, "Database"))
	assert.Equal(t, `task queue "aslworker"`, line(out, "Worker"))
	assert.JSONEq(t, examples.HelloOutput, line(out, "Output"))
	assert.NotContains(t, out, "Serving", "--exit does not keep serving")

	m := historyLinkRE.FindStringSubmatch(line(out, "History"))
	require.NotNil(t, m, "history link %q", line(out, "History"))
	assert.Equal(t, strconv.Itoa(uiPort), m[1])
	workflowID, runID := m[2], m[3]
	assert.Contains(t, line(out, "Example"), "workflow "+workflowID+", run "+runID)

	srv, err := devserver.Start(context.Background(), devserver.Options{
		DBFile: db, Port: freePort(t), UIPort: devserver.UIDisabled,
	})
	require.NoError(t, err)
	defer func() { assert.NoError(t, srv.Stop()) }()
	c, err := client.Dial(client.Options{HostPort: srv.FrontendAddress()})
	require.NoError(t, err)
	defer c.Close()
	desc, err := c.DescribeWorkflowExecution(context.Background(), workflowID, runID)
	require.NoError(t, err)
	info := desc.GetWorkflowExecutionInfo()
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, info.GetStatus())
	assert.Equal(t, workflows.WorkflowType, info.GetType().GetName())
	var machine string
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(
		info.GetMemo().GetFields()[workflows.MemoStateMachine], &machine))
	assert.Equal(t, examples.HelloName, machine)
	assert.Contains(t, info.GetSearchAttributes().GetIndexedFields(), workflows.SearchAttributeStateMachine)
}

// TestDevRestartResumes runs `aslworker dev` (serving), starts an execution
// that waits, checks the Web UI serves the execution's page, stops dev in
// the middle of the Wait and starts it again on the same file: the
// execution finishes.
func TestDevRestartResumes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "dev.db")
	port, uiPort := freePort(t), freePort(t)
	args := []string{"dev", "--db", db, "--port", strconv.Itoa(port), "--ui-port", strconv.Itoa(uiPort),
		"--log-level", "warn", "--task-queue", "resume-test"}

	stdout, stop := background(t, args...)
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "Serving") },
		time.Minute, 50*time.Millisecond, "stdout:\n%s", stdout)
	uiURL := line(stdout.String(), "Web UI")
	require.NotEmpty(t, uiURL)

	c, err := client.Dial(client.Options{HostPort: "127.0.0.1:" + strconv.Itoa(port)})
	require.NoError(t, err)
	const def = `{"StartAt": "Pause", "States": {
	  "Pause": {"Type": "Wait", "Seconds": 3, "Next": "Greet"},
	  "Greet": {"Type": "Pass", "Parameters": {"msg.$": "States.Format('Hello, {}!', $.name)"}, "End": true}}}`
	ctx := context.Background()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "resume-me", TaskQueue: "resume-test"},
		workflows.WorkflowType, workflows.Input{Definition: json.RawMessage(def), Input: json.RawMessage(`{"name": "again"}`)})
	require.NoError(t, err)
	started := time.Now()

	// The execution's page in the Web UI, as dev --example links it.
	res, err := http.Get(historyLink(uiURL, "default", run.GetID(), run.GetRunID()))
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)

	// Stop once the workflow is waiting on its timer.
	require.Eventually(t, func() bool {
		q, err := c.QueryWorkflow(ctx, run.GetID(), run.GetRunID(), workflows.QueryStatus)
		if err != nil {
			return false
		}
		var st workflows.Status
		return q.Get(&st) == nil && st.CurrentState == "Pause"
	}, 30*time.Second, 50*time.Millisecond)
	c.Close()
	require.Equal(t, 0, stop())
	require.Less(t, time.Since(started), 3*time.Second, "stopped before the Wait ended")

	stdout, stop = background(t, args...)
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "Serving") },
		time.Minute, 50*time.Millisecond, "stdout:\n%s", stdout)
	c, err = client.Dial(client.Options{HostPort: "127.0.0.1:" + strconv.Itoa(port)})
	require.NoError(t, err)
	defer c.Close()
	getCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var out json.RawMessage
	require.NoError(t, c.GetWorkflow(getCtx, run.GetID(), run.GetRunID()).Get(getCtx, &out))
	assert.JSONEq(t, `{"msg": "Hello, again!"}`, string(out))
	assert.GreaterOrEqual(t, time.Since(started), 3*time.Second)
	assert.Equal(t, 0, stop())
}

// TestWorkerAgainstCluster runs the root command against a server it did not
// start, with the connection flags, and runs the example on it.
func TestWorkerAgainstCluster(t *testing.T) {
	srv, err := devserver.Start(context.Background(), devserver.Options{
		DBFile: filepath.Join(t.TempDir(), "cluster.db"), Port: freePort(t), UIPort: devserver.UIDisabled,
	})
	require.NoError(t, err)
	defer func() { assert.NoError(t, srv.Stop()) }()

	_, stop := background(t, "--address", srv.FrontendAddress(), "--namespace", "default",
		"--task-queue", "cluster-test", "--log-format", "json")

	c, err := client.Dial(client.Options{HostPort: srv.FrontendAddress()})
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "cluster-test"}, workflows.WorkflowType,
		workflows.Input{Definition: examples.HelloDefinition, Input: examples.HelloInput})
	require.NoError(t, err)
	var out json.RawMessage
	require.NoError(t, run.Get(ctx, &out))
	assert.JSONEq(t, examples.HelloOutput, string(out))
	assert.Equal(t, 0, stop(), "a cancelled worker stops cleanly")
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad log level", []string{"--log-level", "loud"}, "--log-level"},
		{"bad log format", []string{"--log-format", "xml"}, "--log-format"},
		{"stray argument", []string{"serve"}, `unknown command "serve"`},
		{"exit without example", []string{"dev", "--exit"}, "--exit needs --example"},
		{"bad server log level", []string{"dev", "--server-log-level", "chatty"}, "--server-log-level"},
		{"bad ui port", []string{"dev", "--ui-port", "-3"}, "--ui-port"},
		{"unreachable cluster", []string{"--address", "127.0.0.1:1", "--log-level", "never"}, "connecting to Temporal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			code := Main(ctx, append([]string{"aslworker"}, tt.args...), &stdout, &stderr)
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr.String(), tt.want)
		})
	}
}

func TestDefaultDBFile(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/some/cache")
	assert.Equal(t, "/some/cache/aslworker/dev.db", defaultDBFile())
}

func TestHistoryLink(t *testing.T) {
	assert.Equal(t, "http://h:1/namespaces/ns/workflows/a%2Fb/r/history", historyLink("http://h:1", "ns", "a/b", "r"))
	assert.Empty(t, historyLink("", "ns", "w", "r"))
}
