package validate

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// corpusDir finds the conformance corpus, which lives outside the module,
// or skips the test.
func corpusDir(t testing.TB) string {
	t.Helper()
	d := findCorpus()
	if d == "" {
		t.Skip("conformance corpus not found; set ASL_CONFORMANCE_DIR")
	}
	return d
}

// findCorpus returns ASL_CONFORMANCE_DIR, or a "conformance" or
// "shared/conformance" directory in the working directory or one above it,
// or "".
func findCorpus() string {
	if d := os.Getenv("ASL_CONFORMANCE_DIR"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		for _, c := range []string{filepath.Join(dir, "conformance"), filepath.Join(dir, "shared", "conformance")} {
			if _, err := os.Stat(filepath.Join(c, "INDEX.tsv")); err == nil {
				return c
			}
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// jsonFiles lists the .json files under dir, sorted.
func jsonFiles(t testing.TB, dir string) []string {
	t.Helper()
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
	require.NoError(t, err)
	sort.Strings(files)
	return files
}

func readObject(t testing.TB, path string) *value.Object {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	v, err := value.Parse(data)
	require.NoError(t, err)
	o, ok := v.(*value.Object)
	require.True(t, ok, "%s: not a JSON object", path)
	return o
}

// member follows keys through nested objects; ok is false when one is
// missing.
func member(v any, keys ...string) (any, bool) {
	for _, k := range keys {
		o, isObj := v.(*value.Object)
		if !isObj {
			return nil, false
		}
		var ok bool
		if v, ok = o.Get(k); !ok {
			return nil, false
		}
	}
	return v, true
}

func memberString(v any, keys ...string) string {
	s, _ := member(v, keys...)
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
				n, _ := member(r, "Next")
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
	root := corpusDir(t)
	files := append(jsonFiles(t, filepath.Join(root, "cases")), jsonFiles(t, filepath.Join(root, "test_state"))...)
	require.NotEmpty(t, files)
	checked, jsonata := 0, 0
	for _, f := range files {
		c := readObject(t, f)
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
