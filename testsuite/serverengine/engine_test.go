package serverengine

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
	"github.com/aslworker/aslworker/testsuite"
)

// sample picks the cases the Go test runs on the real server: every
// timeout and error-handling case (real activity timeouts and retry
// timers), and every tenth of the others in name order. The whole corpus
// runs through `conformance -engine server`.
func sample(cases []*testsuite.Case) []*testsuite.Case {
	var out []*testsuite.Case
	n := 0
	for _, c := range cases {
		if c.Kind != testsuite.Execution {
			continue
		}
		folder := filepath.Base(c.Folder)
		if folder == "timeouts" || folder == "error_handling" || n%10 == 0 {
			out = append(out, c)
		}
		n++
	}
	return out
}

// synthetic is a case written here: a definition and an input, no doubles.
func synthetic(t *testing.T, name, def string) *testsuite.Case {
	t.Helper()
	d, err := value.ParseString(def)
	require.NoError(t, err)
	return &testsuite.Case{Name: name, Folder: "synthetic", Kind: testsuite.Execution, API: "StartExecution",
		StateMachineType: "STANDARD", Definition: d, DefinitionJSON: value.Marshal(d), Input: value.NewObject(0),
		Expected: testsuite.Expected{Status: "SUCCEEDED", Output: value.NewObject(0), HasOutput: true},
		Flags:    map[string]int{}, StateTypes: map[string]int{}}
}

// TestServerEngine runs a sample of the corpus on a real in-process
// Temporal server, with the known failures of the Temporal engines, plus
// cases that check the engine's own skips.
func TestServerEngine(t *testing.T) {
	dir := filepath.Join(corpustest.Dir(t), "cases")
	all, err := testsuite.Load(dir)
	require.NoError(t, err)
	cases := sample(all)
	require.NotEmpty(t, cases)
	known, err := testsuite.LoadKnownFailures(filepath.Join("..", "known_failures_temporal.txt"))
	require.NoError(t, err)

	long := synthetic(t, "long", `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":11,"End":true}}}`)
	short := synthetic(t, "short", `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}`)
	cases = append(cases, long, short)

	e := &Engine{}
	began := time.Now()
	require.NoError(t, e.Begin(cases))
	defer func() { assert.NoError(t, e.Close()) }()
	t.Logf("started %d executions in %v", len(cases), time.Since(began))

	var skip *testsuite.SkipError
	_, err = e.Run(long)
	require.ErrorAs(t, err, &skip, "a case longer than MaxRealTime is skipped")
	assert.Equal(t, SkipNeedsRealTime, skip.Reason)
	_, err = e.Run(synthetic(t, "never begun", `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`))
	assert.ErrorContains(t, err, "not given to Begin")

	passed := 0
	for _, c := range append(cases[:len(cases)-2], short) {
		r := testsuite.RunCase(e, c, time.Minute)
		reason, listed := known[c.Name]
		switch r.Verdict {
		case testsuite.Pass:
			passed++
			if listed {
				t.Logf("%s passes now but the known failures list it (%s)", c.Name, reason)
			}
		case testsuite.Fail:
			if !listed {
				msg := r.Reason
				if len(r.Diffs) > 0 {
					msg = testsuite.FormatDiffs(r.Diffs, "  ") + "  engine: " + r.Got
				}
				t.Errorf("%s failed on the server:\n%s", c.Name, msg)
			}
		case testsuite.Skip:
			assert.True(t, strings.HasPrefix(r.Reason, "JSONata") || r.Reason == SkipNeedsRealTime, "%s skipped: %s", c.Name, r.Reason)
		}
	}
	t.Logf("%d of %d cases passed; %v in all", passed, len(cases)-1, time.Since(began))
	assert.Positive(t, passed)
}
