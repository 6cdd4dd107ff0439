package asl

import (
	"encoding/json"
	"time"

	"github.com/aslworker/aslworker/asl/failure"
)

// Execution names one run of a state machine and its input; it feeds the
// context object ($$.Execution, $$.StateMachine).
type Execution struct {
	// Input is the execution input as a value (value.Parse); nil input is
	// treated as {} as AWS does when no input is given.
	Input any
	// Name and ID are the execution's name and ARN ($$.Execution.Name/Id).
	Name string
	ID   string
	// RoleArn is reported as $$.Execution.RoleArn.
	RoleArn string
	// StateMachineName and StateMachineID feed $$.StateMachine.Name/Id.
	StateMachineName string
	StateMachineID   string
	// StartTime is $$.Execution.StartTime; zero means the runtime's Now at start.
	StartTime time.Time
	// Express marks an EXPRESS execution, whose context object has no
	// $$.Execution.RedriveCount (express executions cannot be redriven).
	Express bool
	// Observer, if set, receives the execution's history events as they
	// happen (AWS-style: ExecutionStarted, PassStateEntered, ...).
	Observer func(Event)
	// Resume, if set, continues an execution an earlier run handed off
	// (Result.Resume) instead of starting it: Input and StartTime are the
	// execution's own, as at its start.
	Resume *Resume
	// MaxTransitions, above 0, stops the execution with States.Runtime when
	// it is about to enter more states than that (earlier runs included).
	// AWS has no such cap beyond its history limit; it is for stopping
	// runaway loops early.
	MaxTransitions int64
}

// Resume is where a handed-off execution continues: the next top-level
// state and its raw input, and the counters the execution has reached.
type Resume struct {
	State string          `json:"state"`
	Input json.RawMessage `json:"input"`
	// EventID is the id of the last history event recorded so far.
	EventID int `json:"eventId"`
	// Transitions counts the states entered so far.
	Transitions int64 `json:"transitions"`
	// Runs counts the runs before this one.
	Runs int `json:"runs"`
}

// Status is how an execution ended.
type Status string

// The statuses an execution can end with.
const (
	Succeeded Status = "SUCCEEDED"
	Failed    Status = "FAILED"
	TimedOut  Status = "TIMED_OUT"
	Aborted   Status = "ABORTED"
	// Continued is not an end: the runtime asked to continue the execution
	// in a fresh run (Runtime.Step), from Result.Resume.
	Continued Status = "CONTINUED"
)

// Result is the outcome of Execute: the output when it succeeded, the error
// and cause otherwise.
type Result struct {
	Status Status
	Output any
	Error  *failure.Error
	// Abort is the runtime's error that stopped an ABORTED execution.
	Abort error
	// Resume is where a Continued execution goes on.
	Resume *Resume
}
