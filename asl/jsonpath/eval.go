package jsonpath

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// MaxWork bounds the evaluation of one indefinite path: every node a walk
// visits and every element a filter operator compares costs one unit, every
// match it produces four. A deep scan, wildcard or filter over the largest
// input AWS accepts (256 KiB, so at most about 130,000 nodes) needs a few
// hundred thousand units; paths whose cost grows with a power of the input
// ("$..*..*..z") hit the bound in well under a second instead of running
// for minutes. This is our bound: AWS documents none.
const MaxWork = 4_000_000

// matchCost is what a match costs on top of its visit: at most a million
// matches (16 MB of references) fit in the budget.
const matchCost = 3

// budget is the work left to one evaluation, shared by the walks of the
// path itself and of the paths inside its filters. Once spent, every walk
// returns at once and the evaluation fails.
type budget struct {
	left int
	over bool
}

// spend takes n units and reports whether the budget is exhausted.
func (b *budget) spend(n int) bool {
	if b == nil {
		return false // an evaluation outside Get (a test) has no bound
	}
	if b.over {
		return true
	}
	b.left -= n
	if b.left < 0 {
		b.over = true
	}
	return b.over
}

// exhausted reports whether the budget is spent; loops over operands stop
// there.
func (b *budget) exhausted() bool { return b != nil && b.over }

// tooMuchWork is the error of a path whose evaluation ran out of budget:
// States.Runtime, as AWS names the failures of path evaluation.
func (p *Path) tooMuchWork() error {
	return failure.New(failure.Runtime,
		"The JSONPath '%s' needs more than %d evaluation steps (nodes visited, matches kept, elements compared) on this input; simplify the path or make the input smaller",
		p.src, MaxWork)
}

// resolve follows definite steps (member, index, a final name list or
// length()) from start. It returns the selected value and -1, or the node at
// which step i could not be applied and i. It allocates nothing on the
// member/index path.
func resolve(steps []step, start any) (any, int) {
	cur := start
	for i := range steps {
		st := &steps[i]
		switch st.kind {
		case member:
			o, ok := cur.(*value.Object)
			if !ok {
				return cur, i
			}
			v, ok := o.Get(st.name)
			if !ok {
				return cur, i
			}
			cur = v
		case index:
			a, ok := cur.([]any)
			if !ok {
				return cur, i
			}
			n, ok := arrayIndex(st.index, len(a))
			if !ok {
				return cur, i
			}
			cur = a[n]
		case members:
			o, ok := cur.(*value.Object)
			if !ok {
				return cur, i
			}
			cur = pick(o, st.names)
		case length:
			cur = lengthOf(cur)
		default:
			panic("jsonpath: resolve called with an indefinite step")
		}
	}
	return cur, -1
}

// arrayIndex turns a possibly negative index into a position in an array of
// n elements.
func arrayIndex(i, n int) (int, bool) {
	if i < 0 {
		i += n
	}
	return i, i >= 0 && i < n
}

// pick builds the object Jayway returns for a final ['a','b']: the listed
// members that exist, in the order listed.
func pick(o *value.Object, names []string) *value.Object {
	out := value.NewObject(len(names))
	for _, n := range names {
		if v, ok := o.Get(n); ok {
			out.Set(n, v)
		}
	}
	return out
}

// lengthOf is Jayway's length(): the size of an array or object, else null.
func lengthOf(v any) any {
	switch v := v.(type) {
	case []any:
		return value.IntNumber(int64(len(v)))
	case *value.Object:
		return value.IntNumber(int64(v.Len()))
	}
	return nil
}

// prefix is the normalised path up to and including step i ("$" for i < 0).
func (p *Path) prefix(i int) string {
	if i < 0 {
		return p.norm[:1]
	}
	return p.norm[:p.ends[i]]
}

