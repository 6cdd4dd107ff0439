package asl

import (
	"fmt"
	"strings"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// TestState runs one state once and reports what happened, as AWS Step
// Functions' TestState API does
// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html):
// the state's output and next state, or the error it raised and what its
// Retry and Catch fields make of it, and at the DEBUG and TRACE inspection
// levels the data at each step of its input and output processing.
//
// The state runs on rt like a state of an EXPRESS execution, with these
// differences, all taken from AWS's behaviour:
//   - the state is renamed "StateName" (AWS wraps it into a one-state
//     machine of that name; $$.State.Name shows it). Its Next, Default and
//     Catch targets need not exist: they are only reported as NextState;
//   - a mock replaces the service call of a Task, or the whole work of a
//     Parallel or Map state (whose branches and iterations never run);
//     Parallel and Map states can only be tested with a mock;
//   - the state is attempted once. An error that a retrier matches gives
//     RETRIABLE while that retrier has attempts left after
//     Config.RetrierRetryCount retries; otherwise a matching catcher gives
//     CAUGHT_ERROR (with the catcher's output and Next); otherwise FAILED;
//   - Wait states do not wait, and States.Runtime causes carry no
//     "An error occurred while executing the state ..." prefix.
//
// The error is a *TestStateError when AWS would refuse the request
// (ValidationException) or its definition (InvalidDefinition); a state that
// fails is a FAILED result, not an error.
func TestState(req *TestStateRequest, rt Runtime, opts ...Option) (*TestStateResult, error) {
	p, err := planTestState(req, opts)
	if err != nil {
		return nil, err
	}
	return p.run(req, rt), nil
}

// TestStateRequest is one TestState call.
type TestStateRequest struct {
	// Definition is the state to test as JSON: a single state object, or,
	// when StateName is set, a whole state machine.
	Definition []byte
	// StateName picks the state of a whole-machine Definition to test; it
	// may name a state inside a Parallel branch or a Map item processor.
	StateName string
	// Input is the state's input as a value; nil is {}.
	Input any
	// InspectionLevel selects the inspection data returned; "" is INFO.
	InspectionLevel InspectionLevel
	// Mock replaces the state's work (Task, Parallel and Map states only).
	Mock *TestStateMock
	// Config places the state in a moment of a larger run (a retry, failed
	// Map iterations).
	Config TestStateConfig
	// Context, when set, is the whole context object ($$) the state sees,
	// instead of the one TestState makes up. It must be a JSON object
	// without a Map field, and needs a Mock, as in AWS.
	Context any
	// RevealSecrets is AWS's revealSecrets flag. It is refused together
	// with a mock and has no other effect here.
	RevealSecrets bool
	// Execution names the run for the default context object
	// ($$.Execution, $$.StateMachine) and may carry an Observer of the
	// state's events. Its RoleArn is the request's role (AWS requires one
	// to test a Task without a mock; absent, $$.Execution.RoleArn is
	// null). Its Input and Express fields are ignored: $$.Execution.Input
	// is Input, and the run is an EXPRESS one.
	Execution Execution
}

// InspectionLevel selects how much a TestState result tells.
type InspectionLevel string

// The inspection levels of TestState.
const (
	// InspectInfo returns the status, output, error and next state only.
	InspectInfo InspectionLevel = "INFO"
	// InspectDebug adds the data after each processing step.
	InspectDebug InspectionLevel = "DEBUG"
	// InspectTrace adds, in AWS, the raw HTTP request and response of an
	// HTTP Task; here it is the same as DEBUG.
	InspectTrace InspectionLevel = "TRACE"
)

// TestStateMock is the mock of a TestState request: exactly one of Result
// and ErrorOutput.
type TestStateMock struct {
	// Result is the mocked result as JSON text: a Task's service result, or
	// the result array of a Parallel (one item per branch) or Map state.
	Result string
	// ErrorOutput is the mocked error the state's work fails with.
	ErrorOutput *failure.Error
	// FieldValidationMode is STRICT (the default), PRESENT or NONE. AWS
	// checks a mocked Task result against the integrated service's API
	// model in the first two; those models are not part of this engine,
	// so every mode behaves as NONE (the result is taken as it is).
	FieldValidationMode string
}

// TestStateConfig is AWS's stateConfiguration.
type TestStateConfig struct {
	// RetrierRetryCount is how many retries the retrier that matches the
	// error has already made (also $$.State.RetryCount).
	RetrierRetryCount int
	// ErrorCausedByState names the state inside a mocked Parallel or Map
	// state where the mocked error comes from. It is accepted and has no
	// effect on the outcome: the state fails with the mocked error.
	ErrorCausedByState string
	// MapIterationFailureCount is how many iterations of a mocked Map
	// state failed. It matters only when the Map tolerates failures: above
	// its ToleratedFailureCount/Percentage the state fails with
	// States.ExceedToleratedFailureThreshold.
	MapIterationFailureCount int
	// MapItemReaderData is, as JSON text, what the ItemReader of a Map
	// state would read; it takes the place of the items.
	MapItemReaderData string
}

// Statuses that only TestState reports.
const (
	// CaughtError: the state failed and a catcher took the error.
	CaughtError Status = "CAUGHT_ERROR"
	// Retriable: the state failed and a retrier would retry it.
	Retriable Status = "RETRIABLE"
)

// TestStateResult is what TestState reports.
type TestStateResult struct {
	// Status is Succeeded, Failed, CaughtError or Retriable.
	Status Status
	// Output is the state's output (Succeeded, CaughtError).
	Output any
	// Error is the error the state raised (Failed, CaughtError, Retriable).
	Error *failure.Error
	// NextState is the state that would run next: the state's Next, the
	// Choice's pick or the catcher's Next; "" when there is none.
	NextState string
	// Inspection is the inspection data; nil at the INFO level.
	Inspection *Inspection
}

// Inspection is the data TestState shows at the DEBUG and TRACE levels.
// Which fields are set depends on the state type and on how far the state
// got, as in AWS: for example a Pass state with Result shows Result but not
// AfterInputPath, a mocked Parallel state only Input and the result steps,
// and the Result field is the raw result of a Task or a Pass state's Result.
type Inspection struct {
	Input               Field
	AfterInputPath      Field
	AfterParameters     Field
	Result              Field
	AfterResultSelector Field
	AfterResultPath     Field
	// Map states.
	AfterItemsPath    Field
	AfterItemSelector Field // the iterations' inputs, when the Map has an ItemSelector
	AfterItemBatcher  Field // the batches, when the Map has an ItemBatcher
	// MaxConcurrency, ToleratedFailureCount and ToleratedFailurePercentage
	// are a Map state's settings after resolving their Path forms; the
	// tolerances are nil when the state sets none.
	MaxConcurrency             *int64
	ToleratedFailureCount      *int64
	ToleratedFailurePercentage *float64
	// ErrorDetails says which retrier and catcher matched the error.
	ErrorDetails *ErrorDetails
}

// Field is one inspected value; Set tells a recorded null from a step that
// did not happen.
type Field struct {
	Value any
	Set   bool
}

func seen(v any) Field { return Field{Value: v, Set: true} }

// ErrorDetails tells which Retry and Catch elements matched a TestState
// error (AWS's InspectionErrorDetails); nil fields did not apply.
type ErrorDetails struct {
	// RetryIndex is the index of the retrier that matched.
	RetryIndex *int
	// RetryBackoffIntervalSeconds is the wait before the retry, for a
	// Retriable result: IntervalSeconds * BackoffRate^RetrierRetryCount,
	// capped by MaxDelaySeconds, in whole seconds and before any jitter.
	RetryBackoffIntervalSeconds *int64
	// CatchIndex is the index of the catcher that took the error.
	CatchIndex *int
}

// Object renders the inspection data as AWS's inspectionData object. AWS
// sends the data fields as JSON text; here they are the values themselves.
func (in *Inspection) Object() *value.Object {
	o := value.NewObject(13)
	for _, fv := range []struct {
		name string
		f    Field
	}{
		{"input", in.Input},
		{"afterInputPath", in.AfterInputPath},
		{"afterParameters", in.AfterParameters},
		{"result", in.Result},
		{"afterResultSelector", in.AfterResultSelector},
		{"afterResultPath", in.AfterResultPath},
		{"afterItemsPath", in.AfterItemsPath},
		{"afterItemSelector", in.AfterItemSelector},
		{"afterItemBatcher", in.AfterItemBatcher},
	} {
		if fv.f.Set {
			o.Set(fv.name, fv.f.Value)
		}
	}
	if d := in.ErrorDetails; d != nil {
		do := value.NewObject(3)
		if d.RetryBackoffIntervalSeconds != nil {
			do.Set("retryBackoffIntervalSeconds", value.IntNumber(*d.RetryBackoffIntervalSeconds))
		}
		if d.RetryIndex != nil {
			do.Set("retryIndex", value.IntNumber(int64(*d.RetryIndex)))
		}
		if d.CatchIndex != nil {
			do.Set("catchIndex", value.IntNumber(int64(*d.CatchIndex)))
		}
		o.Set("errorDetails", do)
	}
	if in.MaxConcurrency != nil {
		o.Set("maxConcurrency", value.IntNumber(*in.MaxConcurrency))
	}
	if in.ToleratedFailureCount != nil {
		o.Set("toleratedFailureCount", value.IntNumber(*in.ToleratedFailureCount))
	}
	if in.ToleratedFailurePercentage != nil {
		o.Set("toleratedFailurePercentage", value.FloatNumber(*in.ToleratedFailurePercentage))
	}
	return o
}

// TestStateError is a TestState request that AWS refuses before running
// anything.
type TestStateError struct {
	// Code is AWS's error code: CodeValidation or CodeInvalidDefinition.
	Code    string
	Message string
	// Problems lists what Parse found in an InvalidDefinition.
	Problems DefinitionErrors
}

// The error codes of a TestStateError.
const (
	CodeValidation        = "ValidationException"
	CodeInvalidDefinition = "InvalidDefinition"
)

func (e *TestStateError) Error() string { return e.Code + ": " + e.Message }

// Unwrap gives the definition problems of an InvalidDefinition.
func (e *TestStateError) Unwrap() error {
	if len(e.Problems) == 0 {
		return nil
	}
	return e.Problems
}

func validationError(format string, args ...any) *TestStateError {
	return &TestStateError{Code: CodeValidation, Message: fmt.Sprintf(format, args...)}
}

func definitionError(errs error) *TestStateError {
	e := &TestStateError{Code: CodeInvalidDefinition, Message: errs.Error()}
	if list, ok := errs.(DefinitionErrors); ok {
		e.Problems = list
	}
	return e
}

// testStateName is the name AWS gives the tested state in the one-state
// machine it wraps it into.
const testStateName = "StateName"

// testPlan is a validated TestState request, compiled.
type testPlan struct {
	m           *StateMachine // the one-state wrapper
	st          *State
	level       InspectionLevel
	mocked      bool
	mockResult  any
	mockErr     *failure.Error
	readerItems []any
	context     any
}

// testRun is what a TestState run keeps on its execInfo.
type testRun struct {
	context any // the request's context object; nil: the usual one
}

// testFrame is what TestState attaches to the frame of the state it runs:
// the inspection data the processing steps fill in and the mock.
type testFrame struct {
	in          Inspection
	result      any
	err         *failure.Error
	failures    int
	readerItems []any
}

// planTestState checks a request in the order AWS's answers suggest (the
// request's own fields, the definition, then what the tested state allows)
// and compiles the tested state.
func planTestState(req *TestStateRequest, opts []Option) (*testPlan, error) {
	p := &testPlan{level: req.InspectionLevel}
	opts = append(opts[:len(opts):len(opts)], testStateChecksSupport)
	if err := p.checkRequest(req); err != nil {
		return nil, err
	}
	raw, err := testedState(req, opts)
	if err != nil {
		return nil, err
	}
	if p.m, err = ParseValue(raw.wrapper, opts...); err != nil {
		return nil, definitionError(err)
	}
	p.st = p.m.State(testStateName)
	if err := p.checkState(req, raw.state); err != nil {
		return nil, err
	}
	if err := unsupportedInTestState(raw.wrapper); err != nil {
		return nil, definitionError(err)
	}
	return p, nil
}

// checkRequest checks the fields of a request that do not depend on the
// state: the inspection level, the mock's shape and the configuration.
func (p *testPlan) checkRequest(req *TestStateRequest) error {
	switch p.level {
	case "":
		p.level = InspectInfo
	case InspectInfo, InspectDebug, InspectTrace:
	default:
		return validationError("Value '%s' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]", p.level)
	}
	if mk := req.Mock; mk != nil {
		switch {
		case mk.Result != "" && mk.ErrorOutput != nil:
			return validationError("A test mock should have only one of the following fields: [result, errorOutput].")
		case mk.Result == "" && mk.ErrorOutput == nil:
			return validationError("A test mock should have one of the following fields: [result, errorOutput].")
		}
		switch mk.FieldValidationMode {
		case "", "STRICT", "PRESENT", "NONE":
		default:
			return validationError("Value '%s' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]", mk.FieldValidationMode)
		}
		if req.RevealSecrets {
			return validationError("TestState does not support RevealSecrets when a mock is specified.")
		}
		p.mocked = true
	}
	if req.Config.RetrierRetryCount < 0 || req.Config.MapIterationFailureCount < 0 {
		return validationError("retrierRetryCount and mapIterationFailureCount must not be negative")
	}
	return nil
}

// checkState checks what the tested state allows: which types take a mock
// or need one, the mock's result, the context object and the item reader
// data.
func (p *testPlan) checkState(req *TestStateRequest, state *value.Object) error {
	switch p.st.Type {
	case TypeTask:
		switch {
		case p.mocked:
		case needsMock(p.st.Resource):
			return &TestStateError{Code: CodeInvalidDefinition,
				Message: "TestState API supports Activity tasks and the .sync and .waitForTaskToken service integration patterns only when a mock is specified"}
		case req.Execution.RoleArn == "":
			return validationError("RoleArn must be specified when testing a Task state")
		}
	case TypeParallel, TypeMap:
		if !p.mocked {
			return &TestStateError{Code: CodeInvalidDefinition,
				Message: "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"}
		}
	default:
		if p.mocked {
			return validationError("State type '%s' is not supported when a mock is specified", p.st.Type)
		}
	}
	if p.mocked {
		if err := p.mock(req.Mock, state); err != nil {
			return err
		}
	}
	if req.Context != nil {
		if !p.mocked {
			return validationError("Invalid Context object provided: a Context object can only be specified together with a mock")
		}
		o, ok := req.Context.(*value.Object)
		if !ok {
			return validationError("Invalid Context object provided: the Context object must be a JSON object, not %s", value.TypeName(req.Context))
		}
		if o.Has("Map") {
			return validationError("Invalid Context object provided: 'Map' field is not supported when mocking a Context object")
		}
		p.context = o
	}
	if p.st.Type == TypeMap && state.Has("ItemReader") {
		p.readerItems = []any{}
		if text := req.Config.MapItemReaderData; text != "" {
			data, err := value.ParseString(text)
			if err != nil {
				return validationError("mapItemReaderData must be valid JSON: %v", err)
			}
			items, ok := data.([]any)
			if !ok {
				return validationError("mapItemReaderData must be a JSON array, not %s", value.TypeName(data))
			}
			p.readerItems = items
		}
	}
	return nil
}

// needsMock reports whether a Task resource is one TestState runs only
// with a mock: an activity, or a .sync or .waitForTaskToken integration.
func needsMock(resource string) bool {
	parts := strings.SplitN(resource, ":", 7)
	if len(parts) == 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity" {
		return true
	}
	return strings.HasSuffix(resource, ".waitForTaskToken") || strings.HasSuffix(resource, ".sync") || strings.Contains(resource, ".sync:")
}

