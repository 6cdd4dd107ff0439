package asl

import (
	"encoding/json"
	"time"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/jsonpath"
)

// wait runs a Wait state: it sleeps for Seconds/SecondsPath, or until
// Timestamp/TimestampPath (a time in the past ends the wait at once), then
// passes its input on.
func (r *run) wait(f *frame) (any, error) {
	st := f.st
	eff, err := r.inputPath(f)
	if err != nil {
		return nil, err
	}
	var d time.Duration
	switch {
	case st.HasSeconds:
		d = time.Duration(st.Seconds) * time.Second
	case st.HasTimestamp:
		d = st.Timestamp.Sub(r.rt.Now())
	case st.SecondsPath != nil:
		v, err := r.waitValue(f, st.SecondsPath, "SecondsPath", eff)
		if err != nil {
			return nil, err
		}
		n, ok := v.(json.Number)
		secs, isInt := int64(0), false
		if ok {
			secs, isInt = intValue(n)
		}
		if !isInt {
			return nil, r.stateErr(f, failure.New(failure.Runtime,
				"The SecondsPath parameter cannot be parsed as a long value: %s == %s", st.SecondsPath.String(), text(v)))
		}
		// The wait time must be an integer from 0 up (AWS's Wait state
		// documentation); a negative one fails the state rather than
		// ending the wait at once.
		if secs < 0 {
			return nil, r.stateErr(f, failure.New(failure.Runtime,
				"The SecondsPath parameter references a negative value: %s == %s", st.SecondsPath.String(), text(v)))
		}
		d = time.Duration(secs) * time.Second
	case st.TimestampPath != nil:
		v, err := r.waitValue(f, st.TimestampPath, "TimestampPath", eff)
		if err != nil {
			return nil, err
		}
		s, ok := v.(string)
		var t time.Time
		if ok {
			t, ok = parseTimestamp(s)
		}
		if !ok {
			return nil, r.stateErr(f, failure.New(failure.Runtime,
				"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: %s == %s",
				st.TimestampPath.String(), text(v)))
		}
		d = t.Sub(r.rt.Now())
	}
	if err := r.sleep(d); err != nil {
		return nil, err
	}
	return r.outputPath(f, eff)
}

func (r *run) waitValue(f *frame, p *jsonpath.Path, field string, eff any) (any, error) {
	v, err := p.Get(eff, r.context(f))
	if err != nil {
		return nil, r.stateErr(f, failure.New(failure.Runtime,
			"The %s parameter does not reference an input value: %s", field, p.String()))
	}
	return v, nil
}

// intValue reads a JSON number as a whole number the way Java's
// Long.parseLong would: only integer text, no fraction or exponent.
func intValue(n json.Number) (int64, bool) {
	i, err := n.Int64()
	return i, err == nil
}
