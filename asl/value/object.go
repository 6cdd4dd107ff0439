package value

// indexThreshold is the size above which an Object keeps a key index. Below
// it a linear scan over the keys is faster than hashing.
const indexThreshold = 12

// Object is a JSON object that remembers the order its keys were added in.
// The zero value is an empty object ready to use.
//
// An Object is built with Set and then only read; see the package invariant.
type Object struct {
	keys []string
	vals []any
	idx  map[string]int // nil until len(keys) > indexThreshold
}

// NewObject returns an empty object with room for n members.
func NewObject(n int) *Object {
	return &Object{keys: make([]string, 0, n), vals: make([]any, 0, n)}
}

// Len is the number of members.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

func (o *Object) find(k string) int {
	if o.idx != nil {
		if i, ok := o.idx[k]; ok {
			return i
		}
		return -1
	}
	for i, key := range o.keys {
		if key == k {
			return i
		}
	}
	return -1
}

// Get returns the member named k.
func (o *Object) Get(k string) (any, bool) {
	if o == nil {
		return nil, false
	}
	if i := o.find(k); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

// Has reports whether the object has a member named k.
func (o *Object) Has(k string) bool {
	_, ok := o.Get(k)
	return ok
}

// Set adds the member k, or replaces its value in place if it exists,
// keeping its position.
func (o *Object) Set(k string, v any) {
	if i := o.find(k); i >= 0 {
		o.vals[i] = v
		return
	}
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	if o.idx != nil {
		o.idx[k] = len(o.keys) - 1
	} else if len(o.keys) > indexThreshold {
		o.idx = make(map[string]int, len(o.keys)*2)
		for i, key := range o.keys {
			o.idx[key] = i
		}
	}
}

// Delete removes the member k if present.
func (o *Object) Delete(k string) {
	i := o.find(k)
	if i < 0 {
		return
	}
	o.keys = append(o.keys[:i], o.keys[i+1:]...)
	o.vals = append(o.vals[:i], o.vals[i+1:]...)
	if o.idx != nil {
		delete(o.idx, k)
		for j := i; j < len(o.keys); j++ {
			o.idx[o.keys[j]] = j
		}
	}
}

// Keys returns the member names in order. The slice must not be modified.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	return o.keys
}

// At returns the i-th member in order.
func (o *Object) At(i int) (string, any) { return o.keys[i], o.vals[i] }

// Clone returns a shallow copy with room for extra more members; the copy can
// be changed without touching o.
func (o *Object) Clone(extra int) *Object {
	n := o.Len()
	c := &Object{keys: make([]string, n, n+extra), vals: make([]any, n, n+extra)}
	if n > 0 {
		copy(c.keys, o.keys)
		copy(c.vals, o.vals)
	}
	if o != nil && o.idx != nil {
		c.idx = make(map[string]int, len(o.idx)+extra)
		for k, i := range o.idx {
			c.idx[k] = i
		}
	}
	return c
}
