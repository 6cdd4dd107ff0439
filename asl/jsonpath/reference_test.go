package jsonpath

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

func TestCompileReference(t *testing.T) {
	for _, s := range []string{"$", "$.a", "$['a'].b[0]", "$.a[-1]", "$.a-b", `$["x y"]`} {
		r, err := CompileReference(s)
		require.NoError(t, err, s)
		assert.Equal(t, s, r.String())
		assert.True(t, r.Definite())
	}
}

func TestCompileReferenceRejects(t *testing.T) {
	tests := []struct {
		path   string
		offset int
		msg    string
	}{
		{"$$.a", 0, `cannot address the context object ("$$")`},
		{"$$", 0, `cannot address the context object ("$$")`},
		{"$.a[*]", 3, "cannot contain a wildcard '*'"},
		{"$.a.*", 4, "cannot contain a wildcard '*'"},
		{"$..a", 1, "cannot contain a deep scan '..'"},
		{"$.a[0:1]", 3, "cannot contain a slice [start:end]"},
		{"$.a[0,1]", 3, "cannot contain a list of indexes [0,1]"},
		{"$['a','b']", 1, "cannot contain a list of names ['a','b']"},
		{"$.a[?(@.b)]", 3, "cannot contain a filter '[?(...)]'"},
		{"$.a.length()", 4, "cannot contain the function length()"},
		{"$.a[", 3, "unclosed '['"},
		{"a", 0, "must start with '$'"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r, err := CompileReference(tt.path)
			assert.Nil(t, r)
			var se *SyntaxError
			require.True(t, errors.As(err, &se), "got %v", err)
			assert.Equal(t, tt.offset, se.Offset)
			assert.Contains(t, se.Msg, tt.msg)
		})
	}
	_, err := CompileReference("$.a[*]")
	assert.EqualError(t, err, "a Reference Path cannot contain a wildcard '*': only member names (.name, ['name']) and single indexes ([0]) are allowed (at offset 3)")
}

func TestReferenceSet(t *testing.T) {
	tests := []struct {
		path, input, want string
	}{
		{"$", `{"a":1}`, `"V"`},
		{"$", `"text"`, `"V"`},
		{"$.a", `{}`, `{"a":"V"}`},
		{"$.a", `{"a":1,"b":2}`, `{"a":"V","b":2}`},
		{"$.b", `{"a":1}`, `{"a":1,"b":"V"}`},
		{"$.x.y.z", `{"b":1}`, `{"b":1,"x":{"y":{"z":"V"}}}`},
		{"$.a.b", `{"a":{"c":1},"d":2}`, `{"a":{"c":1,"b":"V"},"d":2}`},
		{"$.a.b", `{"a":{"b":{"old":true}}}`, `{"a":{"b":"V"}}`},
		{"$['a b'].c", `{}`, `{"a b":{"c":"V"}}`},
		{"$.arr[1]", `{"arr":[1,2,3]}`, `{"arr":[1,"V",3]}`},
		{"$.arr[-1]", `{"arr":[1,2,3]}`, `{"arr":[1,2,"V"]}`},
		{"$.arr[0].x", `{"arr":[{"y":1}]}`, `{"arr":[{"y":1,"x":"V"}]}`},
		{"$.arr[0].x.y", `{"arr":[{}]}`, `{"arr":[{"x":{"y":"V"}}]}`},
		{"$[0]", `[1,2]`, `["V",2]`},
	}
	for _, tt := range tests {
		t.Run(tt.path+" on "+tt.input, func(t *testing.T) {
			r, err := CompileReference(tt.path)
			require.NoError(t, err)
			in := parse(t, tt.input)
			got, err := r.Set(in, "V")
			require.NoError(t, err)
			assert.Equal(t, tt.want, value.String(got))
			assert.Equal(t, tt.input, value.String(in), "the input must not change")
		})
	}
}

func TestReferenceSetCopiesOnlyThePath(t *testing.T) {
	in := parse(t, `{"keep":{"deep":[1,2]},"change":{"inner":{"x":1},"sibling":{"y":2}},"list":[{"a":1},{"b":2}]}`)
	got, err := mustReference(t, "$.change.inner.x").Set(in, value.IntNumber(9))
	require.NoError(t, err)
	assert.Same(t, mustGet(t, "$.keep", in), mustGet(t, "$.keep", got), "members off the path are shared")
	assert.Same(t, mustGet(t, "$.change.sibling", in), mustGet(t, "$.change.sibling", got))
	assert.NotSame(t, mustGet(t, "$.change", in), mustGet(t, "$.change", got))

	got, err = mustReference(t, "$.list[1].c").Set(in, true)
	require.NoError(t, err)
	assert.Same(t, mustGet(t, "$.list[0]", in), mustGet(t, "$.list[0]", got))
	assert.Equal(t, `[{"a":1},{"b":2,"c":true}]`, value.String(mustGet(t, "$.list", got)))
	assert.Equal(t, `[{"a":1},{"b":2}]`, value.String(mustGet(t, "$.list", in)))
}

func mustReference(t *testing.T, s string) *Reference {
	t.Helper()
	r, err := CompileReference(s)
	require.NoError(t, err)
	return r
}

func TestReferenceSetConflicts(t *testing.T) {
	tests := []struct {
		path, input string
	}{
		// Recorded from AWS: a ResultPath on a string input.
		{"$.someTaskResult", `"input1"`},
		{"$.a.b", `{"a":1}`},
		{"$.a.b", `{"a":null}`},
		{"$.a.b", `{"a":[{"b":1}]}`},
		{"$.arr[3]", `{"arr":[1]}`},
		{"$.arr[-2]", `{"arr":[1]}`},
		{"$.arr[0]", `{"arr":{"0":1}}`},
		{"$.missing[0]", `{}`},
		{"$.a", `[1]`},
		{"$[0]", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.path+" on "+tt.input, func(t *testing.T) {
			in := parse(t, tt.input)
			got, err := mustReference(t, tt.path).Set(in, "V")
			assert.Nil(t, got)
			var ce *ConflictError
			require.True(t, errors.As(err, &ce), "got %v", err)
			assert.Equal(t, tt.path, ce.Path)
			assert.Equal(t, "Unable to apply ReferencePath "+tt.path+" to input "+tt.input, err.Error())
		})
	}
}

func TestReferenceGet(t *testing.T) {
	r := mustReference(t, "$.a[0]")
	got, err := r.Get(parse(t, `{"a":[7]}`), nil)
	require.NoError(t, err)
	assert.Equal(t, `7`, value.String(got))
	_, err = r.Get(parse(t, `{}`), nil)
	assert.EqualError(t, err, "Invalid path '$.a[0]' : Missing property in path $['a']")
}
