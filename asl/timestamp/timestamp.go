// Package timestamp parses ASL timestamps: the RFC 3339 profile of ISO 8601
// that Choice rules, Wait states and the validator all accept, in one place so
// the three never disagree.
package timestamp

import (
	"cmp"
	"time"
)

// Instant is a point in time: seconds since the Unix epoch and nanoseconds.
type Instant struct {
	Sec  int64
	Nsec int32
}

// Compare returns -1, 0 or 1 as a is before, at or after b.
func (a Instant) Compare(b Instant) int {
	if a.Sec != b.Sec {
		return cmp.Compare(a.Sec, b.Sec)
	}
	return cmp.Compare(a.Nsec, b.Nsec)
}

// Time converts the instant to a time.Time in UTC.
func (a Instant) Time() time.Time { return time.Unix(a.Sec, int64(a.Nsec)).UTC() }

// Parse reads a timestamp the way AWS documents it for Choice rules and
// Wait states: the RFC 3339 profile of ISO 8601 with an uppercase "T" between date
// and time and an uppercase "Z" when there is no numeric offset, as in
// "2016-08-18T17:33:00Z" or "2016-08-18T19:33:00.5+02:00". Seconds are
// required; the fraction has 1 to 9 digits (AWS's parser keeps nanoseconds);
// dates and times must exist (no month 13, no February 30, no hour 24, no
// leap second). It does not allocate.
func Parse(s string) (Instant, bool) {
	// YYYY-MM-DDTHH:MM:SS is 19 bytes; the shortest zone is "Z".
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return Instant{}, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	second, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return Instant{}, false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 {
		return Instant{}, false
	}
	rest := s[19:]
	var nsec int64
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		n := i - 1
		if n < 1 || n > 9 {
			return Instant{}, false
		}
		frac, _ := digits(rest[1:i])
		for ; n < 9; n++ {
			frac *= 10
		}
		nsec = frac
		rest = rest[i:]
	}
	var offset int64
	switch {
	case rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := digits(rest[1:3])
		om, okm := digits(rest[4:6])
		if !okh || !okm || oh > 23 || om > 59 {
			return Instant{}, false
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return Instant{}, false
	}
	days := daysFromCivil(year, month, day)
	sec := days*86400 + hour*3600 + minute*60 + second - offset
	return Instant{Sec: sec, Nsec: int32(nsec)}, true
}

// digits parses a short run of ASCII digits.
func digits(s string) (int64, bool) {
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, len(s) > 0
}

func leap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(year, month int64) int64 {
	switch month {
	case 2:
		if leap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to the given proleptic
// Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