// mock checks and decodes the mock for the tested state.
func (p *testPlan) mock(mk *TestStateMock, state *value.Object) error {
	if mk.ErrorOutput != nil {
		p.mockErr = mk.ErrorOutput
		return nil
	}
	v, err := value.ParseString(mk.Result)
	if err != nil {
		return validationError("Mocked result must be valid JSON")
	}
	switch p.st.Type {
	case TypeParallel:
		arr, ok := v.([]any)
		if !ok {
			return validationError("Mocked result must be an array.")
		}
		if len(arr) != len(p.st.Branches) {
			return validationError("Mocked result must contain the same number of items as number of Parallel branches.")
		}
	case TypeMap:
		if state.Has("ResultWriter") {
			if _, ok := v.(*value.Object); !ok {
				return validationError("Mocked result must be a JSON object.")
			}
		} else if _, ok := v.([]any); !ok {
			return validationError("Mocked result must be an array.")
		}
	}
	p.mockResult = v
	return nil
}

// testedDefinition is the tested state's definition and the one-state
// machine it is wrapped into.
type testedDefinition struct {
	state   *value.Object
	wrapper *value.Object
}

// testedState finds the tested state's definition and wraps it, as AWS
// does, into a machine whose only real state is called "StateName". Every
// state it can go to becomes a Succeed state, so that its Next, Default and
// Catch targets resolve and can be reported.
func testedState(req *TestStateRequest, opts []Option) (*testedDefinition, error) {
	doc, err := value.Parse(req.Definition)
	if err != nil {
		return nil, definitionError(DefinitionErrors{{Message: fmt.Sprintf("the definition is not valid JSON: %v", err)}})
	}
	obj, ok := doc.(*value.Object)
	if !ok {
		return nil, definitionError(DefinitionErrors{{Message: "the definition must be a JSON object, not " + value.TypeName(doc)}})
	}
	state, lang := obj, any(nil)
	if req.StateName != "" {
		if _, err := ParseValue(obj, opts...); err != nil {
			return nil, definitionError(err)
		}
		if state = findState(obj, req.StateName); state == nil {
			return nil, validationError("State not found in definition")
		}
		lang, _ = obj.Get("QueryLanguage")
	}

	states := value.NewObject(2)
	states.Set(testStateName, state)
	for _, target := range stateTargets(state) {
		if target != testStateName && !states.Has(target) {
			end := value.NewObject(1)
			end.Set("Type", string(TypeSucceed))
			states.Set(target, end)
		}
	}
	w := value.NewObject(3)
	if lang != nil {
		w.Set("QueryLanguage", lang)
	}
	w.Set("StartAt", testStateName)
	w.Set("States", states)
	return &testedDefinition{state: state, wrapper: w}, nil
}

