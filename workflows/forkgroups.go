package workflows

import (
	"encoding/json"
	"fmt"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// Bounds of a fork (a Parallel's branches or a Map's iterations) since
// versionBounded. They keep every workflow task, every payload and the
// parent's history bounded however many jobs a fork has.
const (
	// maxMapConcurrency is how many iterations of a Map run at once when
	// MaxConcurrency is 0 or more than that: AWS's inline Map limit.
	maxMapConcurrency = 40
	// maxParallelConcurrency is how many branches of a Parallel run at
	// once. AWS runs every branch at once; a Parallel with more branches
	// than this (which only a generated definition has) runs this many at
	// a time, so it never has thousands of children in flight.
	maxParallelConcurrency = maxChildren
	// maxChildren is how many child workflows a fork aims at: more jobs
	// than that are grouped, consecutive jobs per child, each child
	// running its group in-process. It bounds the parent's history to a
	// few events per child rather than per job.
	maxChildren = 256
	// maxChildInputBytes bounds the job inputs one child carries (a single
	// larger input gets a child of its own), well under Temporal's 2 MB
	// payload limit.
	maxChildInputBytes = 512 << 10
	// maxForkInputBytes bounds the inputs all children of a fork carry
	// together, which the parent's history holds (Temporal stops a
	// history at 50 MB).
	maxForkInputBytes = 16 << 20
	// maxForkResultBytes bounds the results all children of a fork hand
	// back; a Map or Parallel result is bounded far below by the payload
	// limit anyway, so only a machine without one reaches it.
	maxForkResultBytes = 16 << 20
	// maxForkJobs is the most jobs a fork runs: a Map with more iterations
	// fails at once.
	maxForkJobs = 100000
	// startBatch and startBatchBytes bound the children started in one
	// workflow task: after that many, or that many bytes of inputs, the
	// parent waits for the last start to be acknowledged, which ends the
	// workflow task, so no task completion nears gRPC's 4 MB limit. A
	// smaller batch (children started as others end) needs no wait: the
	// parent then waits for a child to end, which ends the task too.
	startBatch      = 64
	startBatchBytes = 1 << 20
)

// fanout is what a run that forks hands to its children: the reference to
// the root definition, and the documents it can register in the
// process-wide cache for them (the whole definition for a root run, its own
// parts for a child). It also keeps the run's budget of child events.
type fanout struct {
	ref DefinitionRef // without InputHash
	// rootDoc and rootJSON are a root run's definition, decoded (the one
	// the run parsed) and as JSON; nil in a child.
	rootDoc   any
	rootJSON  json.RawMessage
	parts     []asl.JobPart
	execInput []byte // a child's execution input, if it received one
	// eventBytesLeft is what is left of maxRunChildEventBytes.
	eventBytesLeft int
}

// fanout returns the run's fanout, making a root's on first use.
func (r *runtime) fanout() *fanout {
	if r.fan == nil {
		info := workflow.GetInfo(r.ctx)
		r.fan = &fanout{
			ref:            DefinitionRef{WorkflowID: info.WorkflowExecution.ID, RunID: info.WorkflowExecution.RunID, Hash: hashBytes(r.def)},
			rootDoc:        r.doc,
			rootJSON:       r.def,
			eventBytesLeft: maxRunChildEventBytes,
		}
	}
	return r.fan
}

// part returns the branch or item processor at pointer, registering it in
// the cache for the children.
func (f *fanout) part(pointer string) *cachedDoc {
	if d := findDoc(f.ref.Hash, pointer); d != nil {
		return d
	}
	if f.rootDoc != nil {
		putDoc(f.ref.Hash, "", f.rootDoc, f.rootJSON)
		if pointer == "" {
			return nil
		}
		return putPart(f.ref.Hash, f.rootDoc, "", pointer)
	}
	for _, p := range f.parts {
		if pointer == p.Pointer || strings.HasPrefix(pointer, p.Pointer+"/") {
			putDoc(f.ref.Hash, p.Pointer, p.Doc, nil)
			if d := putPart(f.ref.Hash, p.Doc, p.Pointer, pointer); d != nil {
				return d
			}
		}
	}
	return nil
}

// inputHash registers the execution input for the children and names it.
func (f *fanout) inputHash(job *asl.Job) string {
	b := f.execInput
	if b == nil {
		b = value.Marshal(job.ExecutionInput())
	}
	h := hashBytes(b)
	docs.put(inputKey(h), b, len(b)+64)
	return h
}

// group is the jobs [first, first+len(jobs)) of a fork, run by one child.
type group struct {
	first int
	jobs  []GroupJob
	bytes int
}

// forkGroups is Fork since versionBounded: the jobs run in groups of
// consecutive jobs, one child workflow per group (plan), started in
// bounded batches with a bounded number in flight; each child receives its
// jobs' inputs and a reference to the definition.
func (r *runtime) forkGroups(req *asl.ForkRequest) []asl.JobResult {
	n := len(req.Jobs)
	results := make([]asl.JobResult, n)
	for i := range results {
		results[i].Err = asl.ErrNotRun
	}
	if n == 0 {
		return results
	}
	failAll := func(err error) []asl.JobResult {
		for i := range results {
			results[i].Err = err
		}
		return results
	}
	if n > maxForkJobs {
		w := wordsFor(req.Kind)
		return failAll(failure.New(failure.Runtime, "The %s state '%s' has %d %s, more than the %d %s runs on this engine.%s",
			w.state, req.State, n, w.jobs, maxForkJobs, w.owner, w.lifted))
	}
	fan := r.fanout()
	ref := fan.ref
	needInput := false
	for i := range req.Jobs {
		if i > 0 && req.Jobs[i].Pointer == req.Jobs[i-1].Pointer {
			continue
		}
		d := fan.part(req.Jobs[i].Pointer)
		if d == nil {
			return failAll(failure.New(failure.Runtime, "the definition has no branch or item processor at %q", req.Jobs[i].Pointer))
		}
		needInput = needInput || d.readsExecutionInput()
	}
	if needInput {
		ref.InputHash = fan.inputHash(&req.Jobs[0])
	}

	limit := req.MaxConcurrency
	if req.Kind == asl.ForkMap {
		if limit <= 0 || limit > maxMapConcurrency {
			limit = maxMapConcurrency
		}
	} else {
		limit = maxParallelConcurrency
	}
	groups, shared, err := planGroups(req)
	if err != nil {
		return failAll(err)
	}
	inFlight := min(len(groups), limit)
	share := max(1, limit/inFlight)
	exec := req.Jobs[0].Execution()
	pointer := ""
	if req.Kind == asl.ForkMap {
		pointer = req.Jobs[0].Pointer
	}

	ctx, cancel := workflow.WithCancel(r.ctx)
	defer cancel()
	sel := workflow.NewSelector(ctx)
	running, next, failed, cancelled, resultBytes := 0, 0, false, false, 0
	start := func(gi int) workflow.ChildWorkflowFuture {
		g := groups[gi]
		id := fmt.Sprintf("%s/%s#%d/%d", r.workflowID, req.State, r.forks, g.first)
		if len(g.jobs) > 1 {
			id += fmt.Sprintf("-%d", g.first+len(g.jobs)-1)
		}
		summary := fmt.Sprintf("%s %d of %s", forkNoun(req.Kind), g.first, req.State)
		if len(g.jobs) > 1 {
			summary = fmt.Sprintf("%ss %d-%d of %s", forkNoun(req.Kind), g.first, g.first+len(g.jobs)-1, req.State)
		}
		// The run's event budget, shared among the children in flight.
		allot := min(maxChildEventBytes, max(0, fan.eventBytesLeft)/max(1, inFlight-running))
		fan.eventBytesLeft -= allot
		opts := workflow.ChildWorkflowOptions{
			WorkflowID:    id,
			TaskQueue:     r.taskQueue,
			RetryPolicy:   &temporal.RetryPolicy{MaximumAttempts: 1},
			StaticSummary: summary,
		}
		in := Input{Group: &JobGroup{Root: ref, Kind: req.Kind, State: req.State, Execution: exec, Pointer: pointer, Input: shared,
			Jobs: g.jobs, Concurrency: min(share, len(g.jobs)), MaxEventBytes: allot, Tolerant: req.Tolerant}}
		f := workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, opts), WorkflowType, in)
		running++
		sel.AddFuture(f, func(f workflow.Future) {
			running--
			fail := func(i int, err error) {
				results[i] = asl.JobResult{Err: err}
				failed = true
			}
			var raw json.RawMessage
			if err := f.Get(ctx, &raw); err != nil {
				fan.eventBytesLeft += allot
				if cancelled && temporal.IsCanceledError(err) {
					return // stopped because another job failed: stays ErrNotRun
				}
				fail(g.first, fromTemporalError(err))
				return
			}
			var res groupResult
			if err := json.Unmarshal(raw, &res); err != nil || res.Marker != 1 || len(res.Jobs) != len(g.jobs) {
				fan.eventBytesLeft += allot
				fail(g.first, failure.New(failure.TaskFailed, "a child result is not a job group result: %v", err))
				return
			}
			fan.eventBytesLeft += max(0, allot-res.EventBytes)
			resultBytes += len(raw)
			for k, jr := range res.Jobs {
				i := g.first + k
				events := fromHistory(jr.Events)
				switch {
				case jr.NotRun:
					results[i] = asl.JobResult{Err: asl.ErrNotRun}
				case jr.Error != nil:
					results[i] = asl.JobResult{Err: jr.Error.err(), Events: events}
					// A tolerant Map runs on past failed iterations, but
					// not past a result over the limit or a timeout.
					if !req.Tolerant || jr.Error.Name == failure.DataLimitExceeded || jr.Error.ExecutionTimedOut {
						failed = true
					}
				default:
					var out any
					if len(jr.Output) > 0 {
						var err error
						if out, err = value.Parse(jr.Output); err != nil {
							fail(i, failure.New(failure.TaskFailed, "a child result is not valid JSON: %v", err))
							continue
						}
					}
					results[i] = asl.JobResult{Output: out, Events: events}
				}
			}
			if resultBytes > maxForkResultBytes && !failed {
				fail(g.first, failure.New(failure.DataLimitExceeded,
					"The state/task '%s' returned a result with a size exceeding the maximum number of bytes service limit.", req.State))
			}
		})
		return f
	}
	for {
		// Start a batch: bounded by count and bytes, then wait for the
		// last start to be acknowledged, which ends this workflow task.
		var last workflow.ChildWorkflowFuture
		batch, bytes := 0, 0
		for !failed && next < len(groups) && running < inFlight && batch < startBatch && bytes < startBatchBytes {
			last = start(next)
			bytes += groups[next].bytes + len(shared)
			next++
			batch++
		}
		if last != nil && (batch >= startBatch || bytes >= startBatchBytes) {
			// A full batch: end the workflow task before starting more.
			_ = last.GetChildWorkflowExecution().Get(ctx, nil) // a failed start fails its future too
			continue
		}
		if running == 0 {
			break
		}
		sel.Select(ctx)
		for sel.HasPending() {
			sel.Select(ctx)
		}
		if failed {
			break
		}
	}
	if failed && running > 0 {
		cancelled = true
		cancel()
		for running > 0 {
			sel.Select(r.ctx)
		}
	}
	return results
}

