package testsuite

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadKnownFailures(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "known.txt")
	writeFile(t, path, "# comment\n\ncase_a\twhy a\ncase_b\r\ncase_c\t  spaced reason \n")
	known, err := LoadKnownFailures(path)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"case_a": "why a", "case_b": "", "case_c": "spaced reason"}, known)

	writeFile(t, path, "case_a\tx\ncase_a\ty\n")
	_, err = LoadKnownFailures(path)
	assert.Error(t, err, "duplicate")

	writeFile(t, path, "case_a reason with spaces\n")
	_, err = LoadKnownFailures(path)
	assert.Error(t, err, "a space instead of a tab")

	known, err = LoadKnownFailures(filepath.Join(dir, "missing.txt"))
	require.NoError(t, err)
	assert.Empty(t, known)

	// The list shipped with the package parses.
	_, err = LoadKnownFailures("known_failures.txt")
	assert.NoError(t, err)
}
