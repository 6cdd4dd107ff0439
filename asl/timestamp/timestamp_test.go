package timestamp

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	valid := []string{
		"2016-03-14T01:59:00Z",
		"2012-10-09T19:00:55+01:00",
		"2016-03-05T21:29:29.243167252Z",
		"2016-03-05T21:29:29.2Z",
		"2000-02-29T00:00:00Z",
		"0001-01-01T00:00:00Z",
		"9999-12-31T23:59:59.999999999-23:59",
		"1969-12-31T23:59:59Z",
	}
	for _, s := range valid {
		got, ok := Parse(s)
		require.True(t, ok, "%q", s)
		want, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err, "%q", s)
		assert.Equal(t, want.Unix(), got.Sec, "%q", s)
		assert.Equal(t, int32(want.Nanosecond()), got.Nsec, "%q", s)
	}
	invalid := []string{
		"", "2016-03-14", "2016-03-14T01:59Z", "2016-03-14T01:59:00",
		"2016-12-05 21:29:29Z", "2016-03-14t01:59:00Z", "2016-03-14T01:59:00z",
		"2016-13-05T21:29:29Z", "2016-12-05T25:29:29Z", "2016-00-05T21:29:29Z",
		"2016-12-00T21:29:29Z", "2015-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
		"2016-04-31T00:00:00Z", "2016-03-14T01:60:00Z", "2016-03-14T01:59:60Z",
		"2016-03-14T01:59:00.Z", "2016-03-14T01:59:00.1234567890Z",
		"2016-03-14T01:59:00+0100", "2016-03-14T01:59:00+01", "2016-03-14T01:59:00+24:00",
		"2016-03-14T01:59:00+01:60", "2016-03-14T01:59:00Z ", " 2016-03-14T01:59:00Z",
		"05-12-2016T21:29:29Z", "2023-02-24 12:15:56.832957", "+2016-03-14T01:59:00Z",
		"2016-3-14T01:59:00Z", "２016-03-14T01:59:00Z",
	}
	for _, s := range invalid {
		_, ok := Parse(s)
		assert.False(t, ok, "%q", s)
	}
	a, _ := Parse("2012-10-09T19:00:55Z")
	b, _ := Parse("2012-10-09T20:00:55+01:00")
	c, _ := Parse("2012-10-09T19:00:55.5Z")
	assert.Equal(t, 0, a.Compare(b))
	assert.Equal(t, -1, a.Compare(c))
	assert.Equal(t, 1, c.Compare(b))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"2012-10-09T19:00:55Z", "2012-10-09T19:00:55+01:00", "2016-03-05T21:29:29.243167252Z",
		"2023-02-24 12:15:56.832957", "2016-13-05T21:29:29Z", "2016-12-05T21:29:29", "2023-02-24",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Parse(s)
		if !ok {
			return
		}
		// Whatever parses is a valid RFC 3339 time with the same instant,
		// and printing it back (in UTC) parses to the same instant.
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatalf("Parse accepted %q, time.Parse rejects it: %v", s, err)
		}
		if want.Unix() != got.Sec || int32(want.Nanosecond()) != got.Nsec {
			t.Fatalf("Parse(%q) = %d.%09d, time.Parse says %d.%09d", s, got.Sec, got.Nsec, want.Unix(), want.Nanosecond())
		}
		if y := want.UTC().Year(); y < 0 || y > 9999 {
			return // not writable as a four-digit year in UTC
		}
		back, ok := Parse(want.UTC().Format(time.RFC3339Nano))
		if !ok || back != got {
			t.Fatalf("round trip of %q through %q failed", s, want.UTC().Format(time.RFC3339Nano))
		}
	})
}