// planGroups splits a fork's jobs into consecutive groups, one child each:
// about maxChildren groups of equal count, each also bounded by bytes. A
// Parallel's jobs share one input, which each child carries once (shared);
// a Map's carry their own.
func planGroups(req *asl.ForkRequest) ([]group, json.RawMessage, error) {
	n := len(req.Jobs)
	var shared json.RawMessage
	children := min(n, maxChildren)
	if req.Kind == asl.ForkParallel {
		shared = value.Marshal(req.Jobs[0].Input)
		// Each child carries the input: fewer, larger groups for a large one.
		children = max(1, min(children, maxForkInputBytes/max(1, len(shared))))
	}
	per := (n + children - 1) / children
	var groups []group
	var cur group
	total := 0
	for i := range req.Jobs {
		j := GroupJob{Index: req.Jobs[i].Index}
		if req.Kind == asl.ForkMap {
			j.Input = value.Marshal(req.Jobs[i].Input)
		} else {
			j.Pointer = req.Jobs[i].Pointer
		}
		size := len(j.Input) + len(j.Pointer) + 32
		total += size
		if total > maxForkInputBytes {
			w := wordsFor(req.Kind)
			return nil, nil, failure.New(failure.DataLimitExceeded,
				"The %s state '%s' hands its %s more than %d bytes of input in total, more than %s carries on this engine.%s",
				w.state, req.State, w.jobs, maxForkInputBytes, w.owner, w.lifted)
		}
		if len(cur.jobs) > 0 && (len(cur.jobs) >= per || cur.bytes+size > maxChildInputBytes) {
			groups = append(groups, cur)
			cur = group{first: i}
		}
		cur.jobs = append(cur.jobs, j)
		cur.bytes += size
	}
	groups = append(groups, cur)
	return groups, shared, nil
}

// forkWords names a fork's parts in its limit errors; lifted says what
// will lift the limit: the distributed Map, whose iterations are executions
// of their own.
type forkWords struct{ state, jobs, owner, lifted string }

func wordsFor(k asl.ForkKind) forkWords {
	if k == asl.ForkMap {
		return forkWords{"Map", "items", "the inline Map",
			" A distributed Map (ProcessorConfig Mode DISTRIBUTED, not supported yet) will lift this limit."}
	}
	return forkWords{"Parallel", "branches", "a Parallel", ""}
}
