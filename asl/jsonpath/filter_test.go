package jsonpath

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

const items = `{
  "items": [
    {"id": 1, "name": "apple", "price": 5, "tags": ["fruit", "red"], "flag": true, "stock": 0},
    {"id": 2, "name": "Banana", "price": 12.5, "tags": ["fruit"], "flag": false, "code": "12"},
    {"id": 3, "name": "carrot", "price": "7", "tags": [], "flag": null, "meta": {"origin": "FR", "n": [1, 2]}},
    {"id": 4, "name": "dates", "price": 20, "note": "it's dry"},
    "scalar", 42, null
  ],
  "limit": 10,
  "allowed": ["apple", "dates"]
}`

// TestFilter runs $.items[?(expr)].id: want is the ids of the objects that
// pass (items that are not objects have no id, so never show up).
func TestFilter(t *testing.T) {
	doc := parse(t, items)
	tests := []struct {
		expr, want string
	}{
		// Numbers compare by value; a string is never < or > a number.
		{"@.price < 10", `[1]`},
		{"@.price <= 5", `[1]`},
		{"@.price > 10", `[2,4]`},
		{"@.price >= 12.5", `[2,4]`},
		{"@.price == 5", `[1]`},
		{"@.price == 5.0", `[1]`},
		{"@.price == 5e0", `[1]`},
		{"@.id > -1", `[1,2,3,4]`},
		{"@.price < $.limit", `[1]`},
		{"$.limit > @.price", `[1]`},
		// A number and a string holding it are equal.
		{"@.price == '7'", `[3]`},
		{"@.price == 7", `[3]`},
		{"@.code == 12", `[2]`},
		{"@.price == '5'", `[1]`},
		// === and !== also want the same type.
		{"@.id === 1", `[1]`},
		{"@.code === 12", `[]`},
		{"@.code === '12'", `[2]`},
		{"@.code !== 12", `[1,2,3,4]`},
		// Strings compare by text.
		{"@.name == 'apple'", `[1]`},
		{`@.name == "apple"`, `[1]`},
		{"@.name != 'apple'", `[2,3,4]`},
		{"@.name > 'b'", `[3,4]`},
		{`@.note == 'it\'s dry'`, `[4]`},
		{`@.note == "it's dry"`, `[4]`},
		// Booleans and null.
		{"@.flag == true", `[1]`},
		{"@.flag == false", `[2]`},
		{"@.flag == null", `[3]`},
		// A missing member equals nothing, so != holds.
		{"@.nope == @.nope2", `[]`},
		{"@.nope != 1", `[1,2,3,4]`},
		{"@.nope < 1", `[]`},
		// A bare path tests existence, whatever the value.
		{"@.flag", `[1,2,3]`},
		{"@.stock", `[1]`},
		{"!@.flag", `[4]`},
		{"(@.flag)", `[1,2,3]`},
		{"@.meta.origin", `[3]`},
		{"@.meta.nope", `[]`},
		{"@.flag exists true", `[1,2,3]`},
		{"@.flag EXISTS false", `[4]`},
		// An indefinite path exists when no object on its way lacks a named
		// member (Jayway's REQUIRE_PROPERTIES), however many it selects.
		{"@.tags[?(@ == 'red')]", `[1,2,3]`},
		{"@.tags[*]", `[1,2,3]`},
		// Regular expressions match the whole text.
		{"@.name =~ /b.*/i", `[2]`},
		{"@.name =~ /an/", `[]`},
		{"@.name =~ /.*an.*/", `[2]`},
		{"@.name =~ /A.*|d.*/", `[4]`},
		{"@.id =~ /[12]/", `[1,2]`},
		{`@.note =~ /it's\s\w+/`, `[4]`},
		{`@.name =~ /a\/b/`, `[]`},
		// Lists.
		{"@.name in ['apple', 'dates']", `[1,4]`},
		{"@.name IN ['apple', 'dates']", `[1,4]`},
		{"@.name in $.allowed", `[1,4]`},
		{"@.name nin $.allowed", `[2,3]`},
		{"@.id in [1, '2', @.price]", `[1,2]`},
		{"@.name in []", `[]`},
		{"@.tags contains 'red'", `[1]`},
		{"@.name contains 'rr'", `[3]`},
		{"@.tags size 1", `[2]`},
		{"@.name size 5", `[1,4]`},
		{"@.tags empty true", `[3]`},
		{"@.tags empty false", `[1,2]`},
		{"@.meta empty false", `[3]`},
		{"@.tags subsetof ['fruit', 'red', 'green']", `[1,2,3]`},
		{"@.tags anyof ['red', 'blue']", `[1]`},
		{"@.tags noneof ['red']", `[2,3]`},
		// Paths with indexes and functions inside filters.
		{"@.meta.n[1] == 2", `[3]`},
		{"@.meta.n[-1] == 2", `[3]`},
		{"@.meta.n.length() == 2", `[3]`},
		{"@.tags.length() > 0", `[1,2]`},
		{"@['name'] == 'dates'", `[4]`},
		// Logic: && binds tighter than ||.
		{"@.price < $.limit && @.flag", `[1]`},
		{"@.price > 10 || @.id == 1", `[1,2,4]`},
		{"(@.price > 10 || @.id == 1) && @.flag == false", `[2]`},
		{"@.id == 1 || @.id == 2 && @.flag == true", `[1]`},
		{"@.id==2&&@.flag==false", `[2]`},
		{"@.flag!=null&&@.id<=2", `[1,2]`},
		{"@.name=~/a.*/&&@.id>=1", `[1]`},
		{"!(@.id == 1) && @.tags", `[2,3]`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			p, err := Compile("$.items[?(" + tt.expr + ")].id")
			require.NoError(t, err)
			got, err := p.Get(doc, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, value.String(got))
		})
	}
}

