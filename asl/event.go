package asl

import "time"

// Event is one entry of an execution's history, named and numbered as AWS
// Step Functions numbers its GetExecutionHistory events (ExecutionStarted is
// 1). Only the fields that apply to the Type are set.
type Event struct {
	ID       int
	Type     string // e.g. "PassStateEntered", "TaskScheduled", "MapIterationStarted"
	Time     time.Time
	State    string // the state the event belongs to
	Input    any    // *StateEntered, ExecutionStarted, *Scheduled: the input
	Output   any    // *StateExited, ExecutionSucceeded, *Succeeded: the output
	Resource string // task events: the Task's Resource
	Error    string // *Failed, *TimedOut: the error name
	Cause    string
	HasCause bool
	Index    int // MapIteration*: the item's index
	Length   int // MapStateStarted: the number of iterations
}
