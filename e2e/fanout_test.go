package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/proto"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/workflows"
)

// Large fan-out on a real server: what Temporal enforces (gRPC message
// size, payload size, the deadlock detector, history limits) is in play
// here, not in the test environment.

// startFanoutWorker starts a worker whose interpreter has a client, as
// aslworker's has.
func (h *harness) startFanoutWorker() worker.Worker {
	return h.srv.NewWorker(queue, func(r worker.Registry) { workflows.RegisterWithClient(r, h.reg, h.c) })
}

func intArray(n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, i)
	}
	b.WriteByte(']')
	return b.String()
}

// historyFigures counts a run's Temporal history events and their size.
func historyFigures(t *testing.T, h *harness, id, runID string) (events, bytes int) {
	it := h.c.GetWorkflowHistory(context.Background(), id, runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(t, err)
		events++
		bytes += proto.Size(ev)
	}
	return events, bytes
}

// taskTimes sums a run's workflow task processing (started to completed)
// and waiting (scheduled to started) times.
func taskTimes(t *testing.T, h *harness, id, runID string) (work, wait time.Duration, span time.Duration) {
	it := h.c.GetWorkflowHistory(context.Background(), id, runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var sched, started, first, last time.Time
	for it.HasNext() {
		ev, err := it.Next()
		require.NoError(t, err)
		ts := ev.GetEventTime().AsTime()
		if first.IsZero() {
			first = ts
		}
		last = ts
		switch ev.GetEventType() {
		case enums.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
			sched = ts
		case enums.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			started = ts
			wait += ts.Sub(sched)
		case enums.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			work += ts.Sub(started)
		}
	}
	return work, wait, last.Sub(first)
}

// peakRSS is the process's peak resident set (server, worker and test
// together), from /proc.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

func resultWithin(t *testing.T, run client.WorkflowRun, d time.Duration) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var out json.RawMessage
	err := run.Get(ctx, &out)
	require.False(t, errors.Is(err, context.DeadlineExceeded), "the execution did not end within %v", d)
	return out, err
}

const choicePassMap = `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
	"ItemProcessor":{"StartAt":"C","States":{
		"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericLessThan":5000,"Next":"Low"}],"Default":"High"},
		"Low":{"Type":"Pass","Parameters":{"l.$":"$"},"End":true},
		"High":{"Type":"Pass","Parameters":{"h.$":"$"},"End":true}}}}}}`

func TestMapOf10000ItemsOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startFanoutWorker()
	began := time.Now()
	run := h.start("map-10000", choicePassMap, intArray(10000))
	out, err := resultWithin(t, run, 5*time.Minute)
	took := time.Since(began)
	require.NoError(t, err)
	var items []map[string]int
	require.NoError(t, json.Unmarshal(out, &items))
	require.Len(t, items, 10000)
	assert.Equal(t, map[string]int{"l": 0}, items[0])
	assert.Equal(t, map[string]int{"h": 9999}, items[9999])
	events, bytes := historyFigures(t, h, run.GetID(), run.GetRunID())
	t.Logf("10,000-item Map: %v wall, parent history %d events / %d bytes, peak RSS %s", took.Round(time.Millisecond), events, bytes, peakRSS())
	work, wait, span := taskTimes(t, h, run.GetID(), run.GetRunID())
	t.Logf("parent workflow tasks: %v processing, %v waiting, %v from first to last event", work, wait, span)
	assert.Less(t, events, 2000, "a few events per child, not per item")
	assert.Less(t, bytes, 4<<20, "the children's events are bounded per run")
}

