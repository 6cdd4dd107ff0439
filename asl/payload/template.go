package payload

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/intrinsic"
	"github.com/aslworker/aslworker/asl/jsonpath"
	"github.com/aslworker/aslworker/asl/value"
)

// Template is a compiled payload template. It is immutable and safe to
// evaluate from many goroutines.
type Template struct {
	root    node
	context bool
}

// node is one compiled part of a template. eval builds the part and
// returns the size of its JSON text as sz asks (0 when it measures nothing).
type node interface {
	eval(input, context any, env intrinsic.Env, sz sizing) (any, int, error)
}

// LimitError is the error of a template whose result would be longer than
// the payload limit its Env sets (intrinsic.Limits). The caller, which
// knows what the result is (a state's input, its result), reports it as
// States.DataLimitExceeded in AWS's words.
type LimitError struct{ Limit int }

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: the payload template's result is larger than the maximum payload size of %d bytes",
		failure.DataLimitExceeded, e.Limit)
}

// errFull stops an evaluation that went over its limit; Eval reports it as
// a *LimitError.
var errFull = errors.New("payload: over the limit")

// sizing says how an evaluation measures what it builds. Each part is
// measured once, as it is placed: literal parts by their size computed at
// Compile, selected and computed values by value.Size, which stops
// counting past the limit. It is passed by value, so measuring allocates
// nothing.
//
// In exact mode (inputMax < 0) sizes are exact and the evaluation stops as
// soon as the bytes placed are over left. When the caller knows an upper
// bound of the input's size (inputMax >= 0), a part selected from the input
// by a definite path is charged that bound instead of being measured: the
// sizes are then upper bounds, nothing stops early, and Eval measures the
// result exactly only if the bound is over the limit.
type sizing struct {
	on       bool // measure at all (a payload limit is set)
	limit    int  // the payload limit
	left     int  // exact mode: bytes left for this part
	inputMax int  // >= 0: bound mode, the input's size bound
}

// over reports whether an exact-mode part of used bytes is over its share.
func (sz sizing) over(used int) bool { return sz.on && sz.inputMax < 0 && used > sz.left }

// after is the sizing of the next part once used bytes are placed.
func (sz sizing) after(used int) sizing {
	sz.left -= used
	return sz
}

// value measures a selected or computed value: exactly, stopping past what
// is left (exact mode), or in bound mode by a bound that costs nothing for
// a scalar, else exactly up to the limit.
func (sz sizing) value(v any) int {
	stop := sz.left
	if sz.inputMax >= 0 {
		if n, ok := scalarBound(v); ok {
			return n
		}
		stop = sz.limit
	}
	if stop <= 0 { // value.Size takes 0 as "no limit"; every value has a byte
		return 1
	}
	return value.Size(v, stop)
}

// part bounds a part of the input in bound mode: by its own cheap bound
// when it is a scalar, else by the input's.
func (sz sizing) part(v any) int {
	if n, ok := scalarBound(v); ok && n < sz.inputMax {
		return n
	}
	return sz.inputMax
}

// scalarBound is an upper bound of the JSON size of a scalar, found
// without looking into it: exact but for a string, which escapes make at
// most six times longer (\u0000) than its bytes, plus the quotes.
func scalarBound(v any) (int, bool) {
	switch v := v.(type) {
	case nil:
		return 4, true
	case bool:
		return 5, true
	case json.Number:
		return len(v), true
	case string:
		return 6*len(v) + 2, true
	}
	return 0, false
}

// constant is a sub-tree without ".$" members: the definition's value
// itself, shared.
type constant struct {
	v    any
	size int
}

func (c *constant) eval(_, _ any, _ intrinsic.Env, sz sizing) (any, int, error) {
	if sz.over(c.size) {
		return nil, 0, errFull
	}
	return c.v, c.size, nil
}

// object builds an object: fields in output order.
type object struct {
	fields []field
	// punct is the size of the braces, the commas and, for each member,
	// its quoted name and colon.
	punct int
}

type field struct {
	key  string // the output member name
	v    any    // the value, when node is nil
	size int    // the JSON size of v, when node is nil
	node node
}

func (o *object) eval(input, context any, env intrinsic.Env, sz sizing) (any, int, error) {
	used := o.punct
	out := value.NewObject(len(o.fields))
	for i := range o.fields {
		if sz.over(used) {
			return nil, 0, errFull
		}
		f := &o.fields[i]
		v := f.v
		if f.node != nil {
			var n int
			var err error
			if v, n, err = f.node.eval(input, context, env, sz.after(used)); err != nil {
				return nil, 0, err
			}
			used += n
		} else {
			used += f.size
		}
		out.Set(f.key, v)
	}
	if sz.over(used) {
		return nil, 0, errFull
	}
	return out, used, nil
}

