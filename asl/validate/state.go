package validate

import (
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// stateCheck carries what the checks of one state need.
type stateCheck struct {
	sc   *scope
	name string
	at   *pointer // the state object
	obj  *value.Object
	typ  string
	ql   string // effective query language
}

func (s *stateCheck) field(k string) *pointer { return join(s.at, k) }

// allows reports whether the state's type and query language allow field k.
func (s *stateCheck) allows(k string) bool {
	l, ok := fieldsByType[s.typ][k]
	switch {
	case !ok:
		return false
	case l == pathOnly:
		return s.ql == langJSONPath
	case l == jsonataOnly:
		return s.ql == langJSONata
	}
	return true
}

// state checks one member of a States object.
func (w *walker) state(sc *scope, name string, v any) {
	at := join(sc.at, "States", name)
	w.stateName(at, name)
	obj, ok := v.(*value.Object)
	if !ok {
		w.add(at, "state %q must be an object with a Type field, not %s", name, describe(v))
		sc.allTyped = false
		return
	}
	typ, ok := w.stateType(at, name, obj)
	if !ok {
		sc.allTyped = false
		w.edgesOnly(sc, name, obj)
		return
	}
	s := &stateCheck{sc: sc, name: name, at: at, obj: obj, typ: typ, ql: w.stateLanguage(at, obj)}
	allowed := fieldsByType[typ]
	for i := 0; i < obj.Len(); i++ {
		k, fv := obj.At(i)
		if _, ok := common[k]; ok {
			if k == "Comment" {
				w.str(at, k, fv)
			}
			continue // Type and QueryLanguage are checked above
		}
		l, ok := allowed[k]
		if !ok {
			w.misplacedField(s, k)
			continue
		}
		if l == pathOnly && s.ql == langJSONata {
			hint := jsonataReplacement[k]
			if k == "Parameters" {
				hint = parametersReplacement[typ]
			}
			w.add(s.field(k), "%s is a JSONPath field and cannot be used in a state whose QueryLanguage is JSONata; %s", k, hint)
			continue
		}
		if l == jsonataOnly && s.ql == langJSONPath {
			w.add(s.field(k), "%s is a JSONata field and cannot be used in a state whose QueryLanguage is JSONPath; %s", k, jsonpathReplacement[k])
			continue
		}
		w.stateField(s, k, fv)
	}
	w.stateRules(s)
}

// stateType reads and checks the Type field.
func (w *walker) stateType(at *pointer, name string, obj *value.Object) (string, bool) {
	v, ok := obj.Get("Type")
	if !ok {
		w.add(at, "state %q has no Type; set it to one of %s", name, strings.Join(stateTypes, ", "))
		return "", false
	}
	s, isStr := v.(string)
	if _, known := fieldsByType[s]; !isStr || !known {
		w.add(join(at, "Type"), "Type must be one of %s, not %s", strings.Join(stateTypes, ", "), describe(v))
		return "", false
	}
	return s, true
}

// stateLanguage works out a state's query language: its own QueryLanguage,
// else the top-level one. A JSONata state machine cannot have JSONPath
// states.
func (w *walker) stateLanguage(at *pointer, obj *value.Object) string {
	v, ok := obj.Get("QueryLanguage")
	if !ok {
		return w.top
	}
	s, _ := v.(string)
	switch {
	case s != langJSONPath && s != langJSONata:
		w.add(join(at, "QueryLanguage"), "QueryLanguage must be \"JSONPath\" or \"JSONata\", not %s", describe(v))
		return w.top
	case s == langJSONPath && w.top == langJSONata:
		w.add(join(at, "QueryLanguage"), "QueryLanguage cannot be \"JSONPath\" when the state machine's top-level QueryLanguage is \"JSONata\"; remove it, or set the top level to \"JSONPath\" and opt states into JSONata one by one")
		return langJSONPath // check the fields against what the state declares, so only the root cause is reported
	}
	return s
}

// misplacedField reports a field the state's type does not have.
func (w *walker) misplacedField(s *stateCheck, k string) {
	at := s.field(k)
	switch {
	case (k == "Next" || k == "End") && s.typ == "Choice":
		w.add(at, "a Choice state cannot have %s; its Choices rules and Default name the next state", k)
	case (k == "Next" || k == "End") && (s.typ == "Succeed" || s.typ == "Fail"):
		w.add(at, "a %s state ends the execution and cannot have %s", s.typ, k)
	case knownField(k):
		w.add(at, "field %q is not allowed in a %s state (it belongs to %s states)", k, s.typ, strings.Join(typesWith(k), ", "))
	default:
		w.add(at, "unknown field %q in a %s state", k, s.typ)
	}
}

// stateField checks the value of one allowed field.
func (w *walker) stateField(s *stateCheck, k string, v any) {
	at, jsonata := s.at, s.ql == langJSONata
	switch k {
	case "Next":
		if t, ok := w.stateRef(at, k, v); ok {
			w.link(s.sc, s.name, transition{at: s.field(k), field: k, target: t})
		}
	case "Default":
		if t, ok := w.stateRef(at, k, v); ok {
			w.link(s.sc, s.name, transition{at: s.field(k), field: k, target: t})
		}
	case "End":
		if b, ok := v.(bool); !ok || !b {
			w.add(s.field(k), "End must be true when present; to continue to another state remove End and set Next")
		}
	case "InputPath", "OutputPath":
		w.pathOrNull(at, k, v)
	case "ResultPath":
		w.resultPath(at, k, v)
	case "Arguments":
		w.objectOrExpr(at, k, v, "an object")
	case "Assign":
		if !isObject(v) {
			w.add(s.field(k), "Assign must be an object mapping variable names to values, not %s", describe(v))
		}
	case "Resource":
		w.resource(at, k, v)
	case "Credentials":
		w.credentials(s.field(k), v, jsonata)
	case "Retry":
		w.retry(s.field(k), v)
	case "Catch":
		w.catch(s, s.field(k), v)
	case "TimeoutSeconds", "HeartbeatSeconds":
		w.integer(at, k, v, 1, maxSeconds, jsonata)
	case "Seconds":
		w.integer(at, k, v, 0, maxSeconds, jsonata)
	case "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
		"MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath":
		w.dynamicPath(at, k, v)
	case "Timestamp":
		w.timestamp(at, k, v, jsonata)
	case "Error", "Cause":
		w.str(at, k, v)
	case "ErrorPath", "CausePath":
		w.stringSource(at, k, v)
	case "Choices":
		w.choices(s, v)
	case "Branches":
		w.branches(s.field(k), v)
	case "ItemProcessor", "Iterator":
		if o, ok := v.(*value.Object); ok {
			w.machine(s.field(k), o, scopeProcessor)
		} else {
			w.add(s.field(k), "%s must be an object with StartAt and States, not %s", k, describe(v))
		}
	case "ItemsPath":
		w.dynamicPath(at, k, v)
	case "Items":
		if _, isArr := v.([]any); !isArr && !isExprValue(v) {
			w.add(s.field(k), "Items must be an array or a JSONata expression \"{%% ... %%}\" that yields one, not %s", describe(v))
		}
	case "ItemReader":
		w.itemReader(s.field(k), v, jsonata)
	case "ItemBatcher":
		w.itemBatcher(s.field(k), v, jsonata)
	case "ResultWriter":
		w.resultWriter(s.field(k), v, jsonata)
	case "Label":
		w.label(at, k, v)
	case "MaxConcurrency", "ToleratedFailureCount":
		w.integer(at, k, v, 0, maxInt32, jsonata)
	case "ToleratedFailurePercentage":
		w.number(at, k, v, 0, 100, jsonata)
	}
	// Parameters, ResultSelector, ItemSelector, Result and Output hold
	// templates or literal values that asl/payload checks.
}

// stateRules checks what involves several fields of a state: required
// fields, transitions and mutually exclusive fields.
func (w *walker) stateRules(s *stateCheck) {
	o := s.obj
	switch s.typ {
	case "Succeed", "Fail":
		s.sc.terminal = true
	case "Choice":
		if !o.Has("Choices") {
			w.add(s.at, "a Choice state needs Choices, a non-empty array of rules that each name a Next state")
		}
	default:
		w.transition(s)
	}
	switch s.typ {
	case "Task":
		if !o.Has("Resource") {
			w.add(s.at, "a Task state needs Resource, the ARN or URI of the work to run")
		}
		w.exclusive(s, "TimeoutSeconds", "TimeoutSecondsPath")
		w.exclusive(s, "HeartbeatSeconds", "HeartbeatSecondsPath")
		w.heartbeatBelowTimeout(s)
	case "Wait":
		w.waitDuration(s)
	case "Fail":
		w.exclusive(s, "Error", "ErrorPath")
		w.exclusive(s, "Cause", "CausePath")
	case "Parallel":
		if !o.Has("Branches") {
			w.add(s.at, "a Parallel state needs Branches, a non-empty array of state machines")
		}
	case "Map":
		switch has, hasLegacy := o.Has("ItemProcessor"), o.Has("Iterator"); {
		case has && hasLegacy:
			w.add(s.field("Iterator"), "ItemProcessor and Iterator cannot both be set; Iterator is the older name of ItemProcessor, keep only ItemProcessor")
		case !has && !hasLegacy:
			w.add(s.at, "a Map state needs ItemProcessor, the state machine to run for each item")
		}
		w.exclusive(s, "ItemSelector", "Parameters")
		w.exclusive(s, "MaxConcurrency", "MaxConcurrencyPath")
		w.exclusive(s, "ToleratedFailureCount", "ToleratedFailureCountPath")
		w.exclusive(s, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath")
	}
}

// transition checks Next / End of a state that continues or ends.
func (w *walker) transition(s *stateCheck) {
	next, end := s.obj.Has("Next"), s.obj.Has("End")
	switch {
	case next && end:
		w.add(s.at, "a state cannot have both Next and End; keep Next to continue or \"End\": true to stop")
	case !next && !end:
		w.add(s.at, "a %s state needs Next (the state to run after it) or \"End\": true", s.typ)
	case end:
		if b, ok := s.obj.Get("End"); ok && b == true {
			s.sc.terminal = true
		}
	}
}

// exclusive reports a pair of fields that cannot be set together. A field
// the state's query language does not allow is reported once, as such.
func (w *walker) exclusive(s *stateCheck, a, b string) {
	if s.obj.Has(a) && s.obj.Has(b) && s.allows(a) && s.allows(b) {
		w.add(s.field(b), "%s and %s cannot both be set; keep one of them", a, b)
	}
}

func (w *walker) heartbeatBelowTimeout(s *stateCheck) {
	hv, ok1 := s.obj.Get("HeartbeatSeconds")
	tv, ok2 := s.obj.Get("TimeoutSeconds")
	if !ok1 || !ok2 {
		return
	}
	h, hok := intValue(hv)
	t, tok := intValue(tv)
	if hok && tok && h >= t {
		w.add(s.field("HeartbeatSeconds"), "HeartbeatSeconds (%d) must be smaller than TimeoutSeconds (%d)", h, t)
	}
}

// waitDuration checks that a Wait state says how long to wait exactly once.
func (w *walker) waitDuration(s *stateCheck) {
	var set []string
	for _, k := range []string{"Seconds", "SecondsPath", "Timestamp", "TimestampPath"} {
		if s.obj.Has(k) && s.allows(k) {
			set = append(set, k)
		}
	}
	switch len(set) {
	case 0:
		if s.ql == langJSONata {
			w.add(s.at, "a Wait state needs one of Seconds or Timestamp")
		} else {
			w.add(s.at, "a Wait state needs exactly one of Seconds, SecondsPath, Timestamp or TimestampPath")
		}
	case 1:
	default:
		w.add(s.field(set[1]), "a Wait state takes exactly one of Seconds, SecondsPath, Timestamp and TimestampPath, but has %s", strings.Join(set, " and "))
	}
}

// choices checks a Choice state's rules: only their Next is checked here;
// the rule bodies belong to asl/choice.
func (w *walker) choices(s *stateCheck, v any) {
	at := s.field("Choices")
	if arr, ok := v.([]any); ok && len(arr) == 0 {
		w.add(at, "Choices must contain at least one choice rule")
	}
	w.each(at, v, "Choices must be a non-empty array of choice rules", "a choice rule must be an object with a condition and Next", func(rat *pointer, _, _ int, rule *value.Object) {
		nv, ok := rule.Get("Next")
		switch {
		case ok:
			if t, ok := w.stateRef(rat, "Next", nv); ok {
				w.link(s.sc, s.name, transition{at: join(rat, "Next"), field: "Next", target: t})
			}
		case rule.Has("End"):
			w.add(rat, "a choice rule cannot end the execution; give it Next naming a state (a Succeed state, for example)")
		default:
			w.add(rat, "a choice rule needs Next, the name of the state to run when it matches")
		}
	})
}

// branches checks a Parallel state's Branches, each a state machine in its
// own scope.
func (w *walker) branches(at *pointer, v any) {
	if arr, ok := v.([]any); ok && len(arr) == 0 {
		w.add(at, "Branches must contain at least one state machine")
	}
	w.each(at, v, "Branches must be a non-empty array of state machines", "a branch must be an object with StartAt and States", func(bat *pointer, _, _ int, b *value.Object) {
		w.machine(bat, b, scopeBranch)
	})
}

// edgesOnly records the transitions of a state whose Type is unusable, so
// that the states it leads to are not also reported as unreachable.
func (w *walker) edgesOnly(sc *scope, name string, obj *value.Object) {
	add := func(v any) {
		if t, ok := v.(string); ok && sc.states.Has(t) {
			sc.edges[name] = append(sc.edges[name], t)
		}
	}
	for _, k := range []string{"Next", "Default"} {
		if v, ok := obj.Get(k); ok {
			add(v)
		}
	}
	for _, k := range []string{"Choices", "Catch"} {
		v, _ := obj.Get(k)
		arr, _ := v.([]any)
		for _, r := range arr {
			if ro, ok := r.(*value.Object); ok {
				nv, _ := ro.Get("Next")
				add(nv)
			}
		}
	}
}
