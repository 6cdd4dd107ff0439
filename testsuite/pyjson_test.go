package testsuite

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPyNumber(t *testing.T) {
	tests := []struct{ in, dumps, repr string }{
		{"0", "0", "0"},
		{"-0", "0", "0"},
		{"42", "42", "42"},
		{"123456789012345678901234567890", "123456789012345678901234567890", "123456789012345678901234567890"},
		{"0.0", "0.0", "0.0"},
		{"-0.0", "-0.0", "-0.0"},
		{"1.5", "1.5", "1.5"},
		{"1e3", "1000.0", "1000.0"},
		{"1E3", "1000.0", "1000.0"},
		{"0.1", "0.1", "0.1"},
		{"0.0001", "0.0001", "0.0001"},
		{"0.00001", "1e-05", "1e-05"},
		{"1e15", "1000000000000000.0", "1000000000000000.0"},
		{"1e16", "1e+16", "1e+16"},
		{"1.5e16", "1.5e+16", "1.5e+16"},
		{"123456789012345678.0", "1.2345678901234568e+17", "1.2345678901234568e+17"},
		{"1e400", "Infinity", "inf"},
		{"-1e400", "-Infinity", "-inf"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.dumps, pyNumber(json.Number(tt.in), true), tt.in)
		assert.Equal(t, tt.repr, pyNumber(json.Number(tt.in), false), tt.in)
	}
}

func TestPyDumps(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":"é\n","b":[1,2.0,null,true,false],"c":{}}`, `{"a": "\u00e9\n", "b": [1, 2.0, null, true, false], "c": {}}`},
		{`"😀\"\\\t\u0001\u007f/<>"`, `"\ud83d\ude00\"\\\t\u0001\u007f/<>"`},
		{`[]`, `[]`},
		{`{"z":1,"a":2}`, `{"z": 1, "a": 2}`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, pyDumps(mustValue(t, tt.in)), tt.in)
	}
}

func TestPyStr(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"plain text"`, `plain text`}, // str() of a str is the text itself
		{`{"k":"v","n":[1,2.5,null,true,false]}`, `{'k': 'v', 'n': [1, 2.5, None, True, False]}`},
		{`["it's"]`, `["it's"]`},
		{`["a\"b'c"]`, `['a"b\'c']`},
		{`["tab\there\\"]`, `['tab\there\\']`},
		{`["é\u0000\u00a0"]`, `['é\x00\xa0']`},
		{`[1e-7, 3]`, `[1e-07, 3]`},
		{`null`, `None`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, pyStr(mustValue(t, tt.in)), tt.in)
	}
}

// TestPyPlainGo covers plain Go data, which both renderings convert with
// value.FromGo (map keys sorted) before walking it.
func TestPyPlainGo(t *testing.T) {
	v := map[string]any{"b": 1, "a": []any{true, nil, 2.5, "é"}}
	assert.Equal(t, `{"a": [true, null, 2.5, "\u00e9"], "b": 1}`, pyDumps(v))
	assert.Equal(t, `{'a': [True, None, 2.5, 'é'], 'b': 1}`, pyStr(v))
}
