package memory

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

var start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func TestRunTaskMovesTheClockAndTimesOut(t *testing.T) {
	rt := New(start, func(req *asl.TaskRequest) (any, time.Duration, error) { return "ok", 3 * time.Second, nil })
	out, err := rt.RunTask(&asl.TaskRequest{Resource: "x"})
	require.NoError(t, err)
	assert.Equal(t, "ok", out)
	assert.Equal(t, 3*time.Second, rt.Now().Sub(start))

	_, err = rt.RunTask(&asl.TaskRequest{Resource: "x", TimeoutSeconds: 2})
	assert.True(t, errors.Is(err, failure.Bare(failure.Timeout)))
	assert.Equal(t, 5*time.Second, rt.Now().Sub(start), "a timed-out task costs its timeout")
}

func TestNoHandlers(t *testing.T) {
	_, err := New(start, nil).RunTask(&asl.TaskRequest{Resource: "arn:x"})
	assert.ErrorContains(t, err, `"arn:x"`)
	_, _, err = Tasks{}.Func()(&asl.TaskRequest{Resource: "arn:y"})
	assert.True(t, errors.Is(err, failure.Bare(failure.TaskFailed)))
}

// TestForkLanes runs four 10-second Map iterations with MaxConcurrency 2:
// two lanes of two, so 20 seconds in all.
func TestForkLanes(t *testing.T) {
	m := asl.MustParse(`{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,
		"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}},"End":true}}}`)
	in, _ := value.ParseString(`[1,2,3,4]`)
	rt := New(start, nil)
	res := m.Execute(context.Background(), rt, asl.Execution{Input: in})
	require.Equal(t, asl.Succeeded, res.Status)
	assert.Equal(t, 20*time.Second, rt.Now().Sub(start))
}

func TestUUIDAndRandomAreRepeatable(t *testing.T) {
	a, b := New(start, nil), New(start, nil)
	u := a.UUID()
	assert.Equal(t, u, b.UUID())
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, u)
	assert.NotEqual(t, u, a.UUID())
	r := a.Random()
	assert.True(t, r >= 0 && r < 1)
}
