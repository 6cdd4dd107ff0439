package validate

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
)

// memberString is the string at keys in v, or "".
func memberString(v any, keys ...string) string {
	s, _ := corpustest.Member(v, keys...)
	str, _ := s.(string)
	return str
}

// stateAsMachine wraps a single state (what the TestState API takes) into a
// state machine the way AWS reports it ("/States/StateName/..."). TestState
// does not resolve transitions, so every state the wrapped state names gets
// a Succeed stand-in.
func stateAsMachine(state any) any {
	states := value.NewObject(4)
	states.Set("StateName", state)
	var targets []string
	collect := func(v any) {
		if s, ok := v.(string); ok && s != "StateName" {
			targets = append(targets, s)
		}
	}
	if o, ok := state.(*value.Object); ok {
		for _, k := range []string{"Next", "Default"} {
			if v, ok := o.Get(k); ok {
				collect(v)
			}
		}
		for _, k := range []string{"Choices", "Catch"} {
			v, _ := o.Get(k)
			arr, _ := v.([]any)
			for _, r := range arr {
				n, _ := corpustest.Member(r, "Next")
				collect(n)
			}
		}
	}
	for _, n := range targets {
		stub := value.NewObject(1)
		stub.Set("Type", "Succeed")
		states.Set(n, stub)
	}
	m := value.NewObject(2)
	m.Set("StartAt", "StateName")
	m.Set("States", states)
	return m
}

// testStateDefinition turns a TestState case's definition into a whole
// state machine: as is when request.stateName picks a state of it, wrapped
// otherwise.
func testStateDefinition(def any, stateName string) any {
	if stateName != "" {
		return def
	}
	return stateAsMachine(def)
}

// TestCorpusDefinitionsAreValid runs every definition AWS accepted (all
// execution cases and TestState cases) through Document: none may report a
// problem.
func TestCorpusDefinitionsAreValid(t *testing.T) {
	root := corpustest.Dir(t)
	files := append(corpustest.Files(t, filepath.Join(root, "cases")), corpustest.Files(t, filepath.Join(root, "test_state"))...)
	require.NotEmpty(t, files)
	checked, jsonata := 0, 0
	for _, f := range files {
		c := corpustest.LoadJSON(t, f)
		def, ok := c.Get("definition")
		require.True(t, ok, "%s: no definition", f)
		if strings.Contains(f, string(filepath.Separator)+"test_state"+string(filepath.Separator)) {
			if text := memberString(c, "definition_text"); text != "" {
				continue // not JSON: nothing to validate
			}
			def = testStateDefinition(def, memberString(c, "request", "stateName"))
		}
		checked++
		if strings.Contains(value.String(def), `"JSONata"`) {
			jsonata++
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			assert.Empty(t, Document(def), "AWS accepted this definition")
		})
	}
	t.Logf("%d AWS-accepted definitions checked, %d of them using JSONata", checked, jsonata)
	assert.Positive(t, jsonata, "the corpus should exercise JSONata definitions")
}
