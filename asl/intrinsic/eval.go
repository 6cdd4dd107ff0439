package intrinsic

import (
	"errors"

	"github.com/aslworker/aslworker/asl/failure"
)

// Env is what evaluation needs from the runtime: replay-safe sources of
// UUIDs (States.UUID) and random numbers (States.MathRandom without a seed).
type Env interface {
	UUID() string
	// Random returns a number in [0, 1).
	Random() float64
}

// Variables is implemented by an Env that can read workflow variables, for
// variable references such as $name or $name.field (JSONPath states with
// Assign). Without it a variable reference selects nothing.
type Variables interface {
	Variable(name string) (any, bool)
}

// Eval evaluates the call against the state's input and the context object
// ("$$" paths). env may be nil when the call uses neither States.UUID nor
// an unseeded States.MathRandom.
//
// Errors:
//   - an argument AWS rejects: *failure.Error States.Runtime with the cause
//     "Invalid arguments in States.<Name>", as AWS reports it;
//   - a path argument that selects nothing: the *jsonpath.Error of that
//     path, for the caller to report with its field name.
//
// The result may share structure with input, context and the call's
// literals; like every value it must not be modified.
func (c *Call) Eval(input, context any, env Env) (any, error) {
	return c.eval(input, context, env)
}

func (c *Call) eval(input, context any, env Env) (any, error) {
	if c.folded {
		return c.constant, nil
	}
	if c.format != nil {
		return c.evalFormat(input, context, env)
	}
	args := make([]any, len(c.args))
	for i, a := range c.args {
		v, err := a.eval(input, context, env)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	v, err := c.apply(args, env)
	if err != nil {
		var ae *argError
		if errors.As(err, &ae) {
			return nil, failure.New(failure.Runtime, "Invalid arguments in %s", c.fn.name)
		}
		return nil, err
	}
	return v, nil
}

// apply runs the function on evaluated arguments.
func (c *Call) apply(args []any, env Env) (any, error) {
	if c.format != nil {
		return c.format.render(args[1:], maxBytes(env))
	}
	return c.fn.impl(args, env)
}

func errNoEnv(name string) error {
	return failure.New(failure.Runtime, "%s needs a runtime that supplies random values, and none was given", name)
}
