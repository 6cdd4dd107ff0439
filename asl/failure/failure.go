// Package failure is the runtime error of the ASL engine: an ASL error name
// (States.TaskFailed, a user's CustomError) and a cause, as Retry, Catch and a
// failed execution see them.
//
// Definition errors (a bad document) are a different family and live in the
// asl package; this one is only for things that go wrong while running.
package failure

import "fmt"

// The predefined error names of the Amazon States Language
// (https://states-language.net/spec.html#appendix-a).
const (
	ALL                             = "States.ALL"
	HeartbeatTimeout                = "States.HeartbeatTimeout"
	Timeout                         = "States.Timeout"
	TaskFailed                      = "States.TaskFailed"
	Permissions                     = "States.Permissions"
	ResultPathMatchFailure          = "States.ResultPathMatchFailure"
	ParameterPathFailure            = "States.ParameterPathFailure"
	QueryEvaluationError            = "States.QueryEvaluationError"
	BranchFailed                    = "States.BranchFailed"
	NoChoiceMatched                 = "States.NoChoiceMatched"
	IntrinsicFailure                = "States.IntrinsicFailure"
	ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold"
	ItemReaderFailed                = "States.ItemReaderFailed"
	ResultWriterFailed              = "States.ResultWriterFailed"
	Runtime                         = "States.Runtime"
	DataLimitExceeded               = "States.DataLimitExceeded"
	// ReferencePathConflict is what AWS raises when a ResultPath cannot be
	// applied to the state's input (documented as ResultPathMatchFailure).
	ReferencePathConflict = "States.ReferencePathConflict"
	// HTTPSocket is raised by HTTP Task states when the connection fails.
	HTTPSocket = "States.Http.Socket"
)

// Known lists every predefined States.* error name, for validating ErrorEquals.
var Known = []string{
	ALL, HeartbeatTimeout, Timeout, TaskFailed, Permissions, ResultPathMatchFailure,
	ParameterPathFailure, QueryEvaluationError, BranchFailed, NoChoiceMatched, IntrinsicFailure,
	ExceedToleratedFailureThreshold, ItemReaderFailed, ResultWriterFailed, Runtime, DataLimitExceeded,
	HTTPSocket, ReferencePathConflict,
}

// Error is an ASL runtime error. Name is the error name matched by
// ErrorEquals; Cause is the human-readable cause (often JSON text). HasCause
// distinguishes an empty cause from none at all, which AWS keeps apart.
type Error struct {
	Name     string
	Cause    string
	HasCause bool
}

// New returns an error with a formatted cause.
func New(name, format string, args ...any) *Error {
	return &Error{Name: name, Cause: fmt.Sprintf(format, args...), HasCause: true}
}

// Bare returns an error that has no cause.
func Bare(name string) *Error { return &Error{Name: name} }

func (e *Error) Error() string {
	if !e.HasCause {
		return e.Name
	}
	return e.Name + ": " + e.Cause
}

// Is makes errors.Is match on the error name: errors.Is(err, failure.Bare(failure.Timeout)).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Name == e.Name
}

// Terminal reports whether an error ends the execution whatever Retry and
// Catch say. AWS documents States.Runtime as never retried or caught, and
// its recordings show a Catch naming States.Runtime explicitly does not catch
// it. (States.DataLimitExceeded is documented as not matched by States.ALL,
// but AWS's recordings show a States.ALL catcher taking it, so it is not
// terminal here.)
func Terminal(name string) bool { return name == Runtime }

// Matches reports whether ErrorEquals selects an error named name. This is
// the one place matching lives
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
//   - nothing matches a terminal error (States.Runtime);
//   - an exact name matches;
//   - States.ALL matches every other error;
//   - States.TaskFailed matches every other error except States.Timeout.
func Matches(errorEquals []string, name string) bool {
	if Terminal(name) {
		return false
	}
	for _, e := range errorEquals {
		switch {
		case e == name:
			return true
		case e == ALL && !Terminal(name):
			return true
		case e == TaskFailed && !Terminal(name) && name != Timeout:
			return true
		}
	}
	return false
}
