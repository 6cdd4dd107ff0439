package intrinsic

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// kind is what a parameter accepts, for the checks Parse can make on
// literal arguments.
type kind uint8

const (
	kAny kind = iota
	kString
	kNumber
	kArray
	kObject
)

func (k kind) String() string {
	switch k {
	case kString:
		return "a string"
	case kNumber:
		return "a number"
	case kArray:
		return "an array"
	case kObject:
		return "an object"
	}
	return "a value"
}

func (k kind) accepts(v any) bool {
	switch k {
	case kString:
		_, ok := v.(string)
		return ok
	case kNumber:
		_, ok := v.(json.Number)
		return ok
	case kArray:
		_, ok := v.([]any)
		return ok
	case kObject:
		_, ok := v.(*value.Object)
		return ok
	}
	return true
}

// function describes one intrinsic.
type function struct {
	name     string
	min, max int    // number of arguments; max < 0: no limit
	params   []kind // the parameters' kinds; arguments past the end are kAny
	// random reports whether a call with n arguments draws on the Env's
	// randomness, so it cannot be evaluated at parse time.
	random func(n int) bool
	// check looks at the arguments known at parse time (unknown ones are
	// the unknown sentinel) and returns what is wrong, or "".
	check func(consts []any) string
	impl  func(args []any, env Env) (any, error)
}

func (f *function) param(i int) kind {
	if i < len(f.params) {
		return f.params[i]
	}
	return kAny
}

// unknown marks an argument whose value is only known at run time.
type unknownValue struct{}

var unknown any = unknownValue{}

// argError is an invalid argument found while evaluating. Parse reports
// its detail; at run time it becomes AWS's "Invalid arguments in
// States.<Name>".
type argError struct{ detail string }

func (e *argError) Error() string { return e.detail }

func bad(format string, args ...any) error {
	return &argError{detail: fmt.Sprintf(format, args...)}
}

// Limits AWS documents and enforces.
const (
	maxRangeItems  = 1000  // States.ArrayRange
	maxStringChars = 10000 // Base64Encode, Base64Decode, Hash (UTF-16 units)
)

var functions = map[string]*function{}

var functionList string

func register(f *function) { functions[f.name] = f }

func init() {
	for _, f := range []*function{
		{name: "States.Format", min: 1, max: -1, params: []kind{kString}, impl: formatImpl},
		{name: "States.StringToJson", min: 1, max: 1, params: []kind{kString}, impl: stringToJSON},
		{name: "States.JsonToString", min: 1, max: 1, impl: jsonToString},
		{name: "States.Array", min: 0, max: -1, impl: arrayImpl},
		{name: "States.ArrayPartition", min: 2, max: 2, params: []kind{kArray, kNumber}, check: checkPartition, impl: arrayPartition},
		{name: "States.ArrayContains", min: 2, max: 2, params: []kind{kArray, kAny}, impl: arrayContains},
		{name: "States.ArrayRange", min: 3, max: 3, params: []kind{kNumber, kNumber, kNumber}, check: checkRange, impl: arrayRange},
		{name: "States.ArrayGetItem", min: 2, max: 2, params: []kind{kArray, kNumber}, check: checkGetItem, impl: arrayGetItem},
		{name: "States.ArrayLength", min: 1, max: 1, params: []kind{kArray}, impl: arrayLength},
		{name: "States.ArrayUnique", min: 1, max: 1, params: []kind{kArray}, impl: arrayUnique},
		{name: "States.Base64Encode", min: 1, max: 1, params: []kind{kString}, impl: base64Encode},
		{name: "States.Base64Decode", min: 1, max: 1, params: []kind{kString}, impl: base64Decode},
		{name: "States.Hash", min: 2, max: 2, params: []kind{kAny, kString}, check: checkHash, impl: hashImpl},
		{name: "States.JsonMerge", min: 3, max: 3, params: []kind{kObject, kObject, kAny}, check: checkMerge, impl: jsonMerge},
		{name: "States.MathRandom", min: 2, max: 3, params: []kind{kNumber, kNumber, kNumber},
			random: func(n int) bool { return n < 3 }, check: checkRandom, impl: mathRandom},
		{name: "States.MathAdd", min: 2, max: 2, params: []kind{kNumber, kNumber}, impl: mathAdd},
		{name: "States.StringSplit", min: 2, max: 2, params: []kind{kString, kString}, impl: stringSplit},
		{name: "States.UUID", min: 0, max: 0, random: func(int) bool { return true }, impl: uuidImpl},
	} {
		register(f)
	}
	names := make([]string, 0, len(functions))
	for n := range functions {
		names = append(names, n)
	}
	sort.Strings(names)
	functionList = strings.Join(names, ", ")
}

