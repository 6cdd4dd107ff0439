package validate

import (
	"github.com/aslworker/aslworker/asl/timestamp"
)

// timestamp checks a Wait state's Timestamp.
func (w *walker) timestamp(at *pointer, k string, v any, jsonata bool) {
	if jsonata && isExprValue(v) {
		return
	}
	s, ok := v.(string)
	if !ok {
		w.add(join(at, k), "Timestamp must be an RFC 3339 timestamp string such as \"2016-03-14T01:59:00Z\", not %s", describe(v))
		return
	}
	if !isTimestamp(s) {
		w.add(join(at, k), "Timestamp %q is not an RFC 3339 timestamp; write it like \"2016-03-14T01:59:00Z\" or \"2016-03-14T01:59:00.123+01:00\" (uppercase T and Z, a valid date and time, and a time zone)", s)
	}
}

// isTimestamp reports whether s is a timestamp as the ASL specification
// defines it (see package timestamp).
func isTimestamp(s string) bool {
	_, ok := timestamp.Parse(s)
	return ok
}
