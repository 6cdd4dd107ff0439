package testsuite

import (
	"context"
	"fmt"
	"time"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
)

// BatchEngine is an Engine that runs best with every case in flight at
// once, like one on a real Temporal server, where executions take real time
// and mostly wait. Begin is given the cases the runner will ask for, before
// the first Run; Run then collects each case's outcome; Close releases what
// the engine holds (a server, a worker).
type BatchEngine interface {
	Engine
	Begin(cases []*Case) error
	Close() error
}

// SimulatedDuration is how long an execution of c lasts on the memory
// engine's fake clock: its Waits, retry intervals, task durations and
// timeouts, as they add up along the path it takes. An engine that runs in
// real time needs about that long for the case.
func SimulatedDuration(c *Case) (time.Duration, error) {
	m, err := asl.Parse(c.DefinitionJSON)
	if err != nil {
		return 0, fmt.Errorf("asl.Parse rejected the definition: %w", err)
	}
	var rt *memory.Runtime
	lambdas, err := NewLambdas(c.Needs, func() time.Time { return rt.Now() })
	if err != nil {
		return 0, err
	}
	rt = memory.New(DefaultStart, lambdas.Func())
	id := IdentityFor(c)
	m.Execute(context.Background(), rt, asl.Execution{
		Input:            c.Input,
		Name:             id.Name,
		ID:               id.ID,
		RoleArn:          id.RoleArn,
		StateMachineName: id.StateMachineName,
		StateMachineID:   id.StateMachineID,
		StartTime:        DefaultStart,
		Express:          c.StateMachineType == "EXPRESS",
	})
	return rt.Now().Sub(DefaultStart), nil
}
