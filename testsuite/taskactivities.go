package testsuite

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
)

// ActivityFunc is the shape of the Go activities that serve a case's Task
// states on Temporal: the task's effective input in, its result out.
type ActivityFunc = func(ctx context.Context, in json.RawMessage) (json.RawMessage, error)

// TaskActivities serves one case's Task states from its Lambda doubles as
// Temporal activities (one per Resource, registered with
// activities.Registry.RegisterFunc). It is safe for concurrent use:
// Parallel branches and Map iterations call it from several activities at
// once, and the doubles' request ids come from one seeded generator.
type TaskActivities struct {
	mu      sync.Mutex
	lambdas *Lambdas
	now     time.Time // the running call's start, for the doubles' Date header
}

// NewTaskActivities builds the doubles a case needs. An error means the
// case needs a double the harness does not have.
func NewTaskActivities(c *Case) (*TaskActivities, error) {
	a := &TaskActivities{}
	l, err := NewLambdas(c.Needs, func() time.Time { return a.now })
	if err != nil {
		return nil, err
	}
	a.lambdas = l
	return a, nil
}

// TaskResources lists the Task resources of a case's definition that the
// Lambda doubles serve (function ARNs and arn:aws:states:::lambda:invoke),
// sorted. Any other resource is left unregistered, so the interpreter fails
// it as an unknown resource (the memory engine fails it too).
func TaskResources(c *Case) []string {
	var out []string
	for _, r := range scanDefinition(c.Definition).resources {
		if r == lambdaInvoke || isLambdaARN(r) {
			out = append(out, r)
		}
	}
	return out
}

// Register serves every resource of resources from the doubles, in real
// time (see Func).
func (a *TaskActivities) Register(reg *activities.Registry, resources []string) {
	for _, r := range resources {
		reg.RegisterFunc(r, a.Func(r))
	}
}

// Func is the activity serving resource in real time. A double that
// simulates a long call (a Lambda that sleeps 60 s) really takes that long
// here, or until the activity's context ends: when the state's
// TimeoutSeconds (the activity's start-to-close timeout) or
// HeartbeatSeconds (the double never heartbeats) is shorter, Temporal
// times the activity out, which the interpreter reports as States.Timeout
// or States.HeartbeatTimeout.
func (a *TaskActivities) Func(resource string) ActivityFunc {
	return func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		out, took, err := a.call(ctx, resource, in)
		if took > 0 {
			t := time.NewTimer(took)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return out, err
	}
}

// fakeTimeFunc is the activity serving resource once the test environment
// has already let the call's simulated time pass on the workflow clock (see
// mockDurations): it answers at once, with the timeout Temporal would have
// reported if the call outlives the activity's timeouts.
func (a *TaskActivities) fakeTimeFunc(resource string) ActivityFunc {
	return func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		out, took, err := a.call(ctx, resource, in)
		if limit, kind := activityLimit(ctx); took > limit {
			if kind == enumspb.TIMEOUT_TYPE_HEARTBEAT {
				return nil, temporal.NewHeartbeatTimeoutError()
			}
			return nil, temporal.NewTimeoutError(kind, nil)
		}
		return out, err
	}
}

// call runs the double for one activity: the result as JSON, the time the
// call would take and the error, converted so that it keeps its ASL name.
func (a *TaskActivities) call(ctx context.Context, resource string, in json.RawMessage) (json.RawMessage, time.Duration, error) {
	req, err := taskRequest(resource, in)
	if err != nil {
		return nil, 0, err
	}
	a.mu.Lock()
	if activity.IsActivity(ctx) {
		a.now = activity.GetInfo(ctx).StartedTime
	}
	out, took, err := a.lambdas.Run(req)
	a.mu.Unlock()
	if err != nil {
		return nil, took, activities.ToApplicationError(err)
	}
	return json.RawMessage(value.Marshal(out)), took, nil
}

// duration is how long the double serving resource takes for input in,
// without calling it (the handlers' durations do not depend on the event,
// and calling would draw a request id).
func (a *TaskActivities) duration(resource string, in json.RawMessage) time.Duration {
	req, err := taskRequest(resource, in)
	if err != nil {
		return 0
	}
	var name string
	switch {
	case req.Resource == lambdaInvoke:
		params, _ := req.Input.(*value.Object)
		fn, _ := get(params, "FunctionName").(string)
		name, _, _ = parseFunctionName(fn)
	case isLambdaARN(req.Resource):
		name, _, _ = parseFunctionName(req.Resource)
	default:
		return 0
	}
	h, ok := a.lambdas.functions[name]
	if !ok {
		return 0
	}
	return handlers[h](value.NewObject(0)).took
}

// durations lists the distinct non-zero durations of the case's doubles,
// shortest first.
func (a *TaskActivities) durations() []time.Duration {
	seen := map[time.Duration]bool{}
	var out []time.Duration
	for _, h := range a.lambdas.functions {
		if d := handlers[h](value.NewObject(0)).took; d > 0 && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func taskRequest(resource string, in json.RawMessage) (*asl.TaskRequest, error) {
	req := &asl.TaskRequest{Resource: resource}
	if len(in) > 0 {
		v, err := value.Parse(in)
		if err != nil {
			return nil, fmt.Errorf("the task input is not valid JSON: %w", err)
		}
		req.Input = v
	}
	return req, nil
}

// activityLimit is how long the running activity may take before Temporal
// times it out: its start-to-close timeout, or its heartbeat timeout when
// that is shorter (the doubles never heartbeat). No limit is a very long
// one.
func activityLimit(ctx context.Context) (time.Duration, enumspb.TimeoutType) {
	const forever = time.Duration(1<<63 - 1)
	if !activity.IsActivity(ctx) {
		return forever, enumspb.TIMEOUT_TYPE_UNSPECIFIED
	}
	info := activity.GetInfo(ctx)
	limit, kind := info.StartToCloseTimeout, enumspb.TIMEOUT_TYPE_START_TO_CLOSE
	if limit <= 0 {
		limit = forever
	}
	if hb := info.HeartbeatTimeout; hb > 0 && hb < limit {
		limit, kind = hb, enumspb.TIMEOUT_TYPE_HEARTBEAT
	}
	return limit, kind
}
