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

// template evaluates a payload template against the effective input.
func (r *run) template(f *frame, t *payload.Template, input any) (any, error) {
	out, err := t.Eval(input, r.context(f), r)
	if err != nil {
		return nil, r.stateErr(f, err)
	}
	return out, nil
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
	out, err := r.applyResultPath(f, f.st.ResultPath, result)
	if err != nil {
		return nil, r.stateErr(f, err)
	}
	if f.ts != nil {
		f.ts.in.AfterResultPath = seen(out)
	}
	return r.outputPath(f, out)
}

// applyResultPath places result into the state's raw input.
func (r *run) applyResultPath(f *frame, rp resultPath, result any) (any, error) {
	switch {
	case rp.null:
		return f.raw, nil
	case rp.ref == nil:
		return result, nil
	}
	out, err := rp.ref.Set(f.raw, result)
	if err != nil {
		// AWS reports a ResultPath that cannot be applied (a member of a
		// non-object, an index past the end) as States.ReferencePathConflict
		// with Jayway's "Unable to apply ReferencePath ..." text.
		return nil, failure.New(failure.ReferencePathConflict, "%s", err.Error())
	}
	return out, nil
}

// checkSize fails with States.DataLimitExceeded when a state's result is
// over the configured limit.
func (r *run) checkSize(f *frame, v any, lim int) error {
	if lim <= 0 || value.Size(v, lim) <= lim {
		return nil
	}
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
