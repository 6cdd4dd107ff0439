package asl

import (
	"time"
)

// Runtime is the port through which the interpreter reaches the world. The
// workflows package implements it with Temporal primitives (activities,
// timers, workflow time, child workflows, side effects); the memory package
// implements it synchronously with a fake clock for tests.
//
// Every method must be deterministic on replay: the interpreter calls them in
// the same order for the same history.
type Runtime interface {
	// Now is the current time (workflow time on Temporal, a fake clock in tests).
	Now() time.Time
	// Sleep blocks for d (a durable timer). It returns an error only if the
	// execution is being cancelled; the run then ends ABORTED.
	Sleep(d time.Duration) error
	// RunTask performs a Task state's work and returns its raw result. A
	// task failure is a *failure.Error (for example States.Timeout when
	// req.TimeoutSeconds passed); an *AbortError (see Abort) stops the
	// execution; other errors become States.TaskFailed.
	RunTask(req *TaskRequest) (any, error)
	// Fork runs the jobs of a Parallel or Map state (each job is a branch or
	// an iteration) with at most req.MaxConcurrency running at once (0 means
	// no limit) and returns one result per job, in job order. A runtime may
	// stop starting jobs once one has failed; the results of jobs it did not
	// run are left with Err == ErrNotRun.
	Fork(req *ForkRequest) []JobResult
	// UUID returns a new random UUID (States.UUID), recorded for replay.
	UUID() string
	// Random returns a pseudo-random float64 in [0,1) (States.MathRandom
	// without a seed, retry jitter), recorded for replay.
	Random() float64
	// Step is called before every state is entered, so the runtime can
	// bound the work it does at once: it may yield (the Temporal runtime
	// ends its workflow task every so many steps) before it answers. top is
	// true between two states of the execution's own top-level machine, and
	// only there may the runtime answer handOff: the run then stops and
	// Execute returns a Continued result whose Resume a fresh run continues
	// from (Temporal's continue-as-new). An error stops the execution as an
	// abort.
	Step(top bool) (handOff bool, err error)
}

// TaskRequest is what a Task state asks the runtime to do.
type TaskRequest struct {
	State    string // the state's name
	Resource string // the Task's Resource URI, as written
	// Input is the task's effective input (after InputPath and Parameters).
	Input any
	// TimeoutSeconds and HeartbeatSeconds are the state's timeouts after
	// resolving their Path forms; 0 means none was given (the runtime then
	// applies AWS's defaults).
	TimeoutSeconds   int64
	HeartbeatSeconds int64
	// TaskToken is set when the resource ends in .waitForTaskToken: the task
	// completes only when someone answers with this token.
	TaskToken string
	// Credentials is the Task's Credentials field, evaluated, or nil.
	Credentials any
	// Attempt counts tries of this state: 0 first, then 1, 2... on retries.
	Attempt int
}

// ForkRequest is a Parallel or Map state asking for its jobs to run.
type ForkRequest struct {
	State          string
	Kind           ForkKind
	MaxConcurrency int
	Jobs           []Job
	// Tolerant is set for a Map that tolerates some failed iterations
	// (ToleratedFailureCount or Percentage above 0): the runtime then runs
	// every job whatever fails, and the Map counts the failures.
	Tolerant bool
}

// ForkKind tells Parallel branches from Map iterations.
type ForkKind int

const (
	ForkParallel ForkKind = iota
	ForkMap
)

// JobResult is the outcome of one Job: its output, or its error (a
// *failure.Error for an ASL failure).
type JobResult struct {
	Output any
	Err    error
	// Events are the history events of a job that ran outside this
	// process (a child workflow), to be added to the execution's history;
	// a job run in-process through Job.Run has already recorded its own.
	Events []Event
}
