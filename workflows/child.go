package workflows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// JobGroup is the input of a child workflow that runs consecutive jobs
// (Parallel branches or Map iterations) of one fork, since versionBounded.
// It carries only what differs per child: the jobs' indexes and inputs and
// where their branch or item processor is. The definition and the
// execution input travel by reference (Root), fetched once per child by a
// local activity that records them in the child's own history.
type JobGroup struct {
	Root DefinitionRef `json:"root"`
	Kind asl.ForkKind  `json:"kind"`
	// State is the Parallel or Map state that forked.
	State string `json:"state"`
	// Execution is the context object's execution part, without its input.
	Execution asl.ExecutionSpec `json:"execution"`
	// Pointer is the item processor every job runs (Map); for a Parallel
	// each job names its branch.
	Pointer string `json:"pointer,omitempty"`
	// Input is the input every job gets (Parallel); for a Map each job has
	// its own.
	Input json.RawMessage `json:"input,omitempty"`
	Jobs  []GroupJob      `json:"jobs"`
	// Concurrency is how many of the jobs may run at once (at least 1).
	Concurrency int `json:"concurrency"`
	// MaxEventBytes bounds the history events handed back to the parent.
	MaxEventBytes int `json:"maxEventBytes"`
	// Tolerant runs every job whatever fails (a Map with tolerated
	// failures); otherwise the first failure cancels the rest.
	Tolerant bool `json:"tolerant,omitempty"`
}

// GroupJob is one job of a JobGroup.
type GroupJob struct {
	Index   int             `json:"index"`
	Pointer string          `json:"pointer,omitempty"`
	Input   json.RawMessage `json:"input,omitempty"`
}

// DefinitionRef names a root definition without carrying it: the run whose
// first history event holds it (its workflows.Input) and the SHA-256 of its
// bytes. InputHash, when set, names that run's execution input the same
// way: the jobs may read $$.Execution.Input.
type DefinitionRef struct {
	WorkflowID string `json:"workflowId"`
	RunID      string `json:"runId"`
	Hash       string `json:"hash"`
	InputHash  string `json:"inputHash,omitempty"`
}

// groupResult is what a JobGroup child returns: one result per job, in
// job order.
type groupResult struct {
	// Marker is always 1; it tells this envelope from other results.
	Marker int              `json:"aslGroupResult"`
	Jobs   []groupJobResult `json:"jobs"`
	// EventBytes is the size of the events handed back, for the parent's
	// event budget.
	EventBytes int `json:"eventBytes,omitempty"`
}

type groupJobResult struct {
	Output json.RawMessage `json:"output,omitempty"`
	Error  *jobFailure     `json:"error,omitempty"`
	NotRun bool            `json:"notRun,omitempty"`
	Events []HistoryEvent  `json:"events,omitempty"`
}

// jobFailure is a failed job's ASL error.
type jobFailure struct {
	Name     string `json:"name"`
	Cause    string `json:"cause,omitempty"`
	HasCause bool   `json:"hasCause,omitempty"`
	// ExecutionTimedOut marks a job stopped by the execution's
	// TimeoutSeconds.
	ExecutionTimedOut bool `json:"executionTimedOut,omitempty"`
}

func (f *jobFailure) err() error {
	if f.ExecutionTimedOut {
		return asl.ErrExecutionTimedOut
	}
	return &failure.Error{Name: f.Name, Cause: f.Cause, HasCause: f.HasCause}
}

// partsRequest asks loadParts for the branches or item processors at
// Pointers of the definition Root names (and the execution input, when
// Root.InputHash is set).
type partsRequest struct {
	Root     DefinitionRef `json:"root"`
	Pointers []string      `json:"pointers"`
}

type partsResult struct {
	Parts          []partJSON      `json:"parts"`
	ExecutionInput json.RawMessage `json:"executionInput,omitempty"`
}

type partJSON struct {
	Pointer string          `json:"pointer"`
	Doc     json.RawMessage `json:"doc"`
}

// Bounds of a JobGroup child.
const (
	// maxChildEventBytes bounds the events one child hands back.
	maxChildEventBytes = 256 << 10
	// maxRunChildEventBytes bounds the events all the children of one run
	// hand back, so the parent's history and memory stay bounded however
	// many children it has.
	maxRunChildEventBytes = 2 << 20
	// maxChildResultBytes bounds what a child returns when the machine has
	// no payload limit of its own: well under Temporal's 2 MB.
	maxChildResultBytes = 1536 << 10
	// loadPartsTimeout bounds the local activity that loads a child's
	// branches or item processors.
	loadPartsTimeout = time.Minute
)

