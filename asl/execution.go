package asl

import (
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
}

// Status is how an execution ended.
type Status string

// The statuses an execution can end with.
const (
	Succeeded Status = "SUCCEEDED"
	Failed    Status = "FAILED"
	TimedOut  Status = "TIMED_OUT"
	Aborted   Status = "ABORTED"
)

// Result is the outcome of Execute: the output when it succeeded, the error
// and cause otherwise.
type Result struct {
	Status Status
	Output any
	Error  *failure.Error
	// Abort is the runtime's error that stopped an ABORTED execution.
	Abort error
}
