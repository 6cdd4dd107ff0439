package asl

// pass runs a Pass state: its result is Result if given, else Parameters
// applied to the effective input, else the effective input itself.
func (r *run) pass(f *frame) (any, error) {
	eff, err := r.inputPath(f)
	if err != nil {
		return nil, err
	}
	var result any
	switch {
	case f.st.HasResult:
		result = f.st.Result
	default:
		if result, err = r.parameters(f, eff); err != nil {
			return nil, err
		}
	}
	// A static Result is measured once, at Parse. Results built by
	// Parameters are not measured: their parts come from the input, which
	// was measured where it was produced (a task result or the execution
	// input), and walking every template result would double the cost of a
	// Pass state.
	if f.st.HasResult && f.st.resultSize > r.limit() && r.limit() > 0 {
		return nil, r.checkSize(f, result, r.limit())
	}
	return r.finish(f, result)
}

func (r *run) limit() int { return r.exec.maxPayload }
