package starter

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	failurepb "go.temporal.io/api/failure/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"
)

// Execution statuses, named as AWS Step Functions names them.
const (
	StatusRunning   = "RUNNING"
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
	StatusTimedOut  = "TIMED_OUT"
	StatusAborted   = "ABORTED"
)

// statuses lists the statuses in the order they are documented.
var statuses = []string{StatusRunning, StatusSucceeded, StatusFailed, StatusTimedOut, StatusAborted}

// errTimeout is the ASL error of an execution that ran out of time.
const errTimeout = "States.Timeout"

// statusOf maps a Temporal workflow status to the ASL execution status.
// A run that continued as new, or is paused, is still running as far as the
// execution is concerned.
func statusOf(s enumspb.WorkflowExecutionStatus) string {
	switch s {
	case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING,
		enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
		enumspb.WORKFLOW_EXECUTION_STATUS_PAUSED:
		return StatusRunning
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		return StatusSucceeded
	case enumspb.WORKFLOW_EXECUTION_STATUS_FAILED:
		return StatusFailed
	case enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
		return StatusTimedOut
	case enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED, enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED:
		return StatusAborted
	}
	return "UNKNOWN"
}

// statusQuery is the visibility query clause selecting the executions that
// may have an ASL status, given in any letter case. An execution that ran
// past its TimeoutSeconds is a Failed workflow to Temporal, so TIMED_OUT
// selects Failed ones too and list sorts them out by their close event.
func statusQuery(status string) (string, error) {
	switch strings.ToUpper(status) {
	case StatusRunning:
		return `ExecutionStatus = "Running"`, nil
	case StatusSucceeded:
		return `ExecutionStatus = "Completed"`, nil
	case StatusFailed:
		return `ExecutionStatus = "Failed"`, nil
	case StatusTimedOut:
		return `(ExecutionStatus = "TimedOut" OR ExecutionStatus = "Failed")`, nil
	case StatusAborted:
		return `(ExecutionStatus = "Canceled" OR ExecutionStatus = "Terminated")`, nil
	}
	return "", fmt.Errorf("unknown status %q: use one of %s", status, strings.Join(statuses, ", "))
}

// quote renders s as a string literal of Temporal's visibility query language.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// execution is what aslctl shows about one execution.
type execution struct {
	Name         string          `json:"executionName"`
	StateMachine string          `json:"stateMachine,omitempty"`
	Status       string          `json:"status"`
	CurrentState string          `json:"currentState,omitempty"`
	WorkflowID   string          `json:"workflowId"`
	RunID        string          `json:"runId"`
	StartTime    *time.Time      `json:"startTime,omitempty"`
	CloseTime    *time.Time      `json:"closeTime,omitempty"`
	Input        json.RawMessage `json:"input,omitempty"`
	Output       json.RawMessage `json:"output,omitempty"`
	Error        string          `json:"error,omitempty"`
	// Cause is nil when the error has no cause, which ASL tells apart from
	// an empty cause.
	Cause *string `json:"cause,omitempty"`
	WebUI string  `json:"webUi,omitempty"`
}

// outcome is how a closed run ended.
type outcome struct {
	Status string
	Output json.RawMessage
	Error  string
	Cause  *string
	// NextRunID is set when the run continued as new: the execution goes on
	// in that run.
	NextRunID string
}

// outcomeOf interprets a run's close event. A cancelled run's error and
// cause are in its cancel request, which the caller looks up (see
// parseStopReason).
func outcomeOf(ev *historypb.HistoryEvent, dc converter.DataConverter) outcome {
	switch ev.GetEventType() {
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
		o := outcome{Status: StatusSucceeded}
		if p := ev.GetWorkflowExecutionCompletedEventAttributes().GetResult().GetPayloads(); len(p) > 0 {
			o.Output = rawJSON(p[0], dc)
		}
		return o
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
		name, cause, timedOut := aslError(ev.GetWorkflowExecutionFailedEventAttributes().GetFailure(), dc)
		status := StatusFailed
		if timedOut {
			status = StatusTimedOut
		}
		return outcome{Status: status, Error: name, Cause: cause}
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
		return outcome{Status: StatusTimedOut, Error: errTimeout}
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
		return outcome{Status: StatusAborted}
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
		name, cause := parseStopReason(ev.GetWorkflowExecutionTerminatedEventAttributes().GetReason())
		return outcome{Status: StatusAborted, Error: name, Cause: cause}
	case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
		return outcome{Status: StatusRunning, NextRunID: ev.GetWorkflowExecutionContinuedAsNewEventAttributes().GetNewExecutionRunId()}
	}
	return outcome{Status: "UNKNOWN"}
}

