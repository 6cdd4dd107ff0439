package failure

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatches(t *testing.T) {
	tests := []struct {
		equals []string
		name   string
		want   bool
	}{
		{[]string{"Custom"}, "Custom", true},
		{[]string{"Custom"}, "Other", false},
		{[]string{ALL}, "Custom", true},
		{[]string{ALL}, Timeout, true},
		{[]string{ALL}, DataLimitExceeded, true},
		{[]string{ALL}, Runtime, false},
		{[]string{Runtime}, Runtime, false},
		{[]string{TaskFailed}, "Lambda.Unknown", true},
		{[]string{TaskFailed}, Timeout, false},
		{[]string{TaskFailed, Timeout}, Timeout, true},
		{[]string{}, "Custom", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Matches(tc.equals, tc.name), "%v matches %s", tc.equals, tc.name)
	}
}

func TestErrorIsAndText(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", New(Timeout, "after %d s", 5))
	assert.True(t, errors.Is(err, Bare(Timeout)))
	assert.False(t, errors.Is(err, Bare(TaskFailed)))
	var fe *Error
	assert.True(t, errors.As(err, &fe))
	assert.Equal(t, "States.Timeout: after 5 s", fe.Error())
	assert.Equal(t, "States.Timeout", Bare(Timeout).Error())
}