// missing explains why step i of a definite path could not be applied to
// node, in the words Jayway (and so AWS) uses.
func (p *Path) missing(i int, node any) error {
	st := &p.steps[i]
	last := i == len(p.steps)-1
	var detail string
	switch st.kind {
	case member, members:
		if _, ok := node.(*value.Object); !ok {
			detail = "Expected to find an object with property " + p.norm[p.prefixLen(i):p.ends[i]] +
				" in path " + p.prefix(i-1) + " but found '" + javaClass(node) +
				"'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'."
		} else if last {
			detail = "No results for path: " + p.norm
		} else {
			detail = "Missing property in path " + p.prefix(i)
		}
	case index:
		switch node.(type) {
		case nil:
			detail = "The path " + p.prefix(i-1) + " is null"
		case []any:
			detail = "No results for path: " + p.norm
		default:
			detail = "Filter: " + p.norm[p.prefixLen(i):] + " can only be applied to arrays. Current context is: " + javaString(node)
		}
	default:
		detail = "No results for path: " + p.norm
	}
	return &Error{Path: p.src, Detail: detail}
}

// prefixLen is the length of the normalised text before step i.
func (p *Path) prefixLen(i int) int {
	if i == 0 {
		return 1
	}
	return p.ends[i-1]
}

// javaClass names the Java class Jayway's default JSON provider (json-smart)
// holds a non-object value in, as its messages print it.
func javaClass(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return "java.lang.String"
	case bool:
		return "java.lang.Boolean"
	case []any:
		return "net.minidev.json.JSONArray"
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return "java.lang.Double"
		}
		n, err := strconv.ParseInt(string(v), 10, 64)
		switch {
		case err != nil:
			return "java.math.BigInteger"
		case n >= -1<<31 && n < 1<<31:
			return "java.lang.Integer"
		default:
			return "java.lang.Long"
		}
	}
	return value.TypeName(v)
}

// javaString renders a value as Java's toString would for json-smart's
// types: strings bare, everything else as compact JSON.
func javaString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return value.String(v)
}

// all evaluates an indefinite path from start; doc is the document a "$"
// inside a filter refers to. The walk draws on b; when b is exhausted the
// matches are incomplete and the caller must fail.
func (p *Path) all(start, doc any, b *budget) []any {
	w := walker{steps: p.steps, doc: doc, out: make([]any, 0, 4), b: b}
	w.walk(start, 0)
	return w.out
}

// exists is a filter's existence test ([?(@.a)]). Jayway evaluates it with
// REQUIRE_PROPERTIES: a definite path must resolve, and an indefinite one
// must not meet an object lacking a named member on its way.
func (p *Path) exists(start, doc any, b *budget) bool {
	if p.definite {
		_, at := resolve(p.steps, start)
		return at < 0
	}
	w := walker{steps: p.steps, doc: doc, strict: true, b: b}
	w.walk(start, 0)
	return !w.missed
}

// walker collects the matches of an indefinite path in document order. Like
// Jayway with AWS's settings, it skips whatever does not apply (a member of
// an array, an index out of range) instead of failing.
type walker struct {
	steps []step
	doc   any
	out   []any
	scope *scope // for filters, made on first use
	// strict records, in missed, whether an object lacked a named member.
	strict, missed bool
	b              *budget
}

