package jsonpath

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aslworker/aslworker/asl/value"
)

func benchDoc(b *testing.B) any {
	b.Helper()
	var items []string
	for i := range 20 {
		tag := "y"
		if i%3 == 0 {
			tag = "x"
		}
		items = append(items, fmt.Sprintf(`{"id":%d,"price":%d.5,"tag":%q,"name":"item %d"}`, i, i, tag, i))
	}
	doc, err := value.ParseString(`{"data":{"nested":{"k":"v","other":1},"flag":true,"list":[1,2,3]},` +
		`"meta":{"a":1,"b":2,"c":3,"d":4},"result":{"old":1,"keep":[1,2]},"s":"text",` +
		`"items":[` + strings.Join(items, ",") + `]}`)
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

func benchGet(b *testing.B, path string) {
	doc := benchDoc(b)
	p := MustCompile(path)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.Get(doc, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetDefinite(b *testing.B)      { benchGet(b, "$.data.nested.k") }
func BenchmarkGetDefiniteIndex(b *testing.B) { benchGet(b, "$.items[-1].name") }
func BenchmarkGetRoot(b *testing.B)          { benchGet(b, "$") }
func BenchmarkGetWildcard(b *testing.B)      { benchGet(b, "$.items[*].id") }
func BenchmarkGetFilter(b *testing.B)        { benchGet(b, "$.items[?(@.price < 10 && @.tag == 'x')].id") }
func BenchmarkGetDeepScan(b *testing.B)      { benchGet(b, "$..name") }

func BenchmarkGetMissing(b *testing.B) {
	doc := benchDoc(b)
	p := MustCompile("$.data.nope")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Get(doc, nil); err == nil {
			b.Fatal("want an error")
		}
	}
}

func BenchmarkSet(b *testing.B) {
	doc := benchDoc(b)
	r, err := CompileReference("$.result.value")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Set(doc, "v"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	for _, path := range []string{"$.data.nested.k", "$.items[?(@.price < 10 && @.tag == 'x')].id"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Compile(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
