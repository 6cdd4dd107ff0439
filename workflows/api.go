// Package workflows runs ASL state machines as Temporal workflows: one
// workflow type interprets any definition by implementing the asl.Runtime
// port with Temporal primitives (activities for Task states, durable timers
// for Wait and Retry, workflow time, child workflows for Parallel branches and
// Map iterations, side effects for UUIDs and randomness).
//
// This file is the contract the worker, the starter CLI and other clients
// share: the workflow type, its input, memo and search attribute names, and
// its queries.
package workflows

import (
	"encoding/json"
	"time"

	"github.com/aslworker/aslworker/asl"
)

// WorkflowType is the registered name of the interpreter workflow.
const WorkflowType = "StateMachine"

// DefaultTaskQueue is the task queue aslworker polls unless told otherwise.
const DefaultTaskQueue = "aslworker"

// Memo and search attribute keys set on every execution.
const (
	// SearchAttributeStateMachine is a Keyword search attribute holding the
	// state machine name, so executions can be listed by machine
	// (`StateMachineName = "orders"`). It is set only when the namespace has it
	// registered (aslworker dev and the compose setup register it).
	SearchAttributeStateMachine = "AslStateMachine"
	// MemoStateMachine holds the state machine name in the memo, which needs
	// no registration.
	MemoStateMachine = "AslStateMachine"
	// MemoExecutionName holds the ASL execution name.
	MemoExecutionName = "AslExecutionName"
)

// Queries the workflow answers.
const (
	// QueryStatus returns a Status.
	QueryStatus = "asl.status"
	// QueryHistory returns []HistoryEvent: the ASL history so far, cut
	// short (ending with an EventsOmitted entry) past what one answer
	// carries.
	QueryHistory = "asl.history"
	// QueryHistoryPage takes an event id and returns a HistoryPage: the
	// run's events after it, as many as one answer carries.
	QueryHistoryPage = "asl.historyPage"
)

// Input starts an execution: the definition is carried in the input, so it
// is pinned for the life of the execution and redeploying the worker never
// changes a running machine.
type Input struct {
	// Definition is the ASL document as JSON.
	Definition json.RawMessage `json:"definition"`
	// Input is the execution input as JSON; empty means {}.
	Input json.RawMessage `json:"input,omitempty"`
	// Name is the execution name ($$.Execution.Name); empty means the
	// workflow ID.
	Name string `json:"name,omitempty"`
	// StateMachineName names the machine ($$.StateMachine.Name, the memo and
	// search attribute); empty means "StateMachine".
	StateMachineName string `json:"stateMachineName,omitempty"`
	// RoleArn is reported as $$.Execution.RoleArn.
	RoleArn string `json:"roleArn,omitempty"`
	// Express runs the machine as an EXPRESS one: its context object has an
	// express execution ARN and no RedriveCount.
	Express bool `json:"express,omitempty"`
	// Job is set on the child workflows that run one Parallel branch or Map
	// iteration of a parent execution.
	Job *asl.JobSpec `json:"job,omitempty"`
	// Group is set, since versionBounded, on the child workflows that run
	// consecutive Parallel branches or Map iterations of a parent
	// execution; such a child carries no Definition (child.go).
	Group *JobGroup `json:"group,omitempty"`
	// MaxTransitions, above 0, stops the execution with States.Runtime once
	// it would enter more states than that (a guard against runaway loops).
	MaxTransitions int64 `json:"maxTransitions,omitempty"`
	// Resume and StartTime are set on the later runs of an execution that
	// continued as new: where it goes on, and when its first run started.
	Resume    *asl.Resume `json:"resume,omitempty"`
	StartTime *time.Time  `json:"startTime,omitempty"`

	// undecodable is set by DataConverter when the workflow input did not
	// decode; the execution then fails with States.Runtime.
	undecodable string
}

// Status is the answer to QueryStatus.
type Status struct {
	StateMachineName string `json:"stateMachineName"`
	ExecutionName    string `json:"executionName"`
	// CurrentState is the state being executed, "" once the execution ended.
	CurrentState string `json:"currentState"`
	// Transitions counts the states entered so far, earlier runs included.
	Transitions int `json:"transitions"`
	// Run counts the runs before this one: an execution continues as new
	// between top-level states when its history grows long.
	Run int `json:"run,omitempty"`
	// DroppedEvents counts the ASL events this run did not keep for its
	// history query (a run keeps at most 10,000).
	DroppedEvents int `json:"droppedEvents,omitempty"`
}

// HistoryPage is the answer to QueryHistoryPage.
type HistoryPage struct {
	Events []HistoryEvent `json:"events"`
	// More is set when the run has events after the last of Events.
	More bool `json:"more,omitempty"`
}

// HistoryEvent is one ASL history event, as QueryHistory returns it.
type HistoryEvent struct {
	ID        int             `json:"id"`
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	State     string          `json:"state,omitempty"`
	Input     json.RawMessage `json:"input,omitempty"`
	Output    json.RawMessage `json:"output,omitempty"`
	Resource  string          `json:"resource,omitempty"`
	Error     string          `json:"error,omitempty"`
	Cause     string          `json:"cause,omitempty"`
	Index     *int            `json:"index,omitempty"`
	// DataOmitted marks an event whose input or output was left out of
	// this answer to keep it small (see the run's own Temporal history).
	DataOmitted bool `json:"dataOmitted,omitempty"`
}

// A failed execution ends the workflow with a Temporal application error
// whose Type is the ASL error name and whose message is the cause (or the
// error name when there is no cause). An execution that ran past its
// TimeoutSeconds ends with an application error of type States.Timeout.