func (w *walker) walk(cur any, i int) {
	if w.b.spend(1) {
		return
	}
	if i == len(w.steps) {
		// A match costs more than a visit: it is kept, and the array of
		// matches is what the caller goes on to copy and measure.
		if !w.strict && !w.b.spend(matchCost) {
			w.out = append(w.out, cur)
		}
		return
	}
	st := &w.steps[i]
	switch st.kind {
	case member:
		o, ok := cur.(*value.Object)
		if !ok {
			w.notApplicable(i)
			return
		}
		if v, ok := o.Get(st.name); ok {
			w.walk(v, i+1)
		} else {
			w.missed = true
		}
	case members:
		o, ok := cur.(*value.Object)
		if !ok {
			w.notApplicable(i)
			return
		}
		if i == len(w.steps)-1 {
			if w.strict {
				w.missed = w.missed || !hasAll(o, st.names)
				return
			}
			w.out = append(w.out, pick(o, st.names))
			return
		}
		for _, n := range st.names {
			if v, ok := o.Get(n); ok {
				w.walk(v, i+1)
			} else {
				w.missed = true
			}
		}
	case index, indexes, slice:
		a, ok := cur.([]any)
		if !ok {
			w.notApplicable(i)
			return
		}
		switch st.kind {
		case index:
			if n, ok := arrayIndex(st.index, len(a)); ok {
				w.walk(a[n], i+1)
			}
		case indexes:
			for _, k := range st.list {
				if n, ok := arrayIndex(k, len(a)); ok {
					w.walk(a[n], i+1)
				}
			}
		default:
			from, to := st.bounds(len(a))
			for k := from; k < to; k++ {
				if n, ok := arrayIndex(k, len(a)); ok {
					w.walk(a[n], i+1)
				}
			}
		}
	case wildcard:
		switch c := cur.(type) {
		case *value.Object:
			for k := 0; k < c.Len(); k++ {
				_, v := c.At(k)
				w.walk(v, i+1)
			}
		case []any:
			for _, v := range c {
				w.walk(v, i+1)
			}
		}
	case filter:
		switch c := cur.(type) {
		case *value.Object:
			if w.accept(st.pred, c) {
				w.walk(c, i+1)
			}
		case []any:
			for _, v := range c {
				if w.accept(st.pred, v) {
					w.walk(v, i+1)
				}
			}
		}
	case scan:
		w.scan(cur, i+1)
	case length:
		w.walk(lengthOf(cur), i+1)
	}
}

// notApplicable notes, for an existence test, a member step on a
// non-object or an index step on a non-array. Jayway fails the test when
// every step before it is definite, and skips the node otherwise.
func (w *walker) notApplicable(i int) {
	if !w.strict {
		return
	}
	for k := range i {
		if !w.steps[k].definite(false) {
			return
		}
	}
	w.missed = true
}

// scan applies step j at cur and at every object and array below it, in
// pre-order (a node before its children, children in order), which is the
// order Jayway's deep scan reports matches in.
func (w *walker) scan(cur any, j int) {
	if w.b.spend(1) {
		return
	}
	st := &w.steps[j]
	switch c := cur.(type) {
	case *value.Object:
		switch st.kind {
		case member:
			if c.Has(st.name) {
				w.walk(c, j)
			}
		case members:
			if j < len(w.steps)-1 || hasAll(c, st.names) {
				w.walk(c, j)
			}
		case wildcard:
			w.walk(c, j)
		case filter:
			// A filter under a deep scan tests each object itself.
			if w.accept(st.pred, c) {
				w.walk(c, j+1)
			}
		}
		for k := 0; k < c.Len(); k++ {
			_, v := c.At(k)
			w.scan(v, j)
		}
	case []any:
		switch st.kind {
		case index, indexes, slice, wildcard:
			w.walk(c, j)
		case filter:
			// Jayway tests the array as a whole ("@" is the array) and,
			// when it passes, filters its elements.
			if w.accept(st.pred, c) {
				w.walk(c, j)
			}
		}
		for _, v := range c {
			w.scan(v, j)
		}
	}
}

func hasAll(o *value.Object, names []string) bool {
	for _, n := range names {
		if !o.Has(n) {
			return false
		}
	}
	return true
}

// bounds returns the range of (possibly negative) indexes a slice visits in
// an array of n elements, with Jayway's rules: [a:] and [:b] count a
// negative bound from the end; [a:b] clips b to n and visits a..b-1 as given,
// each index then counted from the end if negative (so [-3:-1] is the two
// elements before the last, and [1:-1] is nothing).
func (s *step) bounds(n int) (from, to int) {
	if n == 0 {
		return 0, 0
	}
	switch {
	case s.hasStart && s.hasEnd:
		return s.index, min(n, s.end)
	case s.hasStart:
		from = s.index
		if from < 0 {
			from += n
		}
		return max(0, from), n
	case s.hasEnd:
		to = s.end
		if to < 0 {
			to += n
		}
		return 0, min(n, to)
	}
	return 0, n
}

func (w *walker) accept(pr *predicate, v any) bool {
	if w.scope == nil {
		w.scope = &scope{root: w.doc, b: w.b}
	}
	return pr.test(w.scope, v)
}
