package asl

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/jsonpath"
	"github.com/aslworker/aslworker/asl/payload"
	"github.com/aslworker/aslworker/asl/value"
)

// The input and output processing of JSONPath mode
// (https://states-language.net/spec.html#filters):
//
//	raw input -> InputPath -> Parameters -> (the state's work) -> ResultSelector
//	          -> ResultPath (merged into the raw input) -> OutputPath -> output

// UUID and Random make a run the intrinsic.Env of its templates.
func (r *run) UUID() string    { return r.rt.UUID() }
func (r *run) Random() float64 { return r.rt.Random() }

// MaxPayloadBytes makes a run the intrinsic.Limits of its templates: a
// template stops as soon as its result is over the payload limit, and no
// intrinsic function builds a value over it.
func (r *run) MaxPayloadBytes() int { return r.limit() }

// Where payload sizes are measured. AWS fails a state with
// States.DataLimitExceeded when its effective input (after Parameters), its
// result or its output is over the payload limit. Each value is measured
// once, where it is built, and value.Size stops counting at the limit:
//
//   - a template's result (Parameters, ResultSelector, ItemSelector, ...)
//     as the template builds it (payload.Template.Eval);
//   - a Task's result as the runtime returns it, a Parallel's or Map's
//     array of branch or iteration outputs as it is gathered, a Pass
//     state's Result once at Parse;
//   - the output, when ResultPath merges the result into the input, or a
//     Catch places its error object;
//   - what an indefinite InputPath or OutputPath selects ($..a can select
//     more than its document holds).
//
// Nothing else can grow: a definite path selects part of a value already
// measured, and the raw input of every state is the output of the one
// before it (or the execution input, measured at the start).

// context builds the context object ($$) a state sees, or nil when nothing
// in the state reads it.
func (r *run) context(f *frame) any {
	if !f.st.usesContext {
		return nil
	}
	if t := r.exec.test; t != nil && t.context != nil {
		return t.context
	}
	o := value.NewObject(5)
	o.Set("Execution", r.exec.ctxExec)
	o.Set("StateMachine", r.exec.ctxSM)
	s := value.NewObject(3)
	s.Set("Name", f.st.Name)
	s.Set("EnteredTime", formatTime(f.time))
	switch f.st.Type {
	case TypeTask, TypeParallel, TypeMap:
		s.Set("RetryCount", value.IntNumber(int64(f.retries)))
	}
	o.Set("State", s)
	if f.token != "" {
		t := value.NewObject(1)
		t.Set("Token", f.token)
		o.Set("Task", t)
	}
	if f.mapItem != nil {
		mo := value.NewObject(1)
		mo.Set("Item", f.mapItem)
		o.Set("Map", mo)
	}
	return o
}

// inputPath applies InputPath to the raw input.
func (r *run) inputPath(f *frame) (any, error) {
	eff, err := r.selectPath(f, f.st.InputPath, f.raw)
	if f.ts != nil && err == nil {
		f.ts.in.AfterInputPath = seen(eff)
	}
	return eff, err
}

// outputPath applies OutputPath to a state's output.
func (r *run) outputPath(f *frame, v any) (any, error) {
	return r.selectPath(f, f.st.OutputPath, v)
}

