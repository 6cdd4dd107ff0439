package workflows

import (
	"encoding/json"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
)

// toHistory renders the interpreter's events for QueryHistory.
func toHistory(events []asl.Event) []HistoryEvent {
	out := make([]HistoryEvent, len(events))
	for i, ev := range events {
		h := HistoryEvent{ID: ev.ID, Type: ev.Type, Timestamp: ev.Time, State: ev.State, Resource: ev.Resource, Error: ev.Error, Cause: ev.Cause}
		if ev.Input != nil {
			h.Input = json.RawMessage(value.Marshal(ev.Input))
		}
		if ev.Output != nil {
			h.Output = json.RawMessage(value.Marshal(ev.Output))
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
