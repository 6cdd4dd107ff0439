package devserver_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/aslworker/aslworker/worker/devserver"
)

func freePort(t *testing.T) int {
	t.Helper()
	p, err := devserver.FreePort("")
	require.NoError(t, err)
	return p
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func start(t *testing.T, o devserver.Options) (*devserver.Server, client.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := devserver.Start(ctx, o)
	require.NoError(t, err)
	c, err := client.Dial(client.Options{HostPort: s.FrontendAddress(), Namespace: o.Namespace})
	if err != nil {
		_ = s.Stop()
		require.NoError(t, err)
	}
	return s, c
}

// TestRestartKeepsExecutions starts the server on a new file, checks the
// frontend, the UI and the search attribute, starts a workflow (no worker
// runs, so it stays open), stops, restarts on the same file and finds the
// workflow and the namespace again.
func TestRestartKeepsExecutions(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nested", "dev.db")
	const ns = "default"
	opts := devserver.Options{
		DBFile:    db,
		Port:      freePort(t),
		UIPort:    0,
		Namespace: ns,
		SearchAttributes: map[string]enumspb.IndexedValueType{
			"AslStateMachine": enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		},
		Logger: testLogger(t),
	}
	ctx := context.Background()
	key := temporal.NewSearchAttributeKeyKeyword("AslStateMachine")

	s, c := start(t, opts)
	assert.Equal(t, net.JoinHostPort("127.0.0.1", itoa(opts.Port)), s.FrontendAddress())
	require.NotEmpty(t, s.UIURL())

	// The frontend answers: the namespace is listed.
	resp, err := c.WorkflowService().ListNamespaces(ctx, &workflowservice.ListNamespacesRequest{})
	require.NoError(t, err)
	var names []string
	for _, n := range resp.GetNamespaces() {
		names = append(names, n.GetNamespaceInfo().GetName())
	}
	assert.Contains(t, names, ns)

	// The UI serves its page.
	res, err := http.Get(s.UIURL() + "/")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, strings.ToLower(string(body)), "<html")

	// The UI's API reaches the frontend.
	res, err = http.Get(s.UIURL() + "/api/v1/namespaces")
	require.NoError(t, err)
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(body), `"name": "default"`)

	// The search attribute is registered with its type.
	sa, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: ns})
	require.NoError(t, err)
	assert.Equal(t, enumspb.INDEXED_VALUE_TYPE_KEYWORD, sa.GetCustomAttributes()["AslStateMachine"])

	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                    "before-restart",
		TaskQueue:             "nobody-polls-this",
		TypedSearchAttributes: temporal.NewSearchAttributes(key.ValueSet("Demo")),
	}, "SomeWorkflow", "arg")
	require.NoError(t, err)

	c.Close()
	require.NoError(t, s.Stop())
	require.NoError(t, s.Stop(), "a second Stop is harmless")

	info, err := os.Stat(db)
	require.NoError(t, err)
	assert.Positive(t, info.Size())
	_, err = os.Stat(db + "-wal")
	assert.NoError(t, err, "the database runs in WAL mode")

	// Restart on the same file, with one more search attribute: the
	// namespace exists already, the new attribute is added at runtime.
	opts.Port = freePort(t)
	opts.UIPort = devserver.UIDisabled
	opts.SearchAttributes["AslCurrentState"] = enumspb.INDEXED_VALUE_TYPE_KEYWORD
	s, c = start(t, opts)
	defer func() {
		c.Close()
		assert.NoError(t, s.Stop())
	}()
	assert.Empty(t, s.UIURL(), "UI disabled")

	desc, err := c.DescribeWorkflowExecution(ctx, "before-restart", run.GetRunID())
	require.NoError(t, err)
	assert.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, desc.GetWorkflowExecutionInfo().GetStatus())
	assert.Equal(t, "SomeWorkflow", desc.GetWorkflowExecutionInfo().GetType().GetName())

	sa, err = c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: ns})
	require.NoError(t, err)
	assert.Equal(t, enumspb.INDEXED_VALUE_TYPE_KEYWORD, sa.GetCustomAttributes()["AslStateMachine"])
	assert.Equal(t, enumspb.INDEXED_VALUE_TYPE_KEYWORD, sa.GetCustomAttributes()["AslCurrentState"])

	// Visibility survived too: the execution is found by its search attribute.
	require.EventuallyWithT(t, func(ct *assert.CollectT) {
		n, err := c.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{
			Namespace: ns, Query: `AslStateMachine = "Demo"`,
		})
		require.NoError(ct, err)
		assert.EqualValues(ct, 1, n.GetCount())
	}, 10*time.Second, 100*time.Millisecond)
}

func TestStartErrors(t *testing.T) {
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).Port

	tests := []struct {
		name string
		opts devserver.Options
		want string
	}{
		{"no file", devserver.Options{}, "no database file"},
		{"bad ip", devserver.Options{DBFile: filepath.Join(dir, "a.db"), IP: "localhost"}, "not an IP address"},
		// A free port, not the default 7233, which may be busy.
		{"directory", devserver.Options{DBFile: dir, Port: freePort(t)}, "is a directory"},
		{"frontend port busy", devserver.Options{DBFile: filepath.Join(dir, "b.db"), Port: busyPort}, "frontend port"},
		{"ui port busy", devserver.Options{DBFile: filepath.Join(dir, "c.db"), Port: freePort(t), UIPort: busyPort}, "UI port"},
		{"bad ui port", devserver.Options{DBFile: filepath.Join(dir, "d.db"), Port: freePort(t), UIPort: -7}, "invalid UI port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := devserver.Start(context.Background(), tt.opts)
			if s != nil {
				_ = s.Stop()
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			if tt.opts.DBFile != "" && tt.opts.DBFile != dir {
				_, err := os.Stat(tt.opts.DBFile)
				assert.ErrorIs(t, err, os.ErrNotExist, "a failed start leaves no database behind")
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