// stateTargets lists the states a state definition can go to, in document
// order: Next, the Choice rules' Next, Default, the catchers' Next.
func stateTargets(st *value.Object) []string {
	var out []string
	add := func(o *value.Object) {
		if s, ok := get(o, "Next").(string); ok {
			out = append(out, s)
		}
	}
	add(st)
	for _, c := range asObjects(get(st, "Choices")) {
		add(c)
	}
	if s, ok := get(st, "Default").(string); ok {
		out = append(out, s)
	}
	for _, c := range asObjects(get(st, "Catch")) {
		add(c)
	}
	return out
}

// findState looks for the state called name in a machine document: its own
// states first, then, breadth first, those of its Parallel branches and Map
// item processors.
func findState(machine *value.Object, name string) *value.Object {
	queue := []*value.Object{machine}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		states, _ := get(m, "States").(*value.Object)
		if states == nil {
			continue
		}
		if st, ok := get(states, name).(*value.Object); ok {
			return st
		}
		for i := 0; i < states.Len(); i++ {
			_, raw := states.At(i)
			st, ok := raw.(*value.Object)
			if !ok {
				continue
			}
			queue = append(queue, asObjects(get(st, "Branches"))...)
			for _, k := range []string{"ItemProcessor", "Iterator"} {
				if proc, ok := get(st, k).(*value.Object); ok {
					queue = append(queue, proc)
				}
			}
		}
	}
	return nil
}

