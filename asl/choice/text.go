package choice

import (
	"strings"
	"unicode/utf8"
)

// compareStrings orders two strings as Java's String.compareTo does, which
// AWS documents as the rule for StringLessThan and friends: by UTF-16 code
// units. Go compares UTF-8 bytes, which is code point order; the two differ
// only when a character above U+FFFF (a surrogate pair in UTF-16, starting
// with 0xD800-0xDBFF) meets one in U+E000-U+FFFF at the first difference.
func compareStrings(a, b string) int {
	n := len(a)
	if len(b) < n {
		n = len(b)
	}
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		return cmpInt64(int64(len(a)), int64(len(b)))
	}
	if a[i] < utf8.RuneSelf && b[i] < utf8.RuneSelf {
		if a[i] < b[i] {
			return -1
		}
		return 1
	}
	// Back up to the start of the character holding the first difference;
	// the shared prefix puts it at the same offset in both strings.
	for i > 0 && !utf8.RuneStart(a[i]) {
		i--
	}
	ra, _ := utf8.DecodeRuneInString(a[i:])
	rb, _ := utf8.DecodeRuneInString(b[i:])
	if ka, kb := firstUnit(ra), firstUnit(rb); ka != kb {
		return cmpInt64(int64(ka), int64(kb))
	}
	// Same first code unit: both are in the same surrogate block, where
	// code point order and UTF-16 order agree.
	return cmpInt64(int64(ra), int64(rb))
}

// firstUnit is the first UTF-16 code unit of r.
func firstUnit(r rune) rune {
	if r >= 0x10000 {
		return 0xD800 + (r-0x10000)>>10
	}
	return r
}

// pattern is a compiled StringMatches value: the literal pieces between the
// "*" wildcards. A pattern without wildcards has one piece and must equal
// the string.
type pattern struct {
	pieces []string
}

// compilePattern splits a StringMatches value on unescaped "*". In the
// pattern "\*" is a literal star and "\\" a literal backslash; a backslash
// before anything else (or at the end) stands for itself. No other
// character is special, so there is nothing to inject.
func compilePattern(s string) pattern {
	var pieces []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '\\'):
			cur.WriteByte(s[i+1])
			i++
		case c == '*':
			pieces = append(pieces, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	pieces = append(pieces, cur.String())
	return pattern{pieces: pieces}
}

// match reports whether s matches the whole pattern. The first piece must be
// a prefix and the last a suffix; the ones between are found left to right,
// each at its earliest position, which is optimal for "*"-only patterns.
func (p *pattern) match(s string) bool {
	if len(p.pieces) == 1 {
		return s == p.pieces[0]
	}
	first, last := p.pieces[0], p.pieces[len(p.pieces)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, piece := range p.pieces[1 : len(p.pieces)-1] {
		i := strings.Index(s, piece)
		if i < 0 {
			return false
		}
		s = s[i+len(piece):]
	}
	return true
}
