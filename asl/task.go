package asl

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/jsonpath"
)

// attempt runs one try of a Task, Parallel or Map state, from its raw input
// to its output. Retry and Catch are handled by withRetry around it.
func (r *run) attempt(f *frame) (any, error) {
	switch f.st.Type {
	case TypeParallel:
		return r.parallel(f)
	case TypeMap:
		return r.mapState(f)
	}
	return r.task(f)
}

// task runs one try of a Task state through the runtime.
func (r *run) task(f *frame) (any, error) {
	st := f.st
	if st.waitForToken && f.token == "" {
		f.token = r.rt.UUID()
	}
	eff, err := r.inputPath(f)
	if err != nil {
		return nil, err
	}
	params, err := r.parameters(f, eff)
	if err != nil {
		return nil, err
	}
	req := &TaskRequest{State: st.Name, Resource: st.Resource, Input: params, TaskToken: f.token, Attempt: f.retries,
		TimeoutSeconds: st.TimeoutSeconds, HeartbeatSeconds: st.HeartbeatSeconds}
	if st.TimeoutSecondsPath != nil {
		if req.TimeoutSeconds, err = r.positiveInt(f, st.TimeoutSecondsPath, "TimeoutSecondsPath", eff); err != nil {
			return nil, err
		}
	}
	if st.HeartbeatSecondsPath != nil {
		if req.HeartbeatSeconds, err = r.positiveInt(f, st.HeartbeatSecondsPath, "HeartbeatSecondsPath", eff); err != nil {
			return nil, err
		}
	}
	if st.Credentials != nil {
		if req.Credentials, err = r.template(f, st.Credentials, eff); err != nil {
			return nil, err
		}
	}
	// The execution's own deadline caps the task; a task stopped by it ends
	// the execution rather than failing the state.
	capped := false
	if dl := r.exec.deadline; !dl.IsZero() {
		left := int64(dl.Sub(r.rt.Now()).Seconds() + 0.999999)
		if left <= 0 {
			return nil, ErrExecutionTimedOut
		}
		if req.TimeoutSeconds == 0 || left < req.TimeoutSeconds {
			req.TimeoutSeconds, capped = left, true
		}
	}
	kind := taskEventKind(st.Resource)
	r.emit(Event{Type: kind + "Scheduled", State: st.Name, Resource: st.Resource, Input: params})
	r.emit(Event{Type: kind + "Started", State: st.Name, Resource: st.Resource})
	result, err := r.rt.RunTask(req)
	if err != nil {
		if endsRun(err) {
			return nil, err
		}
		fe := asFailure(err)
		if errors.Is(err, ErrResultTooLarge) {
			fe = r.dataLimit(f)
		}
		if capped && fe.Name == failure.Timeout {
			return nil, ErrExecutionTimedOut
		}
		typ := kind + "Failed"
		if fe.Name == failure.Timeout || fe.Name == failure.HeartbeatTimeout {
			typ = kind + "TimedOut"
		}
		r.emit(Event{Type: typ, State: st.Name, Error: fe.Name, Cause: fe.Cause, HasCause: fe.HasCause})
		return nil, fe
	}
	if err := r.checkResult(f, result, kind+"Failed"); err != nil {
		return nil, err
	}
	r.emit(Event{Type: kind + "Succeeded", State: st.Name, Output: result})
	return r.finish(f, result)
}

// taskEventKind names a Task's history events as AWS does: a Lambda function
// ARN as the Resource gives LambdaFunction* events, anything else Task*.
func taskEventKind(resource string) string {
	if strings.HasPrefix(resource, "arn:aws:lambda:") || strings.Contains(resource, ":lambda:") && strings.Contains(resource, ":function:") {
		return "LambdaFunction"
	}
	return "Task"
}

// positiveInt reads a TimeoutSecondsPath-style field from the effective input.
func (r *run) positiveInt(f *frame, p *jsonpath.Path, field string, eff any) (int64, error) {
	v, err := p.Get(eff, r.context(f))
	if err != nil {
		var pe *jsonpath.Error
		if errors.As(err, &pe) {
			return 0, r.stateErr(f, failure.New(failure.Runtime,
				"The %s parameter does not reference an input value: %s", field, p.String()))
		}
		return 0, r.stateErr(f, err)
	}
	n, ok := v.(json.Number)
	i, isInt := int64(0), false
	if ok {
		i, isInt = intValue(n)
	}
	if !isInt || i <= 0 {
		return 0, r.stateErr(f, failure.New(failure.Runtime,
			"The %s field refers to value \"%s\" which is not a valid positive integer: %s", field, text(v), p.String()))
	}
	return i, nil
}
