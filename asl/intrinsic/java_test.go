package intrinsic

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/aslworker/aslworker/asl/value"
)

// The constants below are what the JDK returns; they pin the Java behaviour
// AWS's intrinsics show.

func TestJavaHash(t *testing.T) {
	tests := []struct {
		v    any
		want int32
	}{
		{"hello", 99162322},
		{"Aa", 2112},
		{"BB", 2112},
		{"", 0},
		{"🚀", 1773027}, // a surrogate pair: 31*0xD83D + 0xDE80
		{nil, 0},
		{true, 1231},
		{false, 1237},
		{json.Number("1"), 1},
		{json.Number("-7"), -7},
		{json.Number("3000000000"), -1294967296}, // Long
		{json.Number("1.0"), 1072693248},         // Double
		{json.Number("18446744073709551616"), 961},       // BigInteger 2^64: words [1 0 0]
		{json.Number("-18446744073709551616"), -961},     // negative BigInteger
		{[]any{json.Number("1"), json.Number("2")}, 994}, // List.of(1, 2)
		{[]any{}, 1},                          // an empty list
		{parseJSONHelper(`{"a": 1}`), 97 ^ 1}, // Map.of("a", 1)
		{parseJSONHelper(`{"a": 1, "b": null}`), 97 ^ 1 + 98}, // entries sum
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, javaHash(tt.v), "hash of %v", tt.v)
	}
}

func TestJavaEqual(t *testing.T) {
	assert.True(t, javaEqual(parseJSONHelper(`{"a": [1, {"b": null}], "c": "x"}`), parseJSONHelper(`{"c": "x", "a": [1, {"b": null}]}`)))
	assert.False(t, javaEqual(json.Number("1"), json.Number("1.0")), "Integer 1 and Double 1.0 differ in Java")
	assert.True(t, javaEqual(json.Number("1.0"), json.Number("1.00")))
	assert.False(t, javaEqual(json.Number("0.0"), json.Number("-0.0")), "Double.equals tells 0.0 from -0.0")
	assert.False(t, javaEqual(parseJSONHelper(`[1, 2]`), parseJSONHelper(`[2, 1]`)))
	assert.False(t, javaEqual(nil, false))
}

func TestJavaRandom(t *testing.T) {
	// new Random(0).nextInt() and new Random(42).nextInt().
	assert.Equal(t, int32(-1155484576), newJavaRandom(0).next(32))
	assert.Equal(t, int32(-1170105035), newJavaRandom(42).next(32))
	r := newJavaRandom(42)
	for range 1000 {
		n := r.nextInt(999)
		assert.True(t, n >= 0 && n < 999)
	}
	// A power-of-two bound takes the high bits.
	assert.Equal(t, int32((int64(1<<4)*int64(newJavaRandom(5).next(31)))>>31), newJavaRandom(5).nextInt(16))
}

func TestJavaDouble(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"1.0", "1.0"},
		{"1.10", "1.1"},
		{"100", "100"},
		{"1e2", "100.0"},
		{"12.5", "12.5"},
		{"0.001", "0.001"},
		{"0.0001", "1.0E-4"},
		{"9999999", "9999999"},
		{"9999999.5", "9999999.5"},
		{"1e7", "1.0E7"},
		{"123456789.0", "1.23456789E8"},
		{"1.5e-5", "1.5E-5"},
		{"-2.5E+21", "-2.5E21"},
		{"0.30000000000000004", "0.30000000000000004"},
		{"-0", "0"},
		{"-0.0", "-0.0"},
		{"0.0", "0.0"},
		{"123456789012345678901234567890", "123456789012345678901234567890"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendJavaNumber(nil, json.Number(tt.in))), "Java text of %s", tt.in)
	}
}

// TestHashMapOrder checks the orders AWS produced for objects with several
// ".$" fields in the conformance recordings.
func TestHashMapOrder(t *testing.T) {
	tests := []struct{ keys, want []string }{
		{[]string{"encoded", "decoded"}, []string{"decoded", "encoded"}},
		{[]string{"mergedJson", "parsedJson", "stringifiedJson"}, []string{"parsedJson", "mergedJson", "stringifiedJson"}},
		{[]string{"splitString", "formattedString"}, []string{"formattedString", "splitString"}},
		{[]string{"Question", "Answer"}, []string{"Answer", "Question"}},
		{[]string{"Iterations", "Values"}, []string{"Values", "Iterations"}},
		{[]string{"FunctionName", "Payload", "LogType"}, []string{"FunctionName", "LogType", "Payload"}},
		{[]string{"LambdaOutput", "ContextObjectValue"}, []string{"ContextObjectValue", "LambdaOutput"}},
		{[]string{"simpleArray", "partitionedArray", "containsElement", "numberRange", "thirdElement", "arraySize", "uniqueValues"},
			[]string{"uniqueValues", "simpleArray", "thirdElement", "partitionedArray", "arraySize", "containsElement", "numberRange"}},
		{nil, []string{}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, HashMapOrder(tt.keys))
	}
}

func TestHashTableGrows(t *testing.T) {
	var tab hashTable
	for i := range 13 {
		tab.add(spread(int32(i)))
	}
	assert.Equal(t, 32, tab.cap, "13 entries exceed 0.75 of 16 buckets")

	// Nine entries in one bucket make a small table grow instead of
	// turning the bucket into a tree.
	tab = hashTable{}
	for i := range 9 {
		tab.add(uint32(i * 16))
	}
	assert.Equal(t, 32, tab.cap)

	tab = hashTable{}
	tab.presize(3) // new HashMap<>(a 3-entry map)
	tab.add(1)
	assert.Equal(t, 8, tab.cap)
}

func parseJSONHelper(s string) any {
	v, err := value.ParseString(s)
	if err != nil {
		panic(err)
	}
	return v
}