func asObjects(v any) []*value.Object {
	list, _ := v.([]any)
	out := make([]*value.Object, 0, len(list))
	for _, e := range list {
		if o, ok := e.(*value.Object); ok {
			out = append(out, o)
		}
	}
	return out
}

// mockedTasks answers the tested Task's service call with the mock.
type mockedTasks struct {
	Runtime
	result any
	err    *failure.Error
}

func (m *mockedTasks) RunTask(*TaskRequest) (any, error) {
	if m.err != nil {
		return nil, m.err
	}
	return m.result, nil
}

func (p *testPlan) run(req *TestStateRequest, rt Runtime) *TestStateResult {
	input := req.Input
	if input == nil {
		input = value.NewObject(0)
	}
	ex := req.Execution
	ex.Input = input
	ex.Express = true
	if ex.StartTime.IsZero() {
		ex.StartTime = rt.Now()
	}
	info := &execInfo{ex: ex, observing: ex.Observer != nil, maxPayload: p.m.cfg.maxPayload, test: &testRun{context: p.context}}
	info.buildContext()
	if ex.RoleArn == "" {
		info.ctxExec.Set("RoleArn", nil)
	}
	r := &run{rt: rt, exec: info}
	if p.mocked && p.st.Type == TypeTask {
		r.rt = &mockedTasks{Runtime: rt, result: p.mockResult, err: p.mockErr}
	}
	st := p.st
	tf := &testFrame{result: p.mockResult, err: p.mockErr, failures: req.Config.MapIterationFailureCount, readerItems: p.readerItems}
	f := &frame{st: st, raw: input, time: rt.Now(), retries: req.Config.RetrierRetryCount, ts: tf}
	f.entered = r.emit(Event{Type: string(st.Type) + "StateEntered", State: st.Name, Input: input})

	out, next, handled, err := r.flow(f)
	if !handled {
		switch st.Type {
		case TypeFail:
			tf.in.AfterInputPath = seen(f.raw)
			err = r.fail(f)
		case TypeParallel:
			out, err = r.mockedParallel(f)
			next = st.next
		default: // Task, Map
			out, err = r.attempt(f)
			next = st.next
		}
	}

	res := &TestStateResult{Status: Succeeded, Output: out}
	if err == nil {
		r.emit(Event{Type: string(st.Type) + "StateExited", State: st.Name, Output: out})
		if next != nil {
			res.NextState = next.Name
		}
	} else {
		res = r.testFailure(f, req.Config.RetrierRetryCount, asFailure(err))
	}
	res.Inspection = p.inspection(tf, input)
	return res
}

