package intrinsic

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// limitedEnv is a runtime with a payload limit.
type limitedEnv struct {
	fakeEnv
	max int
}

func (e limitedEnv) MaxPayloadBytes() int { return e.max }

func TestResultsAreBoundedByThePayloadLimit(t *testing.T) {
	// Input: "s" 60 "a," pairs, "o" an object of 37 bytes, "list" 30
	// numbers, "qs" 20 one-letter strings. The limit is 100 bytes.
	input := `{"s":"` + strings.Repeat("a,", 60) + `","o":{"k1":"0123456789","k2":"0123456789"},` +
		`"list":[` + strings.TrimSuffix(strings.Repeat("1,", 30), ",") + `],"tmpl":"{} {} {}",` +
		`"qs":[` + strings.TrimSuffix(strings.Repeat(`"a",`, 20), ",") + `]}`
	env := limitedEnv{max: 100}
	tests := []struct{ name, expr string }{
		{"States.StringSplit", "States.StringSplit($.s, ',')"},
		{"States.Array", "States.Array($.o, $.o, $.o)"},
		{"States.ArrayPartition", "States.ArrayPartition($.list, 1)"},
		{"States.Format", "States.Format('{} {} {}', $.s, $.s, $.s)"},
		{"States.Format", "States.Format($.tmpl, $.s, $.s, $.s)"}, // a template read from the input
		{"States.JsonToString", "States.JsonToString($.qs)"},      // 81 bytes, 123 once quoted
		{"States.JsonToString", "States.JsonToString($)"},
		{"States.Hash", "States.Hash($, 'SHA-256')"},
		{"States.JsonMerge", "States.JsonMerge($.o, States.StringToJson('{\"k3\":\"012345678901234567890123456789012345678901234567890123456789\"}'), false)"},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			_, err := evalCase(t, tc.expr, input, env)
			require.Error(t, err)
			var fe *failure.Error
			require.True(t, errors.As(err, &fe), "got %T %v", err, err)
			assert.Equal(t, failure.DataLimitExceeded, fe.Name)
			assert.Equal(t, "The result of "+tc.name+" would be larger than the maximum payload size of 100 bytes.", fe.Cause)
		})
	}
}

func TestResultsWithinTheLimit(t *testing.T) {
	env := limitedEnv{max: 100}
	input := `{"s":"a,b,c","o":{"k":1},"list":[1,2,3]}`
	for expr, want := range map[string]string{
		"States.StringSplit($.s, ',')":         `["a","b","c"]`,
		"States.Array($.o, $.o)":               `[{"k":1},{"k":1}]`,
		"States.ArrayPartition($.list, 1)":     `[[1],[2],[3]]`,
		"States.Format('{}-{}', $.s, $.o)":     `"a,b,c-{k=1}"`,
		"States.JsonToString($.o)":             `"{\"k\":1}"`,
		"States.JsonMerge($.o, $.o, false)":    `{"k":1}`,
		"States.Hash($.o, 'MD5')":              `"b19a8af84db3c4b6e6bac0f2e4b8f3c7"`,
		"States.StringSplit('x,y', ',')":       `["x","y"]`,
		"States.ArrayLength(States.Array($))":  `1`,
		"States.StringToJson('{\"a\":[1,2]}')": `{"a":[1,2]}`,
	} {
		got, err := evalCase(t, expr, input, env)
		require.NoError(t, err, expr)
		if expr == "States.Hash($.o, 'MD5')" {
			continue // the digest of Java's text, checked elsewhere
		}
		assert.Equal(t, want, value.String(got), expr)
	}
}

func TestStringSplitLimitIsExact(t *testing.T) {
	// ["a","a",...] for n pieces is 4n+1 bytes.
	for _, tc := range []struct {
		n, limit int
		ok       bool
	}{{25, 101, true}, {25, 100, false}} {
		input := `{"s":"` + strings.Repeat("a,", tc.n) + `"}`
		got, err := evalCase(t, "States.StringSplit($.s, ',')", input, limitedEnv{max: tc.limit})
		if tc.ok {
			require.NoError(t, err)
			assert.Len(t, value.Marshal(got), 4*tc.n+1)
		} else {
			require.Error(t, err)
		}
	}
}

func TestNoLimitMeansTheHardBound(t *testing.T) {
	// Without a payload limit a call may still not build more than
	// HardMaxBytes: ten nested doublings of a 100 KB string would be 100 MB.
	expr := "States.Array($.s, $.s)"
	for range 9 {
		expr = "States.Array(" + expr + ", " + expr + ")"
	}
	_, err := evalCase(t, expr, `{"s":"`+strings.Repeat("x", 100*1024)+`"}`, fakeEnv{})
	var fe *failure.Error
	require.True(t, errors.As(err, &fe), "got %v", err)
	assert.Equal(t, failure.DataLimitExceeded, fe.Name)
	assert.Contains(t, fe.Cause, "67108864")
}

func TestFoldingLeavesLargeResultsToRunTime(t *testing.T) {
	// Literal arguments whose result is over 256 KiB are not folded at
	// Parse (the machine would carry it); run time applies the run's limit.
	lit := strings.Repeat("a,", 70*1024)
	c, err := Parse("States.StringSplit('" + lit + "', ',')")
	require.NoError(t, err)
	assert.False(t, c.folded)
	_, err = c.Eval(nil, nil, limitedEnv{max: 256 * 1024})
	require.Error(t, err)
	got, err := c.Eval(nil, nil, limitedEnv{max: 1 << 20})
	require.NoError(t, err)
	assert.Len(t, got, 70*1024)
}

func TestStringToJsonNesting(t *testing.T) {
	// The nesting depth is bounded by value.Parse; deeper text is an
	// invalid argument, not a crash.
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	_, err := evalCase(t, "States.StringToJson($.s)", `{"s":"`+deep+`"}`, limitedEnv{max: 256 * 1024})
	require.Error(t, err)
	assert.Equal(t, "States.Runtime: Invalid arguments in States.StringToJson", err.Error())
}

func TestArrayRangeIsCappedAtAThousandItems(t *testing.T) {
	// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html:
	// "The newly generated array can't contain more than 1000 items."
	got, err := evalCase(t, "States.ArrayRange(1, 1000, 1)", `{}`, nil)
	require.NoError(t, err)
	assert.Len(t, got, 1000)
	_, err = evalCase(t, "States.ArrayRange($.a, $.b, 1)", `{"a":0,"b":1000}`, nil)
	require.Error(t, err)
	assert.Equal(t, "States.Runtime: Invalid arguments in States.ArrayRange", err.Error())
}
