package choice

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// Compile checks and compiles one Choice Rule: an element of a Choice state's
// Choices array (topLevel true) or an operand of And, Or or Not (topLevel
// false). pointer is the rule's JSON Pointer, used in problems, for example
// "/States/Check/Choices/2".
//
// A top-level rule must have Next (a string; the caller checks that the
// state exists) and may have Assign; a nested rule has neither. Comment is
// allowed everywhere. Every problem found is reported, in document order;
// when there is any, the rule is nil.
func Compile(rule *value.Object, pointer string, topLevel bool) (*Rule, []value.Problem) {
	c := &compiler{}
	r := c.rule(rule, pointer, topLevel)
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	return r, nil
}

type compiler struct {
	problems []value.Problem
}

func (c *compiler) add(pointer, format string, args ...any) {
	c.problems = append(c.problems, value.Problem{Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

type opField struct {
	op  operator
	val any
}

func (c *compiler) rule(obj *value.Object, ptr string, topLevel bool) *Rule {
	if obj == nil {
		c.add(ptr, "a choice rule must be an object")
		return nil
	}
	r := &Rule{}
	var (
		ops                  []opField
		variable, next       any
		hasVariable, hasNext bool
	)
	for i := 0; i < obj.Len(); i++ {
		k, v := obj.At(i)
		switch k {
		case "Variable":
			variable, hasVariable = v, true
		case "Next":
			next, hasNext = v, true
		case "Comment":
			if _, ok := v.(string); !ok {
				c.add(value.Pointer(ptr, k), `"Comment" must be a string, got %s`, value.TypeName(v))
			}
		case "Assign":
			switch {
			case !topLevel:
				c.add(value.Pointer(ptr, k), `"Assign" is only allowed on a top-level choice rule, not inside And, Or or Not`)
			default:
				if _, ok := v.(*value.Object); !ok {
					c.add(value.Pointer(ptr, k), `"Assign" must be an object, got %s`, value.TypeName(v))
				}
				r.assign, r.hasAssign = v, true
			}
		case "Condition":
			c.add(value.Pointer(ptr, k), `"Condition" is a JSONata field; in JSONPath a choice rule uses "Variable" with a comparison operator, or And, Or, Not`)
		default:
			op, ok := lookupOperator(k)
			if !ok {
				c.add(value.Pointer(ptr, k), "field %q is not supported in a choice rule", k)
				continue
			}
			ops = append(ops, opField{op: op, val: v})
		}
	}

	switch {
	case topLevel && !hasNext:
		c.add(ptr, `a top-level choice rule needs "Next", the name of the state to go to when it matches`)
	case topLevel:
		s, ok := next.(string)
		switch {
		case !ok:
			c.add(value.Pointer(ptr, "Next"), `"Next" must be a string naming a state, got %s`, value.TypeName(next))
		case s == "":
			c.add(value.Pointer(ptr, "Next"), `"Next" must name a state; it is empty`)
		}
		r.next = s
	case hasNext:
		c.add(value.Pointer(ptr, "Next"), `"Next" is only allowed on a top-level choice rule, not inside And, Or or Not`)
	}

	switch len(ops) {
	case 0:
		if hasVariable {
			c.add(ptr, `the rule has "Variable" but no comparison operator; add one such as "StringEquals", "NumericLessThan" or "IsPresent"`)
		} else {
			c.add(ptr, `a choice rule needs a comparison ("Variable" with an operator such as "StringEquals") or one of "And", "Or", "Not"`)
		}
		return nil
	case 1:
	default:
		names := make([]string, len(ops))
		for i, o := range ops {
			names[i] = fmt.Sprintf("%q", o.op.name)
		}
		c.add(ptr, "a choice rule takes exactly one operator, found %s", strings.Join(names, ", "))
	}

	for i, o := range ops {
		target := r
		if i > 0 {
			target = &Rule{} // checked for problems, then dropped
		}
		c.operand(target, o, ptr)
	}
	r.op = ops[0].op

	if r.op.kind.logical() {
		if hasVariable {
			c.add(value.Pointer(ptr, "Variable"), `"Variable" cannot be used with %q; put it in the nested rules`, r.op.name)
		}
	} else if !hasVariable {
		c.add(ptr, `a %q rule needs "Variable", the path of the value to compare`, r.op.name)
	} else {
		r.variable = c.path(variable, value.Pointer(ptr, "Variable"), "Variable")
	}

	r.usesContext = (r.variable != nil && r.variable.context()) || (r.other != nil && r.other.context())
	for _, sub := range r.rules {
		if sub != nil && sub.usesContext {
			r.usesContext = true
		}
	}
	return r
}

// operand checks an operator's value and stores it in r.
func (c *compiler) operand(r *Rule, o opField, ptr string) {
	name := o.op.name
	p := value.Pointer(ptr, name)
	v := o.val
	if o.op.viaPath {
		r.other = c.path(v, p, name)
		return
	}
	switch o.op.kind {
	case kindString, kindMatches:
		s, ok := v.(string)
		if !ok {
			c.add(p, "%q needs a string, got %s", name, describe(v))
			return
		}
		r.str = s
		if o.op.kind == kindMatches {
			r.pat = compilePattern(s)
		}
	case kindNumeric:
		n, ok := v.(json.Number)
		if !ok {
			c.add(p, "%q needs a number, got %s", name, describe(v))
			return
		}
		num, ok := newNumber(n)
		if !ok {
			c.add(p, "%q needs a number, got %q", name, string(n))
			return
		}
		r.num = num
	case kindTimestamp:
		s, ok := v.(string)
		if !ok {
			c.add(p, "%q needs a timestamp string such as \"2016-08-18T17:33:00Z\", got %s", name, describe(v))
			return
		}
		t, ok := parseTimestamp(s)
		if !ok {
			c.add(p, "%q needs an RFC 3339 timestamp such as \"2016-08-18T17:33:00Z\" (uppercase T, seconds, and Z or an offset like +02:00), got %q", name, s)
			return
		}
		r.ts = t
	case kindBoolean, kindIsNull, kindIsPresent, kindIsNumeric, kindIsString, kindIsBoolean, kindIsTimestamp:
		b, ok := v.(bool)
		if !ok {
			c.add(p, "%q needs true or false, got %s", name, describe(v))
			return
		}
		r.boolean = b
	case kindAnd, kindOr:
		arr, ok := v.([]any)
		if !ok {
			c.add(p, "%q needs a non-empty array of choice rules, got %s", name, describe(v))
			return
		}
		if len(arr) == 0 {
			c.add(p, "%q needs at least one choice rule; the array is empty", name)
			return
		}
		for i, e := range arr {
			ep := value.Pointer(p, i)
			sub, ok := e.(*value.Object)
			if !ok {
				c.add(ep, "each element of %q must be a choice rule object, got %s", name, describe(e))
				continue
			}
			r.rules = append(r.rules, c.rule(sub, ep, false))
		}
	case kindNot:
		sub, ok := v.(*value.Object)
		if !ok {
			c.add(p, `"Not" needs a single choice rule object, got %s`, describe(v))
			return
		}
		r.rules = []*Rule{c.rule(sub, p, false)}
	}
}

// path compiles Variable or a ...Path operand. Both must be Reference Paths
// (AWS: "Value is not a Reference Path"): a path that names one value in the
// input, the context object ("$$...") or a workflow variable ("$name...").
func (c *compiler) path(v any, ptr, field string) *ref {
	s, ok := v.(string)
	if !ok {
		c.add(ptr, "%q needs a path string such as \"$.field\", got %s", field, describe(v))
		return nil
	}
	r, err := compileRef(s)
	if err != nil {
		c.add(ptr, "%q is not a valid Reference Path: %v", s, err)
		return nil
	}
	return r
}

// describe names a value's type for a problem message, with the value
// itself when it is short.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool, json.Number, string:
		if s := value.String(v); len(s) <= 40 {
			return value.TypeName(v) + " " + s
		}
	}
	return value.TypeName(v)
}
