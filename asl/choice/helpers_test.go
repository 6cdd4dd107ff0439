package choice

import (
	"encoding/json"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompareNumbers(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"0", "0", 0},
		{"0", "-0", 0},
		{"0", "0.0e10", 0},
		{"1", "1.0", 0},
		{"1", "1.000000000000000000001", -1},
		{"10", "1e1", 0},
		{"100", "1E+2", 0},
		{"0.01", "1e-2", 0},
		{"123.456", "123456e-3", 0},
		{"-1", "1", -1},
		{"-2", "-1", -1},
		{"-1.5", "-1.25", -1},
		{"2", "10", -1},
		{"0.5", "0.05", 1},
		{"9223372036854775807", "9223372036854775808", -1},
		{"-9223372036854775808", "-9223372036854775809", 1},
		{"9007199254740993", "9007199254740992", 1},
		{"123456789012345678901234567890", "123456789012345678901234567890.0", 0},
		{"1e400", "1e399", 1},
		{"-1e400", "1e-400", -1},
		{"1e-400", "0", 1},
		{"5", "4.9999999999999999999999999", 1},
	}
	for _, tt := range tests {
		got, ok := compareNumbers(tt.a, tt.b)
		require.True(t, ok, "%s vs %s", tt.a, tt.b)
		assert.Equal(t, tt.want, got, "%s vs %s", tt.a, tt.b)
		back, _ := compareNumbers(tt.b, tt.a)
		assert.Equal(t, -tt.want, back, "%s vs %s", tt.b, tt.a)
	}
	for _, bad := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1x", "NaN", "0x10", " 1"} {
		_, ok := compareNumbers(bad, "1")
		assert.False(t, ok, "%q", bad)
	}
}

func TestParseInt64(t *testing.T) {
	tests := []struct {
		s    string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"-0", 0, true}, {"42", 42, true}, {"-42", -42, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"-9223372036854775808", -9223372036854775808, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"99999999999999999999", 0, false},
		{"1.0", 0, false}, {"1e2", 0, false}, {"", 0, false}, {"-", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseInt64(tt.s)
		assert.Equal(t, tt.ok, ok, "%q", tt.s)
		if tt.ok {
			assert.Equal(t, tt.want, got, "%q", tt.s)
		}
	}
}

func TestCompareStrings(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "a", -1},
		{"A", "A ", -1},
		{"A", "A\t\n\r", -1},
		{"AB", "ABC", -1},
		{"B", "a", -1},
		{"é", "z", 1},
		{"\U0001F600", "\uFF5E", -1}, // surrogate pair sorts before U+E000..U+FFFF
		{"\U0001F600", "\uD7FF", 1},  // and after everything below U+D800
		{"\U0001F600", "\U0001F601", -1},
		{"x\U00010000", "x\uFFFF", -1},
		{"\u00e9", "\u00ea", -1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, compareStrings(tt.a, tt.b), "%q vs %q", tt.a, tt.b)
		assert.Equal(t, -tt.want, compareStrings(tt.b, tt.a), "%q vs %q", tt.b, tt.a)
	}
}