func arityText(f *function) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case f.max < 0:
		return "at least " + plural(f.min)
	case f.min == f.max:
		return plural(f.min)
	}
	return fmt.Sprintf("%d or %s", f.min, plural(f.max))
}

func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprint(v)
	case string:
		return fmt.Sprintf("the string '%s'", escape(v))
	case json.Number:
		return "the number " + string(v)
	case []any:
		return "an array"
	case *value.Object:
		return "an object"
	}
	return value.TypeName(v)
}

// check is Parse's static analysis of a call: arity, literal kinds, the
// literal Format template, function-specific checks, and folding when
// everything is known.
func (c *Call) check(pos int, argPos []int) error {
	f := c.fn
	n := len(c.args)
	if n < f.min || f.max >= 0 && n > f.max {
		return errAt(pos, "%s takes %s, not %d", f.name, arityText(f), n)
	}
	consts := make([]any, n)
	allConst := true
	for i, a := range c.args {
		switch a := a.(type) {
		case *Path:
			if a.Context() {
				c.context = true
			}
		case *Call:
			if a.context {
				c.context = true
			}
		}
		v, ok := a.constantValue()
		if !ok {
			consts[i] = unknown
			allConst = false
			continue
		}
		consts[i] = v
		if k := f.param(i); !k.accepts(v) {
			return errAt(argPos[i], "%s: argument %d must be %s, not %s", f.name, i+1, k, describe(v))
		}
	}
	if f.name == "States.Format" {
		if lit, ok := c.args[0].(*literal); ok {
			t, err := compileTemplate(lit.raw, true)
			if err != nil {
				return errAt(argPos[0], "States.Format: %v", err)
			}
			if t.placeholders() != n-1 {
				return errAt(pos, "States.Format: the template has %d {} placeholders but %d values follow it", t.placeholders(), n-1)
			}
			c.format = t
		}
	}
	if f.check != nil {
		if msg := f.check(consts); msg != "" {
			return errAt(pos, "%s: %s", f.name, msg)
		}
	}
	if allConst && (f.random == nil || !f.random(n)) {
		v, err := c.apply(consts, foldEnv{})
		var fe *failure.Error
		switch {
		case errors.As(err, &fe) && fe.Name == failure.DataLimitExceeded:
			// Too large to keep in the parsed machine: computed (and
			// reported against the run's own limit) at run time.
		case err != nil:
			return errAt(pos, "%s: %v", f.name, err)
		default:
			c.folded, c.constant = true, v
		}
	}
	return nil
}

// ---- argument helpers (run time) ----

func argString(args []any, i int) (string, error) {
	s, ok := args[i].(string)
	if !ok {
		return "", bad("argument %d must be a string, not %s", i+1, describe(args[i]))
	}
	return s, nil
}

func argArray(args []any, i int) ([]any, error) {
	a, ok := args[i].([]any)
	if !ok {
		return nil, bad("argument %d must be an array, not %s", i+1, describe(args[i]))
	}
	return a, nil
}

func argObject(args []any, i int) (*value.Object, error) {
	o, ok := args[i].(*value.Object)
	if !ok {
		return nil, bad("argument %d must be an object, not %s", i+1, describe(args[i]))
	}
	return o, nil
}

