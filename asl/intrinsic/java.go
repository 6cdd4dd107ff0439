package intrinsic

import (
	"encoding/json"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aslworker/aslworker/asl/value"
)

// AWS Step Functions evaluates intrinsics on the Java objects Jackson makes
// of JSON (LinkedHashMap, ArrayList, String, Integer, Long, BigInteger,
// Double, Boolean, null). Where that shows through (Format's rendering,
// ArrayUnique's and JsonMerge's HashSet / HashMap orders, equality that tells
// 1 from 1.0) this file reproduces the Java behaviour.

// javaNum classifies a JSON number the way Jackson does: an integer literal
// is an Integer, Long or BigInteger depending on its size; anything with a
// fraction or an exponent is a Double.
type javaNum struct {
	kind byte // 'i' Integer, 'l' Long, 'b' BigInteger, 'd' Double
	i    int64
	b    *big.Int
	f    float64
}

func isIntegerText(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func toJavaNum(n json.Number) javaNum {
	s := string(n)
	if isIntegerText(s) {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			if i >= math.MinInt32 && i <= math.MaxInt32 {
				return javaNum{kind: 'i', i: i}
			}
			return javaNum{kind: 'l', i: i}
		}
		b, _ := new(big.Int).SetString(s, 10)
		return javaNum{kind: 'b', b: b}
	}
	return javaNum{kind: 'd', f: value.Float(n)}
}

// javaHash is Java's hashCode of the object Jackson would make of v.
func javaHash(v any) int32 {
	switch v := v.(type) {
	case nil:
		return 0
	case bool:
		if v {
			return 1231
		}
		return 1237
	case string:
		return stringHash(v)
	case json.Number:
		n := toJavaNum(v)
		switch n.kind {
		case 'i':
			return int32(n.i)
		case 'l':
			return int32(n.i ^ int64(uint64(n.i)>>32))
		case 'b':
			return bigHash(n.b)
		default:
			bits := math.Float64bits(n.f)
			return int32(bits ^ (bits >> 32))
		}
	case []any:
		h := int32(1)
		for _, e := range v {
			h = 31*h + javaHash(e)
		}
		return h
	case *value.Object:
		var h int32
		for i := 0; i < v.Len(); i++ {
			k, e := v.At(i)
			h += stringHash(k) ^ javaHash(e)
		}
		return h
	}
	return 0
}

// stringHash is String.hashCode: over UTF-16 code units.
func stringHash(s string) int32 {
	var h int32
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			h = 31*h + int32(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x10000 {
			r -= 0x10000
			h = 31*h + int32(0xD800+(r>>10))
			h = 31*h + int32(0xDC00+(r&0x3FF))
			continue
		}
		h = 31*h + int32(r)
	}
	return h
}

// bigHash is BigInteger.hashCode: the magnitude's 32-bit words, most
// significant first, times the sign.
func bigHash(b *big.Int) int32 {
	mag := new(big.Int).Abs(b).Bytes()
	var h int32
	// Split into 32-bit words from the most significant end, the first
	// word holding the leftover bytes.
	first := len(mag) % 4
	if first == 0 {
		first = 4
	}
	for i := 0; i < len(mag); {
		n := 4
		if i == 0 {
			n = first
		}
		var w uint32
		for j := 0; j < n; j++ {
			w = w<<8 | uint32(mag[i+j])
		}
		i += n
		h = 31*h + int32(w)
	}
	return h * int32(b.Sign())
}

// javaEqual is Java's equals between the objects Jackson makes of a and b:
// structural, with map order ignored, and numbers equal only when they have
// the same Java type and value (1 and 1.0 differ).
func javaEqual(a, b any) bool { return value.EqualFunc(a, b, javaNumberEqual) }

// javaNumberEqual is Java's equals between the Number objects Jackson makes
// of a and b: Integer, Long, BigInteger and Double never equal one another,
// and Double compares bit patterns (0.0 and -0.0 differ).
func javaNumberEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, y := toJavaNum(a), toJavaNum(b)
	if x.kind != y.kind {
		return false
	}
	switch x.kind {
	case 'i', 'l':
		return x.i == y.i
	case 'b':
		return x.b.Cmp(y.b) == 0
	default:
		return math.Float64bits(x.f) == math.Float64bits(y.f)
	}
}

