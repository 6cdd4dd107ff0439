package testsuite

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// Kind tells the two runnable case formats apart.
type Kind int

const (
	// Execution is a whole execution recorded against AWS (cases/<folder>/).
	Execution Kind = iota
	// TestState is one TestState API call (test_state/), a different format.
	TestState
)

func (k Kind) String() string {
	if k == TestState {
		return "test_state"
	}
	return "execution"
}

// Case is one conformance case as loaded from its file. Values (definition,
// input, expected output and cause) are asl/value values: ordered objects and
// numbers that keep their text.
type Case struct {
	Name   string
	Folder string // the file's directory relative to the loaded root, e.g. "cases/base" or "base"
	File   string // path of the file as opened
	Kind   Kind

	API              string // StartExecution, StartSyncExecution, TestState
	StateMachineType string // STANDARD or EXPRESS

	// Definition is the state machine definition as a value, and
	// DefinitionJSON its compact JSON text (what an engine parses).
	Definition     any
	DefinitionJSON []byte
	// Input is the execution input: input_text parsed, or {} when the test
	// sent no input (input_text null), as AWS does.
	Input any
	// InputText is the exact text sent, nil when none was.
	InputText *string

	Expected Expected
	// Request holds the other TestState request fields (inspectionLevel,
	// mock, stateConfiguration, context, variables, stateName); nil for
	// executions.
	Request *value.Object

	// Events is the recorded history event type sequence; nil when no
	// history was recorded.
	Events []string

	Needs        []Need
	Flags        map[string]int
	StateTypes   map[string]int
	Placeholders []string
	Uncertain    []string
}

// Expected is what AWS produced.
type Expected struct {
	Status string
	// Output is set when HasOutput (SUCCEEDED executions).
	Output    any
	HasOutput bool
	// Error is the error name of a failed execution, when AWS gave one.
	Error    string
	HasError bool
	// Cause is a string, or an object when AWS's cause was JSON object text
	// that the snapshot library parsed (README §5.3). HasCause false means
	// AWS gave no cause.
	Cause    any
	HasCause bool
	// OutputMasked is set when the test masked the output
	// (output_unparsed_text): only the status can be compared.
	OutputMasked bool
	// TestState only: the next state AWS named ("" with HasNextState
	// false when it named none) and the inspection data (nil when AWS gave
	// none, at the INFO level). Inspection values are JSON texts, or
	// objects where the text was a JSON object (README §4.2).
	NextState    string
	HasNextState bool
	Inspection   *value.Object
}

// Need is one entry of a case's needs (README §6).
type Need struct {
	Kind         string // lambda_direct, lambda_invoke_integration, lambda_function, ...
	State        string
	Resource     string
	Handler      string // e.g. "id_function.py"
	Behaviour    string
	FunctionName string
	ARN          string
	SourceFile   string
	// MockedByRequest marks a TestState need that the request's mock
	// serves: nothing has to provide it.
	MockedByRequest bool
}

// LoadFile reads one case file. It returns (nil, nil) for a JSON file that is
// not an execution or TestState case (validation cases, benchmark files, ...).
// root, if not empty, is the directory Folder is made relative to.
func LoadFile(path, root string) (*Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCase(data, path, root)
}

