package asl

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aslworker/aslworker/asl/value"
)

// Job is one Parallel branch or Map iteration handed to Runtime.Fork.
// Pointer, Index and Input say what to run; Run runs it in this process on
// the runtime it is given (the memory runtime calls it directly; a Temporal
// child workflow does the same on its side).
type Job struct {
	Kind    ForkKind
	Index   int    // branch index, or the item's index in the Map's items
	Pointer string // the branch or item processor in the root definition
	Input   any
	State   string // the Parallel or Map state that forked

	machine *StateMachine
	exec    *execInfo
}

// Run runs the job's state machine from its StartAt on rt and returns its
// output, or its error (a *failure.Error for an ASL failure).
func (j *Job) Run(rt Runtime) (any, error) {
	r := &run{rt: rt, exec: j.exec}
	if j.Kind == ForkMap {
		r.emit(Event{Type: "MapIterationStarted", State: j.State, Index: j.Index})
	}
	out, err := r.machine(j.machine, j.Input, false)
	if j.Kind == ForkMap {
		typ := "MapIterationSucceeded"
		if err != nil {
			typ = "MapIterationFailed"
		}
		r.emit(Event{Type: typ, State: j.State, Index: j.Index})
	}
	return out, err
}

// JobSpec is a Job in a form that can cross a process boundary: a runtime
// that runs jobs elsewhere (a Temporal child workflow) sends it, and the
// other side runs it with StateMachine.RunJob on the same definition.
type JobSpec struct {
	Kind      ForkKind        `json:"kind"`
	Index     int             `json:"index"`
	Pointer   string          `json:"pointer"`
	State     string          `json:"state"`
	Input     json.RawMessage `json:"input"`
	Execution ExecutionSpec   `json:"execution"`
}

// ExecutionSpec carries what a job needs of its execution: the context
// object's $$.Execution and $$.StateMachine, and the start time from which
// the execution's TimeoutSeconds runs.
type ExecutionSpec struct {
	ID               string          `json:"id"`
	Name             string          `json:"name"`
	RoleArn          string          `json:"roleArn,omitempty"`
	StateMachineName string          `json:"stateMachineName"`
	StateMachineID   string          `json:"stateMachineId"`
	StartTime        time.Time       `json:"startTime"`
	Express          bool            `json:"express,omitempty"`
	Input            json.RawMessage `json:"input"`
	// TimeoutSeconds is the root machine's TimeoutSeconds, for a job whose
	// machine was compiled on its own (ParseJobs); Spec leaves it 0 (the
	// job then runs on its root definition, which has it).
	TimeoutSeconds int64 `json:"timeoutSeconds,omitempty"`
}

// Spec describes the job for RunJob.
func (j *Job) Spec() JobSpec {
	ex := j.exec.ex
	return JobSpec{
		Kind: j.Kind, Index: j.Index, Pointer: j.Pointer, State: j.State,
		Input: value.Marshal(j.Input),
		Execution: ExecutionSpec{
			ID: ex.ID, Name: ex.Name, RoleArn: ex.RoleArn, StateMachineName: ex.StateMachineName,
			StateMachineID: ex.StateMachineID, StartTime: ex.StartTime, Express: ex.Express,
			Input: value.Marshal(ex.Input),
		},
	}
}

// Execution describes the job's execution for RunJobValues without the
// execution input (see ExecutionInput), which every job of a fork shares
// and which a runtime sends once, or not at all, rather than per job. It
// carries the root machine's TimeoutSeconds.
func (j *Job) Execution() ExecutionSpec {
	ex := j.exec.ex
	return ExecutionSpec{
		ID: ex.ID, Name: ex.Name, RoleArn: ex.RoleArn, StateMachineName: ex.StateMachineName,
		StateMachineID: ex.StateMachineID, StartTime: ex.StartTime, Express: ex.Express,
		TimeoutSeconds: j.machine.root.TimeoutSeconds,
	}
}

// ExecutionInput is the execution input ($$.Execution.Input) of the job's
// execution, shared by every job of a fork.
func (j *Job) ExecutionInput() any { return j.exec.ex.Input }

// RunJob runs a job described by spec: the branch or item processor at
// spec.Pointer of m's root definition, on rt. The observer, if any, sees
// the job's events. It returns what Job.Run would have.
func (m *StateMachine) RunJob(spec JobSpec, rt Runtime, observer func(Event)) (any, error) {
	sub := m.Nested(spec.Pointer)
	if sub == nil || spec.Pointer == "" {
		return nil, fmt.Errorf("asl: the definition has no branch or item processor at %q", spec.Pointer)
	}
	input, err := value.Parse(spec.Input)
	if err != nil {
		return nil, fmt.Errorf("asl: job input: %w", err)
	}
	execInput, err := value.Parse(spec.Execution.Input)
	if err != nil {
		return nil, fmt.Errorf("asl: execution input: %w", err)
	}
	return m.RunJobValues(spec, input, execInput, rt, observer)
}