// array builds an array; elems[i] is nil where vals[i] is a constant.
type array struct {
	vals  []any
	sizes []int // the JSON size of vals[i] where elems[i] is nil
	elems []node
	punct int // brackets and commas
}

func (a *array) eval(input, context any, env intrinsic.Env, sz sizing) (any, int, error) {
	used := a.punct
	out := make([]any, len(a.vals))
	for i, n := range a.elems {
		if sz.over(used) {
			return nil, 0, errFull
		}
		if n == nil {
			used += a.sizes[i]
			out[i] = a.vals[i]
			continue
		}
		v, size, err := n.eval(input, context, env, sz.after(used))
		if err != nil {
			return nil, 0, err
		}
		used += size
		out[i] = v
	}
	if sz.over(used) {
		return nil, 0, errFull
	}
	return out, used, nil
}

// pathField is a "name.$" member holding a path.
type pathField struct {
	name string // the member as written, "value.$", for error messages
	path *intrinsic.Path
	part bool // the path selects one part of the input (InputPart)
}

func (p *pathField) eval(input, context any, env intrinsic.Env, sz sizing) (any, int, error) {
	v, err := p.path.Get(input, context, env)
	switch {
	case err != nil:
		return nil, 0, fieldError(err, p.name, input)
	case !sz.on:
		return v, 0, nil
	case p.part && sz.inputMax >= 0:
		return v, sz.part(v), nil
	}
	n := sz.value(v)
	if sz.over(n) {
		return nil, 0, errFull
	}
	return v, n, nil
}

// callField is a "name.$" member holding an intrinsic function call.
type callField struct {
	name string
	call *intrinsic.Call
}

func (c *callField) eval(input, context any, env intrinsic.Env, sz sizing) (any, int, error) {
	v, err := c.call.Eval(input, context, env)
	if err != nil {
		return nil, 0, fieldError(err, c.name, input)
	}
	if !sz.on {
		return v, 0, nil
	}
	n := sz.value(v)
	if sz.over(n) {
		return nil, 0, errFull
	}
	return v, n, nil
}

func fieldError(err error, name string, input any) error {
	var pe *jsonpath.Error
	if errors.As(err, &pe) {
		return PathNotFound(pe.Path, name, input)
	}
	return err
}

// PathNotFound is AWS's error for a path that selects nothing in a field
// that needs a value (a "name.$" template member, a path argument of an
// intrinsic in it, ErrorPath, CausePath): States.Runtime with the cause
// "The JSONPath '<path>' specified for the field '<field>' could not be
// found in the input '<input as JSON>'". The interpreter adds its usual
// "An error occurred while executing the state ..." prefix.
func PathNotFound(path, field string, input any) *failure.Error {
	return failure.New(failure.Runtime, "The JSONPath '%s' specified for the field '%s' could not be found in the input '%s'",
		path, field, value.String(input))
}

// Compile compiles a template. tmpl is the template as it appears in the
// definition (typically an object); pointer is its JSON Pointer in the
// definition, under which every problem is reported. All problems are
// collected; the template is nil when there are any.
func Compile(tmpl any, pointer string) (*Template, []value.Problem) {
	c := compiler{}
	root := c.compile(tmpl, pointer)
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	return &Template{root: root, context: c.context}, nil
}

// UsesContext reports whether evaluating the template reads the context
// object (a "$$" path anywhere, including in intrinsic arguments), so a
// caller can skip building it otherwise.
func (t *Template) UsesContext() bool { return t.context }

// Eval evaluates the template against input (the state's effective input,
// or the task result for ResultSelector) and the context object.
//
// A path that selects nothing fails with States.Runtime (see PathNotFound);
// an invalid intrinsic argument fails with States.Runtime "Invalid arguments
// in States.<Name>". When env sets a payload limit (intrinsic.Limits), a
// result whose JSON text would be longer fails with a *LimitError as soon
// as the parts placed so far are over it, and no intrinsic call returns
// more than the limit (States.DataLimitExceeded naming the function). The
// result shares the template's literal sub-trees and the selected parts of
// input and context; it must not be modified.
func (t *Template) Eval(input, context any, env intrinsic.Env) (any, error) {
	v, _, err := t.EvalSized(input, context, env, -1)
	return v, err
}

