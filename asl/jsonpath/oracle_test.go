package jsonpath

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/PaesslerAG/gval"
	paessler "github.com/PaesslerAG/jsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// TestAgreesWithPaesslerJSONPath checks our evaluator against
// github.com/PaesslerAG/jsonpath on the part of JSONPath where Goessner's
// dialect (PaesslerAG) and Jayway's (AWS) agree: member and index steps,
// wildcards and slices over arrays, and filters comparing present members.
// Where the dialects differ (negative indexes, a filter on a missing member,
// wildcards over objects, whose order PaesslerAG does not fix) we follow
// AWS, and those paths are left out here.
func TestAgreesWithPaesslerJSONPath(t *testing.T) {
	doc, err := value.ParseString(`{
		"store": {"book": [
			{"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
			{"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
			{"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
			{"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord", "isbn": "0-395", "price": 22.99}],
		  "bicycle": {"color": "red", "price": 19.95}},
		"list": [[1, 2], [3, 4, 5]],
		"n": 7
	}`)
	require.NoError(t, err)
	plain := floats(value.ToGo(doc))
	// PaesslerAG's path language with gval's operators for the filters; it
	// reads string literals in double quotes only.
	lang := gval.Full(paessler.Language())
	paths := []string{
		"$",
		"$.n",
		"$.store.bicycle.color",
		"$['store']['bicycle']['price']",
		"$.store.book[0].title",
		"$.store.book[3]",
		"$.list[1][2]",
		"$.store.book[*].author",
		"$.store.book[1:3].price",
		"$.store.book[:2].title",
		"$.list[*][0]",
		"$.store.book[?(@.price < 10)].title",
		"$.store.book[?(@.category == 'fiction')].author",
		"$.store.book[?(@.price > 10 && @.price < 20)].title",
	}
	for _, src := range paths {
		t.Run(src, func(t *testing.T) {
			p, err := Compile(src)
			require.NoError(t, err)
			got, err := p.Get(doc, nil)
			require.NoError(t, err)
			eval, err := lang.NewEvaluable(strings.ReplaceAll(src, "'", `"`))
			require.NoError(t, err)
			want, err := eval(context.Background(), plain)
			require.NoError(t, err)
			assert.True(t, value.Equal(value.FromGo(want), got), "PaesslerAG: %v, ours: %s", want, value.String(got))
		})
	}
}

// floats turns json.Number into float64, the number type PaesslerAG compares.
func floats(v any) any {
	switch v := v.(type) {
	case json.Number:
		return value.Float(v)
	case []any:
		for i := range v {
			v[i] = floats(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = floats(v[k])
		}
	}
	return v
}
