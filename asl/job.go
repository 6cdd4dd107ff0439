package asl

// Job is one Parallel branch or Map iteration handed to Runtime.Fork.
// Pointer, Index and Input say what to run; Run runs it in this process on
// the runtime it is given (the memory runtime calls it directly; a Temporal
// child workflow does the same on its side).
type Job struct {
	Kind    ForkKind
	Index   int    // branch index, or the item's index in the Map's items
	Pointer string // the branch or item processor in the root definition
	Input   any
	State   string // the Parallel or Map state that forked

	machine *StateMachine
	exec    *execInfo
}

// Run runs the job's state machine from its StartAt on rt and returns its
// output, or its error (a *failure.Error for an ASL failure).
func (j *Job) Run(rt Runtime) (any, error) {
	r := &run{rt: rt, exec: j.exec}
	if j.Kind == ForkMap {
		r.emit(Event{Type: "MapIterationStarted", State: j.State, Index: j.Index})
	}
	out, err := r.machine(j.machine, j.Input)
	if j.Kind == ForkMap {
		typ := "MapIterationSucceeded"
		if err != nil {
			typ = "MapIterationFailed"
		}
		r.emit(Event{Type: typ, State: j.State, Index: j.Index})
	}
	return out, err
}

// forkErr picks the error a fork ends with: an execution timeout wins, then
// the first failed job in job order.
func forkErr(results []JobResult) error {
	var first error
	for _, res := range results {
		if res.Err == nil || res.Err == ErrNotRun {
			continue
		}
		if res.Err == errTimedOut {
			return res.Err
		}
		if first == nil {
			first = res.Err
		}
	}
	return first
}

func outputs(results []JobResult) []any {
	out := make([]any, len(results))
	for i, res := range results {
		out[i] = res.Output
	}
	return out
}
