package validate

import (
	"slices"

	"github.com/aslworker/aslworker/asl/value"
)

// Fields that Unsupported reports. Each is valid ASL that the interpreter
// does not run yet; a later change that builds one removes it from here.
const (
	FieldItemReader   = "ItemReader"
	FieldResultWriter = "ResultWriter"
	FieldLabel        = "Label"
)

// MapRunFields are the fields Unsupported reports that matter only when a
// Map state iterates: where a Map's result is mocked (TestState), they are
// no obstacle.
var MapRunFields = []string{FieldItemReader, FieldResultWriter, FieldLabel, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"}

// notBuilt says, for each field of a state that the interpreter would
// otherwise parse and ignore, why it is refused and what to write instead.
// The messages end in "is not supported yet" followed by the advice.
var notBuilt = map[string]string{
	"Assign": "Assign (workflow variables) is not supported yet; carry values to later states in the state output " +
		"(Parameters, ResultSelector, ResultPath) instead",
	FieldItemReader: "ItemReader is not supported yet: the Map would not read items from the source it names; " +
		"put the items in the state input and select them with ItemsPath instead",
	FieldResultWriter: "ResultWriter is not supported yet: the Map's results would not be written where it says; " +
		"remove it, and the results become the Map's output (shape them with ResultSelector or OutputPath)",
	FieldLabel: "Label is not supported yet: it names the Map Runs of a distributed Map, which this engine does not create; " +
		"remove it",
}

// notBuiltBatcher is the same for the members of a Map's ItemBatcher.
var notBuiltBatcher = map[string]string{
	"MaxInputBytesPerBatch": "MaxInputBytesPerBatch is not supported yet: batches would not be limited by size; " +
		"limit them with MaxItemsPerBatch instead",
	"MaxInputBytesPerBatchPath": "MaxInputBytesPerBatchPath is not supported yet: batches would not be limited by size; " +
		"limit them with MaxItemsPerBatch or MaxItemsPerBatchPath instead",
}

const jsonataNotBuilt = "QueryLanguage \"JSONata\" is not supported yet: JSONata expressions, Arguments, Output and Items " +
	"would not be evaluated; write the states in JSONPath (Parameters, ResultSelector, ResultPath, OutputPath, ItemsPath) " +
	"and remove QueryLanguage"

// Unsupported reports what a definition uses that is valid ASL but that the
// interpreter does not run yet: JSONata mode, Assign (on states, choice
// rules and catchers), and a Map's ItemReader, ResultWriter, Label and
// ItemBatcher size limits. Running such a definition would quietly do
// something other than what it says, so it is refused instead, each use at
// its own pointer. Fields listed in exempt are not reported: a caller that
// provides them some other way names them there (TestState, which mocks a
// Map's result and supplies the items an ItemReader would read, exempts
// MapRunFields).
//
// Unsupported looks only at the parts Document checks, and skips anything
// whose shape is wrong, which Document reports; the result is sorted like
// Document's.
func Unsupported(doc any, exempt ...string) []value.Problem {
	u := &unsupported{exempt: exempt}
	root, ok := doc.(*value.Object)
	if !ok {
		return nil
	}
	if u.jsonata(nil, root) {
		u.top = true
	}
	u.machine(nil, root)
	slices.SortStableFunc(u.problems, func(a, b value.Problem) int {
		switch {
		case a.Pointer < b.Pointer:
			return -1
		case a.Pointer > b.Pointer:
			return 1
		}
		return 0
	})
	return u.problems
}

type unsupported struct {
	exempt   []string
	problems []value.Problem
	// top is true when the whole machine is in JSONata mode; that is then
	// reported once, at the top-level QueryLanguage.
	top bool
}

func (u *unsupported) add(at *pointer, msg string) {
	u.problems = append(u.problems, value.Problem{Pointer: at.String(), Message: msg})
}

func (u *unsupported) field(at *pointer, obj *value.Object, k string, msgs map[string]string) {
	if obj.Has(k) && !slices.Contains(u.exempt, k) {
		u.add(join(at, k), msgs[k])
	}
}

// jsonata reports a QueryLanguage of "JSONata" on obj.
func (u *unsupported) jsonata(at *pointer, obj *value.Object) bool {
	if v, _ := obj.Get("QueryLanguage"); v == langJSONata {
		u.add(join(at, "QueryLanguage"), jsonataNotBuilt)
		return true
	}
	return false
}

func (u *unsupported) machine(at *pointer, obj *value.Object) {
	states, _ := obj.Get("States")
	so, _ := states.(*value.Object)
	for i := 0; i < so.Len(); i++ {
		name, v := so.At(i)
		if st, ok := v.(*value.Object); ok {
			u.state(join(at, "States", name), st)
		}
	}
}

func (u *unsupported) state(at *pointer, st *value.Object) {
	if !u.top {
		u.jsonata(at, st)
	}
	u.field(at, st, "Assign", notBuilt)
	for _, list := range []string{"Choices", "Catch"} {
		v, _ := st.Get(list)
		arr, _ := v.([]any)
		for i, e := range arr {
			if o, ok := e.(*value.Object); ok {
				u.field(join(at, list, i), o, "Assign", notBuilt)
			}
		}
	}
	if typ, _ := st.Get("Type"); typ == "Map" {
		for _, k := range []string{FieldItemReader, FieldResultWriter, FieldLabel} {
			u.field(at, st, k, notBuilt)
		}
		if v, _ := st.Get("ItemBatcher"); v != nil {
			if b, ok := v.(*value.Object); ok {
				for _, k := range []string{"MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"} {
					u.field(join(at, "ItemBatcher"), b, k, notBuiltBatcher)
				}
			}
		}
	}
	if v, _ := st.Get("Branches"); v != nil {
		arr, _ := v.([]any)
		for i, b := range arr {
			if o, ok := b.(*value.Object); ok {
				u.machine(join(at, "Branches", i), o)
			}
		}
	}
	for _, k := range []string{"ItemProcessor", "Iterator"} {
		if v, _ := st.Get(k); v != nil {
			if o, ok := v.(*value.Object); ok {
				u.machine(join(at, k), o)
			}
		}
	}
}