// runGroup is the workflow of a JobGroup child: it loads its parts,
// runs its jobs in-process (workflow coroutines, at most g.Concurrency at
// once), stops the others once one fails, and returns every job's result.
func (i *Interpreter) runGroup(ctx workflow.Context, in Input, reg *activities.Registry) (json.RawMessage, error) {
	g := in.Group
	info := workflow.GetInfo(ctx)
	version := interpreterVersion(ctx)
	st := &Status{StateMachineName: g.Execution.StateMachineName, ExecutionName: g.Execution.Name}
	var events []asl.Event
	keep := func(ev asl.Event) {
		if len(events) < maxRunEvents {
			events = append(events, ev)
		} else {
			st.DroppedEvents++
		}
		if strings.HasSuffix(ev.Type, "StateEntered") {
			st.CurrentState = ev.State
			st.Transitions++
		}
	}
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (Status, error) { return *st, nil }); err != nil {
		return nil, err
	}
	if err := workflow.SetQueryHandler(ctx, QueryHistory, func() ([]HistoryEvent, error) { return historyAnswer(events), nil }); err != nil {
		return nil, err
	}

	pointers := g.pointers()
	lactx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		ScheduleToCloseTimeout: loadPartsTimeout,
		RetryPolicy:            &temporal.RetryPolicy{MaximumAttempts: 3},
		Summary:                "load " + g.State,
	})
	var parts partsResult
	if err := workflow.ExecuteLocalActivity(lactx, i.loadParts, partsRequest{Root: g.Root, Pointers: pointers}).Get(ctx, &parts); err != nil {
		if temporal.IsCanceledError(err) {
			return nil, err
		}
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("the branches or item processor of %s could not be loaded: %v", g.State, err), failure.Runtime, nil, causeDetail{HasCause: true})
	}
	m, docsByPointer, err := jobMachine(g, parts)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("the branches or item processor of %s do not compile: %v", g.State, err), failure.Runtime, nil, causeDetail{HasCause: true})
	}
	var execInput any
	if len(parts.ExecutionInput) > 0 {
		if execInput, err = value.Parse(parts.ExecutionInput); err != nil {
			return nil, temporal.NewNonRetryableApplicationError("the execution input does not parse: "+err.Error(), failure.Runtime, nil, causeDetail{HasCause: true})
		}
	}
	var shared any
	if len(g.Input) > 0 {
		if shared, err = value.Parse(g.Input); err != nil {
			return nil, temporal.NewNonRetryableApplicationError("a job input does not parse: "+err.Error(), failure.Runtime, nil, causeDetail{HasCause: true})
		}
	}

	fan := &fanout{ref: g.Root, parts: docsByPointer, execInput: parts.ExecutionInput, eventBytesLeft: maxRunChildEventBytes}
	base := &runtime{ctx: ctx, reg: reg, taskQueue: info.TaskQueueName, workflowID: info.WorkflowExecution.ID,
		version: version, fan: fan, kept: func() int { return len(events) }}

	limit := m.MaxPayloadBytes()
	if limit <= 0 || limit > maxChildResultBytes {
		limit = maxChildResultBytes
	}
	n := len(g.Jobs)
	results := make([]groupJobResult, n)
	jobEvents := make([][]asl.Event, n)
	share := max(1, min(g.Concurrency, n))
	jctx, cancelJobs := workflow.WithCancel(ctx)
	defer cancelJobs()
	finished := workflow.NewBufferedChannel(ctx, n)
	running, next, failed, outBytes := 0, 0, false, 0
	overLimit := false
	errs := make([]error, n)
	outs := make([]any, n)
	launch := func(k int) {
		running++
		job := g.Jobs[k]
		workflow.Go(jctx, func(gctx workflow.Context) {
			defer finished.Send(gctx, k)
			input := shared
			if len(job.Input) > 0 {
				var err error
				if input, err = value.Parse(job.Input); err != nil {
					errs[k] = failure.New(failure.Runtime, "the job input does not parse: %v", err)
					return
				}
			}
			// Each job has its own runtime (its coroutine's context, its
			// own fork counter and child IDs); the count of states since
			// the last yield carries from job to job, so a child running
			// many short jobs in a row still yields every stepBudget states.
			jr := *base
			jr.ctx = gctx
			jr.forks, jr.state = 0, ""
			defer func() { base.steps, base.yields = jr.steps, jr.yields }()
			jr.workflowID = fmt.Sprintf("%s/%d", info.WorkflowExecution.ID, job.Index)
			if n == 1 {
				jr.workflowID = info.WorkflowExecution.ID
			}
			observe := func(ev asl.Event) {
				keep(ev)
				jobEvents[k] = append(jobEvents[k], ev)
				if strings.HasSuffix(ev.Type, "StateEntered") {
					jr.state = ev.State
				}
			}
			spec := asl.JobSpec{Kind: g.Kind, Index: job.Index, Pointer: g.jobPointer(k), State: g.State, Execution: g.Execution}
			outs[k], errs[k] = m.RunJobValues(spec, input, execInput, &jr, observe)
		})
	}
	for next < n && running < share {
		launch(next)
		next++
	}
	for running > 0 {
		var k int
		finished.Receive(ctx, &k)
		running--
		err := errs[k]
		var abort *asl.AbortError
		switch {
		case err == nil:
			raw := value.Marshal(outs[k])
			outBytes += len(raw)
			if outBytes > limit {
				results[k].Error = &jobFailure{Name: failure.DataLimitExceeded, HasCause: true, Cause: fmt.Sprintf(
					"The state/task '%s' returned a result with a size exceeding the maximum number of bytes service limit.", g.State)}
				overLimit = true
				break
			}
			results[k].Output = raw
		case errors.As(err, &abort) && (failed || ctx.Err() != nil):
			results[k].NotRun = true // stopped because another job failed, or the fork is cancelled
		case errors.Is(err, asl.ErrExecutionTimedOut):
			results[k].Error = &jobFailure{ExecutionTimedOut: true}
		case errors.As(err, &abort):
			return nil, abort.Err
		default:
			var fe *failure.Error
			if !errors.As(err, &fe) {
				fe = failure.New(failure.TaskFailed, "%v", err)
			}
			results[k].Error = &jobFailure{Name: fe.Name, Cause: fe.Cause, HasCause: fe.HasCause}
		}
		if results[k].Error != nil && !failed && (!g.Tolerant || overLimit) {
			failed = true
			cancelJobs()
		}
		for !failed && next < n && running < share {
			launch(next)
			next++
		}
	}
	for k := next; k < n; k++ {
		results[k].NotRun = true
	}
	st.CurrentState = ""
	if ctx.Err() != nil {
		return nil, temporal.NewCanceledError()
	}
	out := groupResult{Marker: 1, Jobs: results}
	budget := min(g.MaxEventBytes, maxChildEventBytes)
	for k := range results {
		if results[k].NotRun {
			continue
		}
		evs, size := boundedEvents(jobEvents[k], budget-out.EventBytes)
		results[k].Events = evs
		out.EventBytes += size
	}
	return json.Marshal(out)
}