// argInt reads a number argument as AWS does: a fraction is dropped
// (truncated toward zero), or rounded half up when round is set (MathAdd).
// The result must fit in a Java int.
func argInt(args []any, i int, round bool) (int64, error) {
	n, ok := args[i].(json.Number)
	if !ok {
		return 0, bad("argument %d must be a number, not %s", i+1, describe(args[i]))
	}
	return numberToInt(n, i, round, math.MinInt32, math.MaxInt32)
}

func numberToInt(n json.Number, i int, round bool, lo, hi int64) (int64, error) {
	if v, ok := value.Int(n); ok && v >= lo && v <= hi {
		return v, nil
	}
	f := value.Float(n)
	if round {
		f = javaRound(f)
	} else {
		f = math.Trunc(f)
	}
	if math.IsNaN(f) || f < float64(lo) || f > float64(hi) {
		return 0, bad("argument %d (%s) is out of range", i+1, n)
	}
	return int64(f), nil
}

// ---- the functions ----

func formatImpl(args []any, env Env) (any, error) {
	s, err := argString(args, 0)
	if err != nil {
		return nil, err
	}
	t, err := compileTemplate(s, false)
	if err != nil {
		return nil, &argError{detail: err.Error()}
	}
	return t.render(args[1:], maxBytes(env))
}

func stringToJSON(args []any, _ Env) (any, error) {
	s, err := argString(args, 0)
	if err != nil {
		return nil, err
	}
	// AWS reads the text with Jackson's readTree: blank text is null, and
	// whatever follows the first JSON value is ignored.
	if strings.Trim(s, " \t\r\n") == "" {
		return nil, nil
	}
	d := json.NewDecoder(strings.NewReader(s))
	var raw json.RawMessage
	if err := d.Decode(&raw); err != nil {
		return nil, bad("the string is not JSON: %v", err)
	}
	v, err := value.Parse(raw)
	if err != nil {
		return nil, bad("the string is not JSON: %v", err)
	}
	return javaNumbers(v), nil
}

// javaNumbers rewrites the numbers in v as Jackson prints the numbers it
// parsed ("-0" is 0, "1.10" is 1.1, "1e2" is 100.0), copying only the
// containers that change.
func javaNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if f := value.Float(v); math.IsInf(f, 0) || math.IsNaN(f) {
			return v // Java's Infinity is not JSON; keep the text
		}
		if s := string(appendJavaNumber(nil, v)); s != string(v) {
			return json.Number(s)
		}
	case []any:
		var out []any
		for i, e := range v {
			if n := javaNumbers(e); !sameValue(n, e) {
				if out == nil {
					out = append([]any(nil), v...)
				}
				out[i] = n
			}
		}
		if out != nil {
			return out
		}
	case *value.Object:
		var out *value.Object
		for i := 0; i < v.Len(); i++ {
			k, e := v.At(i)
			if n := javaNumbers(e); !sameValue(n, e) {
				if out == nil {
					out = v.Clone(0)
				}
				out.Set(k, n)
			}
		}
		if out != nil {
			return out
		}
	}
	return v
}

// sameValue reports whether javaNumbers left v unchanged.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		return ok && a == bn
	case []any:
		bl, ok := b.([]any)
		return ok && len(a) == len(bl) && (len(a) == 0 || &a[0] == &bl[0])
	case *value.Object:
		return a == b
	}
	return true
}

func jsonToString(args []any, env Env) (any, error) {
	// The text is as long as the argument's JSON, so measuring the argument
	// first means a value far over the limit is never printed; the result,
	// a JSON string, is longer again by its escapes.
	lim := maxBytes(env)
	if overLimit(args[0], lim) {
		return nil, tooLarge("States.JsonToString", lim)
	}
	s := value.String(args[0])
	if overLimit(s, lim) {
		return nil, tooLarge("States.JsonToString", lim)
	}
	return s, nil
}

