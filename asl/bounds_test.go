package asl_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

// endless never ends: a Pass and a Choice chasing each other.
const endless = `{"StartAt":"A","States":{
	"A":{"Type":"Pass","Next":"B"},
	"B":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"Done"}],"Default":"A"},
	"Done":{"Type":"Succeed"}}}`

// stepping is a memory runtime that watches Step: it counts steps and top
// steps, cancels a context after cancelAt steps, and hands off every
// handOffEvery top-level steps.
type stepping struct {
	*memory.Runtime
	steps, top   int
	cancelAt     int
	cancel       context.CancelFunc
	handOffEvery int
}

func (s *stepping) Step(top bool) (bool, error) {
	s.steps++
	if s.cancelAt > 0 && s.steps == s.cancelAt {
		s.cancel()
	}
	if !top {
		return false, nil
	}
	s.top++
	return s.handOffEvery > 0 && s.top%s.handOffEvery == 0, nil
}

func TestExecuteStopsWhenItsContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rt := &stepping{Runtime: memory.New(t0, nil), cancelAt: 10000, cancel: cancel}
	res := asl.MustParse(endless).Execute(ctx, rt, asl.Execution{})
	require.Equal(t, asl.Aborted, res.Status)
	assert.ErrorIs(t, res.Abort, context.Canceled)
	assert.Equal(t, 10000, rt.steps, "the run stops before the first state after the context is done")
}

func TestExecuteDoneBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := asl.MustParse(endless).Execute(ctx, memory.New(t0, nil), asl.Execution{})
	assert.Equal(t, asl.Aborted, res.Status)
}

func TestMaxTransitionsStopsARunawayLoop(t *testing.T) {
	m := asl.MustParse(endless)
	res := m.Execute(context.Background(), memory.New(t0, nil), asl.Execution{MaxTransitions: 1000})
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.Runtime, res.Error.Name)
	assert.Contains(t, res.Error.Cause, "limit of 1000 state transitions")
	assert.Contains(t, res.Error.Cause, "'A'", "names the state it stopped before")

	// A catcher cannot take it, in a branch either.
	caught := `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[` + endless + `],
		"Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},"C":{"Type":"Succeed"}}}`
	res = asl.MustParse(caught).Execute(context.Background(), memory.New(t0, nil), asl.Execution{MaxTransitions: 500})
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.Runtime, res.Error.Name)

	// Exactly at the limit is allowed: 3 states entered.
	stop := `{"stop":true}`
	in, _ := value.ParseString(stop)
	res = m.Execute(context.Background(), memory.New(t0, nil), asl.Execution{Input: in, MaxTransitions: 3})
	assert.Equal(t, asl.Succeeded, res.Status)
	res = m.Execute(context.Background(), memory.New(t0, nil), asl.Execution{Input: in, MaxTransitions: 2})
	assert.Equal(t, asl.Failed, res.Status)
}

// counter loops to 60 with a Task, a Wait and a Parallel on the way, so a
// hand-off can fall before any kind of state.
const counter = `{"StartAt":"Init","States":{
	"Init":{"Type":"Pass","Result":{"n":0},"Next":"Loop"},
	"Loop":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThanEquals":60,"Next":"Done"}],"Default":"Work"},
	"Work":{"Type":"Task","Resource":"arn:aws:states:::x","Parameters":{"n.$":"$.n","id.$":"$$.Execution.Name"},"Next":"Nap"},
	"Nap":{"Type":"Wait","Seconds":2,"Next":"Fan"},
	"Fan":{"Type":"Parallel","Branches":[{"StartAt":"I","States":{"I":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"End":true}}}],
		"OutputPath":"$[0]","Next":"Loop"},
	"Done":{"Type":"Pass","Parameters":{"n.$":"$.n","start.$":"$$.Execution.StartTime"},"End":true}}}`

func counterTask(req *asl.TaskRequest) (any, time.Duration, error) {
	n, _ := req.Input.(*value.Object).Get("n")
	o := value.NewObject(1)
	o.Set("n", n)
	return o, time.Second, nil
}

func TestHandOffResumesWhereItStopped(t *testing.T) {
	m := asl.MustParse(counter)
	ex := asl.Execution{Name: "c1", StartTime: t0}
	var whole []asl.Event
	ex.Observer = func(e asl.Event) { whole = append(whole, e) }
	want := m.Execute(context.Background(), memory.New(t0, counterTask), ex)
	require.Equal(t, asl.Succeeded, want.Status, "%v", want.Error)
	assert.Equal(t, `{"start":"2024-05-01T12:00:00.000Z","n":60}`, value.String(want.Output), "Java HashMap order, as AWS")

	for _, every := range []int{1, 2, 7, 1000} {
		var events []asl.Event
		ex.Observer = func(e asl.Event) { events = append(events, e) }
		ex.Resume = nil
		rt := &stepping{Runtime: memory.New(t0, counterTask), handOffEvery: every}
		runs := 0
		var res *asl.Result
		for {
			res = m.Execute(context.Background(), rt, ex)
			if res.Status != asl.Continued {
				break
			}
			runs++
			require.Equal(t, runs, res.Resume.Runs)
			// The resume point crosses a process boundary as JSON.
			ex.Resume = res.Resume
			rt.Runtime = memory.New(rt.Now(), counterTask)
			require.Less(t, runs, 10000, "every run makes progress")
		}
		require.Equal(t, asl.Succeeded, res.Status, "every %d: %v", every, res.Error)
		assert.Equal(t, value.String(want.Output), value.String(res.Output), "every %d", every)
		require.Len(t, events, len(whole), "every %d: the same events, numbered on", every)
		for i := range whole {
			assert.Equal(t, whole[i].ID, events[i].ID)
			assert.Equal(t, whole[i].Type, events[i].Type)
		}
		if every < 1000 {
			assert.Greater(t, runs, 10, "every %d hands off", every)
		} else {
			assert.Zero(t, runs)
		}
	}
}

func TestResumeAtAnUnknownState(t *testing.T) {
	res := asl.MustParse(counter).Execute(context.Background(), memory.New(t0, nil),
		asl.Execution{Resume: &asl.Resume{State: "Nope", Input: []byte(`{}`)}})
	require.Equal(t, asl.Failed, res.Status)
	assert.True(t, strings.Contains(res.Error.Cause, `"Nope"`), res.Error.Cause)
}

func TestExecuteStopsBetweenRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	rt := memory.New(t0, func(*asl.TaskRequest) (any, time.Duration, error) {
		calls++
		if calls == 1000 {
			cancel()
		}
		return nil, 0, failure.New("Flaky", "again")
	})
	m := asl.MustParse(`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x","End":true,
		"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":99999999,"IntervalSeconds":1,"BackoffRate":1}]}}}`)
	res := m.Execute(ctx, rt, asl.Execution{})
	require.Equal(t, asl.Aborted, res.Status)
	assert.Equal(t, 1000, calls)
}

func TestResultTooLargeForTheRuntime(t *testing.T) {
	res, _, events := runDef(t, `{"StartAt":"Big","States":{"Big":{"Type":"Task","Resource":"arn:aws:states:::x","End":true}}}`, `{}`,
		func(*asl.TaskRequest) (any, time.Duration, error) { return nil, 0, asl.ErrResultTooLarge })
	require.Equal(t, asl.Failed, res.Status)
	assert.Equal(t, failure.DataLimitExceeded, res.Error.Name)
	assert.Equal(t, "The state/task 'Big' returned a result with a size exceeding the maximum number of bytes service limit.", res.Error.Cause)
	assert.Contains(t, eventTypes(events), "TaskFailed")
}
