package jsonpath

import (
	"strconv"
	"strings"
)

// kind is what one step of a compiled path does.
type kind uint8

const (
	member   kind = iota // .name or ['name']
	members              // ['a','b']
	index                // [n], n may be negative
	indexes              // [n,m,...]
	slice                // [a:b], [a:], [:b]
	wildcard             // .* or [*]
	scan                 // .. : the next step applies at every depth
	filter               // [?(...)]
	length               // .length()
)

// step is one compiled path step. Only the fields of its kind are set.
type step struct {
	kind  kind
	pos   int    // offset of the step in the source, for error messages
	name  string // member
	names []string
	index int // index; slice start
	end   int // slice end
	// hasStart / hasEnd say which slice bounds were written.
	hasStart, hasEnd bool
	list             []int // indexes
	pred             *predicate
}

// definite reports whether the step selects at most one node. A multi-name
// step selects one merged object when it is the last step, as Jayway does.
func (s *step) definite(last bool) bool {
	switch s.kind {
	case member, index, length:
		return true
	case members:
		return last
	}
	return false
}

// fragment appends the step in Jayway's normalised form: ['name'], [0],
// [1:3], [*], .., [?], .length().
func (s *step) fragment(b *strings.Builder) {
	switch s.kind {
	case member:
		b.WriteString("['")
		b.WriteString(s.name)
		b.WriteString("']")
	case members:
		b.WriteByte('[')
		for i, n := range s.names {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('\'')
			b.WriteString(n)
			b.WriteByte('\'')
		}
		b.WriteByte(']')
	case index:
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(s.index))
		b.WriteByte(']')
	case indexes:
		b.WriteByte('[')
		for i, n := range s.list {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(n))
		}
		b.WriteByte(']')
	case slice:
		b.WriteByte('[')
		if s.hasStart {
			b.WriteString(strconv.Itoa(s.index))
		}
		b.WriteByte(':')
		if s.hasEnd {
			b.WriteString(strconv.Itoa(s.end))
		}
		b.WriteByte(']')
	case wildcard:
		b.WriteString("[*]")
	case scan:
		b.WriteString("..")
	case filter:
		b.WriteString("[?]")
	case length:
		b.WriteString(".length()")
	}
}

// describe names the step's operator for error messages.
func (s *step) describe() string {
	switch s.kind {
	case members:
		return "a list of names ['a','b']"
	case indexes:
		return "a list of indexes [0,1]"
	case slice:
		return "a slice [start:end]"
	case wildcard:
		return "a wildcard '*'"
	case scan:
		return "a deep scan '..'"
	case filter:
		return "a filter '[?(...)]'"
	case length:
		return "the function length()"
	}
	return "a member or an index"
}
