package asl

import "github.com/aslworker/aslworker/asl/failure"

// choice runs a Choice state: the first rule that matches the effective
// input names the next state; else Default; else States.NoChoiceMatched.
func (r *run) choice(f *frame) (any, *State, error) {
	eff, err := r.inputPath(f)
	if err != nil {
		return nil, nil, err
	}
	ctx := r.context(f)
	var next *State
	for i, rule := range f.st.Choices {
		ok, err := rule.Eval(eff, ctx)
		if err != nil {
			return nil, nil, r.stateErr(f, err)
		}
		if ok {
			next = f.st.choiceNext[i]
			break
		}
	}
	if next == nil {
		if f.st.defaultNext == nil {
			return nil, nil, failure.New(failure.NoChoiceMatched,
				"No Matches! The Choice state '%s' found no rule matching its input and has no Default.", f.st.Name)
		}
		next = f.st.defaultNext
	}
	out, err := r.outputPath(f, eff)
	if err != nil {
		return nil, nil, err
	}
	return out, next, nil
}