func TestMapOf100000ItemsOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startFanoutWorker()
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ResultSelector":{"n.$":"States.ArrayLength($)"},
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}`
	for _, tc := range []struct {
		items int
		fails bool
	}{{100000, false}, {100001, true}} {
		began := time.Now()
		// [0,0,...]: 100,000 items in 200 KB, under the 256 KiB input limit.
		run := h.start(fmt.Sprintf("map-%d", tc.items), def, "["+strings.Repeat("0,", tc.items-1)+"0]")
		out, err := resultWithin(t, run, 10*time.Minute)
		took := time.Since(began)
		events, bytes := historyFigures(t, h, run.GetID(), run.GetRunID())
		t.Logf("%d-item Map: %v wall, parent history %d events / %d bytes, peak RSS %s, error %v", tc.items,
			took.Round(time.Millisecond), events, bytes, peakRSS(), err)
		if tc.fails {
			var ae *temporal.ApplicationError
			require.True(t, errors.As(err, &ae), "%v", err)
			assert.Equal(t, failure.Runtime, ae.Type())
			assert.Contains(t, ae.Message(), "more than the 100000 the inline Map runs")
			assert.Contains(t, ae.Message(), "DISTRIBUTED")
			assert.Less(t, took, 30*time.Second, "at once")
			continue
		}
		require.NoError(t, err)
		assert.JSONEq(t, fmt.Sprintf(`{"n":%d}`, tc.items), string(out))
	}
}

func TestParallelOf3000BranchesOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startFanoutWorker()
	var b strings.Builder
	b.WriteString(`{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"ResultSelector":{"n.$":"States.ArrayLength($)","last.$":"$[2999]"},"Branches":[`)
	for i := range 3000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"StartAt":"B%d","States":{"B%d":{"Type":"Pass","Result":%d,"End":true}}}`, i, i, i)
	}
	b.WriteString(`]}}}`)
	began := time.Now()
	run := h.start("parallel-3000", b.String(), `{"some":"input"}`)
	out, err := resultWithin(t, run, 5*time.Minute)
	took := time.Since(began)
	require.NoError(t, err)
	assert.JSONEq(t, `{"n":3000,"last":2999}`, string(out))
	events, bytes := historyFigures(t, h, run.GetID(), run.GetRunID())
	t.Logf("3,000-branch Parallel (%d KB definition): %v wall, parent history %d events / %d bytes, peak RSS %s",
		b.Len()>>10, took.Round(time.Millisecond), events, bytes, peakRSS())
}

func TestLargeDefinitionWithASmallMapOnARealServer(t *testing.T) {
	h := newHarness(t)
	h.startFanoutWorker()
	// ~500 KB: a long Comment at the root and a 100 KB one in the processor.
	def := `{"Comment":"` + strings.Repeat("r", 400<<10) + `","StartAt":"M","States":{"M":{"Type":"Map","End":true,
		"ItemProcessor":{"Comment":"` + strings.Repeat("p", 100<<10) + `","StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$"},"End":true}}}}}}`
	run := h.start("big-definition", def, intArray(10))
	out, err := resultWithin(t, run, 2*time.Minute)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"v":0},{"v":1},{"v":2},{"v":3},{"v":4},{"v":5},{"v":6},{"v":7},{"v":8},{"v":9}]`, string(out))
	events, bytes := historyFigures(t, h, run.GetID(), run.GetRunID())
	t.Logf("%d KB definition, 10-item Map: parent history %d events / %d bytes", len(def)>>10, events, bytes)
	assert.Less(t, bytes, 2*len(def), "the definition is in the parent's history once, not per child")
}

// A child whose worker has not cached its parts (another worker ran the
// parent, or this one restarted) loads them from the root run's first
// history event, and the execution input too when it reads it.
func TestChildLoadsItsPartsFromTheRootHistory(t *testing.T) {
	h := newHarness(t)
	h.startFanoutWorker()
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","End":true,
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$","k.$":"$$.Execution.Input.k"},"End":true}}}}}}`
	input := `{"items":[1],"k":"key"}`
	root := h.start("root", def, input)
	_, err := resultWithin(t, root, time.Minute)
	require.NoError(t, err)

	workflows.DropCaches()
	// The client compacts the definition (a json.RawMessage) as it
	// encodes the input; the hash is of the bytes in the history.
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, []byte(def)))
	sum := sha256.Sum256(compact.Bytes())
	canonical := sha256.Sum256([]byte(`{"items":[1],"k":"key"}`))
	ref := workflows.DefinitionRef{WorkflowID: root.GetID(), RunID: root.GetRunID(),
		Hash: hex.EncodeToString(sum[:]), InputHash: hex.EncodeToString(canonical[:])}
	child := func(id string, ref workflows.DefinitionRef) (json.RawMessage, error) {
		run, err := h.c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: queue}, workflows.WorkflowType,
			workflows.Input{Group: &workflows.JobGroup{Root: ref, Kind: asl.ForkMap, State: "M", Pointer: "/States/M/ItemProcessor",
				Jobs: []workflows.GroupJob{{Index: 0, Input: json.RawMessage(`5`)}}, Concurrency: 1, MaxEventBytes: 1 << 10}})
		require.NoError(t, err)
		return resultWithin(t, run, time.Minute)
	}
	out, err := child("child", ref)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"output":{"v":5,"k":"key"}`)

	workflows.DropCaches()
	bad := ref
	bad.Hash = strings.Repeat("0", 64)
	_, err = child("child-bad-hash", bad)
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, failure.Runtime, ae.Type())
	assert.Contains(t, ae.Message(), "does not match the hash")
}
