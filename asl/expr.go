package asl

import (
	"errors"

	"github.com/aslworker/aslworker/asl/intrinsic"
	"github.com/aslworker/aslworker/asl/jsonpath"
	"github.com/aslworker/aslworker/asl/payload"
	"github.com/aslworker/aslworker/asl/value"
)

// expr is a field that holds either a Path or an intrinsic function call,
// such as a Fail state's ErrorPath and CausePath.
type expr struct {
	field string
	path  *jsonpath.Path
	call  *intrinsic.Call
}

func (c *compiler) expr(o *value.Object, field, ptr string, st *State) *expr {
	s, ok := get(o, field).(string)
	if !ok {
		return nil
	}
	e := &expr{field: field}
	if intrinsic.IsCall(s) {
		call, err := intrinsic.Parse(s)
		if err != nil {
			c.problem(value.Pointer(ptr, field), "invalid intrinsic function call %q: %v", s, err)
			return nil
		}
		e.call = call
		st.usesContext = st.usesContext || call.UsesContext()
		return e
	}
	e.path = c.path(o, field, ptr, st)
	if e.path == nil {
		return nil
	}
	return e
}

// eval evaluates the expression; a path that selects nothing, directly or
// inside an intrinsic's arguments, is AWS's States.Runtime naming the field.
func (e *expr) eval(r *run, f *frame, input any) (any, error) {
	var (
		v   any
		err error
	)
	if e.call != nil {
		v, err = e.call.Eval(input, r.context(f), r)
	} else {
		v, err = e.path.Get(input, r.context(f))
	}
	if err != nil {
		var pe *jsonpath.Error
		if errors.As(err, &pe) {
			err = payload.PathNotFound(pe.Path, e.field, input)
		}
		return nil, r.stateErr(f, err)
	}
	return v, nil
}

// text renders a value the way AWS puts it into a message or an error
// name: strings as they are, anything else as JSON.
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return value.String(v)
}
