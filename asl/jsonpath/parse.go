package jsonpath

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SyntaxError is a path that does not compile. Compile and CompileReference
// return it.
type SyntaxError struct {
	Path   string // the source text
	Offset int    // byte offset of the problem in Path
	Msg    string // what is wrong and, where it helps, what would be right
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s (at offset %d)", e.Msg, e.Offset)
}

// parser reads the steps of a path after its root ("$", "$$" or "@"). The
// grammar is Jayway's, with its quirks where AWS shows them:
//
//   - a dot name runs to the next '.', '[' or '(' and may hold any other
//     character ("$.a-b", "$.$$", "$.día"), but not a space;
//   - a quoted bracket name keeps its backslashes: a backslash only stops the
//     next character from closing the quote (AWS looks up
//     $['Test\""Name"'] as the key Test\""Name");
//   - a bracket is a quoted name list, an index list, a slice, '*' or a
//     filter '?(...)'.
type parser struct {
	src   string
	pos   int
	steps []step
}

func (p *parser) fail(at int, format string, args ...any) error {
	return &SyntaxError{Path: p.src, Offset: at, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) at(i int) byte {
	if i < len(p.src) {
		return p.src[i]
	}
	return 0
}

func (p *parser) skipSpace(i int) int {
	for i < len(p.src) && isSpace(p.src[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// quoteRune renders the character at i for a message.
func (p *parser) quoteRune(i int) string {
	r, _ := utf8.DecodeRuneInString(p.src[i:])
	return strconv.QuoteRune(r)
}

// parseSteps reads steps from p.pos to the end of the source.
func (p *parser) parseSteps() error {
	if p.pos < len(p.src) && p.src[p.pos] != '.' && p.src[p.pos] != '[' {
		return p.fail(p.pos, "unexpected %s after %q: expected '.' or '['", p.quoteRune(p.pos), p.src[:p.pos])
	}
	for p.pos < len(p.src) {
		var err error
		switch p.src[p.pos] {
		case '[':
			err = p.bracket()
		case '.':
			err = p.dot()
		default:
			err = p.fail(p.pos, "unexpected %s: expected '.' or '[' after a step", p.quoteRune(p.pos))
		}
		if err != nil {
			return err
		}
	}
	for i, st := range p.steps {
		if st.kind == length && i != len(p.steps)-1 {
			return p.fail(st.pos, "length() must be the last step of a path")
		}
		if st.kind == scan && p.steps[i+1].kind == length {
			return p.fail(st.pos, "a deep scan '..' must be followed by a name, '*' or a bracket, not length()")
		}
	}
	return nil
}

func (p *parser) add(s step) { p.steps = append(p.steps, s) }

// dot reads ".name", ".*", ".[...]", ".length()" or a deep scan "..x".
func (p *parser) dot() error {
	start := p.pos
	if p.at(p.pos+1) == '.' {
		p.add(step{kind: scan, pos: start})
		p.pos += 2
	} else {
		p.pos++
	}
	if p.pos >= len(p.src) {
		return p.fail(start, "a path must not end with %q: add a name, '*' or a bracket after it", p.src[start:])
	}
	switch p.src[p.pos] {
	case '.':
		return p.fail(p.pos, "unexpected '.': a path has at most two dots in a row (\"..\" is a deep scan)")
	case '[':
		return p.bracket()
	case '*':
		p.add(step{kind: wildcard, pos: p.pos})
		p.pos++
		return nil
	}
	return p.name()
}

// name reads a dot name, or a function call such as length().
func (p *parser) name() error {
	start := p.pos
	i := start
	for i < len(p.src) && p.src[i] != '.' && p.src[i] != '[' && p.src[i] != '(' {
		if p.src[i] == ' ' {
			return p.fail(i, "a name with a space must be written in brackets, as ['my name']")
		}
		i++
	}
	name := p.src[start:i]
	if i < len(p.src) && p.src[i] == '(' {
		if name == "" {
			return p.fail(i, "expected a name before '('")
		}
		if name != "length" {
			return p.fail(start, "unsupported function %s(): only length() is supported", name)
		}
		if p.at(i+1) != ')' {
			return p.fail(i+1, "length() takes no arguments")
		}
		p.add(step{kind: length, pos: start})
		p.pos = i + 2
		return nil
	}
	if name == "" {
		return p.fail(start, "expected a name after '.'")
	}
	p.add(step{kind: member, pos: start, name: name})
	p.pos = i
	return nil
}

// bracket reads a "[...]" step.
func (p *parser) bracket() error {
	open := p.pos
	i := p.skipSpace(open + 1)
	if i >= len(p.src) {
		return p.fail(open, "unclosed '['")
	}
	switch c := p.src[i]; {
	case c == '\'' || c == '"':
		return p.names(open, i)
	case c == '*':
		j := p.skipSpace(i + 1)
		if p.at(j) != ']' {
			return p.fail(j, "expected ']' after '*'")
		}
		p.add(step{kind: wildcard, pos: open})
		p.pos = j + 1
		return nil
	case c == '?':
		return p.filter(open, i)
	case isDigit(c) || c == '-' || c == ':':
		return p.indexes(open)
	}
	return p.fail(i, "unexpected %s after '[': expected a quoted name, an index, a slice, '*' or a filter '?(...)'", p.quoteRune(i))
}

// names reads ['a'] or ['a', "b", ...] starting at the first quote i.
func (p *parser) names(open, i int) error {
	var names []string
	for {
		q := p.src[i]
		if q != '\'' && q != '"' {
			return p.fail(i, "expected a quoted name")
		}
		k := i + 1
		for k < len(p.src) && p.src[k] != q {
			if p.src[k] == '\\' {
				k++
			}
			k++
		}
		if k >= len(p.src) {
			return p.fail(i, "unclosed quote %c", q)
		}
		names = append(names, p.src[i+1:k])
		i = p.skipSpace(k + 1)
		if i >= len(p.src) {
			return p.fail(open, "unclosed '['")
		}
		if p.src[i] == ']' {
			break
		}
		if p.src[i] != ',' {
			return p.fail(i, "expected ',' or ']' after a quoted name")
		}
		i = p.skipSpace(i + 1)
		if i >= len(p.src) {
			return p.fail(open, "unclosed '['")
		}
	}
	p.pos = i + 1
	if len(names) == 1 {
		p.add(step{kind: member, pos: open, name: names[0]})
	} else {
		p.add(step{kind: members, pos: open, names: names})
	}
	return nil
}

// indexes reads [n], [n,m,...], [a:b], [a:] or [:b].
func (p *parser) indexes(open int) error {
	end := strings.IndexByte(p.src[open:], ']')
	if end < 0 {
		return p.fail(open, "unclosed '['")
	}
	end += open
	body := p.src[open+1 : end]
	for k := 0; k < len(body); k++ {
		if c := body[k]; !isDigit(c) && c != ',' && c != '-' && c != ':' && c != ' ' {
			return p.fail(open+1+k, "unexpected %s in an index: expected digits, '-', ',' or ':'", p.quoteRune(open+1+k))
		}
	}
	p.pos = end + 1
	if strings.Contains(body, ":") {
		parts := strings.Split(body, ":")
		if len(parts) != 2 || strings.Contains(body, ",") {
			return p.fail(open, "a slice is written [start:end], [start:] or [:end]; steps and lists are not supported")
		}
		st := step{kind: slice, pos: open}
		var err error
		if s := strings.TrimSpace(parts[0]); s != "" {
			if st.index, err = p.integer(s, open); err != nil {
				return err
			}
			st.hasStart = true
		}
		if s := strings.TrimSpace(parts[1]); s != "" {
			if st.end, err = p.integer(s, open); err != nil {
				return err
			}
			st.hasEnd = true
		}
		p.add(st)
		return nil
	}
	var list []int
	for _, s := range strings.Split(body, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			return p.fail(open, "empty index in %q", "["+body+"]")
		}
		n, err := p.integer(s, open)
		if err != nil {
			return err
		}
		list = append(list, n)
	}
	if len(list) == 1 {
		p.add(step{kind: index, pos: open, index: list[0]})
	} else {
		p.add(step{kind: indexes, pos: open, list: list})
	}
	return nil
}

func (p *parser) integer(s string, at int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, p.fail(at, "%q is not an array index: expected an integer such as 0 or -1", s)
	}
	return n, nil
}

// filter reads [?(expression)] with '?' at q.
func (p *parser) filter(open, q int) error {
	lp := p.skipSpace(q + 1)
	if p.at(lp) != '(' {
		return p.fail(lp, "expected '(' after '?': a filter is written [?(@.field == 'value')]")
	}
	rp := closingParen(p.src, lp)
	if rp < 0 {
		return p.fail(lp, "unclosed '(' in a filter")
	}
	end := p.skipSpace(rp + 1)
	if p.at(end) != ']' {
		return p.fail(end, "expected ']' after the filter's ')'")
	}
	expr := p.src[lp+1 : rp]
	pred, err := compilePredicate(expr)
	if err != nil {
		return p.fail(lp+1, "invalid filter expression %q: %v", expr, err)
	}
	p.add(step{kind: filter, pos: open, pred: pred})
	p.pos = end + 1
	return nil
}

// closingParen returns the index of the ')' matching the '(' at open,
// skipping quoted strings and /regex/ literals, or -1.
func closingParen(s string, open int) int {
	depth := 0
	for k := open; k < len(s); k++ {
		switch c := s[k]; c {
		case '\'', '"', '/':
			k = skipQuoted(s, k)
			if k < 0 {
				return -1
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// skipQuoted returns the index of the unescaped delimiter closing the one
// at i, or -1.
func skipQuoted(s string, i int) int {
	q := s[i]
	for k := i + 1; k < len(s); k++ {
		switch s[k] {
		case '\\':
			k++
		case q:
			return k
		}
	}
	return -1
}
