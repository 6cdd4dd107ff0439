package jsonpath

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// store is Goessner's JSONPath example document, with a few extra members
// for names that need brackets or odd characters.
const store = `{
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
      {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
    ],
    "bicycle": {"color": "red", "price": 19.95}
  },
  "expensive": 10,
  "a-b": "dash",
  "$$": "dollars",
  "día": "unicode",
  "with space": "space",
  "it's": "quote",
  "a.b": "dot",
  "nul": null,
  "empty": [],
  "n": 5,
  "matrix": [[1, 2], [3, 4]]
}`

func parse(t testing.TB, s string) any {
	t.Helper()
	v, err := value.ParseString(s)
	require.NoError(t, err, "test JSON %s", s)
	return v
}

func TestGet(t *testing.T) {
	doc := parse(t, store)
	tests := []struct {
		path     string
		want     string // JSON, compared in order
		definite bool
	}{
		// Root and members.
		{"$", value.String(doc), true},
		{"$.expensive", `10`, true},
		{"$.store.bicycle.color", `"red"`, true},
		{"$['store']['bicycle']['color']", `"red"`, true},
		{`$["store"]["bicycle"]["color"]`, `"red"`, true},
		{"$[ 'store' ].bicycle", `{"color":"red","price":19.95}`, true},
		{"$.nul", `null`, true},
		// Dot names take any character but '.', '[', '(' and space.
		{"$.a-b", `"dash"`, true},
		{"$.$$", `"dollars"`, true},
		{"$.día", `"unicode"`, true},
		{"$['with space']", `"space"`, true},
		{`$["it's"]`, `"quote"`, true},
		{"$['a.b']", `"dot"`, true},
		// Indexes.
		{"$.store.book[0].author", `"Nigel Rees"`, true},
		{"$.store.book[3].title", `"The Lord of the Rings"`, true},
		{"$.store.book[-1].author", `"J. R. R. Tolkien"`, true},
		{"$.store.book[-4].author", `"Nigel Rees"`, true},
		{"$.matrix[1][0]", `3`, true},
		{"$.matrix[-1][-1]", `4`, true},
		// A final list of names is merged into one object, members in the
		// order listed, missing ones left out.
		{"$.store.bicycle['price','color']", `{"price":19.95,"color":"red"}`, true},
		{"$.store.bicycle['color','nope']", `{"color":"red"}`, true},
		// length() is the size of an array or object, null for anything else.
		{"$.store.book.length()", `4`, true},
		{"$.store.bicycle.length()", `2`, true},
		{"$.expensive.length()", `null`, true},
		{"$.empty.length()", `0`, true},
		// Wildcards, in document order.
		{"$.store.book[*].author", `["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]`, false},
		{"$.store.*", `[` + value.String(mustGet(t, "$.store.book", doc)) + `,{"color":"red","price":19.95}]`, false},
		{"$.store.bicycle.*", `["red",19.95]`, false},
		{"$.store.bicycle[*]", `["red",19.95]`, false},
		{"$.expensive.*", `[]`, false},
		{"$.matrix[*][0]", `[1,3]`, false},
		// Unions of indexes, and of names before further steps.
		{"$.store.book[0,2].title", `["Sayings of the Century","Moby Dick"]`, false},
		{"$.store.book[2,0].title", `["Moby Dick","Sayings of the Century"]`, false},
		{"$.store.book[0,9,-1].price", `[8.95,22.99]`, false},
		{"$['store']['bicycle','nope'].color", `["red"]`, false},
		// Slices, with Jayway's rules for negative bounds.
		{"$.store.book[0:2].price", `[8.95,12.99]`, false},
		{"$.store.book[1:].price", `[12.99,8.99,22.99]`, false},
		{"$.store.book[:1].price", `[8.95]`, false},
		{"$.store.book[-2:].price", `[8.99,22.99]`, false},
		{"$.store.book[:-3].price", `[8.95]`, false},
		{"$.store.book[-3:-1].price", `[12.99,8.99]`, false},
		{"$.store.book[2:99].price", `[8.99,22.99]`, false},
		{"$.store.book[-9:].price", `[8.95,12.99,8.99,22.99]`, false},
		{"$.store.book[:].price", `[8.95,12.99,8.99,22.99]`, false},
		{"$.store.book[3:1].price", `[]`, false},
		// [a:b] visits a..b-1 as written, each counted from the end when
		// negative; so [1:-1] is empty and [-1:2] wraps around.
		{"$.store.book[1:-1].price", `[]`, false},
		{"$.store.book[-1:2].price", `[22.99,8.95,12.99]`, false},
		// Deep scan: a node before its children, children in order.
		{"$..author", `["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]`, false},
		{"$.store..price", `[8.95,12.99,8.99,22.99,19.95]`, false},
		{"$..book[2].title", `["Moby Dick"]`, false},
		{"$..book[-1:].title", `["The Lord of the Rings"]`, false},
		{"$..['color']", `["red"]`, false},
		{"$..book.length()", `[4]`, false},
		{"$.matrix..*", `[[1,2],[3,4],1,2,3,4]`, false},
		{"$.matrix..[0]", `[[1,2],1,3]`, false},
		{"$..nope", `[]`, false},
		// Filters.
		{"$.store.book[?(@.price < 10)].title", `["Sayings of the Century","Moby Dick"]`, false},
		{"$.store.book[?(@.isbn)].title", `["Moby Dick","The Lord of the Rings"]`, false},
		{"$..book[?(@.price > $.expensive)].author", `["Evelyn Waugh","J. R. R. Tolkien"]`, false},
		{"$..[?(@.color)]", `[{"color":"red","price":19.95}]`, false},
		// A filter on an object tests the object itself.
		{"$.store.bicycle[?(@.color == 'red')].price", `[19.95]`, false},
		{"$.store[?(@.color == 'red')].price", `[]`, false},
		// Indefinite paths that find nothing return [] rather than failing.
		{"$.nope[*]", `[]`, false},
		{"$.nope.deeper[0:2]", `[]`, false},
		{"$.expensive[?(@.x)]", `[]`, false},
		{"$.expensive[0,1]", `[]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Compile(tt.path)
			require.NoError(t, err)
			assert.Equal(t, tt.path, p.String())
			assert.Equal(t, tt.definite, p.Definite(), "Definite()")
			assert.False(t, p.Context())
			got, err := p.Get(doc, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, value.String(got))
		})
	}
}

func mustGet(t *testing.T, path string, doc any) any {
	t.Helper()
	v, err := MustCompile(path).Get(doc, nil)
	require.NoError(t, err)
	return v
}

func TestGetReturnsSharedValues(t *testing.T) {
	doc := parse(t, store)
	book := mustGet(t, "$.store.book", doc)
	first := mustGet(t, "$.store.book[0]", doc)
	// A definite path hands back the node itself, not a copy.
	assert.Same(t, book.([]any)[0], first)
	// An empty indefinite result is an empty array, not null.
	got := mustGet(t, "$.nope[*]", doc)
	require.NotNil(t, got)
	assert.Equal(t, []any{}, got)
}

func TestGetContext(t *testing.T) {
	input := parse(t, `{"Id": "input"}`)
	ctx := parse(t, `{"Execution": {"Id": "arn:exec", "Input": {"values": [1, 2]}}, "Map": {"Item": {"Index": 3}}}`)
	tests := []struct {
		path, want string
	}{
		{"$$", value.String(ctx)},
		{"$$.Execution.Id", `"arn:exec"`},
		{"$$['Execution']['Id']", `"arn:exec"`},
		{"$$.Execution.Input.values[1]", `2`},
		{"$$.Execution.Input.values[*]", `[1,2]`},
		{"$$.Map.Item.Index", `3`},
		{"$.Id", `"input"`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Compile(tt.path)
			require.NoError(t, err)
			assert.Equal(t, tt.path[1] == '$', p.Context())
			got, err := p.Get(input, ctx)
			require.NoError(t, err)
			assert.Equal(t, tt.want, value.String(got))
		})
	}
}

func TestGetErrors(t *testing.T) {
	doc := parse(t, store)
	tests := []struct {
		path, detail string
	}{
		// Recorded from AWS (OutputPath on a Pass / Lambda result).
		{"$.NoSuchOutputPath", "No results for path: $['NoSuchOutputPath']"},
		{"$.no.such.result.path", "Missing property in path $['no']"},
		// The rest follows Jayway's messages for the same situations.
		{"$.store.nope", "No results for path: $['store']['nope']"},
		{"$.store.nope.x[0]", "Missing property in path $['store']['nope']"},
		{"$.store.nope.length()", "Missing property in path $['store']['nope']"},
		{"$.store.book[4]", "No results for path: $['store']['book'][4]"},
		{"$.store.book[-5].title", "No results for path: $['store']['book'][-5]['title']"},
		{"$.store.book[0].nope", "No results for path: $['store']['book'][0]['nope']"},
		{"$.store.book.title",
			"Expected to find an object with property ['title'] in path $['store']['book'] but found 'net.minidev.json.JSONArray'. " +
				"This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'."},
		{"$.expensive.x",
			"Expected to find an object with property ['x'] in path $['expensive'] but found 'java.lang.Integer'. " +
				"This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'."},
		{"$.store.bicycle.price['a','b']",
			"Expected to find an object with property ['a','b'] in path $['store']['bicycle']['price'] but found 'java.lang.Double'. " +
				"This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'."},
		{"$.nul.x",
			"Expected to find an object with property ['x'] in path $['nul'] but found 'null'. " +
				"This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'."},
		{"$.nul[0]", "The path $['nul'] is null"},
		{"$.store.bicycle[0].x", `Filter: [0]['x'] can only be applied to arrays. Current context is: {"color":"red","price":19.95}`},
		{"$.a-b[1]", "Filter: [1] can only be applied to arrays. Current context is: dash"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Compile(tt.path)
			require.NoError(t, err)
			got, err := p.Get(doc, nil)
			assert.Nil(t, got)
			var pe *Error
			require.True(t, errors.As(err, &pe), "got %v, want *Error", err)
			assert.Equal(t, tt.path, pe.Path)
			assert.Equal(t, tt.detail, pe.Detail)
			assert.Equal(t, "Invalid path '"+tt.path+"' : "+tt.detail, err.Error())
		})
	}
}

func TestJavaClass(t *testing.T) {
	tests := []struct {
		json, want string
	}{
		{`1`, "java.lang.Integer"},
		{`-2147483648`, "java.lang.Integer"},
		{`2147483648`, "java.lang.Long"},
		{`99999999999999999999`, "java.math.BigInteger"},
		{`1.5`, "java.lang.Double"},
		{`1e3`, "java.lang.Double"},
		{`"s"`, "java.lang.String"},
		{`true`, "java.lang.Boolean"},
		{`[]`, "net.minidev.json.JSONArray"},
		{`null`, "null"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, javaClass(parse(t, tt.json)), tt.json)
	}
}

func TestNormalized(t *testing.T) {
	tests := []struct {
		path, want string
	}{
		{"$", "$"},
		{"$$", "$"},
		{"$$.Execution.Id", "$['Execution']['Id']"},
		{"$.a.b[0].c", "$['a']['b'][0]['c']"},
		{`$["a"]['b c']`, "$['a']['b c']"},
		{"$.a[-1]", "$['a'][-1]"},
		{"$.a[ 1 , 2 ]", "$['a'][1,2]"},
		{"$.a['x','y']", "$['a']['x','y']"},
		{"$.a[1:3]", "$['a'][1:3]"},
		{"$.a[1:]", "$['a'][1:]"},
		{"$.a[:3]", "$['a'][:3]"},
		{"$.a.*", "$['a'][*]"},
		{"$.a[*]", "$['a'][*]"},
		{"$..a", "$..['a']"},
		{"$..*", "$..[*]"},
		{"$.a[?(@.b == 1)].c", "$['a'][?]['c']"},
		{"$.a.length()", "$['a'].length()"},
		{"$.[0]", "$[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Compile(tt.path)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.Normalized())
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		path   string
		offset int
		msg    string // a part of the message
	}{
		{"", 0, "must start with '$'"},
		{"a.b", 0, "must start with '$'"},
		{"@.a", 0, "must start with '$'"},
		{"$a", 1, "expected '.' or '['"},
		{"$$23", 2, "expected '.' or '['"},
		{"$.", 1, "must not end with \".\""},
		{"$.a.", 3, "must not end with"},
		{"$..", 1, "must not end with \"..\""},
		{"$...", 3, "at most two dots"},
		{"$.a b", 3, "brackets, as ['my name']"},
		{"$[", 1, "unclosed '['"},
		{"$['a'", 1, "unclosed '['"},
		{"$['a", 2, "unclosed quote '"},
		{"$['a' 'b']", 6, "expected ',' or ']'"},
		{"$['a',]", 6, "expected a quoted name"},
		{"$[*x]", 3, "expected ']' after '*'"},
		{"$[a]", 2, "expected a quoted name, an index"},
		{"$[0", 1, "unclosed '['"},
		{"$[1-2]", 1, "not an array index"},
		{"$[0,]", 1, "empty index"},
		{"$[1:2:3]", 1, "a slice is written"},
		{"$[0x1]", 3, "unexpected 'x' in an index"},
		{"$.a[0]b", 6, "expected '.' or '[' after a step"},
		{"$.a[?@.b]", 5, "expected '(' after '?'"},
		{"$.a[?(@.b]", 5, "unclosed '('"},
		{"$.a[?(@.b) x]", 11, "expected ']'"},
		{"$.a[?(@.b ==)]", 6, "invalid filter expression"},
		{"$.a[?(@.b == 'x)]", 5, "unclosed '('"},
		{"$.a[?(@.b =~ /x)]", 5, "unclosed '('"},
		{"$.a[?((@.b == 1)]", 5, "unclosed '('"},
		{"$.a.size()", 4, "only length() is supported"},
		{"$.a.length(1)", 11, "takes no arguments"},
		{"$.a.length().b", 4, "must be the last step"},
		{"$..length()", 1, "deep scan"},
		{"$.(", 2, "expected a name before '('"},
		{"$[(@.length-1)].bar", 2, "expected a quoted name"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Compile(tt.path)
			require.Error(t, err)
			assert.Nil(t, p)
			var se *SyntaxError
			require.True(t, errors.As(err, &se), "got %T %v", err, err)
			assert.Equal(t, tt.path, se.Path)
			assert.Equal(t, tt.offset, se.Offset, "offset of %q", se.Msg)
			assert.Contains(t, se.Msg, tt.msg)
		})
	}
}

func TestMustCompilePanics(t *testing.T) {
	assert.Panics(t, func() { MustCompile("nope") })
	assert.NotPanics(t, func() { MustCompile("$.ok") })
}

// TestBracketNamesKeepBackslashes pins what AWS does with a backslash in a
// quoted name: it protects the next character from ending the quote and is
// kept in the name (the corpus case ESCAPE_SEQUENCES_JSONPATH looks up the
// key Test\""Name" with $['Test\""Name"']).
func TestBracketNamesKeepBackslashes(t *testing.T) {
	doc := parse(t, `{"Test\\\"\"Name\"": 1, "a\\'b": 2, "c\\\\d": 3}`)
	tests := []struct {
		path string
		want string
	}{
		{`$['Test\""Name"']`, `1`},
		{`$['a\'b']`, `2`},
		{`$["c\\d"]`, `3`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got := mustGet(t, tt.path, doc)
			assert.Equal(t, tt.want, value.String(got))
		})
	}
}

func TestGetDefiniteAllocatesNothing(t *testing.T) {
	doc := parse(t, `{"data": {"nested": {"k": "v"}, "list": [1, {"x": true}]}}`)
	for _, path := range []string{"$.data.nested.k", "$.data.list[-1].x", "$", "$$.data"} {
		p := MustCompile(path)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := p.Get(doc, doc); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, path)
	}
}