// EvalSized is Eval for a caller that may know an upper bound of the JSON
// size of input (inputMax; -1 when unknown), which spares measuring the
// parts selected from it. It also returns an upper bound of the result's
// JSON size, within the payload limit (exact when inputMax is -1), for the
// caller to pass on with the result; -1 when env sets no limit.
func (t *Template) EvalSized(input, context any, env intrinsic.Env, inputMax int) (any, int, error) {
	sz := sizing{inputMax: -1}
	if l, ok := env.(intrinsic.Limits); ok {
		if n := l.MaxPayloadBytes(); n > 0 {
			sz = sizing{on: true, limit: n, left: n, inputMax: inputMax}
		}
	}
	v, n, err := t.root.eval(input, context, env, sz)
	switch {
	case !sz.on:
		return v, -1, err
	case err == errFull:
		return nil, 0, &LimitError{Limit: sz.limit}
	case err != nil:
		return nil, 0, err
	case n > sz.limit:
		// Only a bound is over the limit: measure what was built.
		if n = value.Size(v, sz.limit); n > sz.limit {
			return nil, 0, &LimitError{Limit: sz.limit}
		}
	}
	return v, n, nil
}

type compiler struct {
	problems []value.Problem
	context  bool
}

func (c *compiler) problem(ptr, format string, args ...any) {
	c.problems = append(c.problems, value.Problem{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// compile returns the node for v; a *constant when v has no ".$" member.
func (c *compiler) compile(v any, ptr string) node {
	switch v := v.(type) {
	case *value.Object:
		return c.object(v, ptr)
	case []any:
		a := &array{vals: v, elems: make([]node, len(v)), sizes: make([]int, len(v)), punct: 2 + max(0, len(v)-1)}
		dynamic := false
		for i, e := range v {
			n := c.compile(e, value.Pointer(ptr, i))
			if cn, ok := n.(*constant); ok {
				a.sizes[i] = cn.size
			} else {
				a.elems[i] = n
				dynamic = true
			}
		}
		if !dynamic {
			return newConstant(v)
		}
		return a
	}
	return newConstant(v)
}

// newConstant is a literal part, measured once.
func newConstant(v any) *constant { return &constant{v: v, size: value.Size(v, 0)} }

func (c *compiler) object(o *value.Object, ptr string) node {
	var static []field
	var dynKeys []string
	dyn := map[string]node{}
	for i := 0; i < o.Len(); i++ {
		k, v := o.At(i)
		at := value.Pointer(ptr, k)
		if !strings.HasSuffix(k, ".$") {
			n := c.compile(v, at)
			if cn, ok := n.(*constant); ok {
				static = append(static, field{key: k, v: cn.v, size: cn.size})
			} else {
				static = append(static, field{key: k, node: n})
			}
			continue
		}
		n := c.dynamic(k, v, at)
		if n == nil {
			continue
		}
		out := strings.TrimSuffix(k, ".$")
		if _, seen := dyn[out]; !seen {
			dynKeys = append(dynKeys, out)
		}
		dyn[out] = n
	}
	if len(dynKeys) == 0 {
		allConst := true
		for _, f := range static {
			if f.node != nil {
				allConst = false
				break
			}
		}
		if allConst {
			return newConstant(o)
		}
	}
	fields := static
	for _, k := range intrinsic.HashMapOrder(dynKeys) {
		fields = append(fields, field{key: k, node: dyn[k]})
	}
	punct := 2 + max(0, len(fields)-1)
	for _, f := range fields {
		punct += value.Size(f.key, 0) + 1
	}
	return &object{fields: fields, punct: punct}
}

// dynamic compiles the value of a "name.$" member.
func (c *compiler) dynamic(name string, v any, ptr string) node {
	s, ok := v.(string)
	if !ok {
		c.problem(ptr, "the value for the field '%s' must be a string holding a JSONPath or an intrinsic function call, not %s",
			name, describe(v))
		return nil
	}
	switch {
	case intrinsic.IsCall(s):
		call, err := intrinsic.Parse(s)
		if err != nil {
			c.problem(ptr, "the value for the field '%s' must be a valid JSONPath or a valid intrinsic function call: %v", name, err)
			return nil
		}
		if call.UsesContext() {
			c.context = true
		}
		return &callField{name: name, call: call}
	case strings.HasPrefix(s, "$"):
		p, err := intrinsic.CompilePath(s)
		if err != nil {
			c.problem(ptr, "the value for the field '%s' must be a valid JSONPath or a valid intrinsic function call: %q: %v", name, s, err)
			return nil
		}
		if p.Context() {
			c.context = true
		}
		return &pathField{name: name, path: p, part: p.InputPart()}
	}
	c.problem(ptr, "the value for the field '%s' must be a valid JSONPath or a valid intrinsic function call: %q is neither a path (starting with '$') nor a call (starting with 'States.')",
		name, s)
	return nil
}

func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	}
	t := value.TypeName(v)
	if t == "array" || t == "object" {
		return "an " + t
	}
	return "a " + t
}