func arrayImpl(args []any, env Env) (any, error) {
	if args == nil {
		return []any{}, nil
	}
	// The arguments may each be the whole input: the array of them is what
	// can outgrow the limit.
	if lim := maxBytes(env); overLimit(args, lim) {
		return nil, tooLarge("States.Array", lim)
	}
	return args, nil
}

func checkPartition(consts []any) string {
	if n, ok := consts[1].(json.Number); ok {
		if size, err := numberToInt(n, 1, false, math.MinInt32, math.MaxInt32); err == nil && size <= 0 {
			return fmt.Sprintf("the chunk size must be a positive integer, not %s", n)
		}
	}
	return ""
}

func arrayPartition(args []any, env Env) (any, error) {
	a, err := argArray(args, 0)
	if err != nil {
		return nil, err
	}
	size, err := argInt(args, 1, false)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, bad("the chunk size must be a positive integer, not %s", args[1])
	}
	// The chunks hold the same elements and commas as the array, plus two
	// brackets each: the result's size is known before it is built.
	chunks := (int64(len(a)) + size - 1) / size
	if lim := maxBytes(env); int64(value.Size(a, lim))+2*chunks > int64(lim) {
		return nil, tooLarge("States.ArrayPartition", lim)
	}
	out := make([]any, 0, chunks)
	for i := 0; i < len(a); i += int(size) {
		j := min(i+int(size), len(a))
		// A full slice expression, so appending to a chunk can never
		// write into the input array.
		out = append(out, a[i:j:j])
	}
	return out, nil
}

func arrayContains(args []any, _ Env) (any, error) {
	a, err := argArray(args, 0)
	if err != nil {
		return nil, err
	}
	for _, e := range a {
		if javaEqual(e, args[1]) {
			return true, nil
		}
	}
	return false, nil
}

func checkRange(consts []any) string {
	if n, ok := consts[2].(json.Number); ok {
		if step, err := numberToInt(n, 2, false, math.MinInt32, math.MaxInt32); err == nil && step == 0 {
			return "the step (third argument) must not be 0"
		}
	}
	return ""
}

func arrayRange(args []any, _ Env) (any, error) {
	var v [3]int64
	for i := range v {
		n, err := argInt(args, i, false)
		if err != nil {
			return nil, err
		}
		v[i] = n
	}
	start, end, step := v[0], v[1], v[2]
	if step == 0 {
		return nil, bad("the step (third argument) must not be 0")
	}
	count := int64(0)
	if step > 0 && end >= start {
		count = (end-start)/step + 1
	} else if step < 0 && end <= start {
		count = (start-end)/(-step) + 1
	}
	if count > maxRangeItems {
		return nil, bad("the range has %d items; at most %d are allowed", count, maxRangeItems)
	}
	out := make([]any, count)
	for i := range out {
		out[i] = value.IntNumber(start + int64(i)*step)
	}
	return out, nil
}

func checkGetItem(consts []any) string {
	if n, ok := consts[1].(json.Number); ok {
		if i, err := numberToInt(n, 1, false, math.MinInt32, math.MaxInt32); err == nil && i < 0 {
			return fmt.Sprintf("the index must not be negative, not %s", n)
		}
	}
	return ""
}

func arrayGetItem(args []any, _ Env) (any, error) {
	a, err := argArray(args, 0)
	if err != nil {
		return nil, err
	}
	i, err := argInt(args, 1, false)
	if err != nil {
		return nil, err
	}
	if i < 0 {
		return nil, bad("the index must not be negative, not %s", args[1])
	}
	if i >= int64(len(a)) {
		// AWS answers null for any index into an empty array, and
		// fails for an index past the end of a non-empty one.
		if len(a) == 0 {
			return nil, nil
		}
		return nil, bad("index %d is out of bounds for an array of %d items", i, len(a))
	}
	return a[i], nil
}

func arrayLength(args []any, _ Env) (any, error) {
	a, err := argArray(args, 0)
	if err != nil {
		return nil, err
	}
	return value.IntNumber(int64(len(a))), nil
}

