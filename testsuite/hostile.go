package testsuite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"
	sdktest "go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/workflows"
)

// The hostile-input catalogue (testdata/hostile) holds definitions and
// inputs that users and attackers will write: endless loops, huge fan-out,
// payloads built past AWS's limits, expensive paths, deep nesting, unbuilt
// features. Each case is a directory with
//
//   - definition.json, or definition.gen.json (a generator, see Generate);
//   - input.json or input.gen.json (absent: {});
//   - expect.json (HostileExpect): the phase the case must stop in (parse,
//     input or run), and for a run the status, error name and a substring of
//     the cause; the engines it runs on and how.
//
// Every case must end, quickly and with the error a user can read, on every
// engine it is marked for: that is the point of the catalogue.

// Hostile phases: where a case is expected to stop.
const (
	// PhaseParse: asl.Parse refuses the definition (validate and start do).
	PhaseParse = "parse"
	// PhaseInput: the execution input is refused before the execution
	// starts (AWS's StartExecution refuses it). On Temporal, where the input
	// reaches the workflow as raw JSON, the execution fails instead, with
	// the expectation's Temporal.Error.
	PhaseInput = "input"
	// PhaseRun: the execution runs and ends with Status.
	PhaseRun = "run"
)

// HostileExpect is a case's expect.json.
type HostileExpect struct {
	// Description says what the case is and what AWS does with it.
	Description string `json:"description"`
	// Phase is PhaseParse, PhaseInput or PhaseRun.
	Phase string `json:"phase"`
	// Status is how the run ends (PhaseRun): SUCCEEDED, FAILED, ABORTED...
	Status string `json:"status,omitempty"`
	// Error is the ASL error name the run fails with ("" for none).
	Error string `json:"error,omitempty"`
	// Cause must occur in the run's cause, or in the refusal's message for
	// PhaseParse and PhaseInput.
	Cause string `json:"cause,omitempty"`
	// MaxTransitions is the execution's cap on entered states (0: none).
	MaxTransitions int64 `json:"maxTransitions,omitempty"`
	// Deadline is the memory engine's context deadline (Go duration); its
	// passing ends the execution ABORTED. Default HostileTimeout, which the
	// case then must not reach.
	Deadline string `json:"deadline,omitempty"`
	// MaxSeconds bounds the real time the case may take on each engine
	// (default: HostileTimeout).
	MaxSeconds float64 `json:"maxSeconds,omitempty"`
	// MaxAllocMB bounds what the memory engine allocates for the case
	// (parse included), for cases that must be refused in bounded memory.
	MaxAllocMB int `json:"maxAllocMB,omitempty"`
	// Tasks says how each Task Resource behaves: "echo" returns its input
	// at once, "fail" fails with the error Boom, "big" returns a 3 MB
	// string, "never" never answers (no worker serves it).
	Tasks map[string]string `json:"tasks,omitempty"`
	// OutputContains must occur in the output of a run that succeeded
	// (as JSON).
	OutputContains string `json:"outputContains,omitempty"`
	// Temporal says whether and how the case runs on Temporal's test
	// environment; absent, it does not run there.
	Temporal *HostileTemporal `json:"temporal,omitempty"`
}

