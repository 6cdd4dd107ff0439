package workflows

import (
	"encoding/json"
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
)

// maxChildEvents bounds the events a child workflow hands back for its
// parent's history, so that a long branch cannot push the result past
// Temporal's payload limit. Inputs and outputs are left out for the same
// reason; the child's own history query has them.
const maxChildEvents = 1000

// jobResult is what a child workflow that ran one Parallel branch or Map
// iteration returns: the job's output and its events, which the parent
// adds to its own ASL history as AWS shows branch events in the parent's.
type jobResult struct {
	// Marker is always 1; it tells this envelope from the bare output that
	// children of earlier versions returned.
	Marker int             `json:"aslJobResult"`
	Output json.RawMessage `json:"output"`
	Events []HistoryEvent  `json:"events,omitempty"`
}

// childEvents prepares a job's events for the parent: no inputs or
// outputs, and at most maxChildEvents (the first ones).
func childEvents(events []asl.Event) []HistoryEvent {
	if len(events) > maxChildEvents {
		events = events[:maxChildEvents]
	}
	out := toHistory(events)
	for i := range out {
		out[i].Input, out[i].Output = nil, nil
	}
	return out
}

// decodeJobResult reads a child's result, in either form.
func decodeJobResult(raw json.RawMessage) (any, []asl.Event, error) {
	v, err := value.Parse(raw)
	if err != nil {
		return nil, nil, err
	}
	if o, ok := v.(*value.Object); ok {
		if m, _ := o.Get("aslJobResult"); m != nil && o.Len() <= 3 {
			var env jobResult
			if err := json.Unmarshal(raw, &env); err == nil && env.Marker == 1 {
				out, err := value.Parse(env.Output)
				if err != nil {
					return nil, nil, err
				}
				return out, fromHistory(env.Events), nil
			}
		}
	}
	return v, nil, nil
}

// jobErrorEvents digs the events a failed child attached to its error.
func jobErrorEvents(err error) []asl.Event {
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) || !ae.HasDetails() {
		return nil
	}
	var d causeDetail
	if ae.Details(&d) != nil {
		return nil
	}
	return fromHistory(d.Events)
}

// fromHistory turns a child's HistoryEvents back into asl events; the
// parent renumbers them.
func fromHistory(h []HistoryEvent) []asl.Event {
	out := make([]asl.Event, len(h))
	for i, e := range h {
		out[i] = asl.Event{Type: e.Type, Time: e.Timestamp, State: e.State, Resource: e.Resource,
			Error: e.Error, Cause: e.Cause, HasCause: e.Cause != ""}
		if e.Index != nil {
			out[i].Index = *e.Index
		}
	}
	return out
}