// hashTable models the bucket layout of a java.util.HashMap (load factor
// 0.75): how many buckets it has after a sequence of insertions. Iteration
// visits buckets in index order and, within a bucket, entries in insertion
// order (resizing keeps that relative order), so the final capacity is all
// that is needed to know the iteration order.
//
// Not modelled: a bucket that turns into a red-black tree (9 or more
// colliding entries in a table of at least 64 buckets), which changes the
// order inside that one bucket.
type hashTable struct {
	cap    int
	thr    int
	size   int
	hashes []uint32    // spread hashes of the entries, in insertion order
	count  map[int]int // entries per bucket at the current capacity
}

func spread(h int32) uint32 {
	u := uint32(h)
	return u ^ (u >> 16)
}

// tableSizeFor is the smallest power of two >= n (HashMap.tableSizeFor).
func tableSizeFor(n int) int {
	c := 1
	for c < n {
		c <<= 1
	}
	return c
}

// presize is what HashMap(Map) and putAll on an empty map do: size the table
// for s entries before inserting them.
func (t *hashTable) presize(s int) {
	if s <= 0 || t.cap > 0 {
		return
	}
	ft := float32(s)/0.75 + 1
	if n := tableSizeFor(int(ft)); n > t.thr {
		t.thr = n
	}
}

// growFor is putAll on a non-empty map: double until s entries fit.
func (t *hashTable) growFor(s int) {
	for t.cap > 0 && s > t.thr {
		t.resize()
	}
}

func (t *hashTable) resize() {
	switch {
	case t.cap > 0:
		t.cap *= 2
	case t.thr > 0:
		t.cap = t.thr
	default:
		t.cap = 16
	}
	t.thr = int(float32(t.cap) * 0.75)
	t.count = make(map[int]int, len(t.hashes))
	for _, h := range t.hashes {
		t.count[int(h)&(t.cap-1)]++
	}
}

// add inserts an entry that is not yet in the table.
func (t *hashTable) add(h uint32) {
	if t.cap == 0 {
		t.resize()
	}
	t.hashes = append(t.hashes, h)
	b := int(h) & (t.cap - 1)
	t.count[b]++
	if t.count[b] >= 9 && t.cap < 64 {
		// A long chain makes HashMap grow the table instead of
		// turning the bucket into a tree.
		t.resize()
	}
	t.size++
	if t.size > t.thr {
		t.resize()
	}
}

// order returns the insertion indexes in iteration order.
func (t *hashTable) order() []int {
	idx := make([]int, len(t.hashes))
	for i := range idx {
		idx[i] = i
	}
	mask := t.cap - 1
	sort.SliceStable(idx, func(a, b int) bool {
		return int(t.hashes[idx[a]])&mask < int(t.hashes[idx[b]])&mask
	})
	return idx
}

// HashMapOrder returns keys (distinct) in the order a java.util.HashMap
// iterates them after they were put into a new HashMap() one by one. AWS
// builds the dynamic ("key.$") fields of a payload template this way, so
// they come out in this order, after the template's static fields.
func HashMapOrder(keys []string) []string {
	var t hashTable
	for _, k := range keys {
		t.add(spread(stringHash(k)))
	}
	out := make([]string, len(keys))
	for i, j := range t.order() {
		out[i] = keys[j]
	}
	return out
}

// mergeObjects is States.JsonMerge's shallow merge the way AWS does it:
// new HashMap<>(a) then putAll(b), so the keys come out in HashMap order.
func mergeObjects(a, b *value.Object) *value.Object {
	var t hashTable
	keys := make([]string, 0, a.Len()+b.Len())
	vals := make([]any, 0, a.Len()+b.Len())
	pos := make(map[string]int, a.Len()+b.Len())
	put := func(k string, v any) {
		if i, ok := pos[k]; ok {
			vals[i] = v
			return
		}
		pos[k] = len(keys)
		keys = append(keys, k)
		vals = append(vals, v)
		t.add(spread(stringHash(k)))
	}
	t.presize(a.Len())
	for i := 0; i < a.Len(); i++ {
		put(a.At(i))
	}
	if t.cap == 0 {
		t.presize(b.Len())
	} else {
		t.growFor(b.Len())
	}
	for i := 0; i < b.Len(); i++ {
		put(b.At(i))
	}
	out := value.NewObject(len(keys))
	for _, j := range t.order() {
		out.Set(keys[j], vals[j])
	}
	return out
}

