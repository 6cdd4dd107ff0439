package testsuite

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aslworker/aslworker/asl/value"
)

// The Lambda doubles stand for Python functions, so two Python renderings
// matter: json.dumps with its default separators (", " and ": ", non-ASCII
// escaped), which is how the Python runtime writes an error document, and
// str(), which an f-string applies to the event.

// pyDialect is one of the two renderings: they walk a value the same way
// and differ in the spelling of the constants, of strings and of infinite
// numbers.
type pyDialect struct {
	nullText, trueText, falseText string
	jsonInf                       bool // pyNumber's choice of Infinity over inf
	str                           func(b *strings.Builder, s string)
}

var (
	pyJSON  = pyDialect{nullText: "null", trueText: "true", falseText: "false", jsonInf: true, str: pyJSONString}
	pyPrint = pyDialect{nullText: "None", trueText: "True", falseText: "False", jsonInf: false, str: pyRepr}
)

// pyDumps renders v as Python's json.dumps(v) would.
func pyDumps(v any) string {
	var b strings.Builder
	pyJSON.write(&b, v)
	return b.String()
}

// write renders v in the dialect: lists as [a, b], dicts as {k: v}, member
// order kept; plain Go data goes through value.FromGo first.
func (d *pyDialect) write(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString(d.nullText)
	case bool:
		if v {
			b.WriteString(d.trueText)
		} else {
			b.WriteString(d.falseText)
		}
	case json.Number:
		b.WriteString(pyNumber(v, d.jsonInf))
	case string:
		d.str(b, v)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			d.write(b, e)
		}
		b.WriteByte(']')
	case *value.Object:
		b.WriteByte('{')
		for i := 0; i < v.Len(); i++ {
			k, e := v.At(i)
			if i > 0 {
				b.WriteString(", ")
			}
			d.str(b, k)
			b.WriteString(": ")
			d.write(b, e)
		}
		b.WriteByte('}')
	default:
		d.write(b, value.FromGo(v))
	}
}

// pyJSONString writes s as json.dumps does with ensure_ascii: only printable
// ASCII stays as is.
func pyJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r >= 0x20 && r <= 0x7e:
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			fmt.Fprintf(b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
}

// pyStr renders v as Python's str() of the object json.loads would build
// (what f"{event}" prints).
func pyStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	var b strings.Builder
	pyPrint.write(&b, v)
	return b.String()
}

// pyRepr writes Python's repr of a str: single quotes unless the text has a
// single quote and no double quote; non-printable characters escaped.
func pyRepr(b *strings.Builder, s string) {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(b, `\x%02x`, r)
		case r < 0x7f || unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			fmt.Fprintf(b, `\U%08x`, r)
		}
	}
	b.WriteByte(q)
}

// pyNumber renders a JSON number as Python does after json.loads: integers
// keep their digits, anything with a fraction or exponent becomes a float
// printed with repr (shortest digits, exponent form below 1e-4 and from
// 1e16). jsonInf chooses json.dumps's Infinity over repr's inf.
func pyNumber(n json.Number, jsonInf bool) string {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return strconv.FormatInt(i, 10)
		}
		return strings.TrimPrefix(s, "+")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return s
	}
	return pyFloat(f, jsonInf)
}

func pyFloat(f float64, jsonInf bool) string {
	switch {
	case math.IsInf(f, 1):
		if jsonInf {
			return "Infinity"
		}
		return "inf"
	case math.IsInf(f, -1):
		if jsonInf {
			return "-Infinity"
		}
		return "-inf"
	case math.IsNaN(f):
		if jsonInf {
			return "NaN"
		}
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	fixed := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsRune(fixed, '.') {
		fixed += ".0"
	}
	return fixed
}
