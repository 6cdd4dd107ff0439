package jsonpath

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
)

// corpusCases loads the execution and TestState cases, which hold
// definitions AWS accepted and ran.
func corpusCases(t testing.TB) map[string]*value.Object {
	t.Helper()
	dir := corpustest.Dir(t)
	files, err := filepath.Glob(filepath.Join(dir, "cases", "*", "*.json"))
	require.NoError(t, err)
	more, err := filepath.Glob(filepath.Join(dir, "test_state", "*.json"))
	require.NoError(t, err)
	files = append(files, more...)
	require.NotEmpty(t, files)
	cases := map[string]*value.Object{}
	for _, f := range files {
		cases[strings.TrimSuffix(filepath.Base(f), ".json")] = corpustest.LoadJSON(t, f)
	}
	return cases
}

// isPathField says whether a definition member holds a JSONPath: the I/O
// paths, the *Path fields, Choice's Variable, and payload template fields
// ending in ".$".
func isPathField(key string) bool {
	return strings.HasSuffix(key, "Path") || strings.HasSuffix(key, ".$") || key == "Variable"
}

// isVariable reports a "$name" variable reference, which is not a JSONPath
// of this package (the caller splits off the name).
func isVariable(s string) bool {
	return len(s) > 1 && s[0] == '$' && s[1] != '$' && s[1] != '.' && s[1] != '['
}

// TestCorpusPathsCompile compiles every path of every definition AWS ran.
func TestCorpusPathsCompile(t *testing.T) {
	seen := map[string]bool{}
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case *value.Object:
			for i := 0; i < v.Len(); i++ {
				k, x := v.At(i)
				if s, ok := x.(string); ok && isPathField(k) && strings.HasPrefix(s, "$") && !isVariable(s) {
					seen[s] = true
					if k == "ResultPath" {
						refs = append(refs, s)
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, c := range corpusCases(t) {
		if def, ok := c.Get("definition"); ok {
			walk(def)
		}
	}
	paths := make([]string, 0, len(seen))
	for s := range seen {
		paths = append(paths, s)
	}
	sort.Strings(paths)
	require.Greater(t, len(paths), 100, "the corpus should hold many paths")
	for _, s := range paths {
		p, err := Compile(s)
		if assert.NoError(t, err, "%q", s) {
			assert.Equal(t, s, p.String())
		}
	}
	for _, s := range refs {
		_, err := CompileReference(s)
		assert.NoError(t, err, "ResultPath %q", s)
	}
}

// TestCorpusPassPaths replays the cases whose first state is an ending Pass
// state that only reads paths from its input: Parameters made of "x.$"
// paths, or an OutputPath alone. The expected output (or States.Runtime
// cause) is what AWS produced.
func TestCorpusPassPaths(t *testing.T) {
	ran := 0
	for name, c := range corpusCases(t) {
		start, _ := corpustest.Member(c, "definition", "StartAt")
		startName, _ := start.(string)
		st, ok := corpustest.Member(c, "definition", "States", startName)
		state, isObj := st.(*value.Object)
		if !ok || !isObj || !onlyFields(state, "Type", "Parameters", "OutputPath", "End", "Comment") {
			continue
		}
		if typ, _ := state.Get("Type"); typ != "Pass" {
			continue
		}
		if end, _ := state.Get("End"); end != true {
			continue
		}
		input, _ := c.Get("input")
		status, _ := corpustest.Member(c, "expected", "status")
		params, hasParams := state.Get("Parameters")
		outputPath, hasOutput := state.Get("OutputPath")
		switch {
		case hasParams && !hasOutput:
			obj, ok := params.(*value.Object)
			if !ok || status != "SUCCEEDED" || !allPathTemplates(obj) {
				continue
			}
			t.Run(name, func(t *testing.T) {
				for i := 0; i < obj.Len(); i++ {
					k, v := obj.At(i)
					key := strings.TrimSuffix(k, ".$")
					want, ok := corpustest.Member(c, "expected", "output", key)
					require.True(t, ok, "expected output has no %q", key)
					got, err := MustCompile(v.(string)).Get(input, nil)
					require.NoError(t, err, v)
					assert.Equal(t, value.String(want), value.String(got), v)
				}
			})
			ran++
		case hasOutput && !hasParams:
			s, ok := outputPath.(string)
			if !ok || isVariable(s) || strings.HasPrefix(s, "$$") {
				continue
			}
			t.Run(name, func(t *testing.T) {
				got, err := MustCompile(s).Get(input, nil)
				if status == "SUCCEEDED" {
					require.NoError(t, err)
					want, _ := corpustest.Member(c, "expected", "output")
					assert.Equal(t, value.String(want), value.String(got))
					return
				}
				cause, _ := corpustest.Member(c, "expected", "cause")
				require.Error(t, err)
				assert.True(t, strings.HasSuffix(cause.(string), ". "+err.Error()), "cause %q, got %q", cause, err.Error())
			})
			ran++
		}
	}
	assert.GreaterOrEqual(t, ran, 10, "cases replayed")
}

func onlyFields(o *value.Object, allowed ...string) bool {
	for _, k := range o.Keys() {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return false
		}
	}
	return true
}

func allPathTemplates(o *value.Object) bool {
	for i := 0; i < o.Len(); i++ {
		k, v := o.At(i)
		s, ok := v.(string)
		if !strings.HasSuffix(k, ".$") || !ok || !strings.HasPrefix(s, "$") || strings.HasPrefix(s, "$$") || isVariable(s) {
			return false
		}
	}
	return o.Len() > 0
}
