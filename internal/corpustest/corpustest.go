package corpustest

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// EnvVar names the environment variable that points at the corpus.
const EnvVar = "ASL_CONFORMANCE_DIR"

// Find returns the corpus directory: $ASL_CONFORMANCE_DIR when it is set,
// otherwise the first "conformance" or "shared/conformance" directory
// holding an INDEX.tsv in the working directory or one above it, or "" when
// there is none. Fuzz seeding uses it directly, since a missing corpus only
// means fewer seeds there.
func Find() string {
	if d := os.Getenv(EnvVar); d != "" {
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

// Dir is Find for a test that needs the corpus: it skips t when the corpus
// is not there.
func Dir(t testing.TB) string {
	t.Helper()
	d := Find()
	if d == "" {
		t.Skip("conformance corpus not found; set " + EnvVar)
	}
	return d
}

// LoadJSON reads the file at path, which must hold a JSON object; numbers
// keep their text and members their order.
func LoadJSON(t testing.TB, path string) *value.Object {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	v, err := value.Parse(data)
	require.NoError(t, err, path)
	o, ok := v.(*value.Object)
	require.True(t, ok, "%s is not a JSON object", path)
	return o
}

// Files lists the .json files under dir, at any depth, sorted.
func Files(t testing.TB, dir string) []string {
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

// Member follows keys through nested objects of a case (Member(c,
// "expected", "status")); ok is false when a key is missing or a value on
// the way is not an object.
func Member(v any, keys ...string) (any, bool) {
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
