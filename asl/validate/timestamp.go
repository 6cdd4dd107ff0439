package validate

import "github.com/aslworker/aslworker/asl/value"

// timestamp checks a Wait state's Timestamp.
func (w *walker) timestamp(at, k string, v any, jsonata bool) {
	if jsonata && isExprValue(v) {
		return
	}
	s, ok := v.(string)
	if !ok {
		w.add(value.Pointer(at, k), "Timestamp must be an RFC 3339 timestamp string such as \"2016-03-14T01:59:00Z\", not %s", describe(v))
		return
	}
	if !isTimestamp(s) {
		w.add(value.Pointer(at, k), "Timestamp %q is not an RFC 3339 timestamp; write it like \"2016-03-14T01:59:00Z\" or \"2016-03-14T01:59:00.123+01:00\" (uppercase T and Z, a valid date and time, and a time zone)", s)
	}
}

// isTimestamp reports whether s is a timestamp as the ASL specification
// defines it: RFC 3339 date-time with an uppercase "T" between date and
// time, seconds, an optional fraction, and a time zone that is an uppercase
// "Z" or a numeric offset. The date and time must exist (no month 13, no
// February 30, no hour 24).
func isTimestamp(s string) bool {
	// YYYY-MM-DDTHH:MM:SS
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	second, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 {
		return false
	}
	rest := s[19:]
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 {
			return false
		}
		rest = rest[n:]
	}
	switch {
	case rest == "Z":
		return true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3])
		om, ok2 := digits(rest[4:6])
		return ok1 && ok2 && oh <= 23 && om <= 59
	}
	return false
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
