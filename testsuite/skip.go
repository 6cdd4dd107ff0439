package testsuite

import (
	"sort"
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// Skip reasons shared by the runner, the command and the Go test.
const (
	SkipJSONata = "JSONata/variables: later issue"
)

// SkipReason says why a case cannot run yet, or "" if it can. The decision
// depends only on the case (its format, feature flags, needs and the Task
// resources of its definition), never on the engine, so every engine skips
// the same cases.
func SkipReason(c *Case) string {
	for f := range c.Flags {
		if strings.HasPrefix(f, "jsonata") || f == "mixed_query_language" || f == "variables_assign" {
			return SkipJSONata
		}
	}
	def := c.Definition
	if c.Kind == TestState {
		if c.Request.Has("variables") {
			return SkipJSONata
		}
		if str(c.Request, "stateName") == "" {
			def = singleStateMachine(def)
		}
	}
	scan := scanDefinition(def)
	if scan.jsonata {
		return SkipJSONata
	}
	// A TestState mock stands for every service the state would call; the
	// states inside a mocked Parallel or Map never run.
	if c.Kind == TestState && c.Request.Has("mock") {
		return ""
	}
	for _, n := range c.Needs {
		if n.MockedByRequest {
			continue
		}
		switch n.Kind {
		case NeedLambdaDirect, NeedLambdaInvoke, NeedLambdaFunction:
		default:
			return "needs " + n.Kind
		}
		if n.Handler != "" {
			if _, ok := handlers[handlerName(n.Handler)]; !ok {
				return "needs lambda handler " + n.Handler
			}
		}
	}
	// The flags and needs come from the corpus builder; the definition is
	// checked too so that a case written by hand is judged the same way.
	for _, r := range scan.resources {
		if why := resourceNeed(r); why != "" {
			return why
		}
	}
	return ""
}

// resourceNeed says what a Task (or ItemReader/ResultWriter) resource needs
// beyond the Lambda doubles, or "" if the doubles serve it.
func resourceNeed(r string) string {
	switch {
	case r == lambdaInvoke:
		return ""
	case isLambdaARN(r):
		return ""
	case strings.HasPrefix(r, lambdaInvoke+"."):
		return "needs task token callback (" + strings.TrimPrefix(r, "arn:aws:states:::") + ")"
	}
	parts := strings.SplitN(r, ":", 7)
	if len(parts) >= 6 && parts[0] == "arn" && parts[2] == "states" {
		if parts[5] == "activity" {
			return "needs activity"
		}
		if len(parts) == 7 && parts[3] == "" && parts[4] == "" {
			// arn:aws:states:::<service>:<action>[.sync|.waitForTaskToken]
			svc := parts[5]
			if svc == "aws-sdk" {
				if i := strings.IndexByte(parts[6], ':'); i > 0 {
					return "needs aws-sdk:" + parts[6][:i]
				}
			}
			return "needs " + svc
		}
	}
	return "needs resource " + r
}

// singleStateMachine wraps the single state of a TestState definition into
// a machine, so that scanDefinition sees it as a state.
func singleStateMachine(state any) any {
	states := value.NewObject(1)
	states.Set("StateName", state)
	m := value.NewObject(1)
	m.Set("States", states)
	return m
}

type definitionScan struct {
	jsonata   bool
	resources []string // Task, ItemReader and ResultWriter resources, sorted, unique
}

// scanDefinition walks the state machine structure (states, branches, item
// processors, choice rules, catchers), not payload data, so a Result that
// happens to hold an "Output" key is not mistaken for the JSONata field.
func scanDefinition(def any) definitionScan {
	var s definitionScan
	seen := map[string]bool{}
	addResource := func(v any) {
		if r, ok := v.(string); ok && !seen[r] {
			seen[r] = true
			s.resources = append(s.resources, r)
		}
	}
	var machine func(m *value.Object)
	var rule func(r *value.Object)
	rule = func(r *value.Object) {
		if r == nil {
			return
		}
		if r.Has("Condition") || r.Has("Assign") || r.Has("Output") {
			s.jsonata = true
		}
		for _, k := range []string{"And", "Or"} {
			for _, sub := range asList(get(r, k)) {
				rule(asObject(sub))
			}
		}
		rule(asObject(get(r, "Not")))
	}
	machine = func(m *value.Object) {
		if m == nil {
			return
		}
		if str(m, "QueryLanguage") == "JSONata" {
			s.jsonata = true
		}
		states := asObject(get(m, "States"))
		if states == nil {
			return
		}
		for i := 0; i < states.Len(); i++ {
			_, v := states.At(i)
			st := asObject(v)
			if st == nil {
				continue
			}
			if str(st, "QueryLanguage") == "JSONata" {
				s.jsonata = true
			}
			for _, k := range []string{"Assign", "Output", "Arguments", "Items"} {
				if st.Has(k) {
					s.jsonata = true
				}
			}
			if str(st, "Type") == "Task" {
				addResource(get(st, "Resource"))
			}
			for _, k := range []string{"ItemReader", "ResultWriter"} {
				if o := asObject(get(st, k)); o != nil {
					addResource(get(o, "Resource"))
				}
			}
			for _, c := range asList(get(st, "Choices")) {
				rule(asObject(c))
			}
			for _, c := range asList(get(st, "Catch")) {
				if co := asObject(c); co != nil && (co.Has("Assign") || co.Has("Output")) {
					s.jsonata = true
				}
			}
			for _, b := range asList(get(st, "Branches")) {
				machine(asObject(b))
			}
			machine(asObject(get(st, "Iterator")))
			machine(asObject(get(st, "ItemProcessor")))
		}
	}
	machine(asObject(def))
	sort.Strings(s.resources)
	return s
}

func asObject(v any) *value.Object {
	o, _ := v.(*value.Object)
	return o
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
