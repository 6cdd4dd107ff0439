package intrinsic

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// template is a States.Format template split at its {} placeholders:
// parts[0] {} parts[1] {} ... parts[n].
type template struct {
	parts []string
	size  int // total length of the parts
}

func (t *template) placeholders() int { return len(t.parts) - 1 }

// compileTemplate splits a template. In a literal written in the call
// (escaped), \{ \} \' and \\ stand for the character itself and never start
// or end a placeholder; a template read from a path is taken as is. A brace
// that is not part of "{}" makes the template invalid (AWS fails the
// execution for it).
func compileTemplate(s string, escaped bool) (*template, error) {
	t := &template{}
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped && c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '{':
			if i+1 < len(s) && s[i+1] == '}' {
				t.parts = append(t.parts, cur.String())
				cur.Reset()
				i++
				continue
			}
			return nil, errors.New("the template has a '{' that does not open a {} placeholder; write \\{ for a literal brace")
		case c == '}':
			return nil, errors.New("the template has a '}' that does not close a {} placeholder; write \\} for a literal brace")
		default:
			cur.WriteByte(c)
		}
	}
	t.parts = append(t.parts, cur.String())
	for _, p := range t.parts {
		t.size += len(p)
	}
	return t, nil
}

// render fills the placeholders with vals, rendered as AWS does (strings
// bare, other values as Java prints them), failing once the text is longer
// than lim bytes.
func (t *template) render(vals []any, lim int) (any, error) {
	if len(vals) != t.placeholders() {
		return nil, bad("the template has %d {} placeholders but %d values follow it", t.placeholders(), len(vals))
	}
	var b strings.Builder
	b.Grow(min(t.size+16*len(vals), lim))
	for i, part := range t.parts {
		b.WriteString(part)
		if i < len(vals) {
			if !writeBounded(&b, vals[i], lim) {
				return nil, tooLarge("States.Format", lim)
			}
		}
	}
	return formatted(b.String(), lim)
}

// formatted returns a Format result unless its JSON text is over lim. Only
// a text long enough for its escapes to matter is scanned.
func formatted(s string, lim int) (any, error) {
	if 6*len(s)+2 > lim && overLimit(s, lim) {
		return nil, tooLarge("States.Format", lim)
	}
	return s, nil
}

// writeBounded writes v's Java text unless the text so far, or v itself,
// is over lim: a value whose JSON is over the limit is not printed.
func writeBounded(b *strings.Builder, v any, lim int) bool {
	if b.Len() > lim {
		return false
	}
	switch v.(type) {
	case []any, *value.Object:
		if overLimit(v, lim) {
			return false
		}
	}
	writeJavaString(b, v)
	return true
}

// writeJavaString is appendJavaString into a builder, without a detour
// through a byte slice for the common cases.
func writeJavaString(b *strings.Builder, v any) {
	switch v := v.(type) {
	case string:
		b.WriteString(v)
		return
	case json.Number:
		if isIntegerText(string(v)) && (v[0] != '-' || len(v) > 1 && v[1] != '0') {
			b.WriteString(string(v))
			return
		}
	}
	var tmp [64]byte
	b.Write(appendJavaString(tmp[:0], v))
}

// evalFormat is States.Format with a literal template: the arguments are
// written straight into the result.
func (c *Call) evalFormat(input, context any, env Env) (any, error) {
	t := c.format
	lim := maxBytes(env)
	var b strings.Builder
	b.Grow(min(t.size+16*(len(c.args)-1), lim))
	for i, part := range t.parts {
		b.WriteString(part)
		if i+1 < len(c.args) {
			v, err := c.args[i+1].eval(input, context, env)
			if err != nil {
				return nil, err
			}
			if !writeBounded(&b, v, lim) {
				return nil, tooLarge("States.Format", lim)
			}
		}
	}
	return formatted(b.String(), lim)
}
