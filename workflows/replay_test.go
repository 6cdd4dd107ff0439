package workflows_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/workflows"
)

// The histories under testdata/ were recorded on a real Temporal server by
// `go run ./workflows/internal/genhistories` (never written by hand): a Task
// retried then caught, a Wait, a Parallel, a Map, a Choice loop, a Fail and
// an execution timeout, with the child workflows of the Parallel branches
// and Map iterations. Replaying them with today's interpreter fails if a
// change would break executions already running: different commands, in
// another order, or other IDs. Regenerate them only for a change that is
// meant to be incompatible (and ship it behind workflow.GetVersion or a new
// worker deployment version).

// recorded is one stored history: the events, the workflow input they
// started with and the workflow they belong to (the interpreter names child
// workflows after their parent's ID, so the replay must use the same one).
type recorded struct {
	hist *historypb.History
	in   workflows.Input
	exec workflow.Execution
}

// workflowIDs reads testdata/workflow-ids.tsv: file name -> execution.
func workflowIDs(t *testing.T) map[string]workflow.Execution {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "workflow-ids.tsv"))
	require.NoError(t, err)
	ids := map[string]workflow.Execution{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		require.Len(t, f, 3, "workflow-ids.tsv: %q", line)
		ids[f[0]] = workflow.Execution{ID: f[1], RunID: f[2]}
	}
	return ids
}

// loadHistory reads a recorded history and the workflow input it started
// with.
func loadHistory(t *testing.T, path string, ids map[string]workflow.Execution) recorded {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	hist, err := client.HistoryFromJSON(f, client.HistoryJSONOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, hist.Events)
	started := hist.Events[0].GetWorkflowExecutionStartedEventAttributes()
	require.NotNil(t, started, "%s starts with WorkflowExecutionStarted", path)
	require.Equal(t, workflows.WorkflowType, started.GetWorkflowType().GetName())
	var in workflows.Input
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(started.GetInput(), &in))
	exec, ok := ids[filepath.Base(path)]
	require.True(t, ok, "workflow-ids.tsv lists %s", path)
	return recorded{hist: hist, in: in, exec: exec}
}

// taskResources lists the Resource of every Task state in a definition,
// nested branches and item processors included.
func taskResources(t *testing.T, def json.RawMessage) []string {
	t.Helper()
	var doc any
	require.NoError(t, json.Unmarshal(def, &doc))
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if r, ok := x["Resource"].(string); ok && x["Type"] == "Task" {
				seen[r] = true
			}
			for _, sub := range x {
				walk(sub)
			}
		case []any:
			for _, sub := range x {
				walk(sub)
			}
		}
	}
	walk(doc)
	out := make([]string, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// replay replays a history with the interpreter, its registry serving the
// given resources (replay never runs an activity, but the interpreter
// routes each Task through the registry, so the routes must exist).
func replay(r recorded, resources []string) error {
	reg := activities.NewRegistry()
	for _, r := range resources {
		reg.RegisterFunc(r, func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
			panic("replay runs no activity")
		})
	}
	replayer := worker.NewWorkflowReplayer()
	i := &workflows.Interpreter{Registry: reg}
	replayer.RegisterWorkflowWithOptions(i.StateMachine, workflow.RegisterOptions{Name: workflows.WorkflowType})
	return replayer.ReplayWorkflowHistoryWithOptions(log.NewStructuredLogger(slog.New(slog.DiscardHandler)), r.hist,
		worker.ReplayWorkflowHistoryOptions{OriginalExecution: r.exec})
}

func TestReplay(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	// Every kind of execution the generator records is there.
	for _, name := range []string{"task-retry-catch", "wait", "parallel", "map", "choice-loop", "fail", "execution-timeout"} {
		require.Contains(t, files, filepath.Join("testdata", name+".json"))
	}
	ids := workflowIDs(t)
	// A child that runs a group of jobs (since versionBounded) carries no
	// definition: it gets its parts from a local activity, recorded in its
	// history. It is replayed with every Task resource of the testdata.
	var all []string
	for _, file := range files {
		all = append(all, taskResources(t, loadHistory(t, file, ids).in.Definition)...)
	}
	children, groups := 0, 0
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			r := loadHistory(t, file, ids)
			resources := taskResources(t, r.in.Definition)
			switch {
			case r.in.Job != nil:
				children++
			case r.in.Group != nil:
				groups++
				resources = all
			}
			assert.NoError(t, replay(r, resources))
		})
	}
	assert.Positive(t, children, "the child workflows of Parallel and Map are replayed too")
	assert.Positive(t, groups, "and those that run groups of jobs")
}

// TestReplayDetectsAChange shows that the replay test can fail: with the
// Task's resource unregistered, the interpreter fails the state at once
// instead of scheduling the recorded activity, and the replay reports the
// nondeterminism. The same history replays with another workflow ID only
// if the execution starts no child workflow; a Parallel's does not.
func TestReplayDetectsAChange(t *testing.T) {
	r := loadHistory(t, filepath.Join("testdata", "task-retry-catch.json"), workflowIDs(t))
	require.NotEmpty(t, taskResources(t, r.in.Definition))
	require.NoError(t, replay(r, taskResources(t, r.in.Definition)))
	err := replay(r, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TMPRL1100", "the SDK's nondeterminism error")

	p := loadHistory(t, filepath.Join("testdata", "parallel.json"), workflowIDs(t))
	p.exec.ID = "another-id"
	assert.ErrorContains(t, replay(p, taskResources(t, p.in.Definition)), "TMPRL1100")
}