func arrayUnique(args []any, _ Env) (any, error) {
	a, err := argArray(args, 0)
	if err != nil {
		return nil, err
	}
	return uniqueValues(a), nil
}

func limitedString(args []any, i int) (string, error) {
	s, err := argString(args, i)
	if err != nil {
		return "", err
	}
	if len(s) > maxStringChars && javaLength(s) > maxStringChars {
		return "", bad("the string has %d characters; at most %d are allowed", javaLength(s), maxStringChars)
	}
	return s, nil
}

func base64Encode(args []any, _ Env) (any, error) {
	s, err := limitedString(args, 0)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.EncodeToString([]byte(s)), nil
}

func base64Decode(args []any, _ Env) (any, error) {
	s, err := limitedString(args, 0)
	if err != nil {
		return nil, err
	}
	return decodeBase64Lenient(s), nil
}

// decodeBase64Lenient decodes the way AWS does (it accepts "abc",
// " YWJjZA== " and "ab==cd"): characters outside the standard and URL-safe
// alphabets are skipped, the first "=" ends the data, and a final group of 2
// or 3 characters yields 1 or 2 bytes. Bytes that are not UTF-8 become
// U+FFFD.
func decodeBase64Lenient(s string) string {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			break
		}
		d := base64Digit(c)
		if d < 0 {
			continue
		}
		acc = acc<<6 | uint32(d)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	if utf8.Valid(out) {
		return string(out)
	}
	return string(bytes.ToValidUTF8(out, []byte("\uFFFD")))
}

func base64Digit(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+' || c == '-':
		return 62
	case c == '/' || c == '_':
		return 63
	}
	return -1
}

var hashAlgorithms = map[string]func() hash.Hash{
	"MD5":     md5.New,
	"SHA-1":   sha1.New,
	"SHA-256": sha256.New,
	"SHA-384": sha512.New384,
	"SHA-512": sha512.New,
}

const hashAlgorithmList = "MD5, SHA-1, SHA-256, SHA-384 or SHA-512"

func checkHash(consts []any) string {
	if s, ok := consts[1].(string); ok && hashAlgorithms[s] == nil {
		return fmt.Sprintf("unknown hash algorithm '%s'; use %s", escape(s), hashAlgorithmList)
	}
	return ""
}

func hashImpl(args []any, env Env) (any, error) {
	// AWS hashes a non-string value's Java text (String.valueOf). A value
	// over the payload limit is not printed at all.
	data, ok := args[0].(string)
	if !ok {
		if lim := maxBytes(env); overLimit(args[0], lim) {
			return nil, tooLarge("States.Hash", lim)
		}
		data = string(appendJavaString(nil, args[0]))
	}
	if len(data) > maxStringChars && javaLength(data) > maxStringChars {
		return nil, bad("the data has %d characters; at most %d are allowed", javaLength(data), maxStringChars)
	}
	alg, err := argString(args, 1)
	if err != nil {
		return nil, err
	}
	newHash := hashAlgorithms[alg]
	if newHash == nil {
		return nil, bad("unknown hash algorithm '%s'; use %s", escape(alg), hashAlgorithmList)
	}
	h := newHash()
	h.Write([]byte(data))
	return hex.EncodeToString(h.Sum(nil)), nil
}

func checkMerge(consts []any) string {
	if consts[2] == true {
		return "deep merging is not supported; the third argument must be false"
	}
	return ""
}

func jsonMerge(args []any, env Env) (any, error) {
	a, err := argObject(args, 0)
	if err != nil {
		return nil, err
	}
	b, err := argObject(args, 1)
	if err != nil {
		return nil, err
	}
	// Only a literal true asks for the deep merge AWS does not offer; any
	// other third argument gives the shallow merge, as on AWS.
	if args[2] == true {
		return nil, bad("deep merging is not supported; the third argument must be false")
	}
	out := mergeObjects(a, b)
	// The merge is no larger than its two objects together; only when they
	// could be over the limit is the merge itself measured.
	if lim := maxBytes(env); value.Size(a, lim)+value.Size(b, lim) > lim && overLimit(out, lim) {
		return nil, tooLarge("States.JsonMerge", lim)
	}
	return out, nil
}

