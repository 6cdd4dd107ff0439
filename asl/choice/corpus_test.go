package choice

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
)

func get(t *testing.T, o *value.Object, keys ...string) any {
	t.Helper()
	var cur any = o
	for _, k := range keys {
		obj, ok := cur.(*value.Object)
		require.True(t, ok, "%v: %q is inside a %s", keys, k, value.TypeName(cur))
		cur, ok = obj.Get(k)
		require.True(t, ok, "%v: missing %q", keys, k)
	}
	return cur
}

// loadDefinition reads a case and its definition; ok is false when the
// definition is not a JSON object.
func loadDefinition(t *testing.T, file string) (c, def *value.Object, ok bool) {
	t.Helper()
	c = corpustest.LoadJSON(t, file)
	def, ok = get(t, c, "definition").(*value.Object)
	return c, def, ok
}

// caseInput is the execution input: input_text parsed with numbers kept as
// written (the "input" member went through a JSON round trip), or {} when
// the test sent none.
func caseInput(t *testing.T, c *value.Object) any {
	t.Helper()
	text, _ := c.Get("input_text")
	s, ok := text.(string)
	if !ok {
		return value.NewObject(0)
	}
	v, err := value.ParseString(s)
	require.NoError(t, err)
	return v
}

// choose compiles a Choice state's rules and returns the state it moves to
// for input (its Default when nothing matches, "" if there is none).
func choose(t *testing.T, state *value.Object, pointer string, input any) (string, error) {
	t.Helper()
	choices, ok := get(t, state, "Choices").([]any)
	require.True(t, ok, "Choices is not an array")
	for i, c := range choices {
		obj, ok := c.(*value.Object)
		require.True(t, ok)
		r, problems := Compile(obj, value.Pointer(pointer, "Choices", i), true)
		require.Empty(t, problems)
		matched, err := r.Eval(input, value.NewObject(0))
		if err != nil {
			return "", err
		}
		if matched {
			return r.Next(), nil
		}
	}
	def, _ := state.Get("Default")
	s, _ := def.(string)
	return s, nil
}

// TestCorpusChoiceOperators runs every cases/choice_operators case: the
// definition is one Choice state whose branches are Pass states with a
// Result; the branch taken must produce the recorded output.
func TestCorpusChoiceOperators(t *testing.T) {
	dir := filepath.Join(corpustest.Dir(t), "cases", "choice_operators")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			c := corpustest.LoadJSON(t, f)
			states := get(t, c, "definition", "States").(*value.Object)
			var name string
			var state *value.Object
			for i := 0; i < states.Len(); i++ {
				k, v := states.At(i)
				s := v.(*value.Object)
				if typ, _ := s.Get("Type"); typ == "Choice" {
					require.Nil(t, state, "more than one Choice state")
					name, state = k, s
				}
			}
			require.NotNil(t, state, "no Choice state")
			require.Equal(t, "SUCCEEDED", get(t, c, "expected", "status"))

			next, err := choose(t, state, value.Pointer("/States", name), caseInput(t, c))
			require.NoError(t, err)
			require.NotEmpty(t, next, "no branch taken")
			branch := get(t, states, next).(*value.Object)
			got := get(t, branch, "Result")
			want := get(t, c, "expected", "output")
			assert.True(t, value.Equal(want, got), "went to %s producing %s, want %s",
				next, value.String(got), value.String(want))
		})
	}
}

// TestCorpusStartAtChoice covers the other recorded executions that start
// with a JSONPath Choice state: the state entered after it, per the
// recorded history, must be the one the rules pick.
func TestCorpusStartAtChoice(t *testing.T) {
	ran := 0
	for _, f := range corpustest.Files(t, filepath.Join(corpustest.Dir(t), "cases")) {
		if filepath.Base(filepath.Dir(f)) == "choice_operators" {
			continue
		}
		c, def, ok := loadDefinition(t, f)
		if !ok {
			continue
		}
		start, _ := def.Get("StartAt")
		states, _ := def.Get("States")
		so, _ := states.(*value.Object)
		sv, _ := so.Get(start.(string))
		state, _ := sv.(*value.Object)
		if state == nil {
			continue
		}
		if typ, _ := state.Get("Type"); typ != "Choice" || jsonata(def, state) {
			continue
		}
		history, _ := c.Get("history")
		events, ok := history.([]any)
		if !ok {
			continue
		}
		want := enteredAfter(events, start.(string))
		if want == "" {
			continue
		}
		ran++
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			got, err := choose(t, state, value.Pointer("/States", start.(string)), caseInput(t, c))
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	assert.Positive(t, ran, "no case starts with a Choice state")
}

func jsonata(def, state *value.Object) bool {
	for _, o := range []*value.Object{def, state} {
		if ql, _ := o.Get("QueryLanguage"); ql == "JSONata" {
			return true
		}
	}
	return false
}

// enteredAfter finds, in a recorded history, the state entered right after
// the named state exited.
func enteredAfter(events []any, name string) string {
	exited := false
	for _, e := range events {
		ev, _ := e.(*value.Object)
		typ, _ := ev.Get("type")
		ts, _ := typ.(string)
		switch {
		case strings.HasSuffix(ts, "StateExited"):
			d, _ := ev.Get("stateExitedEventDetails")
			do, _ := d.(*value.Object)
			n, _ := do.Get("name")
			exited = n == name
		case exited && strings.HasSuffix(ts, "StateEntered"):
			d, _ := ev.Get("stateEnteredEventDetails")
			do, _ := d.(*value.Object)
			n, _ := do.Get("name")
			s, _ := n.(string)
			return s
		}
	}
	return ""
}

// TestCorpusTestStateChoice runs the recorded TestState calls on a JSONPath
// Choice state: the rules must pick the recorded nextState.
func TestCorpusTestStateChoice(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpustest.Dir(t), "test_state", "*.json"))
	require.NoError(t, err)
	ran := 0
	for _, f := range files {
		c, def, ok := loadDefinition(t, f)
		if !ok {
			continue
		}
		state := def
		if req, ok := c.Get("request"); ok {
			if sn, ok := req.(*value.Object).Get("stateName"); ok {
				states, _ := def.Get("States")
				sv, _ := states.(*value.Object).Get(sn.(string))
				state, _ = sv.(*value.Object)
			}
		}
		if state == nil {
			continue
		}
		if typ, _ := state.Get("Type"); typ != "Choice" || jsonata(def, state) {
			continue
		}
		want, ok := get(t, c, "expected").(*value.Object).Get("nextState")
		if !ok {
			continue
		}
		ran++
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			got, err := choose(t, state, "", caseInput(t, c))
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	assert.Positive(t, ran, "no TestState case on a Choice state")
}
