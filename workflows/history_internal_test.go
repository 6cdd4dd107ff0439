package workflows

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/aslworker/aslworker/asl"
)

func TestHistoryAnswerStaysSmall(t *testing.T) {
	big := strings.Repeat("x", 250_000)
	events := make([]asl.Event, 40)
	for i := range events {
		events[i] = asl.Event{ID: i + 1, Type: "PassStateExited", State: "P", Output: big}
	}
	h := toHistory(events)
	raw, err := json.Marshal(h)
	assert.NoError(t, err)
	assert.Less(t, len(raw), queryDataBudget+100_000, "40 outputs of 250 KB fit in one answer")
	assert.NotEmpty(t, h[0].Output)
	assert.False(t, h[0].DataOmitted)
	assert.Empty(t, h[39].Output)
	assert.True(t, h[39].DataOmitted)
	assert.Equal(t, "PassStateExited", h[39].Type, "an event without its data keeps the rest")
}

func TestHistoryAnswerIsCutBeforeTheQueryLimit(t *testing.T) {
	cause := strings.Repeat("c", 2000)
	events := make([]asl.Event, 10000)
	for i := range events {
		events[i] = asl.Event{ID: i + 1, Type: "TaskFailed", State: "T", Error: "E", Cause: cause, Output: "o"}
	}
	h := historyAnswer(events)
	raw, err := json.Marshal(h)
	assert.NoError(t, err)
	assert.Less(t, len(raw), 2<<20, "under Temporal's 2 MB query result limit")
	last := h[len(h)-1]
	assert.Equal(t, EventsOmitted, last.Type)
	assert.Contains(t, last.Cause, "later events of this run are left out")
	assert.Equal(t, len(h)-1, h[len(h)-2].ID)

	small := historyAnswer(events[:10])
	assert.Len(t, small, 10)
}

func TestHistoryPagesCoverTheRun(t *testing.T) {
	cause := strings.Repeat("c", 500)
	events := make([]asl.Event, 20000)
	for i := range events {
		events[i] = asl.Event{ID: i + 1, Type: "TaskFailed", State: "T", Error: "E", Cause: cause, Output: "o"}
	}
	after, seen, pages := 0, 0, 0
	for {
		p := historyPage(events, after)
		raw, err := json.Marshal(p)
		assert.NoError(t, err)
		assert.Less(t, len(raw), 2<<20, "each page under Temporal's 2 MB query result limit")
		for _, ev := range p.Events {
			seen++
			assert.Equal(t, seen, ev.ID)
		}
		pages++
		if !p.More {
			break
		}
		after = p.Events[len(p.Events)-1].ID
	}
	assert.Equal(t, 20000, seen)
	assert.Greater(t, pages, 1)
	assert.Empty(t, historyPage(events, 20000).Events)
}
