package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/asl"
)

// How a run bounds its work. Temporal fails a workflow task whose code runs
// for over a second without blocking (the deadlock detector), and a task
// that runs without end never commits anything. So every stepBudget states
// the interpreter blocks on a no-op local activity (in-process, one marker
// event, no server round trip), and every yieldsPerTask such yields it ends
// the workflow task with a no-op activity on its own task queue, so a
// workflow task carries at most stepBudget*yieldsPerTask states' commands.
// (A 1 ms timer would end the task too, but the server fires timers about a
// second late, which made a 25,000-state loop take two minutes.)
const (
	stepBudget    = 100
	yieldsPerTask = 20
)

// maxRunEvents bounds the ASL events one run keeps for its history query.
// Between top-level states a run hands the execution off to a fresh one
// (continue-as-new) when Temporal suggests it, or when it keeps
// handOffEvents events or has yielded handOffYields times and has run for
// MinRunTime: Temporal delays the first workflow task of a run that follows
// one shorter than a second (its minimal continue-as-new interval), which
// made a million-state loop spend most of its time waiting. A run that
// keeps mustHandOffEvents hands off anyway.
const (
	maxRunEvents  = 20000
	handOffEvents = 5000
	handOffYields = 500
	// mustHandOffEvents hands off whatever the run's age, so that
	// top-level states never lose events to maxRunEvents.
	mustHandOffEvents = 15000
)

// MinRunTime is how long (in workflow time) a run lasts at least before it
// hands off for its length alone. Tests on Temporal's time-skipping test
// environment, where workflow time stands still while activities run, set
// it to 0.
var MinRunTime = time.Second

// YieldActivity is the no-op activity a run calls to end its workflow task
// after a long stretch of states with no Task or Wait. aslworker registers
// it on the interpreter's task queue.
const YieldActivity = "asl.yield"

func yieldActivity(context.Context) error { return nil }

// yieldLocal is the no-op local activity a run blocks on every stepBudget
// states.
func yieldLocal(context.Context) error { return nil }

// Step yields every stepBudget states and, between top-level states, hands
// off (continue-as-new) when the run has grown long. Runs recorded before
// versionBounded did neither.
func (r *runtime) Step(top bool) (bool, error) {
	if !r.bounded() {
		return false, nil
	}
	r.steps++
	if r.steps >= stepBudget {
		r.steps = 0
		r.yields++
		if err := r.yield(r.yields%yieldsPerTask == 0); err != nil {
			return false, asl.Abort(err)
		}
	}
	if !top {
		return false, nil
	}
	if workflow.GetInfo(r.ctx).GetContinueAsNewSuggested() {
		return true, nil
	}
	if r.kept() >= mustHandOffEvents {
		return true, nil // keep the whole history, even at a second's delay
	}
	long := r.yields >= handOffYields || r.kept() >= handOffEvents
	return long && workflow.Now(r.ctx).Sub(r.runStart) >= MinRunTime, nil
}

// yield blocks on a no-op: a local activity, or with endTask an activity on
// the run's own task queue, which ends the workflow task.
func (r *runtime) yield(endTask bool) error {
	if endTask {
		ctx := workflow.WithActivityOptions(r.ctx, workflow.ActivityOptions{
			TaskQueue:           r.taskQueue,
			StartToCloseTimeout: time.Minute,
			RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 0},
			Summary:             "yield",
		})
		return workflow.ExecuteActivity(ctx, YieldActivity).Get(ctx, nil)
	}
	ctx := workflow.WithLocalActivityOptions(r.ctx, workflow.LocalActivityOptions{StartToCloseTimeout: time.Minute})
	return workflow.ExecuteLocalActivity(ctx, yieldLocal).Get(ctx, nil)
}
