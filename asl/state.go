package asl

import (
	"time"

	"github.com/aslworker/aslworker/asl/choice"
	"github.com/aslworker/aslworker/asl/jsonpath"
	"github.com/aslworker/aslworker/asl/payload"
)

// StateType is the Type of a state.
type StateType string

// The state types of the Amazon States Language.
const (
	TypePass     StateType = "Pass"
	TypeTask     StateType = "Task"
	TypeChoice   StateType = "Choice"
	TypeWait     StateType = "Wait"
	TypeSucceed  StateType = "Succeed"
	TypeFail     StateType = "Fail"
	TypeParallel StateType = "Parallel"
	TypeMap      StateType = "Map"
)

// optPath is an InputPath/OutputPath-style field, which can be absent (the
// default "$"), null (the state sees {}), or a path.
type optPath struct {
	null bool
	path *jsonpath.Path // nil with null == false: absent, i.e. "$"
}

// resultPath is the ResultPath field: absent ("$", the result replaces the
// input), null (the result is discarded), or a Reference Path.
type resultPath struct {
	null bool
	ref  *jsonpath.Reference // nil with null == false: "$"
}

// State is one compiled state. Fields carry the spec's names; which are
// meaningful depends on Type. A State is immutable after Parse.
type State struct {
	Name    string
	Type    StateType
	Pointer string // JSON Pointer of the state in the root document
	Comment string

	Next string // "" for terminal states
	End  bool
	next *State // resolved Next

	InputPath      optPath
	OutputPath     optPath
	ResultPath     resultPath
	Parameters     *payload.Template
	ResultSelector *payload.Template

	// Pass
	Result     any
	HasResult  bool
	resultSize int // the size of Result as JSON, for the payload limit

	// Task
	Resource             string
	TimeoutSeconds       int64
	TimeoutSecondsPath   *jsonpath.Path
	HeartbeatSeconds     int64
	HeartbeatSecondsPath *jsonpath.Path
	Credentials          *payload.Template
	waitForToken         bool

	// Task, Parallel, Map
	Retry []*Retrier
	Catch []*Catcher

	// Choice
	Choices     []*choice.Rule
	Default     string
	choiceNext  []*State // resolved Next of each rule
	defaultNext *State

	// Wait
	Seconds       int64
	HasSeconds    bool
	SecondsPath   *jsonpath.Path
	Timestamp     time.Time
	HasTimestamp  bool
	TimestampPath *jsonpath.Path

	// Fail
	Error     string
	HasError  bool
	ErrorPath *expr
	Cause     string
	HasCause  bool
	CausePath *expr

	// Parallel
	Branches []*StateMachine

	// Map
	ItemsPath                  *jsonpath.Path
	ItemSelector               *payload.Template // ItemSelector, or the legacy Parameters of a Map
	Processor                  *StateMachine     // ItemProcessor, or the legacy Iterator
	MaxConcurrency             int64
	MaxConcurrencyPath         *jsonpath.Path
	ToleratedFailureCount      int64
	HasToleratedCount          bool
	ToleratedFailureCountPath  *jsonpath.Path
	ToleratedFailurePercentage float64
	HasToleratedPercentage     bool
	ToleratedPercentagePath    *jsonpath.Path
	ItemBatcher                *itemBatcher
	Distributed                bool

	// usesContext is set when any path, template or rule of the state reads
	// the context object, so the run builds it only for those states.
	usesContext bool
}

// itemBatcher groups Map items into batches (ItemBatcher).
type itemBatcher struct {
	MaxItemsPerBatch     int64
	MaxItemsPerBatchPath *jsonpath.Path
	BatchInput           *payload.Template
}

// Retrier is one element of a state's Retry field.
type Retrier struct {
	ErrorEquals     []string
	IntervalSeconds int64
	MaxAttempts     int64
	BackoffRate     float64
	MaxDelaySeconds int64
	JitterFull      bool
}

// Catcher is one element of a state's Catch field.
type Catcher struct {
	ErrorEquals []string
	Next        string
	ResultPath  resultPath
	next        *State
}