// testFailure decides what the state's Retry and Catch fields make of its
// error: the first retrier that matches it (if it has attempts left after
// retried retries), else the first catcher that matches it.
func (r *run) testFailure(f *frame, retried int, fe *failure.Error) *TestStateResult {
	res := &TestStateResult{Status: Failed, Error: fe}
	st := f.st
	switch st.Type {
	case TypeTask, TypeParallel, TypeMap:
	default:
		return res
	}
	var details ErrorDetails
	if i := matchRetrier(st.Retry, fe.Name); i >= 0 {
		details.RetryIndex = &i
		if rt := st.Retry[i]; int64(retried) < rt.MaxAttempts {
			secs := int64(retryDelay(rt, int64(retried)))
			details.RetryBackoffIntervalSeconds = &secs
			res.Status = Retriable
		}
	}
	if res.Status != Retriable {
		for i, c := range st.Catch {
			if !failure.Matches(c.ErrorEquals, fe.Name) {
				continue
			}
			out, err := r.caught(f, c, fe)
			if err != nil {
				res.Error = asFailure(err)
				break
			}
			details.CatchIndex = &i
			res.Status, res.Output = CaughtError, out
			if c.next != nil {
				res.NextState = c.next.Name
			}
			break
		}
	}
	if details != (ErrorDetails{}) {
		f.ts.in.ErrorDetails = &details
	}
	return res
}

