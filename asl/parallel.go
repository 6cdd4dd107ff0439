package asl

// parallel runs one try of a Parallel state: every branch gets the
// effective parameters as input; the result is the array of branch outputs
// in branch order. If a branch fails, the state fails with its error.
func (r *run) parallel(f *frame) (any, error) {
	st := f.st
	eff, err := r.inputPath(f)
	if err != nil {
		return nil, err
	}
	params, err := r.parameters(f, eff)
	if err != nil {
		return nil, err
	}
	r.emit(Event{Type: "ParallelStateStarted", State: st.Name})
	jobs := make([]Job, len(st.Branches))
	for i, b := range st.Branches {
		jobs[i] = Job{Kind: ForkParallel, Index: i, Pointer: b.Pointer, Input: params, State: st.Name, machine: b, exec: r.exec}
	}
	results := r.rt.Fork(&ForkRequest{State: st.Name, Kind: ForkParallel, Jobs: jobs})
	r.adopt(results)
	if err := forkErr(results); err != nil {
		if !endsRun(err) {
			fe := asFailure(err)
			r.emit(Event{Type: "ParallelStateFailed", State: st.Name, Error: fe.Name, Cause: fe.Cause, HasCause: fe.HasCause})
		}
		return nil, err
	}
	// The branches' outputs were each within the limit; their array may
	// not be.
	result := outputs(results)
	if err := r.checkResult(f, result, "ParallelStateFailed"); err != nil {
		return nil, err
	}
	r.emit(Event{Type: "ParallelStateSucceeded", State: st.Name})
	return r.finish(f, result)
}
