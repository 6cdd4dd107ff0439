package intrinsic

import (
	"fmt"
	"strings"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tLParen
	tRParen
	tComma
	tString // text: the escaped source between the quotes; val: the string
	tNumber
	tTrue
	tFalse
	tNull
	tPath // text: the path as written
	tFunc // text: the function name, "States.Format"
)

func (k tokKind) String() string {
	switch k {
	case tEOF:
		return "the end of the text"
	case tLParen:
		return `"("`
	case tRParen:
		return `")"`
	case tComma:
		return `","`
	case tString:
		return "a string"
	case tNumber:
		return "a number"
	case tTrue, tFalse:
		return "a boolean"
	case tNull:
		return "null"
	case tPath:
		return "a path"
	case tFunc:
		return "a function call"
	}
	return "a token"
}

type token struct {
	kind tokKind
	pos  int // byte offset in the source
	text string
	val  string
}

// lexer splits an intrinsic call into tokens. White space between tokens is
// skipped; inside a string literal it is kept.
type lexer struct {
	src string
	pos int
}

// SyntaxError is a call that does not parse, or whose literal arguments can
// never be valid. Offset is the byte offset of the problem in the text.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s (at offset %d)", e.Msg, e.Offset)
}

func errAt(pos int, format string, args ...any) error {
	return &SyntaxError{Offset: pos, Msg: fmt.Sprintf(format, args...)}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isIdent(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tEOF, pos: start}, nil
	}
	switch c := l.src[start]; {
	case c == '(':
		l.pos++
		return token{kind: tLParen, pos: start}, nil
	case c == ')':
		l.pos++
		return token{kind: tRParen, pos: start}, nil
	case c == ',':
		l.pos++
		return token{kind: tComma, pos: start}, nil
	case c == '\'':
		return l.string()
	case c == '$':
		return l.path(), nil
	case c == '-' || c >= '0' && c <= '9':
		return l.number()
	case isIdent(c):
		end := start
		for end < len(l.src) && (isIdent(l.src[end]) || l.src[end] == '.') {
			end++
		}
		word := l.src[start:end]
		l.pos = end
		switch {
		case word == "true":
			return token{kind: tTrue, pos: start, text: word}, nil
		case word == "false":
			return token{kind: tFalse, pos: start, text: word}, nil
		case word == "null":
			return token{kind: tNull, pos: start, text: word}, nil
		case strings.HasPrefix(word, "States.") && len(word) > len("States.") && !strings.Contains(word[len("States."):], "."):
			return token{kind: tFunc, pos: start, text: word}, nil
		}
		return token{}, errAt(start, "unexpected %q: an argument is a 'string', a number, true, false, null, a path starting with '$' or a States.* call", word)
	default:
		return token{}, errAt(start, "unexpected character %q", l.src[start:start+1])
	}
}

// string reads a single-quoted literal. Only \' \{ \} and \\ are escapes
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#amazon-states-language-intrinsic-functions-escapes);
// AWS rejects any other backslash.
func (l *lexer) string() (token, error) {
	start := l.pos
	i := start + 1
	escaped := false
	for ; i < len(l.src); i++ {
		switch l.src[i] {
		case '\\':
			if i+1 >= len(l.src) {
				return token{}, errAt(i, "unfinished escape at the end of the string")
			}
			switch l.src[i+1] {
			case '\'', '{', '}', '\\':
				escaped = true
				i++
			default:
				return token{}, errAt(i, "invalid escape %q in a string; only \\', \\{, \\} and \\\\ are allowed", l.src[i:i+2])
			}
		case '\'':
			raw := l.src[start+1 : i]
			l.pos = i + 1
			val := raw
			if escaped {
				val = unescape(raw)
			}
			return token{kind: tString, pos: start, text: raw, val: val}, nil
		}
	}
	return token{}, errAt(start, "unterminated string: a string literal ends with '")
}

func unescape(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\\' && i+1 < len(raw) {
			i++
		}
		b.WriteByte(raw[i])
	}
	return b.String()
}

// escape is the inverse of unescape for a string without placeholders.
func escape(s string) string {
	if !strings.ContainsAny(s, `'{}\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'', '{', '}', '\\':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// path reads a path argument: everything up to a ",", ")" or white space
// that is not inside brackets, parentheses or a quoted bracket member, so
// filters such as $.a[?(@.b == 'x, y')] and $.a.length() stay whole.
func (l *lexer) path() token {
	start := l.pos
	brackets, parens := 0, 0
	var quote byte
	i := start
scan:
	for ; i < len(l.src); i++ {
		c := l.src[i]
		if quote != 0 {
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '\'', '"':
			if brackets > 0 {
				quote = c
			}
		case '[':
			brackets++
		case ']':
			if brackets > 0 {
				brackets--
			}
		case '(':
			parens++
		case ')':
			if brackets == 0 && parens == 0 {
				break scan
			}
			if parens > 0 {
				parens--
			}
		case ',', ' ', '\t', '\n', '\r':
			if brackets == 0 && parens == 0 {
				break scan
			}
		}
	}
	if i > len(l.src) {
		i = len(l.src)
	}
	l.pos = i
	return token{kind: tPath, pos: start, text: l.src[start:i]}
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (l *lexer) number() (token, error) {
	s := l.src
	start := l.pos
	i := start
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if s[i] == '-' {
		i++
	}
	intStart := i
	if digits() == 0 {
		return token{}, errAt(start, "invalid number: a digit must follow '-'")
	}
	if s[intStart] == '0' && i-intStart > 1 {
		return token{}, errAt(start, "invalid number %q: no leading zeros", s[start:i])
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return token{}, errAt(start, "invalid number %q: a digit must follow '.'", s[start:i])
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return token{}, errAt(start, "invalid number %q: the exponent needs digits", s[start:i])
		}
	}
	if i < len(s) && (isIdent(s[i]) || s[i] == '.') {
		return token{}, errAt(i, "invalid number %q", s[start:i+1])
	}
	l.pos = i
	return token{kind: tNumber, pos: start, text: s[start:i]}, nil
}
