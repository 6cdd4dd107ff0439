package workflows

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/aslworker/aslworker/asl/failure"
)

// executionTimeoutMessage is the message of the error an execution ends
// with when it ran past its TimeoutSeconds (see StateMachine).
const executionTimeoutMessage = "the execution ran longer than its TimeoutSeconds"

// IsExecutionTimeout reports whether err, the error a StateMachine
// workflow ended with, says that the execution ran past its TimeoutSeconds
// (AWS's TIMED_OUT status), as opposed to a state failing with
// States.Timeout (a FAILED execution). The two share the error name; the
// execution timeout carries the ExecutionTimedOut mark in its detail.
func IsExecutionTimeout(err error) bool {
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) || ae.Type() != failure.Timeout || !ae.HasDetails() {
		return false
	}
	var d causeDetail
	return ae.Details(&d) == nil && d.ExecutionTimedOut
}

// ExecutionError reads the ASL error a StateMachine workflow ended with:
// its name (the application error type) and its cause (the message), with
// HasCause telling an empty cause from none. ok is false when err carries
// no application error, for example when the workflow was cancelled or
// terminated.
func ExecutionError(err error) (fe *failure.Error, ok bool) {
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) {
		return nil, false
	}
	fe = &failure.Error{Name: ae.Type(), Cause: ae.Message(), HasCause: true}
	var d causeDetail
	if ae.HasDetails() && ae.Details(&d) == nil {
		fe.HasCause = d.HasCause
	}
	if IsExecutionTimeout(err) {
		fe.Cause, fe.HasCause = "", false
	}
	return fe, true
}
