package testsuite

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
)

// Engine runs one execution case. The in-memory executor is one; the
// Temporal workflow will be another, driven by the same runner and
// comparison.
type Engine interface {
	// Name identifies the engine in reports ("memory").
	Name() string
	// Run executes the case's definition with its input and reports how the
	// execution ended. An error means the engine could not run the case at
	// all (the case then fails with it), except a *SkipError, which skips it.
	Run(c *Case) (*Outcome, error)
}

// SkipError is returned by an engine that cannot run a case for a reason of
// its own (a feature it does not offer yet).
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return "skip: " + e.Reason }

// DefaultStart is the fake clock's start for every execution: fixed, so runs
// are repeatable, with milliseconds so their formatting is exercised.
var DefaultStart = time.Date(2024, time.March, 14, 15, 9, 26, 535_000_000, time.UTC)

// Identity is the names and ARNs an execution is started with (README §3:
// region us-east-1, account 111111111111).
type Identity struct {
	Name             string // execution name
	ID               string // execution ARN
	StateMachineName string
	StateMachineID   string // state machine ARN
	RoleArn          string
}

// IdentityFor derives a case's execution identity from its name, so it is
// the same on every run and every engine. An EXPRESS machine's executions
// have ARNs of the form ...:express:<machine>:<name>:<id>.
func IdentityFor(c *Case) Identity {
	sum := sha256.Sum256([]byte(c.Name))
	name := uuidFrom(sum[:16])
	sm := fmt.Sprintf("StateMachine-%x", sum[16:22])
	prefix := "arn:aws:states:" + defaultRegion + ":" + defaultAccount + ":"
	id := Identity{
		Name:             name,
		StateMachineName: sm,
		StateMachineID:   prefix + "stateMachine:" + sm,
		RoleArn:          "arn:aws:iam::" + defaultAccount + ":role/StepFunctionsConformanceRole",
	}
	if c.StateMachineType == "EXPRESS" {
		second := sha256.Sum256(sum[:])
		id.ID = prefix + "express:" + sm + ":" + name + ":" + uuidFrom(second[:16])
	} else {
		id.ID = prefix + "execution:" + sm + ":" + name
	}
	return id
}

func uuidFrom(b []byte) string {
	var u [16]byte
	copy(u[:], b)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// MemoryEngine runs cases on asl's in-memory runtime with a fake clock and
// the Lambda test doubles.
type MemoryEngine struct {
	// Start is the fake clock's start; zero means DefaultStart.
	Start time.Time
	// Options are passed to asl.Parse (the payload limit defaults to AWS's
	// 256 KiB in asl itself).
	Options []asl.Option
}

// Name implements Engine.
func (e *MemoryEngine) Name() string { return "memory" }

// Run implements Engine: parse the definition, build the doubles from the
// case's needs and execute once, recording the history event types.
func (e *MemoryEngine) Run(c *Case) (*Outcome, error) {
	if c.Kind == TestState {
		return e.runTestState(c)
	}
	m, err := asl.Parse(c.DefinitionJSON, e.Options...)
	if err != nil {
		return nil, fmt.Errorf("asl.Parse rejected the definition: %w", err)
	}
	start := e.Start
	if start.IsZero() {
		start = DefaultStart
	}
	var rt *memory.Runtime
	lambdas, err := NewLambdas(c.Needs, func() time.Time { return rt.Now() })
	if err != nil {
		return nil, &SkipError{Reason: err.Error()}
	}
	rt = memory.New(start, lambdas.Func())
	id := IdentityFor(c)
	events := []string{}
	res := m.Execute(context.Background(), rt, asl.Execution{
		Input:            c.Input,
		Name:             id.Name,
		ID:               id.ID,
		RoleArn:          id.RoleArn,
		StateMachineName: id.StateMachineName,
		StateMachineID:   id.StateMachineID,
		StartTime:        start,
		Express:          c.StateMachineType == "EXPRESS",
		Observer:         func(ev asl.Event) { events = append(events, ev.Type) },
	})
	return OutcomeOf(res, events), nil
}

// OutcomeOf converts an asl.Result (and the event types seen) to an Outcome.
func OutcomeOf(res *asl.Result, events []string) *Outcome {
	o := &Outcome{Status: string(res.Status), Events: events}
	if res.Status == asl.Succeeded {
		o.Output = res.Output
	}
	if res.Error != nil {
		o.Error = res.Error.Name
		o.Cause = res.Error.Cause
		o.HasCause = res.Error.HasCause
	}
	return o
}
