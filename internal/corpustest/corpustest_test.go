package corpustest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// fakeT stands in for a test so that a helper's skip or failure can be
// observed instead of ending the real test. Like the real ones, Skip and
// FailNow stop the goroutine.
type fakeT struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Skip(...any)           { f.skipped = true; runtime.Goexit() }
func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) FailNow()              { f.failed = true; runtime.Goexit() }

// observe runs fn against a fakeT in its own goroutine and reports what fn
// did to it.
func observe(t *testing.T, fn func(testing.TB)) *fakeT {
	f := &fakeT{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

func write(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "top", "conformance", "INDEX.tsv"), "id\n")
	write(t, filepath.Join(root, "side", "shared", "conformance", "INDEX.tsv"), "id\n")
	require.NoError(t, os.MkdirAll(filepath.Join(root, "top", "work", "deep"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "side", "main", "pkg"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "top", "noindex", "conformance"), 0o755))

	tests := []struct {
		name, env, wd, want string
	}{
		{"conformance above", "", "top/work/deep", "top/conformance"},
		{"conformance here", "", "top", "top/conformance"},
		{"shared/conformance above", "", "side/main/pkg", "side/shared/conformance"},
		{"a directory without INDEX.tsv does not count", "", "top/noindex", "top/conformance"},
		{"the variable wins", "/elsewhere/corpus", "top/work", "/elsewhere/corpus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvVar, tt.env)
			t.Chdir(filepath.Join(root, filepath.FromSlash(tt.wd)))
			want := tt.want
			if !filepath.IsAbs(want) {
				want = filepath.Join(root, filepath.FromSlash(want))
			}
			assert.Equal(t, want, Find())
			assert.Equal(t, want, Dir(t))
		})
	}
}

func TestDirSkipsWithoutCorpus(t *testing.T) {
	t.Setenv(EnvVar, "")
	t.Chdir(t.TempDir())
	if Find() != "" {
		t.Skip("a corpus sits above the temporary directory")
	}
	f := observe(t, func(tb testing.TB) {
		Dir(tb)
		tb.Errorf("Dir returned without a corpus")
	})
	assert.True(t, f.skipped, "Dir must skip the test")
	assert.False(t, f.failed)
}

func TestLoadJSON(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "case.json"), `{"z":1.50,"a":{"b":[true,null]}}`)
	write(t, filepath.Join(dir, "array.json"), `[1]`)
	write(t, filepath.Join(dir, "broken.json"), `{"a":`)

	o := LoadJSON(t, filepath.Join(dir, "case.json"))
	assert.Equal(t, []string{"z", "a"}, o.Keys(), "members keep their order")
	assert.Equal(t, `{"z":1.50,"a":{"b":[true,null]}}`, value.String(o), "numbers keep their text")

	for _, name := range []string{"array.json", "broken.json", "missing.json"} {
		f := observe(t, func(tb testing.TB) { LoadJSON(tb, filepath.Join(dir, name)) })
		assert.True(t, f.failed, "%s must fail the test", name)
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"z.json", "b.json", "a/c.json", "a/d.txt", "a/e/f.json", "g.json.bak"} {
		write(t, filepath.Join(dir, filepath.FromSlash(p)), "{}")
	}
	var got []string
	for _, f := range Files(t, dir) {
		rel, err := filepath.Rel(dir, f)
		require.NoError(t, err)
		got = append(got, filepath.ToSlash(rel))
	}
	assert.Equal(t, []string{"a/c.json", "a/e/f.json", "b.json", "z.json"}, got)

	f := observe(t, func(tb testing.TB) { Files(tb, filepath.Join(dir, "missing")) })
	assert.True(t, f.failed, "a missing directory must fail the test")
}

func TestMember(t *testing.T) {
	c, err := value.ParseString(`{"expected":{"status":"SUCCEEDED","output":null},"list":[{"a":1}]}`)
	require.NoError(t, err)
	tests := []struct {
		keys []string
		want any
		ok   bool
	}{
		{nil, c, true},
		{[]string{"expected", "status"}, "SUCCEEDED", true},
		{[]string{"expected", "output"}, nil, true},
		{[]string{"expected", "error"}, nil, false},
		{[]string{"expected", "status", "x"}, nil, false},
		{[]string{"list", "a"}, nil, false},
		{[]string{"missing"}, nil, false},
	}
	for _, tt := range tests {
		got, ok := Member(c, tt.keys...)
		assert.Equal(t, tt.ok, ok, "%v", tt.keys)
		assert.Equal(t, tt.want, got, "%v", tt.keys)
	}
}

// TestRealCorpus checks the helpers against the corpus itself, when it is
// there.
func TestRealCorpus(t *testing.T) {
	dir := Dir(t)
	_, err := os.Stat(filepath.Join(dir, "INDEX.tsv"))
	require.NoError(t, err)
	files := Files(t, filepath.Join(dir, "cases"))
	require.NotEmpty(t, files)
	c := LoadJSON(t, files[0])
	status, ok := Member(c, "expected", "status")
	assert.True(t, ok, "%s has expected.status", files[0])
	assert.IsType(t, "", status)
}
