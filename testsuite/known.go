package testsuite

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// LoadKnownFailures reads a known-failures list: one case name per line,
// then a tab and the reason. Blank lines and lines starting with # are
// ignored. A missing file is an empty list.
func LoadKnownFailures(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	known := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, _ := strings.Cut(line, "\t")
		name = strings.TrimSpace(name)
		if strings.ContainsAny(name, " ") {
			return nil, fmt.Errorf("%s:%d: a case name has no spaces; separate the reason with a tab", path, n)
		}
		if _, dup := known[name]; dup {
			return nil, fmt.Errorf("%s:%d: %s is listed twice", path, n, name)
		}
		known[name] = strings.TrimSpace(reason)
	}
	return known, sc.Err()
}
