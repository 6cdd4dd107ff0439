package choice

import (
	"fmt"

	"github.com/aslworker/aslworker/asl/jsonpath"
)

// Variables reads workflow variables, for Variable and ...Path fields that
// reference one ("$name" or "$name.field", JSONPath states with Assign).
// The interpreter's run state implements it; intrinsic.Variables has the
// same method, so one implementation serves both.
type Variables interface {
	Variable(name string) (any, bool)
}

// ref is a compiled Variable or ...Path operand: an ASL path into the input
// ("$.a") or the context object ("$$.Execution.Id"), or a reference to a
// workflow variable followed by an optional path into its value.
type ref struct {
	src      string
	variable string         // the variable's name for "$name...", else ""
	path     *jsonpath.Path // nil for a bare "$name"
}

// compileRef compiles an operand. It must be a Reference Path: one that
// names a single value.
func compileRef(s string) (*ref, error) {
	r := &ref{src: s}
	rest := s
	if len(s) > 1 && s[1] != '$' && s[1] != '.' && s[1] != '[' && s[0] == '$' {
		end := 1
		for end < len(s) && identByte(s[end]) {
			end++
		}
		if end == 1 || (s[1] >= '0' && s[1] <= '9') {
			return nil, fmt.Errorf("expected '.', '[' or a variable name after '$'")
		}
		r.variable = s[1:end]
		if end == len(s) {
			return r, nil
		}
		rest = "$" + s[end:]
	}
	p, err := jsonpath.Compile(rest)
	if err != nil {
		return nil, err
	}
	if !p.Definite() {
		return nil, fmt.Errorf("it can select several values, and a choice rule compares one")
	}
	r.path = p
	return r, nil
}

func identByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// context reports whether the operand reads the context object.
func (r *ref) context() bool { return r.variable == "" && r.path.Context() }

// errUndefined stands for a variable that has no value; like a path that
// selects nothing, it makes a comparison fail (and IsPresent false).
var errUndefined = &jsonpath.Error{Detail: "the variable is not defined"}

// get evaluates the operand. A miss is a *jsonpath.Error.
func (r *ref) get(input, context any, vars Variables) (any, error) {
	if r.variable == "" {
		return r.path.Get(input, context)
	}
	if vars == nil {
		return nil, errUndefined
	}
	v, ok := vars.Variable(r.variable)
	if !ok {
		return nil, errUndefined
	}
	if r.path == nil {
		return v, nil
	}
	return r.path.Get(v, nil)
}
