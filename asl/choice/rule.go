package choice

import (
	"encoding/json"
	"errors"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/jsonpath"
)

// Rule is a compiled Choice Rule: a comparison of the value at Variable, or
// an And/Or/Not of nested rules. A Rule is immutable and safe to share
// between goroutines and executions.
type Rule struct {
	op   operator
	next string

	variable *ref // comparisons only
	other    *ref // the ...Path operators' second operand

	// The constant operand, by kind.
	str     string  // String*
	num     number  // Numeric*
	boolean bool    // BooleanEquals and the Is* operators' expected answer
	ts      instant // Timestamp*
	pat     pattern // StringMatches

	rules []*Rule // And, Or (one or more), Not (exactly one)

	assign    any // a top-level rule's Assign, as written
	hasAssign bool

	usesContext bool
}

// Next is the state a top-level rule transitions to when it matches; it is
// "" for a nested rule.
func (r *Rule) Next() string { return r.next }

// UsesContext reports whether any path in the rule, nested rules included,
// reads the context object ("$$...").
func (r *Rule) UsesContext() bool { return r.usesContext }

// Assign returns a top-level rule's Assign field as written (AWS lets a
// Choice Rule assign workflow variables when it matches). Compiling and
// applying it is the caller's job, like a state's own Assign.
func (r *Rule) Assign() (any, bool) { return r.assign, r.hasAssign }

// Eval decides the rule for a state's effective input. "$$" paths read
// context. Both are data of package value (json.Number numbers, *value.Object
// objects); other Go types simply do not match any typed comparison.
// Variable references ("$name") find no variables; see EvalVars.
//
// The error, if any, is a *failure.Error: States.Runtime when a path selects
// nothing (IsPresent excepted), with AWS's cause text and without the
// "An error occurred while executing the state ..." prefix the interpreter
// adds. And and Or stop at the first operand that decides them, so a later
// operand's missing path does not fail the state.
func (r *Rule) Eval(input, context any) (bool, error) {
	return r.EvalVars(input, context, nil)
}

// EvalVars is Eval with workflow variables: Variable and ...Path fields
// written "$name" or "$name.field" read them through vars (which may be nil
// when the state machine assigns none). An undefined variable selects
// nothing, like a missing path.
func (r *Rule) EvalVars(input, context any, vars Variables) (bool, error) {
	switch r.op.kind {
	case kindAnd:
		for _, c := range r.rules {
			ok, err := c.EvalVars(input, context, vars)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case kindOr:
		for _, c := range r.rules {
			ok, err := c.EvalVars(input, context, vars)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case kindNot:
		ok, err := r.rules[0].EvalVars(input, context, vars)
		if err != nil {
			return false, err
		}
		return !ok, nil
	}

	v, err := r.variable.get(input, context, vars)
	if err != nil {
		if r.op.kind == kindIsPresent && selectsNothing(err) {
			return !r.boolean, nil
		}
		return false, pathFailure(r.variable, err)
	}

	switch r.op.kind {
	case kindIsPresent:
		return r.boolean, nil
	case kindIsNull:
		return (v == nil) == r.boolean, nil
	case kindIsNumeric:
		_, ok := v.(json.Number)
		return ok == r.boolean, nil
	case kindIsString:
		_, ok := v.(string)
		return ok == r.boolean, nil
	case kindIsBoolean:
		_, ok := v.(bool)
		return ok == r.boolean, nil
	case kindIsTimestamp:
		s, ok := v.(string)
		if ok {
			_, ok = parseTimestamp(s)
		}
		return ok == r.boolean, nil
	case kindMatches:
		s, ok := v.(string)
		return ok && r.pat.match(s), nil
	}

	if r.op.viaPath {
		w, err := r.other.get(input, context, vars)
		if err != nil {
			return false, pathFailure(r.other, err)
		}
		return compareValues(r.op, v, w), nil
	}

	switch r.op.kind {
	case kindNumeric:
		n, ok := v.(json.Number)
		if !ok {
			return false, nil
		}
		c, ok := r.num.compareTo(string(n))
		return ok && r.op.rel.holds(c), nil
	case kindString:
		s, ok := v.(string)
		if !ok {
			return false, nil
		}
		if r.op.rel == relEquals {
			return s == r.str, nil
		}
		return r.op.rel.holds(compareStrings(s, r.str)), nil
	case kindBoolean:
		b, ok := v.(bool)
		return ok && b == r.boolean, nil
	case kindTimestamp:
		s, ok := v.(string)
		if !ok {
			return false, nil
		}
		t, ok := parseTimestamp(s)
		return ok && r.op.rel.holds(t.Compare(r.ts)), nil
	}
	return false, nil
}

// compareValues is a ...Path operator: both sides come from the input and
// both must have the operator's type, or the rule is false.
func compareValues(op operator, v, w any) bool {
	switch op.kind {
	case kindNumeric:
		a, ok1 := v.(json.Number)
		b, ok2 := w.(json.Number)
		if !ok1 || !ok2 {
			return false
		}
		c, ok := compareNumbers(string(a), string(b))
		return ok && op.rel.holds(c)
	case kindString:
		a, ok1 := v.(string)
		b, ok2 := w.(string)
		if !ok1 || !ok2 {
			return false
		}
		if op.rel == relEquals {
			return a == b
		}
		return op.rel.holds(compareStrings(a, b))
	case kindBoolean:
		a, ok1 := v.(bool)
		b, ok2 := w.(bool)
		return ok1 && ok2 && a == b
	case kindTimestamp:
		a, ok1 := v.(string)
		b, ok2 := w.(string)
		if !ok1 || !ok2 {
			return false
		}
		ta, ok1 := parseTimestamp(a)
		tb, ok2 := parseTimestamp(b)
		return ok1 && ok2 && op.rel.holds(ta.Compare(tb))
	}
	return false
}

// selectsNothing reports whether a path error means "no such value", the
// one case IsPresent answers instead of failing.
func selectsNothing(err error) bool {
	var pe *jsonpath.Error
	return errors.As(err, &pe)
}

// pathFailure is the States.Runtime failure for a Choice path that selects
// nothing. AWS words it as below (the interpreter prefixes "An error
// occurred while executing the state ..."). Other path errors pass through
// as they are when they already are ASL failures.
func pathFailure(p *ref, err error) error {
	var fe *failure.Error
	if !selectsNothing(err) && errors.As(err, &fe) {
		return fe
	}
	return failure.New(failure.Runtime,
		"Invalid path '%s': The choice state's condition path references an invalid value.", p.src)
}
