package testsuite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// corpusDir is the conformance corpus: $ASL_CONFORMANCE_DIR, or the shared
// checkout next to the repository (../shared/conformance from the repo root).
func corpusDir() string {
	if d := os.Getenv("ASL_CONFORMANCE_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "conformance")
}

// casesDir is the corpus's cases/ directory, or the directory itself when it
// has none (ASL_CONFORMANCE_DIR may point straight at a folder of cases).
func casesDir(t testing.TB) string {
	d := corpusDir()
	if _, err := os.Stat(d); err != nil {
		t.Skipf("conformance corpus not found at %s (set ASL_CONFORMANCE_DIR)", d)
	}
	if st, err := os.Stat(filepath.Join(d, "cases")); err == nil && st.IsDir() {
		return filepath.Join(d, "cases")
	}
	return d
}

// testStateDir is the corpus's test_state/ directory, or "" when there is
// none.
func testStateDir() string {
	d := filepath.Join(corpusDir(), "test_state")
	if st, err := os.Stat(d); err != nil || !st.IsDir() {
		return ""
	}
	return d
}

// TestConformance runs every execution and TestState case of the corpus on
// the memory engine. A failing case fails the test unless
// known_failures.txt lists it; a listed case that passes is logged so the
// list can shrink.
func TestConformance(t *testing.T) {
	dir := casesDir(t)
	cases, err := Load(dir)
	require.NoError(t, err)
	require.NotEmpty(t, cases, "no cases under %s", dir)
	if ts := testStateDir(); ts != "" && ts != dir {
		more, err := Load(ts)
		require.NoError(t, err)
		cases = append(cases, more...)
	}
	runCases(t, &MemoryEngine{}, cases, "known_failures.txt")
}

// TestLoadCorpus checks that the loader reads the corpus the way the README
// describes it: execution cases with a status, TestState files told apart,
// validation files ignored.
func TestLoadCorpus(t *testing.T) {
	root := corpusDir()
	if _, err := os.Stat(filepath.Join(root, "cases")); err != nil {
		t.Skipf("no corpus at %s", root)
	}
	cases, err := Load(root)
	require.NoError(t, err)
	var exec, ts int
	for _, c := range cases {
		switch c.Kind {
		case Execution:
			exec++
			require.NotEmpty(t, c.Expected.Status, c.Name)
			require.NotNil(t, c.Input, c.Name)
			require.NotEmpty(t, c.DefinitionJSON, c.Name)
		case TestState:
			ts++
			require.NotNil(t, c.Request, c.Name)
			require.NotEmpty(t, c.DefinitionJSON, c.Name)
			for _, p := range c.Placeholders {
				require.True(t, strings.HasPrefix(p, "expected."), "%s: placeholder %s", c.Name, p)
			}
		}
	}
	require.Positive(t, exec)
	require.Positive(t, ts)
}