func (r *run) selectPath(f *frame, p optPath, v any) (any, error) {
	switch {
	case p.null:
		return value.NewObject(0), nil
	case p.path == nil:
		return v, nil
	}
	out, err := p.path.Get(v, r.context(f))
	if err != nil {
		return nil, r.stateErr(f, pathFailure(err))
	}
	if !p.path.Definite() {
		if err := r.checkSize(f, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pathFailure turns a path that selected nothing into AWS's States.Runtime.
func pathFailure(err error) error {
	var pe *jsonpath.Error
	if errors.As(err, &pe) {
		return failure.New(failure.Runtime, "%s", pe.Error())
	}
	return err
}

// template evaluates a payload template against the effective input. A
// result over the payload limit fails the state as AWS does.
func (r *run) template(f *frame, t *payload.Template, input any) (any, error) {
	out, n, err := t.EvalSized(input, r.context(f), r, r.sizeBound(input))
	if err != nil {
		var le *payload.LimitError
		if errors.As(err, &le) {
			return nil, r.dataLimit(f)
		}
		return nil, r.stateErr(f, err)
	}
	r.remember(out, n)
	return out, nil
}

// knownSize is an upper bound of the size of the last object measured,
// which is usually the next state's input: a template reading that input
// charges its parts this bound instead of measuring them again. Values
// never change, so the object's identity is enough.
type knownSize struct {
	obj  *value.Object
	size int
}

// remember notes the size bound of a value just measured.
func (r *run) remember(v any, n int) {
	if o, ok := v.(*value.Object); ok && n >= 0 {
		r.known = knownSize{obj: o, size: n}
	}
}

// sizeBound returns the size bound of v when it is the object measured
// last, else -1.
func (r *run) sizeBound(v any) int {
	if o, ok := v.(*value.Object); ok && o == r.known.obj {
		return r.known.size
	}
	return -1
}

// parameters applies Parameters (if any) to the effective input.
func (r *run) parameters(f *frame, eff any) (any, error) {
	params := eff
	if f.st.Parameters != nil {
		var err error
		if params, err = r.template(f, f.st.Parameters, eff); err != nil {
			return nil, err
		}
	}
	if f.ts != nil {
		f.ts.in.AfterParameters = seen(params)
	}
	return params, nil
}

// finish applies ResultSelector, ResultPath and OutputPath to a state's result.
func (r *run) finish(f *frame, result any) (any, error) {
	if f.ts != nil {
		f.ts.in.Result = seen(result)
	}
	if f.st.ResultSelector != nil {
		var err error
		if result, err = r.template(f, f.st.ResultSelector, result); err != nil {
			return nil, err
		}
	}
	if f.ts != nil {
		f.ts.in.AfterResultSelector = seen(result)
	}
	out, err := r.placeResult(f.st.ResultPath, f.raw, result)
	if err != nil {
		return nil, r.stateErr(f, err)
	}
	// The result was measured where it was built; merged into the input
	// it makes a new value, which is.
	if f.st.ResultPath.ref != nil {
		if err := r.checkSize(f, out); err != nil {
			return nil, err
		}
	}
	if f.ts != nil {
		f.ts.in.AfterResultPath = seen(out)
	}
	return r.outputPath(f, out)
}

// applyResultPath places a value built outside the state's processing (a
// Catch's error object) into the state's raw input, and measures the output.
func (r *run) applyResultPath(f *frame, rp resultPath, result any) (any, error) {
	out, err := r.placeResult(rp, f.raw, result)
	if err != nil {
		return nil, err
	}
	if !rp.null {
		if err := r.checkSize(f, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// placeResult places result into raw as ResultPath says.
func (r *run) placeResult(rp resultPath, raw, result any) (any, error) {
	switch {
	case rp.null:
		return raw, nil
	case rp.ref == nil:
		return result, nil
	}
	out, err := rp.ref.Set(raw, result)
	if err != nil {
		// AWS reports a ResultPath that cannot be applied (a member of a
		// non-object, an index past the end) as States.ReferencePathConflict
		// with Jayway's "Unable to apply ReferencePath ..." text.
		return nil, failure.New(failure.ReferencePathConflict, "%s", err.Error())
	}
	return out, nil
}

// checkSize fails with States.DataLimitExceeded when a state's input,
// result or output is over the configured limit.
func (r *run) checkSize(f *frame, v any) error {
	lim := r.limit()
	if lim <= 0 {
		return nil
	}
	if n := value.Size(v, lim); n <= lim {
		r.remember(v, n)
		return nil
	}
	return r.dataLimit(f)
}

// checkResult is checkSize for a state's result, recording the failure
// as the state's failedEvent (TaskFailed, ParallelStateFailed, ...).
func (r *run) checkResult(f *frame, result any, failedEvent string) error {
	err := r.checkSize(f, result)
	if fe, ok := err.(*failure.Error); ok {
		r.emit(Event{Type: failedEvent, State: f.st.Name, Error: fe.Name, Cause: fe.Cause, HasCause: true})
	}
	return err
}

// dataLimit is AWS's States.DataLimitExceeded for a state. AWS words it the
// same way whichever of the state's payloads is over the limit: its input
// after Parameters, its result or its output.
func (r *run) dataLimit(f *frame) *failure.Error {
	return failure.New(failure.DataLimitExceeded,
		"The state/task '%s' returned a result with a size exceeding the maximum number of bytes service limit.", resultOwner(f.st))
}

// resultOwner names who produced a too-large result the way AWS does: the
// service of an optimised integration ("lambda" for
// arn:aws:states:::lambda:invoke), else the state.
func resultOwner(st *State) string {
	const prefix = "arn:aws:states:::"
	if st.Type == TypeTask && strings.HasPrefix(st.Resource, prefix) {
		svc := st.Resource[len(prefix):]
		if i := strings.IndexByte(svc, ':'); i > 0 {
			return svc[:i]
		}
	}
	// A Lambda function called by its ARN is named by that ARN (AWS:
	// "The state/task 'arn:aws:lambda:...:function:name' returned a result
	// with a size exceeding ...").
	if st.Type == TypeTask && taskEventKind(st.Resource) == "LambdaFunction" {
		return st.Resource
	}
	return st.Name
}

// passThrough is the output of states that only filter their input
// (Choice, Wait, Succeed): OutputPath of InputPath.
func (r *run) passThrough(f *frame) (any, error) {
	eff, err := r.inputPath(f)
	if err != nil {
		return nil, err
	}
	return r.outputPath(f, eff)
}

// describe renders a value for an error message.
func describe(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return value.String(v)
}
