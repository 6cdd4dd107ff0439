package validate

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aslworker/aslworker/asl/value"
)

// Query languages (the QueryLanguage field).
const (
	langJSONPath = "JSONPath"
	langJSONata  = "JSONata"
)

// maxStateNameLength is the longest state name AWS accepts, in Unicode
// characters.
const maxStateNameLength = 80

// Document validates a state machine definition decoded with value.Parse and
// returns every problem found, sorted by Pointer and then Message. A nil
// result means the document is valid as far as this package checks.
func Document(doc any) []value.Problem {
	return check(doc, options{})
}

// options are settings that change what is valid. Document uses the zero
// value: a STANDARD state machine.
type options struct {
	// express rejects what EXPRESS state machines cannot run: activity tasks
	// and the .sync / .waitForTaskToken integration patterns.
	express bool
}

func check(doc any, opts options) []value.Problem {
	w := &walker{opts: opts, names: map[string]*pointer{}}
	root, ok := doc.(*value.Object)
	if !ok {
		w.add(nil, "the definition must be a JSON object with StartAt and States, not %s", describe(doc))
		return w.problems
	}
	w.top = langJSONPath
	if ql, ok := root.Get("QueryLanguage"); ok {
		if s, ok := ql.(string); ok && s == langJSONata {
			w.top = langJSONata
		}
	}
	w.machine(nil, root, scopeTop)
	w.resolve()
	slices.SortStableFunc(w.problems, func(a, b value.Problem) int {
		if c := strings.Compare(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return w.problems
}

// walker collects problems while it walks one document.
type walker struct {
	opts     options
	problems []value.Problem
	// top is the top-level QueryLanguage: every state without its own
	// QueryLanguage uses it, nested states included.
	top string
	// names maps every state name in the document to the pointer of its
	// first definition: names must be unique across all scopes.
	names map[string]*pointer
	// pending are transitions whose target is not in their own scope; they
	// are reported once every name in the document is known.
	pending []transition
}

// transition is a reference to a state by name (Next, Default, StartAt).
type transition struct {
	at     *pointer // the field holding the name
	field  string   // "Next", "Default", "StartAt"
	target string
}

func (w *walker) add(at *pointer, format string, args ...any) {
	w.problems = append(w.problems, value.Problem{Pointer: at.String(), Message: fmt.Sprintf(format, args...)})
}

// scopeKind says where a state machine object sits, which decides the
// fields it may have.
type scopeKind int

const (
	scopeTop       scopeKind = iota // the document itself
	scopeBranch                     // a Parallel branch
	scopeProcessor                  // a Map ItemProcessor or Iterator
)

func (k scopeKind) String() string {
	switch k {
	case scopeBranch:
		return "a Parallel branch"
	case scopeProcessor:
		return "a Map item processor"
	}
	return "the top level of a state machine"
}

var scopeFields = map[scopeKind]map[string]bool{
	scopeTop:       {"Comment": true, "StartAt": true, "States": true, "Version": true, "TimeoutSeconds": true, "QueryLanguage": true},
	scopeBranch:    {"Comment": true, "StartAt": true, "States": true},
	scopeProcessor: {"Comment": true, "StartAt": true, "States": true, "ProcessorConfig": true},
}

// scope is one States object: transitions resolve only inside it.
type scope struct {
	at     *pointer // the object holding StartAt and States
	states *value.Object
	// edges are the transitions of each state that resolved in this scope.
	edges map[string][]string
	// allTyped is false when some state's Type is missing or unknown; the
	// terminal-state check is skipped then, since the fix is elsewhere.
	allTyped bool
	terminal bool
}

// machine checks a state machine object: the document, a branch or an item
// processor.
func (w *walker) machine(at *pointer, obj *value.Object, kind scopeKind) {
	allowed := scopeFields[kind]
	for i := 0; i < obj.Len(); i++ {
		k, v := obj.At(i)
		if !allowed[k] {
			w.unknownMachineField(at, k, kind)
			continue
		}
		switch k {
		case "Comment":
			w.str(at, k, v)
		case "Version":
			if s, ok := v.(string); !ok || s != "1.0" {
				w.add(join(at, k), "Version must be the string \"1.0\", not %s", describe(v))
			}
		case "TimeoutSeconds":
			w.integer(at, k, v, 1, maxSeconds, false)
		case "QueryLanguage":
			if s, ok := v.(string); !ok || (s != langJSONPath && s != langJSONata) {
				w.add(join(at, k), "QueryLanguage must be \"JSONPath\" or \"JSONata\", not %s", describe(v))
			}
		case "ProcessorConfig":
			w.processorConfig(join(at, k), v)
		}
	}

	sc := &scope{at: at, edges: map[string][]string{}, allTyped: true}
	statesAt := join(at, "States")
	switch sv, ok := obj.Get("States"); {
	case !ok:
		w.add(at, "%s needs a States object that names its states", kind)
	case !isObject(sv):
		w.add(statesAt, "States must be an object whose members are the states, not %s", describe(sv))
	default:
		sc.states = sv.(*value.Object)
		if sc.states.Len() == 0 {
			w.add(statesAt, "States must define at least one state")
		}
	}

	start, hasStart := "", false
	switch v, ok := obj.Get("StartAt"); {
	case !ok:
		w.add(at, "%s needs StartAt, the name of the state to run first", kind)
	default:
		s, isStr := v.(string)
		if !isStr || s == "" {
			w.add(join(at, "StartAt"), "StartAt must be the name of a state, not %s", describe(v))
			break
		}
		start, hasStart = s, true
	}

	if sc.states != nil {
		for i := 0; i < sc.states.Len(); i++ {
			name, sv := sc.states.At(i)
			w.state(sc, name, sv)
		}
	}
	if hasStart && sc.states != nil {
		if sc.states.Has(start) {
			w.reachability(sc, start)
		} else {
			w.unresolved(transition{at: join(at, "StartAt"), field: "StartAt", target: start})
		}
	}
	if sc.states != nil && sc.states.Len() > 0 && sc.allTyped && !sc.terminal {
		w.add(statesAt, "no terminal state: at least one state must be a Succeed or Fail state or have \"End\": true")
	}
}

func (w *walker) unknownMachineField(at *pointer, k string, kind scopeKind) {
	switch {
	case k == "ProcessorConfig":
		w.add(join(at, k), "ProcessorConfig is only allowed in a Map state's ItemProcessor, not in %s", kind)
	case scopeFields[scopeTop][k]:
		w.add(join(at, k), "%s is only allowed at the top level of the state machine, not in %s", k, kind)
	case kind == scopeTop && (k == "Type" || k == "Next" || k == "End"):
		w.add(join(at, k), "unknown top-level field %q: the top level holds StartAt and States; put state fields inside a state under States", k)
	default:
		w.add(join(at, k), "unknown field %q in %s; allowed: %s", k, kind, strings.Join(sortedKeys(scopeFields[kind]), ", "))
	}
}

// reachability reports the states of a scope that no transition chain from
// StartAt reaches.
func (w *walker) reachability(sc *scope, start string) {
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, t := range sc.edges[n] {
			if !seen[t] {
				seen[t] = true
				queue = append(queue, t)
			}
		}
	}
	for i := 0; i < sc.states.Len(); i++ {
		name, _ := sc.states.At(i)
		if !seen[name] {
			w.add(join(sc.at, "States", name),
				"state %q is not reachable from StartAt %q; remove it or add a Next, Default or Catch that leads to it", name, start)
		}
	}
}

// link records a transition from state `from` of scope sc.
func (w *walker) link(sc *scope, from string, t transition) {
	if sc.states.Has(t.target) {
		sc.edges[from] = append(sc.edges[from], t.target)
		return
	}
	w.unresolved(t)
}

func (w *walker) unresolved(t transition) {
	w.pending = append(w.pending, t)
}

// resolve reports the transitions whose target is not in their scope, saying
// when the name exists elsewhere in the document.
func (w *walker) resolve() {
	for _, t := range w.pending {
		if where, ok := w.names[t.target]; ok {
			w.add(t.at, "%s %q names a state outside this States object (it is defined at %s); a transition can only reach states of the same branch, item processor or top level",
				t.field, t.target, where)
			continue
		}
		w.add(t.at, "%s %q does not name a state; it must match the name of a state in the same States object exactly (case-sensitive)", t.field, t.target)
	}
}

// stateName checks a state's name and records it for the uniqueness check.
func (w *walker) stateName(at *pointer, name string) {
	switch n := utf8.RuneCountInString(name); {
	case name == "":
		w.add(at, "a state name must not be empty")
	case n > maxStateNameLength:
		w.add(at, "state name %q is %d characters long; the limit is %d", name, n, maxStateNameLength)
	}
	if first, dup := w.names[name]; dup {
		w.add(at, "state name %q is already used at %s; state names must be unique in the whole state machine, branches and item processors included", name, first)
		return
	}
	w.names[name] = at
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
