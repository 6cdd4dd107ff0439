package jsonpath

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// nested builds an input of about size bytes: objects three levels deep,
// each level with a few members, the shape that makes repeated deep scans
// cost a power of the input size.
func nested(size int) any {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"a":{"b":{"c":1,"d":[1,2,3]},"e":"x"},"f":[{"g":1},{"h":2}]}`)
	}
	b.WriteString(`]}`)
	v, err := value.ParseString(b.String())
	if err != nil {
		panic(err)
	}
	return v
}

// deepDoc is an input of about size bytes nested as deeply as value.Parse
// allows: {"p":1,"a":{"p":1,"a":...{"z":1}}}. Every deep scan below a deep
// scan multiplies the work by the depth.
func deepDoc(size int) any {
	n := min(size/12, 900)
	s := strings.Repeat(`{"p":1,"a":`, n) + `{"z":1}` + strings.Repeat("}", n)
	v, err := value.ParseString(s)
	if err != nil {
		panic(err)
	}
	return v
}

// wideArray is a 256 KiB array of small numbers: the most nodes an input
// AWS accepts can hold.
func wideArray() any { return wideArrayOf('1') }

func wideArrayOf(digit byte) any {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; b.Len() < 256*1024-4; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digit)
	}
	b.WriteByte(']')
	v, err := value.ParseString(b.String())
	if err != nil {
		panic(err)
	}
	return v
}

func TestWorkBudgetStopsRunawayPaths(t *testing.T) {
	doc := deepDoc(12 * 1024)
	for _, src := range []string{
		"$..*..*..z",
		"$..*..*..*",
		"$..a[?(@.a in $..*)]",
		"$..[?(@ == $..*)]",
	} {
		t.Run(src, func(t *testing.T) {
			_, err := MustCompile(src).Get(doc, nil)
			require.Error(t, err)
			var fe *failure.Error
			require.True(t, errors.As(err, &fe), "got %T %v", err, err)
			assert.Equal(t, failure.Runtime, fe.Name)
			assert.Contains(t, fe.Cause, "'"+src+"'")
			assert.Contains(t, fe.Cause, "4000000")
		})
	}
}

func TestWorkBudgetCoversFilterOperators(t *testing.T) {
	// A definite operand costs nothing to select, but "in" and "subsetof"
	// compare every element of it for every item tested.
	o := value.NewObject(2)
	o.Set("list", wideArrayOf('2'))
	o.Set("items", wideArrayOf('1'))
	_, err := MustCompile("$.items[?(@ in $.list)]").Get(o, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "States.Runtime")
}

func TestWorkBudgetAllowsLegitimatePaths(t *testing.T) {
	wide := wideArray()
	deep := nested(256 * 1024)
	cases := []struct {
		src string
		doc any
	}{
		{"$..*", wide},
		{"$[*]", wide},
		{"$[?(@ == 1)]", wide},
		{"$..*", deep},
		{"$..c", deep},
		{"$..a..c", deep},
		{"$.items[*].f[*].g", deep},
		{"$.items[?(@.a.b.c == 1)].f", deep},
		{"$..[?(@.g)]", deep},
	}
	for _, c := range cases {
		t.Run(c.src, func(t *testing.T) {
			got, err := MustCompile(c.src).Get(c.doc, nil)
			require.NoError(t, err)
			assert.NotEmpty(t, got)
		})
	}
}

// TestWorkBudgetHeadroom measures how much of the budget the legitimate
// paths above use, so a change to the costs that eats the headroom shows.
func TestWorkBudgetHeadroom(t *testing.T) {
	deep := nested(256 * 1024)
	for _, src := range []string{"$..*", "$..a..c", "$..[?(@.g)]"} {
		p := MustCompile(src)
		b := budget{left: MaxWork}
		p.all(deep, deep, &b)
		used := MaxWork - b.left
		assert.Less(t, used, MaxWork/4, "%s uses %d of %d units on a 256 KiB input", src, used, MaxWork)
		t.Logf("%s: %d units", src, used)
	}
}