// uniqueValues is States.ArrayUnique the way AWS does it: the elements go
// through new HashSet<>(list), so duplicates (by Java equals) are dropped and
// the survivors come out in HashSet order.
func uniqueValues(list []any) []any {
	t := hashTable{thr: tableSizeFor(max(int(float32(len(list))/0.75)+1, 16))}
	var kept []any
	byHash := make(map[int32][]int, len(list))
next:
	for _, v := range list {
		h := javaHash(v)
		for _, i := range byHash[h] {
			if javaEqual(kept[i], v) {
				continue next
			}
		}
		byHash[h] = append(byHash[h], len(kept))
		kept = append(kept, v)
		t.add(spread(h))
	}
	out := make([]any, len(kept))
	for i, j := range t.order() {
		out[i] = kept[j]
	}
	return out
}

// javaRandom is java.util.Random: a 48-bit linear congruential generator.
type javaRandom struct{ seed int64 }

const (
	randMultiplier = 0x5DEECE66D
	randMask       = 1<<48 - 1
)

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (seed ^ randMultiplier) & randMask}
}

func (r *javaRandom) next(bits uint) int32 {
	r.seed = (r.seed*randMultiplier + 0xB) & randMask
	return int32(r.seed >> (48 - bits))
}

// nextInt is Random.nextInt(bound) for bound > 0.
func (r *javaRandom) nextInt(bound int32) int32 {
	x := r.next(31)
	m := bound - 1
	if bound&m == 0 {
		return int32((int64(bound) * int64(x)) >> 31)
	}
	for u := x; ; u = r.next(31) {
		x = u % bound
		if u-x+m >= 0 { // int32 overflow means "try again"
			return x
		}
	}
}

// javaRound is Math.round: the closest integer, ties toward positive
// infinity.
func javaRound(f float64) float64 {
	r := math.Floor(f)
	if f-r >= 0.5 {
		r++
	}
	return r
}

// appendJavaNumber appends n as Java prints the number Jackson makes of it:
// integers as written ("-0" becomes "0"), everything else as
// Double.toString does (1.10 -> 1.1, 1e2 -> 100.0, 1e7 -> 1.0E7).
func appendJavaNumber(b []byte, n json.Number) []byte {
	s := string(n)
	if isIntegerText(s) {
		if strings.TrimLeft(s, "-0") == "" {
			return append(b, '0')
		}
		return append(b, s...)
	}
	return appendJavaDouble(b, value.Float(n))
}

func appendJavaDouble(b []byte, f float64) []byte {
	if math.IsNaN(f) {
		return append(b, "NaN"...)
	}
	if math.IsInf(f, 0) {
		if f < 0 {
			return append(b, "-Infinity"...)
		}
		return append(b, "Infinity"...)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(b, "-0.0"...)
		}
		return append(b, "0.0"...)
	}
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	// Shortest digits that round-trip, as Java (JDK 19+) chooses them.
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±xx
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	digits := strings.Replace(mant, ".", "", 1)
	if f >= 1e-3 && f < 1e7 {
		if exp >= 0 {
			intLen := exp + 1
			if len(digits) <= intLen {
				b = append(b, digits...)
				for i := len(digits); i < intLen; i++ {
					b = append(b, '0')
				}
				return append(b, ".0"...)
			}
			b = append(b, digits[:intLen]...)
			b = append(b, '.')
			return append(b, digits[intLen:]...)
		}
		b = append(b, "0."...)
		for i := 0; i < -exp-1; i++ {
			b = append(b, '0')
		}
		return append(b, digits...)
	}
	b = append(b, digits[0], '.')
	if len(digits) > 1 {
		b = append(b, digits[1:]...)
	} else {
		b = append(b, '0')
	}
	b = append(b, 'E')
	return strconv.AppendInt(b, int64(exp), 10)
}

// appendJavaString appends v the way Java's String.valueOf prints the object
// Jackson makes of it: strings bare, maps as {k=v, k2=v2}, lists as [a, b].
// This is how States.Format renders its arguments.
func appendJavaString(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if v {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case string:
		return append(b, v...)
	case json.Number:
		return appendJavaNumber(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJavaString(b, e)
		}
		return append(b, ']')
	case *value.Object:
		b = append(b, '{')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ", "...)
			}
			k, e := v.At(i)
			b = append(b, k...)
			b = append(b, '=')
			b = appendJavaString(b, e)
		}
		return append(b, '}')
	}
	return value.AppendJSON(b, v)
}

// javaLength is String.length(): UTF-16 code units.
func javaLength(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
