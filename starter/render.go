package starter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/workflows"
)

// timeLayout is how text output shows a timestamp.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// prettyJSON indents a JSON document for text output, keeping number texts
// as they are; text that is not JSON is returned unchanged.
func prettyJSON(raw json.RawMessage) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}

// formatTime renders a timestamp for text output ("" for none).
func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Local().Format(timeLayout)
}

// webUILink is the Web UI page of a run's history.
func webUILink(base, namespace, workflowID, runID string) string {
	if base == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + "/namespaces/" + url.PathEscape(namespace) +
		"/workflows/" + url.PathEscape(workflowID) + "/" + url.PathEscape(runID) + "/history"
}

// writeTable prints rows as aligned columns, without trailing blanks.
func writeTable(w io.Writer, rows [][]string) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, cell := range row {
			cells[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(cell)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for line := range strings.Lines(buf.String()) {
		if _, err := io.WriteString(w, strings.TrimRight(line, " \n")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// renderExecution prints an execution as labelled lines; the input and
// output follow as indented JSON.
func renderExecution(w io.Writer, ex *execution) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(label, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", label, v)
		}
	}
	line("Execution", ex.Name)
	line("State machine", ex.StateMachine)
	line("Status", ex.Status)
	line("Current state", ex.CurrentState)
	line("Workflow ID", ex.WorkflowID)
	line("Run ID", ex.RunID)
	line("Started", formatTime(ex.StartTime))
	line("Closed", formatTime(ex.CloseTime))
	line("Web UI", ex.WebUI)
	line("Error", ex.Error)
	if ex.Cause != nil {
		fmt.Fprintf(tw, "Cause:\t%s\n", *ex.Cause)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, block := range []struct {
		label string
		raw   json.RawMessage
	}{{"Input", ex.Input}, {"Output", ex.Output}} {
		if len(block.raw) > 0 {
			fmt.Fprintf(w, "%s:\n%s\n", block.label, prettyJSON(block.raw))
		}
	}
	return nil
}

// renderList prints executions as a table.
func renderList(w io.Writer, list []execution) error {
	rows := [][]string{{"NAME", "STATE MACHINE", "STATUS", "START", "CLOSE"}}
	for i := range list {
		ex := &list[i]
		rows = append(rows, []string{ex.Name, ex.StateMachine, ex.Status, formatTime(ex.StartTime), formatTime(ex.CloseTime)})
	}
	return writeTable(w, rows)
}

// renderASLHistory prints the interpreter's events as a table.
func renderASLHistory(w io.Writer, events []workflows.HistoryEvent) error {
	rows := [][]string{{"ID", "TIME", "EVENT", "STATE", "DETAIL"}}
	for _, ev := range events {
		t := ev.Timestamp
		rows = append(rows, []string{strconv.Itoa(ev.ID), formatTime(&t), ev.Type, ev.State, aslEventDetail(ev)})
	}
	return writeTable(w, rows)
}

// aslEventDetail is the one-line summary of what an event carries besides
// its state: the resource of a task, the error and cause of a failure, the
// index of a Map iteration.
func aslEventDetail(ev workflows.HistoryEvent) string {
	var parts []string
	if ev.Index != nil {
		parts = append(parts, fmt.Sprintf("index %d", *ev.Index))
	}
	if ev.Resource != "" {
		parts = append(parts, ev.Resource)
	}
	if ev.Error != "" {
		e := ev.Error
		if ev.Cause != "" {
			e += ": " + ev.Cause
		}
		parts = append(parts, e)
	} else if ev.Cause != "" {
		parts = append(parts, "cause: "+ev.Cause)
	}
	return oneLine(strings.Join(parts, "; "), 160)
}

// temporalEvent is one Temporal history event as the history fallback
// shows it.
type temporalEvent struct {
	ID      int64     `json:"id"`
	Time    time.Time `json:"time"`
	Type    string    `json:"type"`
	Summary string    `json:"summary,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// renderTemporalHistory prints Temporal events as a table.
func renderTemporalHistory(w io.Writer, events []temporalEvent) error {
	rows := [][]string{{"ID", "TIME", "EVENT", "SUMMARY", "DETAIL"}}
	for _, ev := range events {
		t := ev.Time
		rows = append(rows, []string{strconv.FormatInt(ev.ID, 10), formatTime(&t), ev.Type, oneLine(ev.Summary, 80), ev.Detail})
	}
	return writeTable(w, rows)
}

// problem is a definition problem in JSON output.
type problem struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// validation is the JSON output of validate (and of start on a bad
// definition).
type validation struct {
	Valid    bool      `json:"valid"`
	Problems []problem `json:"problems,omitempty"`
}

// renderProblems prints every problem as "POINTER: message", one a line.
func renderProblems(w io.Writer, problems []value.Problem) {
	for _, p := range problems {
		fmt.Fprintln(w, p.Error())
	}
}

func toValidation(problems []value.Problem) validation {
	v := validation{Valid: len(problems) == 0}
	for _, p := range problems {
		v.Problems = append(v.Problems, problem{Pointer: p.Pointer, Message: p.Message})
	}
	return v
}

// oneLine flattens s to a single line of at most max runes.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}
