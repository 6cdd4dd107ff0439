package workflows

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
)

// queryDataBudget bounds the bytes of inputs and outputs one answer to
// QueryHistory carries, and queryAnswerBudget the whole answer, so that it
// stays below Temporal's 2 MB limit on a query result however large the
// run's payloads or causes; past the first, events keep their type, state
// and error but not their data (DataOmitted); past the second, the answer
// ends with an EventsOmitted entry saying how many were left out.
const (
	queryDataBudget   = 768 << 10
	queryAnswerBudget = 1536 << 10
)

// EventsOmitted is the type of the entry that ends an answer to
// QueryHistory cut short by its size; its Cause says how many events of the
// run were left out.
const EventsOmitted = "EventsOmitted"

// historyPage answers QueryHistoryPage: the events after event id after,
// as many as fit in one answer.
func historyPage(events []asl.Event, after int) HistoryPage {
	// Event ids rise through the slice; find the first one past after.
	lo := sort.Search(len(events), func(i int) bool { return events[i].ID > after })
	rest := events[lo:]
	n := answerLength(rest)
	return HistoryPage{Events: toHistory(rest[:n]), More: n < len(rest)}
}

// answerLength is how many of events fit in one answer, at least one.
func answerLength(events []asl.Event) int {
	total := 0
	for i, ev := range events {
		total += metaSize(ev)
		if total > queryAnswerBudget-queryDataBudget && i > 0 {
			return i
		}
	}
	return len(events)
}

// metaSize estimates what an event takes in an answer besides its input
// and output: JSON framing and the timestamp take about 100 bytes.
func metaSize(ev asl.Event) int {
	return 100 + len(ev.Type) + len(ev.State) + len(ev.Resource) + len(ev.Error) + len(ev.Cause)
}

// historyAnswer is the answer to QueryHistory: the run's events, bounded in
// size.
func historyAnswer(events []asl.Event) []HistoryEvent {
	total := 0
	for i, ev := range events {
		total += metaSize(ev)
		if total > queryAnswerBudget-queryDataBudget {
			out := toHistory(events[:i])
			return append(out, HistoryEvent{Type: EventsOmitted, Cause: fmt.Sprintf(
				"%d later events of this run are left out to keep the answer under Temporal's 2 MB limit on a query result", len(events)-i)})
		}
	}
	return toHistory(events)
}

// toHistory renders the interpreter's events for QueryHistory.
func toHistory(events []asl.Event) []HistoryEvent {
	out := make([]HistoryEvent, len(events))
	budget := queryDataBudget
	data := func(v any, h *HistoryEvent) json.RawMessage {
		if budget <= 0 {
			h.DataOmitted = true
			return nil
		}
		n := value.Size(v, budget+1)
		if n > budget {
			budget, h.DataOmitted = 0, true
			return nil
		}
		budget -= n
		return json.RawMessage(value.Marshal(v))
	}
	for i, ev := range events {
		h := HistoryEvent{ID: ev.ID, Type: ev.Type, Timestamp: ev.Time, State: ev.State, Resource: ev.Resource, Error: ev.Error, Cause: ev.Cause}
		if ev.Input != nil {
			h.Input = data(ev.Input, &h)
		}
		if ev.Output != nil {
			h.Output = data(ev.Output, &h)
		}
		switch ev.Type {
		case "MapIterationStarted", "MapIterationSucceeded", "MapIterationFailed":
			idx := ev.Index
			h.Index = &idx
		}
		out[i] = h
	}
	return out
}
