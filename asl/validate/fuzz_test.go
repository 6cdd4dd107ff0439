package validate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
)

// FuzzDocument feeds arbitrary JSON to Document: it must not panic, and its
// answer must be sorted, deterministic and made of well-formed problems.
func FuzzDocument(f *testing.F) {
	f.Add(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	f.Add(`{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","Next":"P"}}}],"End":true}}}`)
	f.Add(`{"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"{% $t %}","Next":"M"},"M":{"Type":"Map","Items":[1],"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"S","States":{"S":{"Type":"Succeed"}}},"End":true}}}`)
	f.Add(`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:r:1:function:f:","Retry":[{"ErrorEquals":["States.ALL","x"]}],"Catch":[{"ErrorEquals":[],"Next":"T","ResultPath":"$$"}],"TimeoutSeconds":2,"HeartbeatSeconds":3,"End":true}}}`)
	f.Add(`[]`)
	f.Add(`{"StartAt":{},"States":{"":{"Type":"Choice","Choices":[{"Next":""}],"Default":null}}}`)
	if root := corpustest.Find(); root != "" {
		seeds := 0
		for _, dir := range []string{"cases", "validation"} {
			_ = filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") || seeds >= 400 {
					return nil
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return nil
				}
				c, err := value.Parse(data)
				if err != nil {
					return nil
				}
				if def, ok := corpustest.Member(c, "definition"); ok && def != nil {
					f.Add(value.String(def))
					seeds++
				}
				return nil
			})
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		doc, err := value.ParseString(text)
		if err != nil {
			return
		}
		got := Document(doc)
		again := Document(doc)
		if !slices.Equal(got, again) {
			t.Fatalf("not deterministic:\n%v\n%v", got, again)
		}
		if !slices.IsSortedFunc(got, func(a, b value.Problem) int {
			if c := strings.Compare(a.Pointer, b.Pointer); c != 0 {
				return c
			}
			return strings.Compare(a.Message, b.Message)
		}) {
			t.Fatalf("not sorted: %v", got)
		}
		for _, p := range got {
			if p.Pointer != "" && !strings.HasPrefix(p.Pointer, "/") {
				t.Fatalf("bad pointer %q", p.Pointer)
			}
			if p.Message == "" {
				t.Fatalf("empty message at %q", p.Pointer)
			}
		}
		if _, isObj := doc.(*value.Object); !isObj && len(got) == 0 {
			t.Fatalf("a %s definition was accepted", value.TypeName(doc))
		}
	})
}
