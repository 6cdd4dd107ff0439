package testsuite

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// wholeTokens are the snapshot tokens (README §5.2) that, standing alone as a
// whole string, stand for any value: the original may have had another JSON
// type (RandomNumberGenerated was a number).
var wholeTokens = map[string]bool{
	"date":                  true,
	"timestamp":             true,
	"start-date":            true,
	"stop-date":             true,
	"start-time":            true,
	"entered-time":          true,
	"RandomNumberGenerated": true,
	"generated-uuid":        true,
	"snf_role_arn":          true,
	"sfn_role_arn":          true,
	"lambda_function_name":  true,
	"RequestId":             true,
	"x-amzn-RequestId":      true,
	"X-Amzn-Trace-Id":       true,
	"111111111111":          true,
}

// angleToken is a replaced value written <...>: <uuid:1>, <ArnPart_0idx>,
// <request-id>, <region>, ...
var angleToken = regexp.MustCompile(`^<[^<>]+>$`)

// IsWholeToken reports whether s, as a whole string, is a snapshot token.
func IsWholeToken(s string) bool {
	return wholeTokens[s] || angleToken.MatchString(s)
}

// isoTimestamp is an ISO-8601 date-time with Z or an offset, as AWS and the
// snapshot library wrote them (fractional seconds optional).
const isoTimestamp = `\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)`

// tokenInText finds the tokens that become patterns inside a longer string:
// the partition, any <...> token, the word "date" and the account id.
var tokenInText = regexp.MustCompile(`arn:<partition>|<[^<>]+>|\bdate\b|111111111111`)

var patternCache sync.Map // string -> *regexp.Regexp

// PlaceholderPattern turns a recorded string that holds snapshot tokens into
// a regular expression that the engine's whole string must match: <...>
// becomes a lazy wildcard, the word date an ISO-8601 timestamp (or the word
// itself, for false positives such as "date-time"), arn:<partition> any AWS
// partition, 111111111111 any 12-digit account, and the rest is literal.
func PlaceholderPattern(s string) *regexp.Regexp {
	if re, ok := patternCache.Load(s); ok {
		return re.(*regexp.Regexp)
	}
	key := s
	// A regexp must be valid UTF-8; matching reads each invalid byte as
	// U+FFFD, so the pattern says the same.
	if !utf8.ValidString(s) {
		var v strings.Builder
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			v.WriteRune(r)
			i += n
		}
		s = v.String()
	}
	var b strings.Builder
	b.WriteString(`(?s)^`)
	last := 0
	for _, loc := range tokenInText.FindAllStringIndex(s, -1) {
		b.WriteString(regexp.QuoteMeta(s[last:loc[0]]))
		tok := s[loc[0]:loc[1]]
		switch {
		case tok == "arn:<partition>":
			b.WriteString(`arn:aws[a-z-]*`)
		case tok == "date":
			b.WriteString(`(?:` + isoTimestamp + `|date)`)
		case tok == "111111111111":
			b.WriteString(`\d{12}`)
		default:
			b.WriteString(`.*?`)
		}
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(s[last:]))
	b.WriteString(`$`)
	re := regexp.MustCompile(b.String())
	patternCache.Store(key, re)
	return re
}

// MatchPlaceholder reports whether got matches the recorded value want at a
// path that the case lists as holding placeholders. A want that is not a
// string has no tokens of its own and is not handled here.
func MatchPlaceholder(want string, got any) bool {
	if IsWholeToken(want) {
		return true
	}
	s, ok := got.(string)
	if !ok {
		return false
	}
	return PlaceholderPattern(want).MatchString(s)
}