// RunJobValues is RunJob with the job input and the execution input
// already decoded (spec.Input and spec.Execution.Input are not read), so a
// runtime that runs many jobs of one fork decodes the shared execution
// input once. executionInput may be nil when the job's machine cannot read
// $$.Execution.Input (ReadsExecutionInput).
func (m *StateMachine) RunJobValues(spec JobSpec, input, executionInput any, rt Runtime, observer func(Event)) (any, error) {
	sub := m.Nested(spec.Pointer)
	if sub == nil || spec.Pointer == "" {
		return nil, fmt.Errorf("asl: the definition has no branch or item processor at %q", spec.Pointer)
	}
	e := spec.Execution
	info := &execInfo{
		ex: Execution{Input: executionInput, Name: e.Name, ID: e.ID, RoleArn: e.RoleArn, StateMachineName: e.StateMachineName,
			StateMachineID: e.StateMachineID, StartTime: e.StartTime, Express: e.Express, Observer: observer},
		observing:  observer != nil,
		maxPayload: m.cfg.maxPayload,
	}
	timeout := m.root.TimeoutSeconds
	if e.TimeoutSeconds > 0 {
		timeout = e.TimeoutSeconds
	}
	if timeout > 0 {
		info.deadline = e.StartTime.Add(time.Duration(timeout) * time.Second)
	}
	info.buildContext()
	job := &Job{Kind: spec.Kind, Index: spec.Index, Pointer: spec.Pointer, Input: input, State: spec.State, machine: sub, exec: info}
	return job.Run(rt)
}

// forkErr picks the error a fork ends with: an execution timeout wins, then
// the first failed job in job order.
func forkErr(results []JobResult) error {
	var first error
	for _, res := range results {
		if res.Err == nil || res.Err == ErrNotRun {
			continue
		}
		if endsRun(res.Err) {
			return res.Err
		}
		if first == nil {
			first = res.Err
		}
	}
	return first
}

func outputs(results []JobResult) []any {
	out := make([]any, len(results))
	for i, res := range results {
		out[i] = res.Output
	}
	return out
}

// MaxPayloadBytes is the limit on state results and outputs the machine
// was parsed with (WithMaxPayloadBytes); 0 or less means none.
func (m *StateMachine) MaxPayloadBytes() int { return m.cfg.maxPayload }

// JobPart is one branch or item processor of a root definition, as a
// decoded document (value.Parse), with its JSON Pointer in the root.
type JobPart struct {
	Pointer string
	Doc     any
}

// ParseJobs compiles the branches or item processors parts of a root
// definition on their own, so that a runtime running jobs elsewhere needs
// only what it runs, not the whole document. The result runs the jobs at
// those pointers (and any nested deeper) with RunJob or RunJobValues; its
// root has no states of its own, and timeoutSeconds stands for the root's
// TimeoutSeconds. The parts are compiled but not validated: they come from
// a root definition that Parse validated.
func ParseJobs(parts []JobPart, timeoutSeconds int64, opts ...Option) (*StateMachine, error) {
	cfg := &config{maxPayload: DefaultMaxPayloadBytes}
	for _, o := range opts {
		o(cfg)
	}
	root := &StateMachine{cfg: cfg, TimeoutSeconds: timeoutSeconds, nested: map[string]*StateMachine{}, byName: map[string]*State{}}
	root.root = root
	c := &compiler{cfg: cfg, root: root}
	for _, p := range parts {
		obj, ok := p.Doc.(*value.Object)
		if !ok || p.Pointer == "" {
			c.problem(p.Pointer, "a branch or item processor must be a JSON object below the root")
			continue
		}
		c.machine(&StateMachine{}, obj, p.Pointer)
	}
	if len(c.errs) > 0 {
		c.errs.sort()
		return nil, c.errs.dedupe()
	}
	return root, nil
}

// ReadsExecutionInput reports whether a definition, or a branch or item
// processor of one, may read the execution input ($$.Execution.Input). It
// is a conservative check on the text of every string in doc: a context
// object path is known not to read it only when it provably starts with
// one of $$.Map, $$.State, $$.Task, $$.StateMachine or
// $$.Execution.{Id,Name,StartTime,RoleArn,RedriveCount}; anything else
// ($$ alone, $$.Execution, bracket forms, descendant segments, JSONata's
// $states) counts as a read.
func ReadsExecutionInput(doc any) bool {
	switch x := doc.(type) {
	case string:
		return stringReadsExecutionInput(x)
	case *value.Object:
		for i := 0; i < x.Len(); i++ {
			k, v := x.At(i)
			if stringReadsExecutionInput(k) || ReadsExecutionInput(v) {
				return true
			}
		}
	case []any:
		for _, v := range x {
			if ReadsExecutionInput(v) {
				return true
			}
		}
	}
	return false
}

// contextPathsWithoutInput are the context object paths that cannot reach
// $$.Execution.Input.
var contextPathsWithoutInput = []string{
	"$$.Map", "$$.State", "$$.Task", "$$.StateMachine",
	"$$.Execution.Id", "$$.Execution.Name", "$$.Execution.StartTime", "$$.Execution.RoleArn", "$$.Execution.RedriveCount",
}

func stringReadsExecutionInput(s string) bool {
	if strings.Contains(s, "$states") {
		return true
	}
	for {
		i := strings.Index(s, "$$")
		if i < 0 {
			return false
		}
		s = s[i:]
		safe := false
		for _, p := range contextPathsWithoutInput {
			if strings.HasPrefix(s, p) && (len(s) == len(p) || !isNameByte(s[len(p)])) {
				safe = true
				s = s[len(p):]
				break
			}
		}
		if !safe {
			return true
		}
	}
}

// isNameByte reports whether b may continue a JSONPath member name, so
// that "$$.StateMachineX" is not taken for "$$.StateMachine".
func isNameByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}