// boundedEvents prepares a job's events for the parent (childEvents) and
// keeps the first ones that fit in budget bytes and maxChildEvents.
func boundedEvents(events []asl.Event, budget int) ([]HistoryEvent, int) {
	h := childEvents(events)
	size := 0
	for i, ev := range h {
		b, _ := json.Marshal(ev)
		if size+len(b)+1 > budget {
			return h[:i], size
		}
		size += len(b) + 1
	}
	return h, size
}

// pointers lists the distinct branches or item processors the group runs,
// in job order.
func (g *JobGroup) pointers() []string {
	if g.Pointer != "" {
		return []string{g.Pointer}
	}
	var out []string
	for _, j := range g.Jobs {
		if len(out) == 0 || out[len(out)-1] != j.Pointer {
			out = append(out, j.Pointer)
		}
	}
	return out
}

func (g *JobGroup) jobPointer(k int) string {
	if g.Pointer != "" {
		return g.Pointer
	}
	return g.Jobs[k].Pointer
}

// jobMachine compiles the group's parts, or finds them compiled in the
// process-wide cache (the parts are named by the root's hash and their
// pointers, and loadParts checked them against that hash). It also returns
// the decoded parts, for the group's own forks.
func jobMachine(g *JobGroup, parts partsResult) (*asl.StateMachine, []asl.JobPart, error) {
	var key strings.Builder
	fmt.Fprintf(&key, "m\x00%s\x00%d", g.Root.Hash, g.Execution.TimeoutSeconds)
	cost := 0
	for _, p := range parts.Parts {
		key.WriteString("\x00" + p.Pointer)
		cost += len(p.Doc)
	}
	if v, ok := machines.get(key.String()); ok {
		c := v.(*compiledParts)
		return c.m, c.parts, nil
	}
	c := &compiledParts{}
	for _, p := range parts.Parts {
		doc, err := value.Parse(p.Doc)
		if err != nil {
			return nil, nil, err
		}
		c.parts = append(c.parts, asl.JobPart{Pointer: p.Pointer, Doc: doc})
	}
	m, err := asl.ParseJobs(c.parts, g.Execution.TimeoutSeconds)
	if err != nil {
		return nil, nil, err
	}
	c.m = m
	machines.put(key.String(), c, machineCostFactor*cost+256)
	return m, c.parts, nil
}

