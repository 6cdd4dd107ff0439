package validate

import (
	"encoding/json"
	"strings"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

func knownErrorName(s string) bool { return contains(failure.Known, s) }

var retrierFields = fieldSet{
	"ErrorEquals": anyLang, "IntervalSeconds": anyLang, "MaxAttempts": anyLang, "BackoffRate": anyLang,
	"MaxDelaySeconds": anyLang, "JitterStrategy": anyLang, "Comment": anyLang,
}

// each walks an array of objects: a value that is not an array, or an
// element that is not an object, is reported with the given descriptions;
// every object element goes to fn with its pointer, its index and the
// array's length.
func (w *walker) each(at *pointer, v any, array, element string, fn func(at *pointer, i, n int, obj *value.Object)) {
	arr, ok := v.([]any)
	if !ok {
		w.add(at, "%s, not %s", array, describe(v))
		return
	}
	for i, e := range arr {
		eat := join(at, i)
		if obj, ok := e.(*value.Object); ok {
			fn(eat, i, len(arr), obj)
		} else {
			w.add(eat, "%s, not %s", element, describe(e))
		}
	}
}

// retry checks a Retry array.
func (w *walker) retry(at *pointer, v any) {
	w.each(at, v, "Retry must be an array of retriers", "a retrier must be an object with ErrorEquals", func(rat *pointer, i, n int, obj *value.Object) {
		w.members(rat, "a retrier", obj, retrierFields, false, func(k string, fv any) {
			switch k {
			case "ErrorEquals":
				if w.errorEquals(rat, fv) && i < n-1 {
					w.add(join(rat, k), "a retrier on States.ALL must be the last one in Retry, since it would hide the retriers after it")
				}
			case "IntervalSeconds":
				w.integer(rat, k, fv, 1, maxSeconds, false)
			case "MaxAttempts":
				w.integer(rat, k, fv, 0, maxSeconds, false)
			case "MaxDelaySeconds":
				w.integer(rat, k, fv, 1, maxDelaySeconds, false)
			case "BackoffRate":
				w.backoffRate(rat, k, fv)
			case "JitterStrategy":
				w.oneOf(rat, k, fv, "FULL", "NONE")
			case "Comment":
				w.str(rat, k, fv)
			}
		})
		if !obj.Has("ErrorEquals") {
			w.add(rat, "a retrier needs ErrorEquals, the non-empty array of error names it retries")
		}
	})
}

func (w *walker) backoffRate(at *pointer, k string, v any) {
	if n, ok := v.(json.Number); ok && value.Float(n) >= 1 {
		return
	}
	w.add(join(at, k), "BackoffRate must be a number of at least 1.0, not %s", describe(v))
}

// catch checks a Catch array; each catcher's Next is a transition of the
// state.
func (w *walker) catch(s *stateCheck, at *pointer, v any) {
	w.each(at, v, "Catch must be an array of catchers", "a catcher must be an object with ErrorEquals and Next", func(cat *pointer, i, n int, obj *value.Object) {
		for j := 0; j < obj.Len(); j++ {
			k, fv := obj.At(j)
			switch k {
			case "ErrorEquals":
				if w.errorEquals(cat, fv) && i < n-1 {
					w.add(join(cat, k), "a catcher on States.ALL must be the last one in Catch, since it would hide the catchers after it")
				}
			case "Next":
				if t, ok := w.stateRef(cat, k, fv); ok {
					w.link(s.sc, s.name, transition{at: join(cat, k), field: k, target: t})
				}
			case "ResultPath":
				if s.ql == langJSONata {
					w.add(join(cat, k), "ResultPath is a JSONPath field and cannot be used in a state whose QueryLanguage is JSONata; use Output (and Assign) instead")
				} else {
					w.resultPath(cat, k, fv)
				}
			case "Output":
				if s.ql == langJSONPath {
					w.add(join(cat, k), "Output is a JSONata field and cannot be used in a state whose QueryLanguage is JSONPath; use ResultPath, or set \"QueryLanguage\": \"JSONata\"")
				}
			case "Assign":
				if !isObject(fv) {
					w.add(join(cat, k), "Assign must be an object mapping variable names to values, not %s", describe(fv))
				}
			case "Comment":
				w.str(cat, k, fv)
			default:
				result := "ResultPath"
				if s.ql == langJSONata {
					result = "Output"
				}
				w.add(join(cat, k), "unknown field %q in a catcher; allowed: Assign, Comment, ErrorEquals, Next, %s", k, result)
			}
		}
		if !obj.Has("ErrorEquals") {
			w.add(cat, "a catcher needs ErrorEquals, the non-empty array of error names it catches")
		}
		if !obj.Has("Next") {
			w.add(cat, "a catcher needs Next, the name of the state to run when it catches an error")
		}
	})
}

// errorEquals checks an ErrorEquals array and reports whether it holds
// States.ALL.
func (w *walker) errorEquals(at *pointer, v any) (all bool) {
	ptr := join(at, "ErrorEquals")
	arr, ok := v.([]any)
	if !ok {
		w.add(ptr, "ErrorEquals must be a non-empty array of error names, not %s", describe(v))
		return false
	}
	if len(arr) == 0 {
		w.add(ptr, "ErrorEquals must name at least one error, for example \"States.ALL\"")
	}
	for i, e := range arr {
		eat := join(ptr, i)
		s, ok := e.(string)
		switch {
		case !ok:
			w.add(eat, "an error name must be a string, not %s", describe(e))
		case s == "":
			w.add(eat, "an error name must not be empty")
		case s == failure.ALL:
			all = true
			if len(arr) > 1 {
				w.add(eat, "States.ALL must be the only error name in its ErrorEquals")
			}
		case strings.HasPrefix(s, "States.") && !knownErrorName(s):
			w.add(eat, "%q is not a predefined error name; names starting with \"States.\" are reserved (known: %s)", s, strings.Join(failure.Known, ", "))
		}
	}
	return all
}
