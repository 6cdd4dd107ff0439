package testsuite

import (
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileDir holds the hostile-input catalogue; hostileKnown lists its
// cases that fail today, as engine/case, a tab and the feature awaited.
// hostileUnskip runs on the test environment the cases marked to skip it
// (to see how far it gets with them).
var hostileUnskip = flag.Bool("hostile.unskip", false, "run the hostile cases whose expect.json skips the Temporal test environment")

var (
	hostileDir   = filepath.Join("testdata", "hostile")
	hostileKnown = filepath.Join(hostileDir, "known_failures.txt")
)

// TestHostile runs the hostile-input catalogue: every case on the memory
// engine, and the cases marked for it on Temporal's test environment. Each
// must stop where its expect.json says (refused at parse, refused input, or
// a run ending with the status, error name and cause given), within its
// time limit. Cases run one at a time: some are big, and the memory bound
// of a refusal is measured with the process's allocation counter.
//
// A failing case fails the test unless known_failures.txt lists it
// (memory/NAME or temporal/NAME); a listed case that passes is logged so
// the line can go.
func TestHostile(t *testing.T) {
	cases, err := LoadHostile(hostileDir)
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	known, err := LoadKnownFailures(hostileKnown)
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, c := range cases {
		// Every case is known to the list's check, run or not (-run).
		seen["memory/"+c.Name], seen["temporal/"+c.Name] = false, false
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Run("memory", func(t *testing.T) {
				key := "memory/" + c.Name
				skipKnownIfShort(t, key, known)
				var before runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				o, err := RunHostileMemory(c)
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				diffs := hostileDiffs(c, o, err, false)
				if mb := c.Expect.MaxAllocMB; mb > 0 && err == nil {
					if got := (after.TotalAlloc - before.TotalAlloc) >> 20; got > uint64(mb) {
						diffs = append(diffs, fmt.Sprintf("allocated %d MiB, limit %d MiB", got, mb))
					}
				}
				report(t, key, known, o, diffs)
			})
			tc := c.Expect.Temporal
			if tc == nil {
				return
			}
			t.Run("temporal", func(t *testing.T) {
				key := "temporal/" + c.Name
				if tc.Skip != "" && !*hostileUnskip {
					t.Skip(tc.Skip)
				}
				skipKnownIfShort(t, key, known)
				if testing.Short() && c.Expect.Tasks != nil {
					t.Skip("-short: costs the Task's TimeoutSeconds in real time")
				}
				o, err := RunHostileTemporal(c)
				report(t, key, known, o, hostileDiffs(c, o, err, true))
			})
		})
	}
	for key := range known {
		if _, ok := seen[key]; !ok {
			t.Errorf("%s lists %s, which is no case of the catalogue", hostileKnown, key)
		}
	}
}

// skipKnownIfShort skips a known failure without running it under -short:
// some fail slowly (a hang the case's time limit ends).
func skipKnownIfShort(t *testing.T, key string, known map[string]string) {
	if reason, listed := known[key]; listed && testing.Short() {
		t.Skipf("known failure, not run with -short: %s", reason)
	}
}

func hostileDiffs(c *HostileCase, o *HostileOutcome, err error, onTemporal bool) []string {
	if err != nil {
		return []string{err.Error()}
	}
	return c.Expect.Check(o, onTemporal)
}

// report fails or skips a case's subtest by its differences and the
// known-failures list, and logs the outcome either way.
func report(t *testing.T, key string, known map[string]string, o *HostileOutcome, diffs []string) {
	t.Helper()
	if o != nil {
		t.Logf("%s: %s", key, o)
	}
	reason, listed := known[key]
	switch {
	case len(diffs) > 0 && listed:
		t.Skipf("known failure (%s): %s", reason, strings.Join(diffs, "; "))
	case len(diffs) > 0:
		t.Errorf("%s: %s", key, strings.Join(diffs, "; "))
	case listed:
		t.Logf("%s passes now but %s lists it (%s): remove the line", key, hostileKnown, reason)
	}
}

func TestGenerate(t *testing.T) {
	tests := []struct{ spec, want string }{
		{`"abc"`, `abc`},
		{`{"repeat":"x","times":3}`, `xxx`},
		{`["[", {"repeat":"@","times":3,"sep":",","index":"@"}, "]"]`, `[0,1,2]`},
		{`{"repeat":["{",{"repeat":"a","times":2},"}"],"times":2,"sep":" "}`, `{aa} {aa}`},
		{`{"repeat":"x","times":0}`, ``},
	}
	for _, tt := range tests {
		got, err := Generate([]byte(tt.spec))
		require.NoError(t, err, tt.spec)
		assert.Equal(t, tt.want, string(got), tt.spec)
	}
	for _, bad := range []string{`{"repeat":"x"}`, `{"repeat":"x","times":1.5}`, `{"repeat":"x","times":1,"count":2}`, `3`} {
		_, err := Generate([]byte(bad))
		assert.Error(t, err, bad)
	}
}
