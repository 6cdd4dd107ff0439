package choice

import "encoding/json"

// Numbers are compared exactly, by their decimal value, straight from the
// JSON text: 1, 1.0 and 10e-1 are equal, and integers beyond 2^53 keep every
// digit. The common case (two integers that fit in an int64) takes a fast
// path; everything else goes through decimalView, which reads the text
// without allocating.

// number is a NumericX constant, parsed once at compile time.
type number struct {
	text  string
	i     int64
	isInt bool // i holds the exact value
	dec   decimalView
}

func newNumber(n json.Number) (number, bool) {
	d, ok := parseDecimal(string(n))
	if !ok {
		return number{}, false
	}
	i, isInt := parseInt64(string(n))
	return number{text: string(n), i: i, isInt: isInt, dec: d}, true
}

// compareTo compares the JSON number text s with the constant. ok is false
// when s is not a valid JSON number.
func (c *number) compareTo(s string) (result int, ok bool) {
	if c.isInt {
		if i, isInt := parseInt64(s); isInt {
			return cmpInt64(i, c.i), true
		}
	}
	d, ok := parseDecimal(s)
	if !ok {
		return 0, false
	}
	return d.compare(&c.dec), true
}

// compareNumbers compares two JSON number texts by value.
func compareNumbers(a, b string) (result int, ok bool) {
	if ai, aok := parseInt64(a); aok {
		if bi, bok := parseInt64(b); bok {
			return cmpInt64(ai, bi), true
		}
	}
	da, aok := parseDecimal(a)
	db, bok := parseDecimal(b)
	if !aok || !bok {
		return 0, false
	}
	return da.compare(&db), true
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseInt64 reads an optional minus sign and decimal digits only ("12",
// "-7"); anything else, or a value that does not fit, reports false.
func parseInt64(s string) (int64, bool) {
	neg := false
	i := 0
	if len(s) > 0 && s[0] == '-' {
		neg = true
		i = 1
	}
	if i == len(s) || len(s)-i > 19 || (s[i] == '0' && len(s)-i > 1) {
		return 0, false
	}
	var u uint64
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	// 19 digits fit in a uint64; check the int64 range.
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > 1<<63-1 {
		return 0, false
	}
	return int64(u), true
}

// decimalView is a JSON number read as sign × 0.d1d2d3… × 10^point, where the
// significant digits d1d2… are head followed by tail (the text around the
// decimal point) with leading zeros removed. Trailing zeros may remain; the
// comparison treats missing digits as zeros.
type decimalView struct {
	neg        bool
	head, tail string
	point      int64
}

// maxExponent bounds exponents so that arithmetic on them cannot overflow;
// a JSON number with a larger exponent is beyond any meaningful comparison
// and is clamped (it still orders correctly against every other number).
const maxExponent = 1 << 40

func parseDecimal(s string) (decimalView, bool) {
	var d decimalView
	i := 0
	if i < len(s) && s[i] == '-' {
		d.neg = true
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intPart := s[start:i]
	if intPart == "" || (len(intPart) > 1 && intPart[0] == '0') {
		return d, false
	}
	var fracPart string
	if i < len(s) && s[i] == '.' {
		i++
		start = i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		fracPart = s[start:i]
		if fracPart == "" {
			return d, false
		}
	}
	var exp int64
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		expNeg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		start = i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if exp < maxExponent {
				exp = exp*10 + int64(s[i]-'0')
			}
			i++
		}
		if i == start {
			return d, false
		}
		if expNeg {
			exp = -exp
		}
	}
	if i != len(s) {
		return d, false
	}
	// Strip leading zeros of the integer part; if it is all zeros, the
	// significant digits start in the fraction.
	k := 0
	for k < len(intPart) && intPart[k] == '0' {
		k++
	}
	intPart = intPart[k:]
	if intPart != "" {
		d.head, d.tail = intPart, fracPart
		d.point = int64(len(intPart)) + exp
		return d, true
	}
	k = 0
	for k < len(fracPart) && fracPart[k] == '0' {
		k++
	}
	d.head = fracPart[k:]
	d.point = exp - int64(k)
	return d, true
}

func (d *decimalView) zero() bool {
	for i := 0; i < len(d.head); i++ {
		if d.head[i] != '0' {
			return false
		}
	}
	for i := 0; i < len(d.tail); i++ {
		if d.tail[i] != '0' {
			return false
		}
	}
	return true
}

func (d *decimalView) digit(i int) byte {
	if i < len(d.head) {
		return d.head[i]
	}
	i -= len(d.head)
	if i < len(d.tail) {
		return d.tail[i]
	}
	return '0'
}

// compare orders two decimals by value (-1, 0, 1).
func (d *decimalView) compare(o *decimalView) int {
	dz, oz := d.zero(), o.zero()
	switch {
	case dz && oz:
		return 0
	case dz:
		if o.neg {
			return 1
		}
		return -1
	case oz:
		if d.neg {
			return -1
		}
		return 1
	case d.neg != o.neg:
		if d.neg {
			return -1
		}
		return 1
	}
	m := d.compareMagnitude(o)
	if d.neg {
		return -m
	}
	return m
}

func (d *decimalView) compareMagnitude(o *decimalView) int {
	// Both are non-zero and start with a non-zero digit, so the position of
	// the decimal point decides unless it is the same.
	if d.point != o.point {
		return cmpInt64(d.point, o.point)
	}
	n := len(d.head) + len(d.tail)
	if m := len(o.head) + len(o.tail); m > n {
		n = m
	}
	for i := 0; i < n; i++ {
		a, b := d.digit(i), o.digit(i)
		if a != b {
			if a < b {
				return -1
			}
			return 1
		}
	}
	return 0
}