func checkRandom(consts []any) string {
	lo, ok1 := consts[0].(json.Number)
	hi, ok2 := consts[1].(json.Number)
	if ok1 && ok2 {
		s, err1 := numberToInt(lo, 0, false, math.MinInt32, math.MaxInt32)
		e, err2 := numberToInt(hi, 1, false, math.MinInt32, math.MaxInt32)
		if err1 == nil && err2 == nil && s >= e {
			return fmt.Sprintf("the start (%s) must be less than the end (%s)", lo, hi)
		}
	}
	return ""
}

func mathRandom(args []any, env Env) (any, error) {
	start, err := argInt(args, 0, false)
	if err != nil {
		return nil, err
	}
	end, err := argInt(args, 1, false)
	if err != nil {
		return nil, err
	}
	if start >= end {
		return nil, bad("the start (%d) must be less than the end (%d)", start, end)
	}
	n := end - start
	if n > math.MaxInt32 {
		return nil, bad("the range from %d to %d is too large", start, end)
	}
	if len(args) == 3 {
		sn, ok := args[2].(json.Number)
		if !ok {
			return nil, bad("argument 3 must be a number, not %s", describe(args[2]))
		}
		seed, err := numberToInt(sn, 2, false, math.MinInt64, math.MaxInt64)
		if err != nil {
			return nil, err
		}
		// A seeded result is what java.util.Random(seed).nextInt gives.
		return value.IntNumber(start + int64(newJavaRandom(seed).nextInt(int32(n)))), nil
	}
	if env == nil {
		return nil, errNoEnv("States.MathRandom")
	}
	off := int64(math.Floor(env.Random() * float64(n)))
	off = max(0, min(off, n-1))
	return value.IntNumber(start + off), nil
}

func mathAdd(args []any, _ Env) (any, error) {
	a, err := argInt(args, 0, true)
	if err != nil {
		return nil, err
	}
	b, err := argInt(args, 1, true)
	if err != nil {
		return nil, err
	}
	sum := a + b
	if sum < math.MinInt32 || sum > math.MaxInt32 {
		return nil, bad("the sum %d does not fit in a 32-bit integer", sum)
	}
	return value.IntNumber(sum), nil
}

// stringSplit splits on every character of the delimiter string and drops
// empty pieces, as AWS does (Java's StringTokenizer).
func stringSplit(args []any, env Env) (any, error) {
	s, err := argString(args, 0)
	if err != nil {
		return nil, err
	}
	delims, err := argString(args, 1)
	if err != nil {
		return nil, err
	}
	out := []any{}
	isDelim := func(r rune) bool {
		if len(delims) == 1 {
			return r == rune(delims[0])
		}
		return strings.ContainsRune(delims, r)
	}
	// Splitting can double the input's size (every other character a
	// delimiter gives a quoted one-character string and a comma per
	// character), so the result is measured piece by piece as it is built.
	lim := maxBytes(env)
	size := 2 // the brackets
	add := func(piece string) bool {
		size += value.Size(piece, lim) + 1
		if size-1 > lim {
			return false
		}
		out = append(out, piece)
		return true
	}
	start := -1
	for i, r := range s {
		if isDelim(r) {
			if start >= 0 {
				if !add(s[start:i]) {
					return nil, tooLarge("States.StringSplit", lim)
				}
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 && !add(s[start:]) {
		return nil, tooLarge("States.StringSplit", lim)
	}
	return out, nil
}

func uuidImpl(_ []any, env Env) (any, error) {
	if env == nil {
		return nil, errNoEnv("States.UUID")
	}
	return env.UUID(), nil
}