func TestPattern(t *testing.T) {
	tests := []struct {
		pattern string
		pieces  []string
		matches []string
		misses  []string
	}{
		{"abc", []string{"abc"}, []string{"abc"}, []string{"ab", "abcd", ""}},
		{"*", []string{"", ""}, []string{"", "anything"}, nil},
		{"foo*.log", []string{"foo", ".log"}, []string{"foo23.log", "foo.log"}, []string{"foo23.txt", "xfoo.log"}},
		{"*.log", []string{"", ".log"}, []string{"zebra.log", ".log"}, []string{"log"}},
		{"foo*.*", []string{"foo", ".", ""}, []string{"foobar.zebra", "foo."}, []string{"foobar"}},
		{"a*b*c", []string{"a", "b", "c"}, []string{"abc", "aXbYc", "abbc", "acbc"}, []string{"ac", "abcx", "acb"}},
		{"a*a", []string{"a", "a"}, []string{"aa", "aba"}, []string{"a"}},
		{`a\*b`, []string{"a*b"}, []string{"a*b"}, []string{"aXb", `a\*b`}},
		{`a\\*`, []string{`a\`, ""}, []string{`a\`, `a\xyz`}, []string{"a"}},
		{`a\\\*`, []string{`a\*`}, []string{`a\*`}, []string{`a\x`}},
		{`a\b`, []string{`a\b`}, []string{`a\b`}, []string{"ab"}},
		{`trailing\`, []string{`trailing\`}, []string{`trailing\`}, []string{"trailing"}},
		{"**", []string{"", "", ""}, []string{"", "x"}, nil},
		{"[a-z]?.+", []string{"[a-z]?.+"}, []string{"[a-z]?.+"}, []string{"b.c"}},
	}
	for _, tt := range tests {
		p := compilePattern(tt.pattern)
		assert.Equal(t, tt.pieces, p.pieces, "pattern %q", tt.pattern)
		for _, s := range tt.matches {
			assert.True(t, p.match(s), "%q should match %q", tt.pattern, s)
		}
		for _, s := range tt.misses {
			assert.False(t, p.match(s), "%q should not match %q", tt.pattern, s)
		}
	}
}

// Fuzzers, seeded from values in the conformance corpus and the cases above.

func FuzzCompareNumbers(f *testing.F) {
	for _, s := range [][2]string{
		{"0", "0.0"}, {"1", "1.0"}, {"1.1", "1"}, {"0.0", "-0"}, {"10000", "9999"},
		{"9007199254740993", "9007199254740992"}, {"1e400", "1E-400"}, {"-2.25", "-2.250"},
		{"123456789012345678901234567890", "1.2345678901234567890123456789e29"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		got, ok := compareNumbers(a, b)
		if ok != (isJSONNumber(a) && isJSONNumber(b)) {
			t.Fatalf("compareNumbers(%q, %q) ok=%v disagrees with the JSON grammar", a, b, ok)
		}
		if !ok {
			return
		}
		back, _ := compareNumbers(b, a)
		if back != -got {
			t.Fatalf("compareNumbers not antisymmetric on %q, %q: %d, %d", a, b, got, back)
		}
		ra, okA := ratOf(a)
		rb, okB := ratOf(b)
		if okA && okB && ra.Cmp(rb) != got {
			t.Fatalf("compareNumbers(%q, %q) = %d, big.Rat says %d", a, b, got, ra.Cmp(rb))
		}
		var c number
		c, ok = newNumber(json.Number(b))
		if !ok {
			t.Fatalf("newNumber(%q) failed", b)
		}
		if r, _ := c.compareTo(a); r != got {
			t.Fatalf("constant path disagrees on %q, %q: %d vs %d", a, b, r, got)
		}
	})
}

func isJSONNumber(s string) bool {
	if s == "" || !(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) {
		return false
	}
	var n json.Number
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if d.Decode(&n) != nil || d.More() {
		return false
	}
	return string(n) == s
}

// ratOf is the exact value of a JSON number, skipping huge exponents that
// would make big.Rat slow.
func ratOf(s string) (*big.Rat, bool) {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exp := strings.TrimLeft(s[i+1:], "+-")
		if len(exp) > 4 {
			return nil, false
		}
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

func FuzzCompareStrings(f *testing.F) {
	for _, s := range [][2]string{{"A", "A "}, {"AB", "ABC"}, {"\U0001F600", "\uFF5E"}, {"é", "e"}, {"", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		got := compareStrings(a, b)
		want := compareUnits(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
		if got != want {
			t.Fatalf("compareStrings(%q, %q) = %d, UTF-16 order says %d", a, b, got, want)
		}
	})
}

func compareUnits(a, b []uint16) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func FuzzStringMatches(f *testing.F) {
	for _, s := range [][2]string{
		{"log-*.txt", "log-2024.txt"}, {`a\*b`, "a*b"}, {`a\\*`, `a\zz`}, {"*", ""},
		{"a*b*c", "aXbYc"}, {"uuu*", "uuuv"}, {"(a|b)+?", "(a|b)+?"}, {"*é*", "café"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pat, s string) {
		if !utf8.ValidString(pat) || !utf8.ValidString(s) {
			return
		}
		p := compilePattern(pat)
		got := p.match(s)
		want := referenceMatch(pat).MatchString(s)
		if got != want {
			t.Fatalf("StringMatches %q on %q = %v, reference says %v", pat, s, got, want)
		}
	})
}

// referenceMatch turns a StringMatches pattern into an anchored regular
// expression: "*" is any run of characters, "\*" and "\\" are literal, and
// every other character is quoted.
func referenceMatch(pat string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for i := 0; i < len(pat); i++ {
		switch {
		case pat[i] == '\\' && i+1 < len(pat) && (pat[i+1] == '*' || pat[i+1] == '\\'):
			b.WriteString(regexp.QuoteMeta(pat[i+1 : i+2]))
			i++
		case pat[i] == '*':
			b.WriteString(`.*`)
		default:
			_, size := utf8.DecodeRuneInString(pat[i:])
			b.WriteString(regexp.QuoteMeta(pat[i : i+size]))
			i += size - 1
		}
	}
	b.WriteString(`)$`)
	return regexp.MustCompile(b.String())
}