// HostileTemporal is the Temporal part of an expectation.
type HostileTemporal struct {
	// Skip, if set, says why the case does not run on the test environment
	// (for example: it needs the real server, which another test runs).
	Skip string `json:"skip,omitempty"`
	// Status, Error and Cause, when set, replace the expectation's own on
	// Temporal.
	Status string `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
	Cause  string `json:"cause,omitempty"`
}

// HostileTimeout is the longest a hostile case may take on one engine
// before it counts as hanging.
const HostileTimeout = 60 * time.Second

// HostileCase is one case of the catalogue, generated.
type HostileCase struct {
	Name       string
	Dir        string
	Definition []byte
	Input      []byte
	Expect     HostileExpect
}

// LoadHostile reads every case under dir (one directory each), generating
// the big definitions and inputs.
func LoadHostile(dir string) ([]*HostileCase, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []*HostileCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		c, err := loadHostileCase(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func loadHostileCase(dir string) (*HostileCase, error) {
	c := &HostileCase{Name: filepath.Base(dir), Dir: dir}
	raw, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c.Expect); err != nil {
		return nil, fmt.Errorf("expect.json: %w", err)
	}
	switch c.Expect.Phase {
	case PhaseParse, PhaseInput:
	case PhaseRun:
		if c.Expect.Status == "" {
			return nil, errors.New("expect.json: a run needs a status")
		}
	default:
		return nil, fmt.Errorf("expect.json: phase %q is not parse, input or run", c.Expect.Phase)
	}
	if c.Definition, err = readOrGenerate(dir, "definition"); err != nil {
		return nil, err
	}
	if c.Definition == nil {
		return nil, errors.New("no definition.json or definition.gen.json")
	}
	if c.Input, err = readOrGenerate(dir, "input"); err != nil {
		return nil, err
	}
	if c.Input == nil {
		c.Input = []byte("{}")
	}
	return c, nil
}

// readOrGenerate reads base.json, or generates base.gen.json; neither
// present gives nil.
func readOrGenerate(dir, base string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, base+".json"))
	if err == nil {
		return b, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	spec, err := os.ReadFile(filepath.Join(dir, base+".gen.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err = Generate(spec)
	if err != nil {
		return nil, fmt.Errorf("%s.gen.json: %w", base, err)
	}
	return b, nil
}

// Generate expands a generator spec into text, so the repository carries a
// few lines instead of megabytes. A spec is
//
//   - a JSON string: that text;
//   - an array of specs: their texts one after another;
//   - {"repeat": spec, "times": N, "sep": text, "index": token}: the spec's
//     text N times, separated by sep; with index, every occurrence of token
//     in the i-th copy is replaced by i (0 to N-1).
//
// For example {"repeat":"x","times":240000} is 240,000 x's, and
// ["[", {"repeat":"@","times":3,"sep":",","index":"@"}, "]"] is [0,1,2].
func Generate(spec []byte) ([]byte, error) {
	var s any
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := generate(&b, s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func generate(b *bytes.Buffer, s any) error {
	switch s := s.(type) {
	case string:
		b.WriteString(s)
	case []any:
		for _, part := range s {
			if err := generate(b, part); err != nil {
				return err
			}
		}
	case map[string]any:
		for k := range s {
			if k != "repeat" && k != "times" && k != "sep" && k != "index" {
				return fmt.Errorf("unknown generator field %q", k)
			}
		}
		times, ok := s["times"].(float64)
		if !ok || times < 0 || times != float64(int(times)) {
			return fmt.Errorf("repeat needs a whole number of times, not %v", s["times"])
		}
		sep, _ := s["sep"].(string)
		token, _ := s["index"].(string)
		var one bytes.Buffer
		if err := generate(&one, s["repeat"]); err != nil {
			return err
		}
		text := one.String()
		if sep == "" && token == "" {
			b.WriteString(strings.Repeat(text, int(times)))
			return nil
		}
		for i := 0; i < int(times); i++ {
			if i > 0 {
				b.WriteString(sep)
			}
			if token != "" {
				b.WriteString(strings.ReplaceAll(text, token, strconv.Itoa(i)))
			} else {
				b.WriteString(text)
			}
		}
	default:
		return fmt.Errorf("a generator is a string, an array or a repeat object, not %T", s)
	}
	return nil
}

// HostileOutcome is where and how a hostile case stopped on one engine.
type HostileOutcome struct {
	Phase  string
	Status string
	Error  string
	// Cause is the run's cause, or the refusal's message.
	Cause string
	// Output is a successful run's output as JSON.
	Output  string
	Elapsed time.Duration
	// Runs counts the Temporal runs of the execution (1 plus the times it
	// continued as new); 0 on the memory engine.
	Runs int
}

func (o *HostileOutcome) String() string {
	cause := o.Cause
	if len(cause) > 300 {
		cause = cause[:300] + "..."
	}
	if o.Phase != PhaseRun {
		return fmt.Sprintf("refused at %s in %v: %s", o.Phase, o.Elapsed.Round(time.Millisecond), cause)
	}
	runs := ""
	if o.Runs > 1 {
		runs = fmt.Sprintf(" (%d runs)", o.Runs)
	}
	return fmt.Sprintf("%s %s in %v%s: %s", o.Status, o.Error, o.Elapsed.Round(time.Millisecond), runs, cause)
}

// Check compares an outcome with the expectation (on Temporal, with its
// overrides) and lists the differences.
func (e *HostileExpect) Check(o *HostileOutcome, onTemporal bool) []string {
	phase, status, name, cause := e.Phase, e.Status, e.Error, e.Cause
	if onTemporal && e.Temporal != nil {
		if phase == PhaseInput {
			// The workflow receives the input as raw JSON and fails.
			phase, status = PhaseRun, string(asl.Failed)
		}
		if e.Temporal.Status != "" {
			status = e.Temporal.Status
		}
		if e.Temporal.Error != "" {
			name = e.Temporal.Error
		}
		if e.Temporal.Cause != "" {
			cause = e.Temporal.Cause
		}
	}
	var diffs []string
	if o.Phase != phase {
		diffs = append(diffs, fmt.Sprintf("stopped at %s, want %s", o.Phase, phase))
	}
	if phase == PhaseRun {
		if o.Status != status {
			diffs = append(diffs, fmt.Sprintf("status %s, want %s", o.Status, status))
		}
		if o.Error != name {
			diffs = append(diffs, fmt.Sprintf("error %q, want %q", o.Error, name))
		}
	}
	if e.OutputContains != "" && !strings.Contains(o.Output, e.OutputContains) {
		diffs = append(diffs, fmt.Sprintf("output does not contain %q", e.OutputContains))
	}
	if !strings.Contains(o.Cause, cause) {
		diffs = append(diffs, fmt.Sprintf("cause does not contain %q", cause))
	}
	limit := HostileTimeout
	if e.MaxSeconds > 0 {
		// Twice the stated bound: a busy CI machine must not fail a case
		// that ends in milliseconds here; a regression (the cubic JSONPath
		// took 36 s) still does.
		limit = time.Duration(2 * e.MaxSeconds * float64(time.Second))
	}
	if o.Elapsed > limit {
		diffs = append(diffs, fmt.Sprintf("took %v, limit %v", o.Elapsed.Round(time.Millisecond), limit))
	}
	return diffs
}

// errHung is returned when an engine did not end a case within
// HostileTimeout.
var errHung = errors.New("did not end")

// within runs f and gives up after limit: a case that hangs then fails
// instead of hanging the test (its goroutine is left behind).
func within(limit time.Duration, f func() (*HostileOutcome, error)) (*HostileOutcome, error) {
	type result struct {
		o   *HostileOutcome
		err error
	}
	done := make(chan result, 1)
	began := time.Now()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("panic: %v", p)}
			}
		}()
		o, err := f()
		done <- result{o, err}
	}()
	select {
	case r := <-done:
		if r.o != nil {
			r.o.Elapsed = time.Since(began)
		}
		return r.o, r.err
	case <-time.After(limit):
		return nil, fmt.Errorf("%w within %v", errHung, limit)
	}
}

// RunHostileMemory runs a case on the memory engine.
func RunHostileMemory(c *HostileCase) (*HostileOutcome, error) {
	deadline := HostileTimeout
	if c.Expect.Deadline != "" {
		d, err := time.ParseDuration(c.Expect.Deadline)
		if err != nil {
			return nil, fmt.Errorf("deadline: %w", err)
		}
		deadline = d
	}
	return within(HostileTimeout+deadline, func() (*HostileOutcome, error) {
		m, err := asl.Parse(c.Definition)
		if err != nil {
			return &HostileOutcome{Phase: PhaseParse, Cause: err.Error()}, nil
		}
		input, err := value.Parse(c.Input)
		if err != nil {
			return &HostileOutcome{Phase: PhaseInput, Cause: err.Error()}, nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		rt := memory.New(DefaultStart, func(req *asl.TaskRequest) (any, time.Duration, error) {
			if ctx.Err() != nil {
				// Execute should have stopped: end the goroutine rather
				// than let it spin on (within reports the panic).
				panic(fmt.Sprintf("Task %q was called after the execution's context ended (%v)", req.State, ctx.Err()))
			}
			return c.memoryTasks(req)
		})
		res := m.Execute(ctx, rt, asl.Execution{
			Input: input, Name: c.Name, ID: workflows.ExecutionARN("Hostile", c.Name),
			StateMachineName: "Hostile", StateMachineID: workflows.StateMachineARN("Hostile"),
			StartTime: DefaultStart, MaxTransitions: c.Expect.MaxTransitions,
		})
		o := &HostileOutcome{Phase: PhaseRun, Status: string(res.Status)}
		if res.Status == asl.Succeeded {
			o.Output = string(value.Marshal(res.Output))
		}
		if res.Error != nil {
			o.Error, o.Cause = res.Error.Name, res.Error.Cause
		}
		if res.Abort != nil {
			o.Cause = res.Abort.Error()
		}
		return o, nil
	})
}

// bigResult is what a "big" task returns: a 3 MB string, over AWS's
// 256 KiB and Temporal's 2 MB payload limit.
var bigResult = strings.Repeat("x", 3<<20)

// neverAnswers is how long a "never" task takes on the memory engine's
// fake clock: longer than any execution may run (AWS: one year).
const neverAnswers = 366 * 24 * time.Hour

func (c *HostileCase) memoryTasks(req *asl.TaskRequest) (any, time.Duration, error) {
	switch c.Expect.Tasks[req.Resource] {
	case "echo":
		return req.Input, 0, nil
	case "never":
		return nil, neverAnswers, nil
	case "fail":
		return nil, 0, failure.New("Boom", "this task always fails")
	case "big":
		return bigResult, 0, nil
	}
	return nil, 0, fmt.Errorf("the case does not say how Task %q behaves", req.Resource)
}

// RunHostileTemporal runs a case as the StateMachine workflow on
// Temporal's test environment. An execution that continues as new goes on
// in a fresh environment with the next run's input, as on a server.
//
// The test environment has no task queues: an activity nobody registered
// fails at once. A "never" task is therefore an activity that blocks until
// its context ends; the environment enforces activity timeouts in real
// time, so such a case costs its TimeoutSeconds in real time. That models a
// worker that never answers; a queue with no worker at all needs the real
// server.
func RunHostileTemporal(c *HostileCase) (*HostileOutcome, error) {
	return within(HostileTimeout, func() (*HostileOutcome, error) {
		if _, err := asl.Parse(c.Definition); err != nil {
			return &HostileOutcome{Phase: PhaseParse, Cause: err.Error()}, nil
		}
		in := workflows.Input{
			Definition: json.RawMessage(c.Definition), Input: json.RawMessage(c.Input),
			Name: c.Name, StateMachineName: "Hostile", MaxTransitions: c.Expect.MaxTransitions,
		}
		for run := 0; ; run++ {
			if run > 1000 {
				return nil, errors.New("more than 1000 runs (continue-as-new)")
			}
			o, next, err := c.temporalRun(in)
			if err != nil || next == nil {
				if o != nil {
					o.Runs = run + 1
				}
				return o, err
			}
			in = *next
		}
	})
}

// temporalRun runs one run of an execution; next is the input of the run
// it continued as, if it did.
func (c *HostileCase) temporalRun(in workflows.Input) (o *HostileOutcome, next *workflows.Input, err error) {
	reg := activities.NewRegistry()
	var s sdktest.WorkflowTestSuite
	s.SetLogger(quietLogger)
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(DefaultStart)
	env.SetTestTimeout(HostileTimeout)
	env.SetDataConverter(workflows.DataConverter())
	for _, res := range sortedKeys(c.Expect.Tasks) {
		switch c.Expect.Tasks[res] {
		case "echo":
			reg.RegisterFunc(res, func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) { return in, nil })
		case "fail":
			reg.RegisterFunc(res, func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
				return nil, failure.New("Boom", "this task always fails")
			})
		case "big":
			reg.RegisterFunc(res, func(ctx context.Context, in json.RawMessage) (string, error) { return bigResult, nil })
		case "never":
			route, ok := reg.Route(res)
			if !ok {
				return nil, nil, fmt.Errorf("a never-answering Task needs an activity resource, not %q", res)
			}
			env.RegisterActivityWithOptions(func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
				<-ctx.Done()
				return nil, ctx.Err()
			}, activity.RegisterOptions{Name: route.ActivityType})
		}
	}
	// Workflow time stands still here while activities run, so a run's
	// length in time says nothing (see workflows.MinRunTime).
	workflows.MinRunTime = 0
	workflows.Register(env, reg)
	env.ExecuteWorkflow(workflows.WorkflowType, in)
	if !env.IsWorkflowCompleted() {
		return nil, nil, errors.New("the workflow did not complete")
	}
	var raw json.RawMessage
	wfErr := env.GetWorkflowError()
	var can *workflow.ContinueAsNewError
	if errors.As(wfErr, &can) {
		var n workflows.Input
		if err := workflows.DataConverter().FromPayloads(can.Input, &n); err != nil {
			return nil, nil, fmt.Errorf("reading the continue-as-new input: %w", err)
		}
		return nil, &n, nil
	}
	if wfErr == nil {
		if err := env.GetWorkflowResult(&raw); err != nil {
			return nil, nil, fmt.Errorf("reading the workflow result: %w", err)
		}
	}
	out, err := WorkflowOutcome(raw, wfErr, nil)
	if err != nil {
		return nil, nil, err
	}
	o = &HostileOutcome{Phase: PhaseRun, Status: out.Status, Error: out.Error, Cause: out.Cause}
	if out.Output != nil {
		o.Output = string(value.Marshal(out.Output))
	}
	return o, nil, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
