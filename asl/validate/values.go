package validate

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/aslworker/aslworker/asl/value"
)

const (
	// maxSeconds is the largest timeout, heartbeat, wait or retry interval
	// AWS accepts.
	maxSeconds = 99999999
	// maxDelaySeconds is the largest retrier MaxDelaySeconds (one year).
	maxDelaySeconds = 31622400
	// maxInt32 bounds counts that have no documented limit.
	maxInt32 = math.MaxInt32
	// maxLabelLength is the longest Map Label AWS accepts.
	maxLabelLength = 40
)

// exprHint is how messages name a JSONata expression.
const exprHint = "a JSONata expression \"{% ... %}\""

// describe names a value for a message: its JSON text when short, else its
// type.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		if v {
			return "true"
		}
		return "false"
	case string:
		if utf8.RuneCountInString(v) > 40 {
			r := []rune(v)
			return fmt.Sprintf("the string %q...", string(r[:40]))
		}
		return fmt.Sprintf("the string %q", v)
	case json.Number:
		if len(v) > 40 {
			return "a number"
		}
		return "the number " + string(v)
	case []any:
		return "an array"
	case *value.Object:
		return "an object"
	}
	return value.TypeName(v)
}

func isObject(v any) bool {
	_, ok := v.(*value.Object)
	return ok
}

// isExpr reports whether s is a JSONata expression in its ASL wrapping.
func isExpr(s string) bool {
	return len(s) >= 4 && strings.HasPrefix(s, "{%") && strings.HasSuffix(s, "%}")
}

func isExprValue(v any) bool {
	s, ok := v.(string)
	return ok && isExpr(s)
}

// intValue returns v as an integer when it is an integral JSON number.
func intValue(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	return value.Int(n)
}

// str checks that a field holds a string.
func (w *walker) str(at *pointer, k string, v any) {
	if _, ok := v.(string); !ok {
		w.add(join(at, k), "%s must be a string, not %s", k, describe(v))
	}
}

// integer checks an integer field within [min, max]; exprOK also accepts a
// JSONata expression (in JSONata states).
func (w *walker) integer(at *pointer, k string, v any, min, max int64, exprOK bool) {
	if exprOK && isExprValue(v) {
		return
	}
	if n, ok := v.(json.Number); ok {
		f := value.Float(n)
		if f == math.Trunc(f) && f >= float64(min) && f <= float64(max) {
			return
		}
	}
	var want string
	switch min {
	case 0:
		want = fmt.Sprintf("a non-negative integer (at most %d)", max)
	case 1:
		want = fmt.Sprintf("a positive integer (at most %d)", max)
	default:
		want = fmt.Sprintf("an integer from %d to %d", min, max)
	}
	if exprOK {
		want += " or " + exprHint
	}
	w.add(join(at, k), "%s must be %s, not %s", k, want, describe(v))
}

// number checks a number field within [min, max].
func (w *walker) number(at *pointer, k string, v any, min, max float64, exprOK bool) {
	if exprOK && isExprValue(v) {
		return
	}
	if n, ok := v.(json.Number); ok {
		if f := value.Float(n); f >= min && f <= max {
			return
		}
	}
	want := fmt.Sprintf("a number from %g to %g", min, max)
	if exprOK {
		want += " or " + exprHint
	}
	w.add(join(at, k), "%s must be %s, not %s", k, want, describe(v))
}

// objectOrExpr checks a field that holds an object (or what asl/payload
// accepts there) or a JSONata expression.
func (w *walker) objectOrExpr(at *pointer, k string, v any, want string) {
	if isObject(v) || isExprValue(v) {
		return
	}
	w.add(join(at, k), "%s must be %s or %s, not %s", k, want, exprHint, describe(v))
}

// oneOf checks a string field against its allowed values.
func (w *walker) oneOf(at *pointer, k string, v any, allowed ...string) bool {
	if s, ok := v.(string); ok {
		for _, a := range allowed {
			if s == a {
				return true
			}
		}
	}
	w.add(join(at, k), "%s must be one of %s, not %s", k, strings.Join(allowed, ", "), describe(v))
	return false
}

// stateRef checks a field that names a state and returns the name.
func (w *walker) stateRef(at *pointer, k string, v any) (string, bool) {
	s, ok := v.(string)
	if !ok || s == "" {
		w.add(join(at, k), "%s must be the name of a state, not %s", k, describe(v))
		return "", false
	}
	return s, true
}

// label checks a Map state's Label, which AWS puts into Map Run ARNs.
func (w *walker) label(at *pointer, k string, v any) {
	s, ok := v.(string)
	if !ok {
		w.add(join(at, k), "Label must be a string, not %s", describe(v))
		return
	}
	if n := utf8.RuneCountInString(s); n > maxLabelLength {
		w.add(join(at, k), "Label is %d characters long; the limit is %d", n, maxLabelLength)
	}
	if i := strings.IndexAny(s, " \t\n\r<>{}[]?*\"#%\\^|~`$&,;:/"); i >= 0 {
		w.add(join(at, k), "Label must not contain whitespace, brackets, wildcards or any of \"#%%\\^|~`$&,;:/, but has %q", s[i:i+1])
	}
}
