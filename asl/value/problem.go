package value

import (
	"strconv"
	"strings"
)

// Problem is something wrong at one place in a JSON document: a JSON Pointer
// (RFC 6901) to the offending member and a specific, lowercase message that
// says what is wrong and what would be right.
type Problem struct {
	Pointer string
	Message string
}

func (p Problem) Error() string {
	if p.Pointer == "" {
		return "/: " + p.Message
	}
	return p.Pointer + ": " + p.Message
}

var (
	pointerEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

// Lookup returns the value at a JSON Pointer (RFC 6901) in a decoded
// document, and whether there is one: the inverse of Pointer.
func Lookup(doc any, pointer string) (any, bool) {
	if pointer == "" {
		return doc, true
	}
	if pointer[0] != '/' {
		return nil, false
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = pointerUnescaper.Replace(tok)
		switch x := doc.(type) {
		case *Object:
			v, ok := x.Get(tok)
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) || strconv.Itoa(i) != tok {
				return nil, false
			}
			doc = x[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

// Pointer joins reference tokens into a JSON Pointer, escaping each token:
// Pointer("/States", "a/b") is "/States/a~1b". Tokens may be strings or ints.
func Pointer(base string, tokens ...any) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		switch t := t.(type) {
		case string:
			b.WriteString(pointerEscaper.Replace(t))
		case int:
			b.WriteString(itoa(t))
		}
	}
	return b.String()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var buf [20]byte
	n := len(buf)
	for i > 0 {
		n--
		buf[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		buf[n] = '-'
	}
	return string(buf[n:])
}
