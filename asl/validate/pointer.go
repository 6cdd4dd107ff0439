package validate

import "github.com/aslworker/aslworker/asl/value"

// pointer is a JSON Pointer kept as a chain of reference tokens, each
// linked to its parent. Extending one costs the same at any depth, and only
// a reported problem spells it out, so validating a deeply nested document
// costs time and memory in proportion to its size, not to its size times
// its depth. The nil pointer is the whole document ("").
type pointer struct {
	parent *pointer
	key    string
	index  int
	isKey  bool
}

// join extends p by reference tokens, each a string (a member name) or an
// int (an array index).
func join(p *pointer, tokens ...any) *pointer {
	for _, t := range tokens {
		switch t := t.(type) {
		case string:
			p = &pointer{parent: p, key: t, isKey: true}
		case int:
			p = &pointer{parent: p, index: t}
		}
	}
	return p
}

// String spells the pointer out, escaping every token (RFC 6901).
func (p *pointer) String() string {
	var tokens []any
	for q := p; q != nil; q = q.parent {
		if q.isKey {
			tokens = append(tokens, q.key)
		} else {
			tokens = append(tokens, q.index)
		}
	}
	for i, j := 0, len(tokens)-1; i < j; i, j = i+1, j-1 {
		tokens[i], tokens[j] = tokens[j], tokens[i]
	}
	return value.Pointer("", tokens...)
}
