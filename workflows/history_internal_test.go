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
