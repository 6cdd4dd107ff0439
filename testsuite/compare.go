package testsuite

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// Outcome is what an engine produced for one execution.
type Outcome struct {
	Status string // SUCCEEDED, FAILED, TIMED_OUT, ABORTED
	Output any    // a value (asl/value), when SUCCEEDED
	Error  string // error name, when not SUCCEEDED
	Cause  string
	// HasCause tells an empty cause from none, which AWS keeps apart.
	HasCause bool
	// Events is the history event type sequence, nil if the engine kept none.
	Events []string
	// TestState only: the next state ("" for none) and the inspection data
	// (nil for none), its fields as values.
	NextState  string
	Inspection *value.Object
}

// Diff is one difference between what AWS recorded and what the engine
// produced, at a path written as the corpus writes placeholder paths
// ("expected.output.a.b[0]").
type Diff struct {
	Path string `json:"path"`
	Want string `json:"want"`
	Got  string `json:"got"`
}

func (d Diff) String() string {
	return fmt.Sprintf("%s: want %s, got %s", d.Path, d.Want, d.Got)
}

// wildcardKeys hold AWS transport metadata (HTTP headers, request ids,
// dates): every value under them matches (README §5.2).
var wildcardKeys = map[string]bool{"SdkHttpMetadata": true, "SdkResponseMetadata": true}

// maxDiffs bounds the differences reported for one case.
const maxDiffs = 20

// Compare checks an outcome against a case's expectations in the order of
// README §5.1 and returns the differences; none means the case passes. The
// event sequence is not part of it (see CompareEvents).
func Compare(c *Case, o *Outcome) []Diff {
	cmp := &comparer{placeholders: make(map[string]bool, len(c.Placeholders))}
	for _, p := range c.Placeholders {
		cmp.placeholders[p] = true
	}
	if c.Kind == TestState {
		return cmp.testState(c, o)
	}
	exp := &c.Expected
	if o.Status != exp.Status {
		got := quote(o.Status)
		if o.Status != "SUCCEEDED" && o.Error != "" {
			got += " (" + o.Error
			if o.HasCause {
				got += ": " + o.Cause
			}
			got += ")"
		}
		cmp.add("expected.status", quote(exp.Status), truncate(got))
		return cmp.diffs
	}
	if exp.OutputMasked {
		return nil
	}
	if exp.HasOutput {
		cmp.value("expected.output", exp.Output, o.Output)
	}
	// A FAILED execution without a recorded error or cause had none (a Fail
	// state may name neither); a TIMED_OUT one records neither, so nothing
	// is checked there.
	if (exp.HasError || exp.Status == "FAILED") && o.Error != exp.Error {
		want := quote(exp.Error)
		if !exp.HasError {
			want = "no error"
		}
		cmp.add("expected.error", want, quote(o.Error))
	}
	switch {
	case exp.HasCause:
		cmp.cause(exp.Cause, o)
	case exp.Status == "FAILED" && o.HasCause:
		cmp.add("expected.cause", "no cause", truncate(quote(o.Cause)))
	}
	return cmp.diffs
}

// CompareEvents compares the recorded history event types with the
// engine's. ok is false when there is nothing to compare (no recorded
// history, or an engine that keeps none).
func CompareEvents(c *Case, o *Outcome) (match bool, diff string, ok bool) {
	if c.Events == nil || o == nil || o.Events == nil {
		return false, "", false
	}
	n := len(c.Events)
	if len(o.Events) < n {
		n = len(o.Events)
	}
	for i := 0; i < n; i++ {
		if c.Events[i] != o.Events[i] {
			return false, fmt.Sprintf("event %d: want %s, got %s", i+1, c.Events[i], o.Events[i]), true
		}
	}
	if len(c.Events) != len(o.Events) {
		return false, fmt.Sprintf("want %d events, got %d (first %d agree)", len(c.Events), len(o.Events), n), true
	}
	return true, "", true
}

type comparer struct {
	placeholders map[string]bool
	diffs        []Diff
}

func (c *comparer) add(path, want, got string) {
	if len(c.diffs) < maxDiffs {
		c.diffs = append(c.diffs, Diff{Path: path, Want: want, Got: got})
	}
}

func (c *comparer) cause(want any, o *Outcome) {
	if !o.HasCause {
		c.add("expected.cause", truncate(render(want)), "no cause")
		return
	}
	if s, ok := want.(string); ok {
		c.value("expected.cause", s, o.Cause)
		return
	}
	// The snapshot parsed a cause that was JSON object text: parse the
	// engine's and compare the structure (the spacing is lost).
	got, err := value.ParseString(o.Cause)
	if err != nil {
		c.add("expected.cause", truncate(render(want)), truncate(quote(o.Cause))+" (not JSON)")
		return
	}
	c.value("expected.cause", want, got)
}

// value compares want (recorded) with got (engine) at path.
func (c *comparer) value(path string, want, got any) {
	if c.placeholders[path] {
		if s, ok := want.(string); ok {
			if !MatchPlaceholder(s, got) {
				c.add(path, truncate(quote(s))+" (placeholder)", truncate(render(got)))
			}
			return
		}
	}
	switch w := want.(type) {
	case *value.Object:
		g, ok := got.(*value.Object)
		if !ok {
			c.add(path, truncate(render(want)), truncate(render(got)))
			return
		}
		for i := 0; i < w.Len(); i++ {
			k, wv := w.At(i)
			gv, ok := g.Get(k)
			p := path + "." + k
			if !ok {
				c.add(p, truncate(render(wv)), "missing")
				continue
			}
			if wildcardKeys[k] {
				continue
			}
			c.value(p, wv, gv)
		}
		for i := 0; i < g.Len(); i++ {
			k, gv := g.At(i)
			if !w.Has(k) {
				c.add(path+"."+k, "missing", truncate(render(gv)))
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			c.add(path, truncate(render(want)), truncate(render(got)))
			return
		}
		if len(g) != len(w) {
			c.add(path, fmt.Sprintf("%d items %s", len(w), truncate(render(want))), fmt.Sprintf("%d items %s", len(g), truncate(render(got))))
			return
		}
		for i := range w {
			c.value(path+"["+strconv.Itoa(i)+"]", w[i], g[i])
		}
	default:
		if !value.Equal(want, got) {
			c.add(path, truncate(render(want)), truncate(render(got)))
		}
	}
}

// render prints a value as compact JSON for a diff; a number keeps its text
// and a Go value that is not a value is converted first.
func render(v any) string {
	switch v.(type) {
	case nil, bool, string, json.Number, []any, *value.Object:
		return value.String(v)
	}
	return value.String(value.FromGo(v))
}

func quote(s string) string { return value.String(s) }

// truncate keeps diff lines short.
func truncate(s string) string {
	const limit = 240
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("...(%d bytes)", len(s))
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// FormatDiffs renders differences one per line, indented.
func FormatDiffs(diffs []Diff, indent string) string {
	var b strings.Builder
	for _, d := range diffs {
		b.WriteString(indent)
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
