package testsuite

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

// runTestState runs a TestState case (README §4.2) through asl.TestState
// on the memory runtime. A request asl.TestState refuses fails the case
// with AWS's error code and message: every TestState case in the corpus was
// answered by AWS.
func (e *MemoryEngine) runTestState(c *Case) (*Outcome, error) {
	start := e.Start
	if start.IsZero() {
		start = DefaultStart
	}
	req, err := BuildTestStateRequest(c)
	if err != nil {
		return nil, err
	}
	req.Execution.StartTime = start
	var needs []Need
	for _, n := range c.Needs {
		if !n.MockedByRequest {
			needs = append(needs, n)
		}
	}
	var rt *memory.Runtime
	lambdas, err := NewLambdas(needs, func() time.Time { return rt.Now() })
	if err != nil {
		return nil, &SkipError{Reason: err.Error()}
	}
	rt = memory.New(start, lambdas.Func())
	events := []string{}
	req.Execution.Observer = func(ev asl.Event) { events = append(events, ev.Type) }
	res, err := asl.TestState(req, rt, e.Options...)
	if err != nil {
		return nil, fmt.Errorf("asl.TestState refused the request: %w", err)
	}
	return OutcomeOfTestState(res, events), nil
}

// BuildTestStateRequest builds the asl.TestState request of a case from its
// definition, input and request fields. The role and execution names are
// the case's identity (IdentityFor), with an EXPRESS-style execution ARN as
// TestState's context object shows.
func BuildTestStateRequest(c *Case) (*asl.TestStateRequest, error) {
	r := c.Request
	req := &asl.TestStateRequest{
		Definition:      c.DefinitionJSON,
		StateName:       str(r, "stateName"),
		Input:           c.Input,
		InspectionLevel: asl.InspectionLevel(str(r, "inspectionLevel")),
	}
	req.RevealSecrets, _ = get(r, "revealSecrets").(bool)
	if mo := asObject(get(r, "mock")); mo != nil {
		mk := &asl.TestStateMock{Result: str(mo, "result"), FieldValidationMode: str(mo, "fieldValidationMode")}
		if eo := asObject(get(mo, "errorOutput")); eo != nil {
			fe := &failure.Error{Name: str(eo, "error")}
			if cause, ok := get(eo, "cause").(string); ok {
				fe.Cause, fe.HasCause = cause, true
			}
			mk.ErrorOutput = fe
		}
		req.Mock = mk
	}
	if sc := asObject(get(r, "stateConfiguration")); sc != nil {
		req.Config = asl.TestStateConfig{
			RetrierRetryCount:        intField(sc, "retrierRetryCount"),
			ErrorCausedByState:       str(sc, "errorCausedByState"),
			MapIterationFailureCount: intField(sc, "mapIterationFailureCount"),
			MapItemReaderData:        str(sc, "mapItemReaderData"),
		}
	}
	if text, ok := get(r, "context").(string); ok {
		ctx, err := value.ParseString(text)
		if err != nil {
			return nil, fmt.Errorf("request context: %w", err)
		}
		req.Context = ctx
	}
	id := IdentityFor(c)
	req.Execution = asl.Execution{
		Name:             id.Name,
		ID:               "arn:aws:states:" + defaultRegion + ":" + defaultAccount + ":express:" + id.StateMachineName + ":" + id.Name,
		RoleArn:          id.RoleArn,
		StateMachineName: id.StateMachineName,
		StateMachineID:   id.StateMachineID,
	}
	return req, nil
}

func intField(o *value.Object, k string) int {
	if n, ok := get(o, k).(json.Number); ok {
		if i, ok := value.Int(n); ok {
			return int(i)
		}
	}
	return 0
}

// OutcomeOfTestState converts an asl.TestStateResult to an Outcome.
func OutcomeOfTestState(res *asl.TestStateResult, events []string) *Outcome {
	o := &Outcome{Status: string(res.Status), Events: events, NextState: res.NextState}
	if res.Status == asl.Succeeded || res.Status == asl.CaughtError {
		o.Output = res.Output
	}
	if res.Error != nil {
		o.Error, o.Cause, o.HasCause = res.Error.Name, res.Error.Cause, res.Error.HasCause
	}
	if res.Inspection != nil {
		o.Inspection = res.Inspection.Object()
	}
	return o
}

// testState compares a TestState outcome with the recorded response:
// status, output, error and cause, next state and inspection data.
func (c *comparer) testState(tc *Case, o *Outcome) []Diff {
	exp := &tc.Expected
	if o.Status != exp.Status {
		got := quote(o.Status)
		if o.Error != "" {
			got += " (" + o.Error
			if o.HasCause {
				got += ": " + o.Cause
			}
			got += ")"
		}
		c.add("expected.status", quote(exp.Status), truncate(got))
		return c.diffs
	}
	if exp.HasOutput {
		c.value("expected.output", exp.Output, o.Output)
	}
	if o.Error != exp.Error {
		want := quote(exp.Error)
		if !exp.HasError {
			want = "no error"
		}
		c.add("expected.error", want, quote(o.Error))
	}
	switch {
	case exp.HasCause:
		c.cause(exp.Cause, o)
	case o.HasCause:
		c.add("expected.cause", "no cause", truncate(quote(o.Cause)))
	}
	if o.NextState != exp.NextState {
		want := quote(exp.NextState)
		if !exp.HasNextState {
			want = "no next state"
		}
		c.add("expected.nextState", want, quote(o.NextState))
	}
	c.inspection(exp.Inspection, o.Inspection)
	return c.diffs
}

// inspection compares inspection data. AWS sends every data field as JSON
// text; the snapshot parsed those that were JSON objects (README §5.3), so a
// recorded string is parsed before it is compared with the engine's value.
func (c *comparer) inspection(want, got *value.Object) {
	const path = "expected.inspectionData"
	switch {
	case want == nil && got == nil:
		return
	case want == nil:
		c.add(path, "none", truncate(render(got)))
		return
	case got == nil:
		c.add(path, truncate(render(want)), "none")
		return
	}
	for i := 0; i < want.Len(); i++ {
		k, wv := want.At(i)
		p := path + "." + k
		gv, ok := got.Get(k)
		if !ok {
			c.add(p, truncate(render(wv)), "missing")
			continue
		}
		if s, isText := wv.(string); isText && !c.placeholders[p] {
			if parsed, err := value.ParseString(s); err == nil {
				wv = parsed
			}
		}
		c.value(p, wv, gv)
	}
	for i := 0; i < got.Len(); i++ {
		k, gv := got.At(i)
		if !want.Has(k) {
			c.add(path+"."+k, "missing", truncate(render(gv)))
		}
	}
}
