package testsuite

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"time"
)

// Verdicts of one case.
const (
	Pass = "pass"
	Fail = "fail"
	Skip = "skip"
)

// CaseResult is how one case went.
type CaseResult struct {
	Name    string `json:"name"`
	Folder  string `json:"folder"`
	File    string `json:"file"`
	Verdict string `json:"verdict"` // pass, fail, skip
	// Reason is the skip reason, or for a failure the engine's error when
	// it could not run the case.
	Reason string `json:"reason,omitempty"`
	Diffs  []Diff `json:"diffs,omitempty"`
	// Got summarises what the engine produced (status, error, cause).
	Got string `json:"got,omitempty"`
	// Events: whether the recorded history event types were compared and
	// matched (README §5.4); informational, never a failure.
	EventsCompared bool   `json:"events_compared"`
	EventsMatch    bool   `json:"events_match"`
	EventsDiff     string `json:"events_diff,omitempty"`
	Millis         int64  `json:"millis"`
}

// DefaultCaseTimeout bounds the real time one case may take, so that an
// engine that loops forever fails that case instead of hanging the run.
const DefaultCaseTimeout = 30 * time.Second

// RunCase decides whether c can run, runs it on e and compares the outcome.
// A panic in the engine is a failure of that case. timeout (0: the default)
// bounds the real time the engine may take.
func RunCase(e Engine, c *Case, timeout time.Duration) *CaseResult {
	r := &CaseResult{Name: c.Name, Folder: c.Folder, File: c.File}
	if why := SkipReason(c); why != "" {
		r.Verdict, r.Reason = Skip, why
		return r
	}
	if timeout <= 0 {
		timeout = DefaultCaseTimeout
	}
	start := time.Now()
	type ran struct {
		o   *Outcome
		err error
	}
	done := make(chan ran, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- ran{err: fmt.Errorf("engine panicked: %v\n%s", p, shortStack(debug.Stack()))}
			}
		}()
		o, err := e.Run(c)
		done <- ran{o, err}
	}()
	var out ran
	select {
	case out = <-done:
	case <-time.After(timeout):
		out.err = fmt.Errorf("engine still running after %v", timeout)
	}
	r.Millis = time.Since(start).Milliseconds()
	var skip *SkipError
	switch {
	case errors.As(out.err, &skip):
		r.Verdict, r.Reason = Skip, skip.Reason
		return r
	case out.err != nil:
		r.Verdict, r.Reason = Fail, out.err.Error()
		return r
	case out.o == nil:
		r.Verdict, r.Reason = Fail, "engine returned no outcome"
		return r
	}
	r.Got = describeOutcome(out.o)
	r.Diffs = Compare(c, out.o)
	if len(r.Diffs) == 0 {
		r.Verdict = Pass
	} else {
		r.Verdict = Fail
	}
	r.EventsMatch, r.EventsDiff, r.EventsCompared = CompareEvents(c, out.o)
	return r
}

func describeOutcome(o *Outcome) string {
	switch {
	case o.Status == "SUCCEEDED":
		return "SUCCEEDED " + truncate(render(o.Output))
	case o.HasCause:
		return o.Status + " " + o.Error + ": " + truncate(o.Cause)
	}
	return strings.TrimSpace(o.Status + " " + o.Error)
}

// shortStack keeps the top of a panic's stack.
func shortStack(s []byte) string {
	lines := strings.Split(string(s), "\n")
	if len(lines) > 24 {
		lines = lines[:24]
	}
	return strings.Join(lines, "\n")
}

// Report is the results of a run.
type Report struct {
	Engine  string        `json:"engine"`
	Results []*CaseResult `json:"results"`
}

// Totals counts the verdicts.
func (r *Report) Totals() (passed, failed, skipped int) {
	for _, c := range r.Results {
		switch c.Verdict {
		case Pass:
			passed++
		case Fail:
			failed++
		default:
			skipped++
		}
	}
	return
}

// Summary is the command's last line: "N passed, M failed, K skipped".
func (r *Report) Summary() string {
	p, f, s := r.Totals()
	return fmt.Sprintf("%d passed, %d failed, %d skipped", p, f, s)
}

// EventScore counts, among cases that ran and had a recorded history, those
// whose event type sequence matched, and those that also passed.
func (r *Report) EventScore() (compared, matched, strict int) {
	for _, c := range r.Results {
		if !c.EventsCompared {
			continue
		}
		compared++
		if c.EventsMatch {
			matched++
			if c.Verdict == Pass {
				strict++
			}
		}
	}
	return
}

// FolderTable renders pass rates by folder; the rate is over the cases that
// ran (passed + failed).
func (r *Report) FolderTable() string {
	type row struct{ pass, fail, skip int }
	rows := map[string]*row{}
	var folders []string
	for _, c := range r.Results {
		x := rows[c.Folder]
		if x == nil {
			x = &row{}
			rows[c.Folder] = x
			folders = append(folders, c.Folder)
		}
		switch c.Verdict {
		case Pass:
			x.pass++
		case Fail:
			x.fail++
		default:
			x.skip++
		}
	}
	sort.Strings(folders)
	width := len("total")
	for _, f := range folders {
		width = max(width, len(f))
	}
	var b strings.Builder
	line := func(name string, x row) {
		rate := "-"
		if ran := x.pass + x.fail; ran > 0 {
			rate = fmt.Sprintf("%.1f%%", 100*float64(x.pass)/float64(ran))
		}
		fmt.Fprintf(&b, "%-*s %6d %6d %6d %7s\n", width, name, x.pass, x.fail, x.skip, rate)
	}
	fmt.Fprintf(&b, "%-*s %6s %6s %6s %7s\n", width, "folder", "pass", "fail", "skip", "rate")
	var total row
	for _, f := range folders {
		x := *rows[f]
		line(f, x)
		total.pass += x.pass
		total.fail += x.fail
		total.skip += x.skip
	}
	line("total", total)
	return b.String()
}

// SkipReasons counts skipped cases by reason, most frequent first.
func (r *Report) SkipReasons() string {
	counts := map[string]int{}
	for _, c := range r.Results {
		if c.Verdict == Skip {
			counts[c.Reason]++
		}
	}
	reasons := make([]string, 0, len(counts))
	for k := range counts {
		reasons = append(reasons, k)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if counts[reasons[i]] != counts[reasons[j]] {
			return counts[reasons[i]] > counts[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	var b strings.Builder
	for _, k := range reasons {
		fmt.Fprintf(&b, "%6d  %s\n", counts[k], k)
	}
	return b.String()
}
