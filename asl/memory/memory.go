// Package memory is a synchronous, in-process implementation of the asl
// Runtime port with a fake clock: the engine behind `-engine memory`, unit
// tests and benchmarks. Waits and retries cost no real time.
//
// Parallel branches and Map iterations run one after another, each on its own
// copy of the clock that starts when the fork does, and the fork ends when the
// last job would have ended: the same timing as if they had run side by side.
package memory

import (
	"container/heap"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
)

// TaskFunc performs a Task state. It returns the task's result, how long the
// task would have taken (the fake clock moves by that much), and an error (a
// *failure.Error to choose the ASL error name).
type TaskFunc func(req *asl.TaskRequest) (result any, took time.Duration, err error)

// Runtime is the in-memory asl.Runtime. It is not safe for concurrent use.
type Runtime struct {
	now   time.Time
	tasks TaskFunc
	rng   *rand.Rand
}

// New returns a runtime whose clock starts at start and whose tasks are
// performed by tasks (nil: every task fails with States.TaskFailed). Random
// numbers and UUIDs come from a fixed seed, so runs are repeatable.
func New(start time.Time, tasks TaskFunc) *Runtime {
	return &Runtime{now: start, tasks: tasks, rng: rand.New(rand.NewPCG(1, 2))}
}

// Now returns the fake clock's time.
func (r *Runtime) Now() time.Time { return r.now }

// Sleep moves the fake clock forward by d.
func (r *Runtime) Sleep(d time.Duration) error {
	if d > 0 {
		r.now = r.now.Add(d)
	}
	return nil
}

// RunTask calls the TaskFunc and moves the clock by the time the task took,
// or by the state's timeout if the task would have taken longer (the task
// then fails with States.Timeout).
func (r *Runtime) RunTask(req *asl.TaskRequest) (any, error) {
	if r.tasks == nil {
		return nil, failure.New(failure.TaskFailed, "no task handler is configured for resource %q", req.Resource)
	}
	out, took, err := r.tasks(req)
	// Whichever limit runs out first ends the task, as on Temporal.
	limit, name := time.Duration(0), ""
	if req.TimeoutSeconds > 0 {
		limit, name = time.Duration(req.TimeoutSeconds)*time.Second, failure.Timeout
	}
	if hb := time.Duration(req.HeartbeatSeconds) * time.Second; hb > 0 && (limit == 0 || hb < limit) {
		limit, name = hb, failure.HeartbeatTimeout
	}
	if limit > 0 && took > limit {
		r.now = r.now.Add(limit)
		return nil, failure.Bare(name)
	}
	r.now = r.now.Add(took)
	return out, err
}

// Fork runs every job, each on its own copy of the clock. With
// MaxConcurrency k, a job starts when one of k lanes is free. The clock then
// moves to when the fork is over: when the last job ended, or, if a job
// failed, when the earliest failure happened (the others would have been
// stopped then).
func (r *Runtime) Fork(req *asl.ForkRequest) []asl.JobResult {
	results := make([]asl.JobResult, len(req.Jobs))
	lanes := len(req.Jobs)
	if req.MaxConcurrency > 0 && req.MaxConcurrency < lanes {
		lanes = req.MaxConcurrency
	}
	// The lanes in a heap by the time they are free (the lower lane first
	// among equals), so each job finds its lane in log time.
	free := make(laneHeap, lanes)
	for i := range free {
		free[i] = lane{at: r.now, n: i}
	}
	end := r.now
	var firstFail time.Time
	failed := false
	for i := range req.Jobs {
		child := &Runtime{now: free[0].at, tasks: r.tasks, rng: r.rng}
		out, err := req.Jobs[i].Run(child)
		results[i] = asl.JobResult{Output: out, Err: err}
		free[0].at = child.now
		heap.Fix(&free, 0)
		if child.now.After(end) {
			end = child.now
		}
		if err != nil && (!failed || child.now.Before(firstFail)) {
			failed, firstFail = true, child.now
		}
	}
	if failed {
		end = firstFail
	}
	r.now = end
	return results
}

// UUID returns a version 4 UUID drawn from the runtime's seeded generator.
func (r *Runtime) UUID() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := r.rng.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Random returns a number in [0,1) from the runtime's seeded generator.
func (r *Runtime) Random() float64 { return r.rng.Float64() }

// Step never yields or hands off: a synchronous run has no unit of work to
// end. (Execute's context stops a run that does not end.)
func (r *Runtime) Step(bool) (bool, error) { return false, nil }

// ErrNoHandler is returned by Tasks for a resource nobody registered.
var ErrNoHandler = errors.New("memory: no handler for resource")

// Tasks routes Task states to handlers by exact Resource string. It is a
// convenience for tests: Tasks{"arn:...:echo": fn}.Func().
type Tasks map[string]TaskFunc

// Func returns a TaskFunc that dispatches on req.Resource.
func (t Tasks) Func() TaskFunc {
	return func(req *asl.TaskRequest) (any, time.Duration, error) {
		h, ok := t[req.Resource]
		if !ok {
			return nil, 0, failure.New(failure.TaskFailed, "%v %q", ErrNoHandler, req.Resource)
		}
		return h(req)
	}
}

// lane is one of a fork's concurrency lanes: free from at on.
type lane struct {
	at time.Time
	n  int
}

// laneHeap orders lanes by when they are free, then by number.
type laneHeap []lane

func (h laneHeap) Len() int { return len(h) }
func (h laneHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].n < h[j].n
}
func (h laneHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *laneHeap) Push(x any)   { *h = append(*h, x.(lane)) }
func (h *laneHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
