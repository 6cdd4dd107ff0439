package asl

import "github.com/aslworker/aslworker/asl/failure"

// fail runs a Fail state: it ends the execution (or the branch) with Error
// and Cause, or with what ErrorPath and CausePath select from the input.
func (r *run) fail(f *frame) error {
	st := f.st
	fe := &failure.Error{Name: st.Error, Cause: st.Cause, HasCause: st.HasCause}
	if st.ErrorPath != nil {
		v, err := st.ErrorPath.eval(r, f, f.raw)
		if err != nil {
			return err
		}
		fe.Name = text(v)
	}
	if st.CausePath != nil {
		v, err := st.CausePath.eval(r, f, f.raw)
		if err != nil {
			return err
		}
		fe.Cause, fe.HasCause = text(v), true
	}
	return fe
}