type compiledParts struct {
	m     *asl.StateMachine
	parts []asl.JobPart
}

// loadParts is the local activity that gives a JobGroup child its
// branches or item processors (and the execution input when the jobs may
// read it): from this process's cache when the run that forked ran here,
// else from the first history event of the run the reference names,
// checked against the reference's hashes.
func (i *Interpreter) loadParts(ctx context.Context, req partsRequest) (partsResult, error) {
	var res partsResult
	var root *cachedDoc
	for _, p := range req.Pointers {
		d := findDoc(req.Root.Hash, p)
		if d == nil {
			if root == nil {
				var err error
				if root, err = i.fetchRoot(ctx, req.Root); err != nil {
					return res, err
				}
			}
			if p != "" {
				d = putPart(req.Root.Hash, root.doc, "", p)
			}
			if d == nil {
				return res, temporal.NewNonRetryableApplicationError(
					fmt.Sprintf("the definition of %s has nothing at %q", req.Root.WorkflowID, p), "aslworker.NoSuchPart", nil)
			}
		}
		res.Parts = append(res.Parts, partJSON{Pointer: p, Doc: d.json})
	}
	if h := req.Root.InputHash; h != "" {
		if v, ok := docs.get(inputKey(h)); ok {
			res.ExecutionInput = v.([]byte)
		} else {
			if _, err := i.fetchRoot(ctx, req.Root); err != nil {
				return res, err
			}
			v, ok := docs.get(inputKey(h))
			if !ok {
				return res, temporal.NewNonRetryableApplicationError(
					fmt.Sprintf("the execution input of %s does not match the reference its child was given", req.Root.WorkflowID), "aslworker.InputMismatch", nil)
			}
			res.ExecutionInput = v.([]byte)
		}
	}
	return res, nil
}

// fetchRoot reads the definition (and the execution input) of the run ref
// names from its first history event, checks the definition against
// ref.Hash and caches both.
func (i *Interpreter) fetchRoot(ctx context.Context, ref DefinitionRef) (*cachedDoc, error) {
	if i.Client == nil {
		return nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf(
			"the definition of run %s/%s is not in this worker's cache and the worker has no client to fetch it", ref.WorkflowID, ref.RunID),
			"aslworker.DefinitionUnavailable", nil)
	}
	resp, err := i.Client.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
		Namespace:              activity.GetInfo(ctx).WorkflowNamespace,
		Execution:              &commonpb.WorkflowExecution{WorkflowId: ref.WorkflowID, RunId: ref.RunID},
		MaximumPageSize:        1,
		HistoryEventFilterType: enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT,
	})
	if err != nil {
		return nil, err
	}
	evs := resp.GetHistory().GetEvents()
	if len(evs) == 0 || evs[0].GetWorkflowExecutionStartedEventAttributes() == nil {
		return nil, temporal.NewNonRetryableApplicationError("the run "+ref.WorkflowID+" has no start event", "aslworker.DefinitionUnavailable", nil)
	}
	var in Input
	if err := converter.GetDefaultDataConverter().FromPayloads(evs[0].GetWorkflowExecutionStartedEventAttributes().GetInput(), &in); err != nil {
		return nil, temporal.NewNonRetryableApplicationError("the input of run "+ref.WorkflowID+" does not decode: "+err.Error(), "aslworker.DefinitionUnavailable", nil)
	}
	if hashBytes(in.Definition) != ref.Hash {
		return nil, temporal.NewNonRetryableApplicationError("the definition of run "+ref.WorkflowID+" does not match the hash its child was given",
			"aslworker.DefinitionMismatch", nil)
	}
	doc, err := value.Parse(in.Definition)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError("the definition does not parse: "+err.Error(), "aslworker.DefinitionUnavailable", nil)
	}
	d := putDoc(ref.Hash, "", doc, in.Definition)
	// The execution input, in the form the run's jobs saw it.
	raw := []byte(in.Input)
	if in.Job != nil {
		raw = in.Job.Execution.Input
	}
	var input any = value.NewObject(0)
	if len(raw) > 0 {
		if input, err = value.Parse(raw); err != nil {
			return d, nil
		}
	}
	b := value.Marshal(input)
	docs.put(inputKey(hashBytes(b)), b, len(b)+64)
	return d, nil
}
