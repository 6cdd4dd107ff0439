package payload

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
)

// TestCorpusPassParameters runs every recorded execution that is a single
// Pass state with only Parameters: its output is the template's value (or
// its failure is the template's error), so the recording checks this
// package and asl/intrinsic end to end, member order included.
func TestCorpusPassParameters(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpustest.Dir(t), "cases", "*", "*.json"))
	require.NoError(t, err)
	ran := 0
	for _, file := range files {
		c := corpustest.LoadJSON(t, file)
		name, state, ok := singlePassState(c)
		if !ok {
			continue
		}
		ran++
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			params, _ := state.Get("Parameters")
			tp, problems := Compile(params, "/States/"+name+"/Parameters")
			require.Empty(t, problems)

			input := any(value.NewObject(0))
			if text, _ := c.Get("input_text"); text != nil {
				input = mustParse(t, text.(string))
			}
			got, err := tp.Eval(input, corpusContext(input, name), fakeEnv{})

			exp := get(c, "expected").(*value.Object)
			switch get(exp, "status") {
			case "SUCCEEDED":
				require.NoError(t, err)
				want := get(exp, "output")
				assert.True(t, matches(want, got), "got  %s\nwant %s", value.String(got), value.String(want))
			case "FAILED":
				var fe *failure.Error
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, get(exp, "error"), fe.Name)
				// The interpreter adds this prefix to every States.Runtime cause.
				cause := "An error occurred while executing the state '" + name + "' (entered at the event id #2). " + fe.Cause
				assert.True(t, matches(get(exp, "cause"), cause), "got  %s\nwant %s", cause, get(exp, "cause"))
			default:
				t.Fatalf("unexpected status %v", get(exp, "status"))
			}
		})
	}
	assert.Greater(t, ran, 100, "the corpus has over a hundred single-Pass Parameters cases")
}

func get(o *value.Object, k string) any {
	v, _ := o.Get(k)
	return v
}

// singlePassState returns the state of a definition that is one Pass state
// with Parameters and nothing else that changes its output.
func singlePassState(c *value.Object) (string, *value.Object, bool) {
	def, ok := get(c, "definition").(*value.Object)
	if !ok || def.Has("QueryLanguage") {
		return "", nil, false
	}
	states, ok := get(def, "States").(*value.Object)
	if !ok || states.Len() != 1 {
		return "", nil, false
	}
	name, s := states.At(0)
	state, ok := s.(*value.Object)
	if !ok || get(state, "Type") != "Pass" || !state.Has("Parameters") {
		return "", nil, false
	}
	for _, k := range state.Keys() {
		switch k {
		case "Type", "Parameters", "End", "Comment":
		default:
			return "", nil, false
		}
	}
	return name, state, true
}

// corpusContext is a context object shaped like AWS's.
func corpusContext(input any, state string) any {
	ctx := value.NewObject(3)
	exec := value.NewObject(4)
	exec.Set("Id", "arn:aws:states:us-east-1:111111111111:execution:MyStateMachine-abc:exec-123")
	exec.Set("Input", input)
	exec.Set("Name", "exec-123")
	exec.Set("StartTime", "2024-01-01T00:00:00.000Z")
	ctx.Set("Execution", exec)
	sm := value.NewObject(2)
	sm.Set("Id", "arn:aws:states:us-east-1:111111111111:stateMachine:MyStateMachine-abc")
	sm.Set("Name", "MyStateMachine-abc")
	ctx.Set("StateMachine", sm)
	st := value.NewObject(2)
	st.Set("EnteredTime", "2024-01-01T00:00:00.000Z")
	st.Set("Name", state)
	ctx.Set("State", st)
	return ctx
}

// Snapshot placeholders (conformance README §5.2): a whole-string token
// matches anything; tokens inside a string match any text.
var (
	wholeToken = regexp.MustCompile(`^(<[^<>]+>|date|timestamp|RandomNumberGenerated|generated-uuid)$`)
	innerToken = regexp.MustCompile(`<[^<>]+>`)
)

// matches compares an expected corpus value with a produced one, object
// member order included.
func matches(want, got any) bool {
	switch w := want.(type) {
	case string:
		if wholeToken.MatchString(w) {
			return true
		}
		g, ok := got.(string)
		if !ok {
			return false
		}
		if !innerToken.MatchString(w) {
			return w == g
		}
		var re strings.Builder
		re.WriteString("^")
		last := 0
		for _, loc := range innerToken.FindAllStringIndex(w, -1) {
			re.WriteString(regexp.QuoteMeta(w[last:loc[0]]))
			re.WriteString(".*?")
			last = loc[1]
		}
		re.WriteString(regexp.QuoteMeta(w[last:]))
		re.WriteString("$")
		return regexp.MustCompile(re.String()).MatchString(g)
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !matches(w[i], g[i]) {
				return false
			}
		}
		return true
	case *value.Object:
		g, ok := got.(*value.Object)
		if !ok || g.Len() != w.Len() {
			return false
		}
		for i := 0; i < w.Len(); i++ {
			wk, wv := w.At(i)
			gk, gv := g.At(i)
			if wk != gk || !matches(wv, gv) {
				return false
			}
		}
		return true
	case json.Number:
		g, ok := got.(json.Number)
		return ok && value.NumberEqual(w, g)
	}
	return value.Equal(want, got)
}