func TestFilterOnScalarsAndRoot(t *testing.T) {
	doc := parse(t, items)
	tests := []struct {
		path, want string
	}{
		{"$.items[?(@ == 42)]", `[42]`},
		{"$.items[?(@ == 'scalar')]", `["scalar"]`},
		{"$.items[?(@ == null)]", `[null]`},
		{"$.items[?(@.id == 1)].name", `["apple"]`},
		{"$.allowed[?(@ =~ /d.*/)]", `["dates"]`},
		// A filter on an object tests the object itself.
		{"$[?(@.limit == 10)].limit", `[10]`},
		{"$..[?(@.origin)].n[0]", `[1]`},
		// Nested filters: "$" is still the document.
		{"$.items[?(@.tags[?(@ == $.items[0].name)])].id", `[1,2,3]`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got := mustGet(t, tt.path, doc)
			assert.Equal(t, tt.want, value.String(got))
		})
	}
}

func TestFilterCompileErrors(t *testing.T) {
	tests := []struct {
		expr, msg string
	}{
		{"@.a ==", "unexpected EOF"},
		{"@.a = 1", `unexpected "=" while scanning operator`},
		{"foo == 1", `unexpected word "foo"`},
		{"@.a =~ /[/", "invalid regular expression /[/"},
		{"@.a =~ /x/q", `unsupported regular expression flag 'q'`},
		{"1 exists true", "left side of 'exists' must be a path"},
		{"@.a b", "unexpected Ident"},
		{"@.a == 0x10", `"0x10" is not a number`},
		{"@.a == -'x'", "negative number"},
		{"@.a[ == 1", "unclosed '['"},
		{"@.a b.c == 1", "unexpected Ident"},
		{"@.a.b c", "unexpected Ident"},
		{"@.. == 1", `path "@..": a path must not end with ".."`},
		{"@.a in [1, 2", "unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := Compile("$[?(" + tt.expr + ")]")
			var se *SyntaxError
			require.True(t, errors.As(err, &se), "got %v", err)
			assert.Equal(t, 4, se.Offset)
			assert.Contains(t, se.Msg, "invalid filter expression")
			assert.Contains(t, se.Msg, tt.msg)
		})
	}
}

func TestPathOperandsAreRecognised(t *testing.T) {
	for _, expr := range []string{"@", "@.a", "$.a", "@['a'][0]", "(@.a)", "@.a.length()"} {
		e, err := filterLanguage.NewEvaluable(expr)
		require.NoError(t, err, expr)
		assert.True(t, isPathOperand(e), expr)
	}
	for _, expr := range []string{"1", "'a'", "@.a == 1", "!@.a", "@.a && @.b"} {
		e, err := filterLanguage.NewEvaluable(expr)
		require.NoError(t, err, expr)
		assert.False(t, isPathOperand(e), expr)
	}
}
