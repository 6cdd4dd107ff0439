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

// node is one compiled part of a template.
type node interface {
	eval(input, context any, env intrinsic.Env) (any, error)
}

// constant is a sub-tree without ".$" members: the definition's value
// itself, shared.
type constant struct{ v any }

func (c *constant) eval(any, any, intrinsic.Env) (any, error) { return c.v, nil }

// object builds an object: fields in output order.
type object struct {
	fields []field
}

type field struct {
	key  string // the output member name
	v    any    // the value, when node is nil
	node node
}

func (o *object) eval(input, context any, env intrinsic.Env) (any, error) {
	out := value.NewObject(len(o.fields))
	for i := range o.fields {
		f := &o.fields[i]
		v := f.v
		if f.node != nil {
			var err error
			if v, err = f.node.eval(input, context, env); err != nil {
				return nil, err
			}
		}
		out.Set(f.key, v)
	}
	return out, nil
}

// array builds an array; elems[i] is nil where vals[i] is a constant.
type array struct {
	vals  []any
	elems []node
}

func (a *array) eval(input, context any, env intrinsic.Env) (any, error) {
	out := make([]any, len(a.vals))
	for i, n := range a.elems {
		if n == nil {
			out[i] = a.vals[i]
			continue
		}
		v, err := n.eval(input, context, env)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// pathField is a "name.$" member holding a path.
type pathField struct {
	name string // the member as written, "value.$", for error messages
	path *intrinsic.Path
}

func (p *pathField) eval(input, context any, env intrinsic.Env) (any, error) {
	v, err := p.path.Get(input, context, env)
	if err != nil {
		return nil, fieldError(err, p.name, input)
	}
	return v, nil
}

// callField is a "name.$" member holding an intrinsic function call.
type callField struct {
	name string
	call *intrinsic.Call
}

func (c *callField) eval(input, context any, env intrinsic.Env) (any, error) {
	v, err := c.call.Eval(input, context, env)
	if err != nil {
		return nil, fieldError(err, c.name, input)
	}
	return v, nil
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
// in States.<Name>". The result shares the template's literal sub-trees and
// the selected parts of input and context; it must not be modified.
func (t *Template) Eval(input, context any, env intrinsic.Env) (any, error) {
	return t.root.eval(input, context, env)
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
		a := &array{vals: v, elems: make([]node, len(v))}
		dynamic := false
		for i, e := range v {
			n := c.compile(e, value.Pointer(ptr, i))
			if _, ok := n.(*constant); !ok {
				a.elems[i] = n
				dynamic = true
			}
		}
		if !dynamic {
			return &constant{v: v}
		}
		return a
	}
	return &constant{v: v}
}

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
				static = append(static, field{key: k, v: cn.v})
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
			return &constant{v: o}
		}
	}
	fields := static
	for _, k := range intrinsic.HashMapOrder(dynKeys) {
		fields = append(fields, field{key: k, node: dyn[k]})
	}
	return &object{fields: fields}
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
