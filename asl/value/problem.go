package value

import "strings"

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

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

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
