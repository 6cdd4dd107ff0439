package value

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
)

// FromGo converts plain Go data (what encoding/json produces, plus Go numbers,
// string-keyed maps and slices) into a value. Map keys are sorted, since Go
// maps have no order. Values of this package pass through unchanged.
func FromGo(v any) any {
	switch v := v.(type) {
	case nil, bool, string, json.Number, *Object:
		return v
	case float64:
		return FloatNumber(v)
	case float32:
		return FloatNumber(float64(v))
	case int:
		return IntNumber(int64(v))
	case int64:
		return IntNumber(v)
	case int32:
		return IntNumber(int64(v))
	case uint64:
		return json.Number(strconv.FormatUint(v, 10))
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = FromGo(e)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := NewObject(len(keys))
		for _, k := range keys {
			o.Set(k, FromGo(v[k]))
		}
		return o
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = FromGo(rv.Index(i).Interface())
		}
		return out
	case reflect.Int, reflect.Int8, reflect.Int16:
		return IntNumber(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return json.Number(strconv.FormatUint(rv.Uint(), 10))
	}
	// Anything else goes through encoding/json.
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("value.FromGo: cannot convert %T: %v", v, err))
	}
	out, err := Parse(b)
	if err != nil {
		panic(fmt.Sprintf("value.FromGo: cannot convert %T: %v", v, err))
	}
	return out
}

// ToGo converts a value into plain Go data as encoding/json would decode it
// with UseNumber: map[string]any, []any, json.Number, string, bool, nil.
// Key order is lost.
func ToGo(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = ToGo(e)
		}
		return out
	case *Object:
		m := make(map[string]any, v.Len())
		for i := 0; i < v.Len(); i++ {
			m[v.keys[i]] = ToGo(v.vals[i])
		}
		return m
	}
	return v
}

// Equal reports whether a and b are the same JSON value. Numbers compare by
// value (1 equals 1.0); object member order does not matter.
func Equal(a, b any) bool { return EqualFunc(a, b, NumberEqual) }

// EqualFunc is Equal with the numbers of a and b compared by numberEqual,
// for callers whose notion of number equality differs (States.ArrayContains
// follows Java, where 1 and 1.0 differ). Plain Go data in a is converted
// with FromGo first.
func EqualFunc(a, b any, numberEqual func(x, y json.Number) bool) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case json.Number:
		bn, ok := b.(json.Number)
		return ok && numberEqual(a, bn)
	case []any:
		ba, ok := b.([]any)
		if !ok || len(a) != len(ba) {
			return false
		}
		for i := range a {
			if !EqualFunc(a[i], ba[i], numberEqual) {
				return false
			}
		}
		return true
	case *Object:
		bo, ok := b.(*Object)
		if !ok || a.Len() != bo.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			bv, ok := bo.Get(a.keys[i])
			if !ok || !EqualFunc(a.vals[i], bv, numberEqual) {
				return false
			}
		}
		return true
	}
	return EqualFunc(FromGo(a), b, numberEqual)
}

// NumberEqual compares two numbers by value.
func NumberEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	ai, aok := strconv.ParseInt(string(a), 10, 64)
	bi, bok := strconv.ParseInt(string(b), 10, 64)
	if aok == nil && bok == nil {
		return ai == bi
	}
	af, bf := Float(a), Float(b)
	return af == bf && !math.IsNaN(af)
}

// TypeName names the JSON type of v: "null", "boolean", "string", "number",
// "array" or "object".
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		return "number"
	case []any:
		return "array"
	case *Object:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// MarshalJSON lets encoding/json print an Object in order.
func (o *Object) MarshalJSON() ([]byte, error) { return Marshal(o), nil }

// UnmarshalJSON lets encoding/json decode into an Object.
func (o *Object) UnmarshalJSON(b []byte) error {
	v, err := Parse(b)
	if err != nil {
		return err
	}
	src, ok := v.(*Object)
	if !ok {
		return fmt.Errorf("value: cannot decode JSON %s into an object", TypeName(v))
	}
	*o = *src
	return nil
}
