package value

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// Parse decodes one JSON document into a value. Numbers keep their text,
// objects keep their key order; for a repeated key the last value wins at the
// first key's position. Trailing data other than white space is an error.
//
// Arrays and objects may nest at most MaxDepth deep; a deeper document is
// refused before it is built, so that no caller recurses over it.
//
// The tokenizer is jsontext (the JSON v2 work of the Go project), which reads
// several times faster than encoding/json's Decoder.Token.
func Parse(data []byte) (any, error) {
	d := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	v, err := decode(d, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.ReadToken(); err != io.EOF {
		if err == nil {
			return nil, errors.New("invalid JSON: unexpected data after the top-level value")
		}
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	return v, nil
}

// ParseString is Parse for a string.
func ParseString(s string) (any, error) { return Parse([]byte(s)) }

// MaxDepth is how deeply arrays and objects may nest in a document Parse
// accepts: the default of Jackson, the parser AWS Step Functions reads
// definitions and payloads with (StreamReadConstraints, 1000 levels).
const MaxDepth = 1000

// depthError is the error for a document nested deeper than MaxDepth.
func depthError(d *jsontext.Decoder) error {
	return fmt.Errorf("invalid JSON: arrays and objects are nested more than %d deep (at byte offset %d); flatten the document", MaxDepth, d.InputOffset())
}

// decode reads one value; depth is the number of arrays and objects that
// enclose it.
func decode(d *jsontext.Decoder, depth int) (any, error) {
	t, err := d.ReadToken()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("invalid JSON: unexpected end of input")
		}
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	switch t.Kind() {
	case 'n':
		return nil, nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case '"':
		return t.String(), nil
	case '0':
		return json.Number(t.String()), nil
	case '{':
		if depth >= MaxDepth {
			return nil, depthError(d)
		}
		o := &Object{}
		for d.PeekKind() != '}' {
			kt, err := d.ReadToken()
			if err != nil {
				return nil, fmt.Errorf("invalid JSON: %w", err)
			}
			k := kt.String() // read before the next call voids the token
			v, err := decode(d, depth+1)
			if err != nil {
				return nil, err
			}
			o.Set(k, v)
		}
		if _, err := d.ReadToken(); err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		return o, nil
	case '[':
		if depth >= MaxDepth {
			return nil, depthError(d)
		}
		a := []any{}
		for d.PeekKind() != ']' {
			v, err := decode(d, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		if _, err := d.ReadToken(); err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		return a, nil
	}
	return nil, fmt.Errorf("invalid JSON: unexpected %v", t.Kind())
}

// Marshal encodes v as compact JSON the way AWS Step Functions prints it:
// no spaces, object keys in order, and no HTML escaping.
func Marshal(v any) []byte {
	return AppendJSON(make([]byte, 0, 64), v)
}

// String is Marshal as a string.
func String(v any) string { return string(Marshal(v)) }

// AppendJSON appends the compact JSON encoding of v to b.
func AppendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if v {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case string:
		return appendString(b, v)
	case json.Number:
		if v == "" {
			return append(b, '0')
		}
		return append(b, v...)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSON(b, e)
		}
		return append(b, ']')
	case *Object:
		b = append(b, '{')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, v.keys[i])
			b = append(b, ':')
			b = AppendJSON(b, v.vals[i])
		}
		return append(b, '}')
	default:
		// Not a value of this package: convert first (tests and callers
		// handing in plain Go data).
		return AppendJSON(b, FromGo(v))
	}
}

const hexDigits = "0123456789abcdef"

func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Size is the length in bytes of Marshal(v), computed without building it.
// It stops counting once it passes limit (when limit > 0) and returns a value
// greater than limit.
func Size(v any, limit int) int {
	n := 0
	size(v, &n, limit)
	return n
}

func size(v any, n *int, limit int) {
	if limit > 0 && *n > limit {
		return
	}
	switch v := v.(type) {
	case nil:
		*n += 4
	case bool:
		if v {
			*n += 4
		} else {
			*n += 5
		}
	case string:
		*n += stringSize(v)
	case json.Number:
		*n += len(v)
	case []any:
		*n += 2
		if len(v) > 1 {
			*n += len(v) - 1
		}
		for _, e := range v {
			size(e, n, limit)
		}
	case *Object:
		*n += 2
		if l := v.Len(); l > 1 {
			*n += l - 1
		}
		for i := 0; i < v.Len(); i++ {
			*n += stringSize(v.keys[i]) + 1
			size(v.vals[i], n, limit)
		}
	default:
		*n += len(Marshal(v))
	}
}

func stringSize(s string) int {
	n := 2
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f':
			n += 2
		case c < 0x20:
			n += 6
		default:
			n++
		}
	}
	return n
}

// Int returns n as an int64 when it is an integer (1, 1.0, 1e3) that fits.
func Int(n json.Number) (int64, bool) {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return i, true
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || f != math.Trunc(f) || math.IsInf(f, 0) || f > math.MaxInt64 || f < math.MinInt64 {
		return 0, false
	}
	return int64(f), true
}

// Float returns n as a float64.
func Float(n json.Number) float64 {
	f, _ := strconv.ParseFloat(string(n), 64)
	return f
}

// IntNumber is the JSON number for i.
func IntNumber(i int64) json.Number { return json.Number(strconv.FormatInt(i, 10)) }

// FloatNumber is the JSON number for f, written as an integer when it is one
// (AWS prints 3, not 3.0, for computed whole numbers).
func FloatNumber(f float64) json.Number {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return json.Number(strconv.FormatInt(int64(f), 10))
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
}