// aslError maps the failure a workflow ended with to an ASL error name and
// cause. The interpreter ends a failed execution with an application error
// whose type is the error name and whose message is the cause, with a
// {"hasCause": bool} detail telling "no cause" from "empty cause"; the
// detail's "executionTimedOut" marks the interpreter's own execution timeout
// (TimeoutSeconds), which AWS reports as TIMED_OUT rather than FAILED.
func aslError(f *failurepb.Failure, dc converter.DataConverter) (name string, cause *string, executionTimedOut bool) {
	if f == nil {
		return "States.Runtime", nil, false
	}
	if app := f.GetApplicationFailureInfo(); app != nil {
		msg := f.GetMessage()
		d, detailed := causeDetail(app.GetDetails(), dc)
		hasCause := d.HasCause
		if !detailed {
			hasCause = msg != ""
		}
		if d.ExecutionTimedOut {
			return app.GetType(), nil, true
		}
		if hasCause {
			cause = &msg
		}
		return app.GetType(), cause, false
	}
	if f.GetTimeoutFailureInfo() != nil {
		return errTimeout, nil, true
	}
	msg := f.GetMessage()
	return "States.Runtime", &msg, false
}

// errorDetail is the detail the interpreter attaches to the error it ends
// an execution with (see the workflows package).
type errorDetail struct {
	HasCause          bool `json:"hasCause"`
	ExecutionTimedOut bool `json:"executionTimedOut"`
}

// causeDetail reads that detail; detailed is false when there is none.
func causeDetail(details *commonpb.Payloads, dc converter.DataConverter) (d errorDetail, detailed bool) {
	p := details.GetPayloads()
	if len(p) == 0 {
		return d, false
	}
	var raw map[string]json.RawMessage
	if err := dc.FromPayload(p[0], &raw); err != nil {
		return d, false
	}
	_, has := raw["hasCause"]
	_, timed := raw["executionTimedOut"]
	if !has && !timed {
		return d, false
	}
	if dc.FromPayload(p[0], &d) != nil {
		return errorDetail{}, false
	}
	return d, true
}

// rawJSON decodes a payload holding JSON; a payload that is not JSON is
// rendered as a JSON string of its description, so nothing is lost silently.
func rawJSON(p *commonpb.Payload, dc converter.DataConverter) json.RawMessage {
	var raw json.RawMessage
	if err := dc.FromPayload(p, &raw); err == nil && json.Valid(raw) {
		return raw
	}
	b, _ := json.Marshal(dc.ToString(p))
	return b
}

// stopReason is the reason recorded with a cancel or terminate request: the
// ASL error and cause of the abort, in a form people can read in the Web UI
// and parseStopReason can read back.
func stopReason(errName string, cause *string) string {
	var parts []string
	if errName != "" {
		parts = append(parts, "error="+strconv.Quote(errName))
	}
	if cause != nil {
		parts = append(parts, "cause="+strconv.Quote(*cause))
	}
	return strings.Join(parts, " ")
}

// parseStopReason reads back what stopReason wrote. A reason written by
// another tool is kept whole as the cause.
func parseStopReason(reason string) (errName string, cause *string) {
	if reason == "" {
		return "", nil
	}
	rest := reason
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		key, val, ok := strings.Cut(rest, "=")
		if !ok || (key != "error" && key != "cause") {
			return "", &reason
		}
		quoted, err := strconv.QuotedPrefix(val)
		if err != nil {
			return "", &reason
		}
		text, _ := strconv.Unquote(quoted)
		if key == "error" {
			errName = text
		} else {
			cause = &text
		}
		rest = val[len(quoted):]
		if rest != "" && rest[0] != ' ' {
			return "", &reason
		}
	}
	return errName, cause
}
