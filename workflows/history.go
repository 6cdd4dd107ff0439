package workflows

import (
	"encoding/json"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
)

// queryDataBudget bounds the bytes of inputs and outputs one answer to
// QueryHistory carries, so that the answer stays far below gRPC's 4 MB
// message limit however large the run's payloads; past it, events keep
// their type, state and error but not their data (DataOmitted).
const queryDataBudget = 1 << 20

// toHistory renders the interpreter's events for QueryHistory.
func toHistory(events []asl.Event) []HistoryEvent {
	out := make([]HistoryEvent, len(events))
	budget := queryDataBudget
	data := func(v any, h *HistoryEvent) json.RawMessage {
		if budget <= 0 {
			h.DataOmitted = true
			return nil
		}
		if n := value.Size(v, budget+1); n > budget {
			budget, h.DataOmitted = 0, true
			return nil
		} else {
			budget -= n
		}
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