// mockedParallel is a Parallel state whose branches the mock stands for:
// the mock is its result (or its error).
func (r *run) mockedParallel(f *frame) (any, error) {
	if f.ts.err != nil {
		return nil, f.ts.err
	}
	return r.finish(f, f.ts.result)
}

// mockedMap finishes a Map state under TestState once its items and
// settings are known: the mock stands for the iterations, and
// Config.MapIterationFailureCount for how many of them failed.
func (r *run) mockedMap(f *frame, inputs []any, maxConc, tolCount int64, tolPct float64) (any, error) {
	t, st := f.ts, f.st
	t.in.MaxConcurrency = &maxConc
	if tolCount >= 0 {
		t.in.ToleratedFailureCount = &tolCount
	}
	if tolPct >= 0 {
		t.in.ToleratedFailurePercentage = &tolPct
	}
	switch {
	case st.ItemBatcher != nil:
		t.in.AfterItemBatcher = seen(inputs)
	case st.ItemSelector != nil:
		t.in.AfterItemSelector = seen(inputs)
	}
	if t.err != nil {
		return nil, t.err
	}
	if (tolCount >= 0 || tolPct >= 0) && !tolerated(t.failures, len(inputs), tolCount, tolPct) {
		return nil, exceededTolerance()
	}
	return r.finish(f, t.result)
}

// inspection is the inspection data at the request's level: what the
// state's processing recorded, less what AWS does not show for its type.
func (p *testPlan) inspection(t *testFrame, input any) *Inspection {
	if p.level == InspectInfo {
		return nil
	}
	in := t.in
	in.Input = seen(input)
	st := p.st
	switch {
	case st.Type == TypePass && st.HasResult:
		// A Pass state's Result replaces its effective input: AWS shows
		// neither InputPath nor Parameters.
		in.AfterInputPath, in.AfterParameters = Field{}, Field{}
	case st.Type != TypeTask:
		// Result is a Task's service result or a Pass state's Result.
		in.Result = Field{}
	}
	return &in
}
