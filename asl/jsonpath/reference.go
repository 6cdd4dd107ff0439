package jsonpath

import (
	"github.com/aslworker/aslworker/asl/value"
)

// Reference is a compiled Reference Path
// (https://states-language.net/spec.html#ref-paths): member names and single
// indexes only, on the state input, so it identifies one node and can be
// written to (ResultPath). It can also be read with Get.
type Reference struct {
	Path
}

// CompileReference parses a Reference Path. Besides Compile's errors, it
// rejects the context object ("$$") and every operator that could select
// more than one node, or computes a value: filters, wildcards, slices, deep
// scans, lists of names or indexes, and length().
func CompileReference(s string) (*Reference, error) {
	p, err := Compile(s)
	if err != nil {
		return nil, err
	}
	if p.context {
		return nil, &SyntaxError{Path: s, Offset: 0,
			Msg: "a Reference Path cannot address the context object (\"$$\"): it must start with '$'"}
	}
	for _, st := range p.steps {
		if st.kind != member && st.kind != index {
			return nil, &SyntaxError{Path: s, Offset: st.pos,
				Msg: "a Reference Path cannot contain " + st.describe() + ": only member names (.name, ['name']) and single indexes ([0]) are allowed"}
		}
	}
	return &Reference{Path: *p}, nil
}

// ConflictError is a Reference Path that cannot be applied to a value: a
// step names a member of something that is not an object, or indexes
// something that is not an array or is out of its range. AWS fails the state
// with the error States.ReferencePathConflict and this text as the cause
// (for "ResultPath": "$.x" on the input "text": Unable to apply
// ReferencePath $.x to input "text").
type ConflictError struct {
	Path  string // the Reference Path's source text
	Input any    // the value it was applied to
}

func (e *ConflictError) Error() string {
	return "Unable to apply ReferencePath " + e.Path + " to input " + value.String(e.Input)
}

// Set returns root with v stored at the path (ResultPath semantics): "$"
// replaces root; otherwise the objects and arrays along the path are copied
// and the copies changed, so root itself is never modified. Missing members
// along the way become new objects. A step that meets anything else (a
// member of a non-object, an index into a non-array, or past its end, or
// into a missing member) returns a *ConflictError.
func (r *Reference) Set(root, v any) (any, error) {
	out, ok := set(r.steps, root, true, v)
	if !ok {
		return nil, &ConflictError{Path: r.src, Input: root}
	}
	return out, nil
}

// set stores v at steps under cur. present is false when cur is a member
// that does not exist yet.
func set(steps []step, cur any, present bool, v any) (any, bool) {
	if len(steps) == 0 {
		return v, true
	}
	st := &steps[0]
	switch st.kind {
	case member:
		if !present {
			child, ok := set(steps[1:], nil, false, v)
			if !ok {
				return nil, false
			}
			o := value.NewObject(1)
			o.Set(st.name, child)
			return o, true
		}
		o, ok := cur.(*value.Object)
		if !ok {
			return nil, false
		}
		old, has := o.Get(st.name)
		child, ok := set(steps[1:], old, has, v)
		if !ok {
			return nil, false
		}
		extra := 0
		if !has {
			extra = 1
		}
		c := o.Clone(extra)
		c.Set(st.name, child)
		return c, true
	case index:
		a, ok := cur.([]any)
		if !ok || !present {
			return nil, false
		}
		n, ok := arrayIndex(st.index, len(a))
		if !ok {
			return nil, false
		}
		child, ok := set(steps[1:], a[n], true, v)
		if !ok {
			return nil, false
		}
		c := make([]any, len(a))
		copy(c, a)
		c[n] = child
		return c, true
	}
	return nil, false
}
