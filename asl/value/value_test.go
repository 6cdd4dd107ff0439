package value

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseKeepsOrderAndNumbers(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"b":1,"a":2,"c":{"z":0.0,"y":[1,2.50,-3e2]}}`, `{"b":1,"a":2,"c":{"z":0.0,"y":[1,2.50,-3e2]}}`},
		{` [ true , false , null , "x" ] `, `[true,false,null,"x"]`},
		{`"a\u0000b<>&\u2028é"`, `"a\u0000b<>&` + "\u2028" + `é"`},
		{`{"a":1,"a":2}`, `{"a":2}`},
		{`123456789012345678901234567890`, `123456789012345678901234567890`},
		{`{}`, `{}`},
	}
	for _, tc := range tests {
		v, err := ParseString(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, String(v), tc.in)
		assert.Equal(t, len(tc.want), Size(v, 0), "Size agrees with Marshal for %s", tc.in)
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{``, `{`, `{"a":}`, `[1,]`, `{} {}`, `nul`, `{"a" 1}`} {
		_, err := ParseString(in)
		assert.Error(t, err, "input %q", in)
	}
}

func TestParseDepth(t *testing.T) {
	nest := func(open, closing string, n int) string {
		return strings.Repeat(open, n) + strings.Repeat(closing, n)
	}
	for _, tc := range []struct {
		name string
		in   string
		ok   bool
	}{
		{"arrays at the limit", nest("[", "]", MaxDepth), true},
		{"objects at the limit", strings.Repeat(`{"a":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth), true},
		{"arrays over the limit", nest("[", "]", MaxDepth+1), false},
		{"objects over the limit", strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1), false},
		{"ten thousand deep", nest("[", "]", 10000), false},
		{"a million deep, unterminated", strings.Repeat("[", 1_000_000), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseString(tc.in)
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "nested more than 1000 deep")
		})
	}
}

func TestMarshalEscapes(t *testing.T) {
	assert.Equal(t, `"q\"b\\n\nt\tc\u001f"`, String("q\"b\\n\nt\tc\x1f"))
	assert.Equal(t, `"\ufffd"`, String("\xff"), "invalid UTF-8 becomes the replacement character")
}

func TestObject(t *testing.T) {
	o := NewObject(0)
	for i := 0; i < 40; i++ { // crosses the index threshold
		o.Set(string(rune('a'+i%26))+string(rune('0'+i/26)), i)
	}
	v, ok := o.Get("c1")
	require.True(t, ok)
	assert.Equal(t, 28, v)
	o.Set("c1", "x")
	assert.Equal(t, 40, o.Len(), "replacing keeps the size")
	assert.Equal(t, "c1", o.Keys()[28], "replacing keeps the position")
	o.Delete("a0")
	assert.False(t, o.Has("a0"))
	v, _ = o.Get("c1")
	assert.Equal(t, "x", v, "the index follows a delete")
	c := o.Clone(1)
	c.Set("new", 1)
	assert.False(t, o.Has("new"), "a clone is independent")
	assert.True(t, c.Has("b0"))
}

func TestEqual(t *testing.T) {
	a, _ := ParseString(`{"x":[1,2.0,{"k":null}],"y":"s"}`)
	b, _ := ParseString(`{"y":"s","x":[1.0,2,{"k":null}]}`)
	c, _ := ParseString(`{"y":"s","x":[1.0,2,{"k":false}]}`)
	assert.True(t, Equal(a, b), "numbers by value, key order ignored")
	assert.False(t, Equal(a, c))
	assert.False(t, Equal(json.Number("1"), "1"))
	n, _ := ParseString(`{"n":3.0}`)
	assert.True(t, Equal(FromGo(map[string]any{"n": 3}), n), "plain Go data compares too")
}

func TestEqualFunc(t *testing.T) {
	// sameText counts numbers equal only when they are written alike, which
	// tells the structural walk apart from the number comparison.
	var compared [][2]json.Number
	sameText := func(x, y json.Number) bool {
		compared = append(compared, [2]json.Number{x, y})
		return x == y
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{`{"x":[1,{"k":2.0}],"y":"s"}`, `{"y":"s","x":[1,{"k":2.0}]}`, true},
		{`{"x":[1,{"k":2.0}],"y":"s"}`, `{"y":"s","x":[1,{"k":2}]}`, false},
		{`[1,2]`, `[2,1]`, false},
		{`[1]`, `[1,1]`, false},
		{`{"a":1}`, `{"b":1}`, false},
		{`{"a":1}`, `{"a":1,"b":2}`, false},
		{`null`, `false`, false},
		{`"1"`, `1`, false},
		{`true`, `true`, true},
	}
	for _, tt := range tests {
		a, err := ParseString(tt.a)
		require.NoError(t, err)
		b, err := ParseString(tt.b)
		require.NoError(t, err)
		assert.Equal(t, tt.want, EqualFunc(a, b, sameText), "%s vs %s", tt.a, tt.b)
	}
	assert.Contains(t, compared, [2]json.Number{"2.0", "2"}, "numbers go to the given function")

	n, _ := ParseString(`[3]`)
	assert.True(t, EqualFunc([]any{3}, n, sameText), "plain Go data is converted first")
	assert.False(t, EqualFunc([]any{3.5}, n, sameText))
	assert.True(t, EqualFunc(json.Number("1"), json.Number("1.0"), NumberEqual), "Equal is EqualFunc with NumberEqual")
}

func TestConvert(t *testing.T) {
	v := FromGo(map[string]any{"b": []any{1.5, int64(2)}, "a": true})
	assert.Equal(t, `{"a":true,"b":[1.5,2]}`, String(v))
	assert.Equal(t, map[string]any{"a": true, "b": []any{json.Number("1.5"), json.Number("2")}}, ToGo(v))
}

func TestInt(t *testing.T) {
	for in, want := range map[string]int64{"3": 3, "3.0": 3, "1e3": 1000, "-7": -7} {
		got, ok := Int(json.Number(in))
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"1.5", "1e300", "x"} {
		_, ok := Int(json.Number(in))
		assert.False(t, ok, in)
	}
	assert.Equal(t, json.Number("3"), FloatNumber(3.0))
	assert.Equal(t, json.Number("0.25"), FloatNumber(0.25))
}

func TestPointer(t *testing.T) {
	assert.Equal(t, "/States/a~1b~0c/Choices/2", Pointer("/States", "a/b~c", "Choices", 2))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":null}]}`, `"x"`, `[1.5e3,-0,true]`, `{"":{"":""}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseString(s)
		if err != nil {
			return
		}
		out := String(v)
		v2, err := ParseString(out)
		require.NoError(t, err, "what Marshal prints parses again: %s", out)
		assert.Equal(t, out, String(v2), "printing is stable")
		assert.True(t, Equal(v, v2))
		assert.Equal(t, len(out), Size(v, 0))
	})
}

func BenchmarkEqual(b *testing.B) {
	x, _ := ParseString(`{"id":"a-1","n":[1,2.5,3,{"k":null,"t":true}],"m":{"s":"text","v":12345}}`)
	y, _ := ParseString(`{"m":{"v":12345,"s":"text"},"n":[1,2.50,3,{"t":true,"k":null}],"id":"a-1"}`)
	b.ReportAllocs()
	for b.Loop() {
		if !Equal(x, y) {
			b.Fatal("not equal")
		}
	}
}
