package jsonpath

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
)

// fuzzSeeds are paths from the tests and the corpus's definitions.
var fuzzSeeds = []string{
	"$", "$$", "$.a", "$$.Execution.Input.values", "$.store.book[0].author", "$['a b'][\"c\"]",
	"$.a[-1]", "$.a[1:3]", "$.a[:-1]", "$.a[0,2]", "$['a','b']", "$.a.*", "$[*]", "$..x", "$..[0]",
	"$.a[?(@.price < 10 && @.tag == 'x')]", "$.a[?(@.flag)]", "$.a[?(@.n =~ /a.*/i)]",
	"$.a[?(@.x in ['a', 'b'] || !@.y)]", "$.a.length()", "$.a-b", "$.$$", "$.día",
	`$['Test\""Name"']`, "$.users[?(@.status == 0)]", "$.items[1:].itemValue", "$.b[23]", "$.x.y.z[2]",
	"$...", "$$23", "$[(@.length-1)].bar", "$.a[?(@.b[?(@ == $.c)])]", "$.a[?(@.x==true&&@.y!=null)]",
}

var sampleDoc, _ = value.ParseString(`{"a":[1,{"b":[true,null,"x"],"c":{"d":1.5}},"s"],"b":{"a":{"a":[]}},"n":null,"$$":2}`)

// corpusSeeds adds the strings the corpus's definitions hold under path
// fields, when the corpus is there.
func corpusSeeds(f *testing.F) []string {
	dir := corpustest.Find()
	if dir == "" {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cases", "*", "*.json"))
	re := regexp.MustCompile(`"[A-Za-z.]*(?:Path|\.\$|Variable)"\s*:\s*"(\$[^"\\]*(?:\\.[^"\\]*)*)"`)
	seen := map[string]bool{}
	var out []string
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			s, err := value.ParseString(`"` + m[1] + `"`)
			if str, ok := s.(string); err == nil && ok && !seen[str] {
				seen[str] = true
				out = append(out, str)
			}
		}
	}
	return out
}

// FuzzCompile checks that no path makes the compiler or the evaluator
// panic, that a compiled path prints back to its source, that its
// normalised form compiles to itself, and that what a Reference sets, it
// gets back.
func FuzzCompile(f *testing.F) {
	for _, s := range append(fuzzSeeds, corpusSeeds(f)...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Compile(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Offset < 0 || se.Offset > len(src) {
				t.Fatalf("Compile(%q): error %v is not a *SyntaxError with an offset in the source", src, err)
			}
			return
		}
		if p.String() != src {
			t.Fatalf("Compile(%q).String() = %q", src, p.String())
		}
		if !strings.HasPrefix(p.Normalized(), "$") {
			t.Fatalf("Compile(%q).Normalized() = %q", src, p.Normalized())
		}
		checkGet(t, p, sampleDoc)
		checkGet(t, p, nil)
		if roundTrips(p) {
			q, err := Compile(p.Normalized())
			if err != nil {
				t.Fatalf("normalised %q of %q does not compile: %v", p.Normalized(), src, err)
			}
			if q.Normalized() != p.Normalized() {
				t.Fatalf("normalised %q of %q normalises to %q", p.Normalized(), src, q.Normalized())
			}
		}
		r, err := CompileReference(src)
		if err != nil {
			return
		}
		out, err := r.Set(sampleDoc, "FUZZ")
		if err != nil {
			var ce *ConflictError
			if !errors.As(err, &ce) {
				t.Fatalf("Set(%q): error %v is not a *ConflictError", src, err)
			}
			return
		}
		got, err := r.Get(out, nil)
		if err != nil || got != "FUZZ" {
			t.Fatalf("after Set(%q), Get = %v, %v", src, got, err)
		}
	})
}

func checkGet(t *testing.T, p *Path, doc any) {
	v, err := p.Get(doc, doc)
	if p.Definite() {
		var pe *Error
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("Get(%q): error %v is not an *Error", p.String(), err)
		}
		return
	}
	if _, ok := v.([]any); !ok || err != nil {
		t.Fatalf("Get(%q) of an indefinite path = %v, %v; want an array", p.String(), v, err)
	}
}

// roundTrips says whether the normalised form can be parsed back: Jayway
// prints filters as [?] and does not escape quotes in names.
func roundTrips(p *Path) bool {
	for _, st := range p.steps {
		if st.kind == filter {
			return false
		}
		for _, n := range append([]string{st.name}, st.names...) {
			if strings.ContainsAny(n, `'\`) {
				return false
			}
		}
	}
	return true
}

// FuzzFilter checks that no filter expression makes the compiler or the
// evaluator panic.
func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		"@.price < 10", "@.flag", "!@.flag", "@.a == 'x' && (@.b != 2 || @.c)", "@.n =~ /a\\/b.*/i",
		"@.x in ['a', 1, true, null, -2.5e3]", "@.t contains 'r'", "@.t size 2", "@.t empty true",
		"@.t subsetof $.all", "@.t anyof [1]", "@.t noneof [1]", "@.a exists false", "@ == 42",
		"@.a[?(@.b == $.c)]", "@.a.length() > 1", "@['x y'][0] === \"z\"", "@.a!==1", "@.flag==false&&@.id<=2",
	} {
		f.Add(s)
	}
	doc, err := value.ParseString(items)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		p, err := Compile("$.items[?(" + expr + ")]")
		if err != nil {
			return
		}
		if v, err := p.Get(doc, nil); err != nil {
			t.Fatalf("filter %q: %v, %v", expr, v, err)
		}
	})
}
