package payload

import (
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
// returns the size of its JSON text, failing with errFull as soon as that is
// over left. With left == noLimit nothing is measured and the size is 0.
type node interface {
	eval(input, context any, env intrinsic.Env, left int) (any, int, error)
}

// noLimit is the left of an evaluation without a payload limit.
const noLimit = -1

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

// Each part of a result is measured once, as it is placed: literal parts by
// their size computed at Compile, selected and computed values by
// value.Size, which stops counting past what is left. The bytes left are
// passed down by value, so measuring allocates nothing.

// rest is what is left of left once used bytes are spent.
func rest(left, used int) int {
	if left == noLimit {
		return noLimit
	}
	return left - used
}

// measure is the size of v's JSON text, or a number over left once it is
// sure to be over.
func measure(v any, left int) int {
	if left <= 0 { // value.Size takes 0 as "no limit"; every value has a byte
		return 1
	}
	return value.Size(v, left)
}

// constant is a sub-tree without ".$" members: the definition's value
// itself, shared.
type constant struct {
	v    any
	size int
}

func (c *constant) eval(_, _ any, _ intrinsic.Env, left int) (any, int, error) {
	if left != noLimit && c.size > left {
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

func (o *object) eval(input, context any, env intrinsic.Env, left int) (any, int, error) {
	used := o.punct
	out := value.NewObject(len(o.fields))
	for i := range o.fields {
		if left != noLimit && used > left {
			return nil, 0, errFull
		}
		f := &o.fields[i]
		v := f.v
		if f.node != nil {
			var n int
			var err error
			if v, n, err = f.node.eval(input, context, env, rest(left, used)); err != nil {
				return nil, 0, err
			}
			used += n
		} else {
			used += f.size
		}
		out.Set(f.key, v)
	}
	if left != noLimit && used > left {
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

func (a *array) eval(input, context any, env intrinsic.Env, left int) (any, int, error) {
	used := a.punct
	out := make([]any, len(a.vals))
	for i, n := range a.elems {
		if left != noLimit && used > left {
			return nil, 0, errFull
		}
		if n == nil {
			used += a.sizes[i]
			out[i] = a.vals[i]
			continue
		}
		v, size, err := n.eval(input, context, env, rest(left, used))
		if err != nil {
			return nil, 0, err
		}
		used += size
		out[i] = v
	}
	if left != noLimit && used > left {
		return nil, 0, errFull
	}
	return out, used, nil
}

// pathField is a "name.$" member holding a path.
type pathField struct {
	name string // the member as written, "value.$", for error messages
	path *intrinsic.Path
}

func (p *pathField) eval(input, context any, env intrinsic.Env, left int) (any, int, error) {
	v, err := p.path.Get(input, context, env)
	if err != nil {
		return nil, 0, fieldError(err, p.name, input)
	}
	if left == noLimit {
		return v, 0, nil
	}
	n := measure(v, left)
	if n > left {
		return nil, 0, errFull
	}
	return v, n, nil
}

// callField is a "name.$" member holding an intrinsic function call.
type callField struct {
	name string
	call *intrinsic.Call
}

func (c *callField) eval(input, context any, env intrinsic.Env, left int) (any, int, error) {
	v, err := c.call.Eval(input, context, env)
	if err != nil {
		return nil, 0, fieldError(err, c.name, input)
	}
	if left == noLimit {
		return v, 0, nil
	}
	n := measure(v, left)
	if n > left {
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
	left := noLimit
	if l, ok := env.(intrinsic.Limits); ok {
		if n := l.MaxPayloadBytes(); n > 0 {
			left = n
		}
	}
	v, _, err := t.root.eval(input, context, env, left)
	if err == errFull {
		return nil, &LimitError{Limit: left}
	}
	return v, err
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
		return &pathField{name: name, path: p}
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
