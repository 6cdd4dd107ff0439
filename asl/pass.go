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
	// A static Result is measured once, at Parse; a result built by
	// Parameters as the template builds it (see io.go).
	if f.st.HasResult && f.st.resultSize > r.limit() && r.limit() > 0 {
		return nil, r.checkSize(f, result)
	}
	return r.finish(f, result)
}

func (r *run) limit() int { return r.exec.maxPayload }