// ParseCase is LoadFile for a file's contents.
func ParseCase(data []byte, path, root string) (*Case, error) {
	doc, err := value.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	obj, ok := doc.(*value.Object)
	if !ok {
		return nil, nil
	}
	api := str(obj, "api")
	exp, _ := get(obj, "expected").(*value.Object)
	// Validation cases have no status: they record rejections
	// ({error_code, message}) of these and other APIs.
	if exp == nil || !exp.Has("status") || !obj.Has("definition") || !obj.Has("name") {
		return nil, nil
	}
	var kind Kind
	switch api {
	case "TestState":
		kind = TestState
	case "StartExecution", "StartSyncExecution":
		kind = Execution
	default:
		return nil, nil
	}
	c := &Case{
		Name:             str(obj, "name"),
		File:             path,
		Kind:             kind,
		API:              api,
		StateMachineType: str(obj, "state_machine_type"),
		Definition:       get(obj, "definition"),
		Flags:            map[string]int{},
		StateTypes:       map[string]int{},
	}
	c.Folder = filepath.ToSlash(filepath.Dir(path))
	if root != "" {
		if rel, err := filepath.Rel(root, filepath.Dir(path)); err == nil {
			c.Folder = filepath.ToSlash(rel)
			if rel == "." {
				c.Folder = filepath.Base(root)
			}
		}
	}
	if t, ok := get(obj, "definition_text").(string); ok && c.Definition == nil {
		c.DefinitionJSON = []byte(t) // not JSON: sent as it was
	} else if c.Definition != nil {
		c.DefinitionJSON = value.Marshal(c.Definition)
	}
	if t, ok := get(obj, "input_text").(string); ok {
		c.InputText = &t
	}
	text := "{}"
	if c.InputText != nil {
		text = *c.InputText
	}
	in, err := value.ParseString(text)
	if err != nil {
		return nil, fmt.Errorf("%s: input_text: %w", path, err)
	}
	c.Input = in
	if kind == TestState {
		c.Request, _ = get(obj, "request").(*value.Object)
		if v, ok := exp.Get("nextState"); ok {
			c.Expected.NextState, _ = v.(string)
			c.Expected.HasNextState = true
		}
		c.Expected.Inspection, _ = get(exp, "inspectionData").(*value.Object)
	}

	c.Expected.Status = str(exp, "status")
	if v, ok := exp.Get("output"); ok {
		c.Expected.Output, c.Expected.HasOutput = v, true
	}
	if v, ok := exp.Get("error"); ok {
		if s, ok := v.(string); ok {
			c.Expected.Error, c.Expected.HasError = s, true
		}
	}
	if v, ok := exp.Get("cause"); ok {
		c.Expected.Cause, c.Expected.HasCause = v, true
	}
	c.Expected.OutputMasked = exp.Has("output_unparsed_text")

	if evs, ok := get(obj, "events").([]any); ok {
		c.Events = make([]string, 0, len(evs))
		for _, e := range evs {
			s, _ := e.(string)
			c.Events = append(c.Events, s)
		}
	}
	for _, n := range list(obj, "needs") {
		no, ok := n.(*value.Object)
		if !ok {
			continue
		}
		c.Needs = append(c.Needs, Need{
			Kind:         str(no, "kind"),
			State:        str(no, "state"),
			Resource:     str(no, "resource"),
			Handler:      str(no, "handler"),
			Behaviour:    str(no, "behaviour"),
			FunctionName: str(no, "function_name"),
			ARN:          str(no, "arn"),
			SourceFile:   str(no, "source_file"),
		})
		c.Needs[len(c.Needs)-1].MockedByRequest, _ = get(no, "mocked_by_request").(bool)
	}
	if f, ok := get(obj, "features").(*value.Object); ok {
		counts(get(f, "flags"), c.Flags)
		counts(get(f, "state_types"), c.StateTypes)
	}
	for _, p := range list(obj, "placeholders") {
		if s, ok := p.(string); ok {
			// TestState paths start at expected ("$.output.x"); execution
			// paths at the case root ("expected.output.x").
			if kind == TestState && strings.HasPrefix(s, "$.") {
				s = "expected." + s[len("$."):]
			}
			c.Placeholders = append(c.Placeholders, s)
		}
	}
	for _, u := range list(obj, "uncertain") {
		if s, ok := u.(string); ok {
			c.Uncertain = append(c.Uncertain, s)
		}
	}
	return c, nil
}

// Load reads every execution and TestState case file under dir, recursively,
// sorted by folder then name. Other JSON files are ignored.
func Load(dir string) ([]*Case, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var cases []*Case
	seen := map[string]string{}
	for _, f := range files {
		c, err := LoadFile(f, dir)
		if err != nil {
			return nil, err
		}
		if c == nil {
			continue
		}
		if prev, dup := seen[c.Name]; dup {
			return nil, fmt.Errorf("case %s is in both %s and %s", c.Name, prev, f)
		}
		seen[c.Name] = f
		cases = append(cases, c)
	}
	sort.SliceStable(cases, func(i, j int) bool {
		if cases[i].Folder != cases[j].Folder {
			return cases[i].Folder < cases[j].Folder
		}
		return cases[i].Name < cases[j].Name
	})
	return cases, nil
}

func get(o *value.Object, k string) any {
	if o == nil {
		return nil
	}
	v, _ := o.Get(k)
	return v
}

func str(o *value.Object, k string) string {
	s, _ := get(o, k).(string)
	return s
}

func list(o *value.Object, k string) []any {
	l, _ := get(o, k).([]any)
	return l
}

func counts(v any, into map[string]int) {
	o, ok := v.(*value.Object)
	if !ok {
		return
	}
	for i := 0; i < o.Len(); i++ {
		k, n := o.At(i)
		if num, ok := n.(json.Number); ok {
			if i, ok := value.Int(num); ok {
				into[k] = int(i)
				continue
			}
		}
		into[k] = 1
	}
}
