package workflows

import (
	"encoding/json"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
)

// Fork runs each job as a child workflow of the same type, at most
// MaxConcurrency at a time, and stops starting new ones once one has
// failed (the others are cancelled), as AWS does.
func (r *runtime) Fork(req *asl.ForkRequest) []asl.JobResult {
	r.forks++
	if r.bounded() {
		return r.forkGroups(req)
	}
	results := make([]asl.JobResult, len(req.Jobs))
	for i := range results {
		results[i].Err = asl.ErrNotRun
	}
	limit := req.MaxConcurrency
	if limit <= 0 || limit > len(req.Jobs) {
		limit = len(req.Jobs)
	}
	ctx, cancel := workflow.WithCancel(r.ctx)
	defer cancel()
	running, next, failed, cancelled := 0, 0, false, false
	sel := workflow.NewSelector(ctx)
	start := func(i int) {
		spec := req.Jobs[i].Spec()
		opts := workflow.ChildWorkflowOptions{
			WorkflowID:    fmt.Sprintf("%s/%s#%d/%d", r.workflowID, req.State, r.forks, i),
			TaskQueue:     r.taskQueue,
			RetryPolicy:   &temporal.RetryPolicy{MaximumAttempts: 1},
			StaticSummary: fmt.Sprintf("%s %d of %s", forkNoun(req.Kind), i, req.State),
		}
		f := workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, opts), WorkflowType, Input{Definition: r.def, Job: &spec})
		running++
		sel.AddFuture(f, func(f workflow.Future) {
			running--
			var raw json.RawMessage
			if err := f.Get(ctx, &raw); err != nil {
				if cancelled && temporal.IsCanceledError(err) {
					return // stopped because another job failed: stays ErrNotRun
				}
				results[i] = asl.JobResult{Err: fromTemporalError(err), Events: jobErrorEvents(err)}
				failed = true
				return
			}
			out, events, err := decodeJobResult(raw)
			if err != nil {
				results[i] = asl.JobResult{Err: failure.New(failure.TaskFailed, "a child result is not valid JSON: %v", err)}
				failed = true
				return
			}
			results[i] = asl.JobResult{Output: out, Events: events}
		})
	}
	for next < len(req.Jobs) && running < limit {
		start(next)
		next++
	}
	for running > 0 {
		sel.Select(ctx)
		if failed {
			break
		}
		for next < len(req.Jobs) && running < limit {
			start(next)
			next++
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

func forkNoun(k asl.ForkKind) string {
	if k == asl.ForkMap {
		return "item"
	}
	return "branch"
}
