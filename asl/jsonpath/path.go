package jsonpath

import (
	"strings"
)

// Path is a compiled ASL Path. It may select several nodes (an indefinite
// path), in which case Get returns them as an array.
//
// A Path is immutable and safe for concurrent use.
type Path struct {
	src      string
	context  bool
	definite bool
	steps    []step
	// norm is the path in Jayway's normalised form ($['a'][0]); ends[i] is
	// the length of its prefix up to and including step i, so error messages
	// slice it instead of building strings.
	norm string
	ends []int
}

// Error is a definite path that selected nothing. Detail is phrased as AWS
// (Jayway) phrases it, for example "No results for path: $['x']" or
// "Missing property in path $['a']".
type Error struct {
	Path   string
	Detail string
}

func (e *Error) Error() string { return "Invalid path '" + e.Path + "' : " + e.Detail }

// Compile parses an ASL Path ("$", "$.a.b", "$$.Execution.Id", "$.items[0]",
// "$.items[?(@.price < 10)]", ...). A path that does not parse returns a
// *SyntaxError saying what is wrong and where.
func Compile(s string) (*Path, error) {
	p := &parser{src: s}
	context := false
	switch {
	case strings.HasPrefix(s, "$$"):
		context = true
		p.pos = 2
	case strings.HasPrefix(s, "$"):
		p.pos = 1
	default:
		return nil, p.fail(0, "a path must start with '$' (or \"$$\" for the context object)")
	}
	if err := p.parseSteps(); err != nil {
		return nil, err
	}
	return newPath(s, '$', context, p.steps), nil
}

// compileOperand parses a path inside a filter expression: "@..." relative
// to the item being tested, or "$..." on the document.
func compileOperand(s string) (*Path, error) {
	p := &parser{src: s, pos: 1}
	if err := p.parseSteps(); err != nil {
		return nil, err
	}
	return newPath(s, s[0], false, p.steps), nil
}

func newPath(src string, root byte, context bool, steps []step) *Path {
	var b strings.Builder
	b.WriteByte(root)
	ends := make([]int, len(steps))
	definite := true
	for i := range steps {
		steps[i].fragment(&b)
		ends[i] = b.Len()
		if !steps[i].definite(i == len(steps)-1) {
			definite = false
		}
	}
	return &Path{src: src, context: context, definite: definite, steps: steps, norm: b.String(), ends: ends}
}

// MustCompile is Compile for paths known to be valid; it panics otherwise.
func MustCompile(s string) *Path {
	p, err := Compile(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the path's source text.
func (p *Path) String() string { return p.src }

// Normalized returns the path in Jayway's bracket form, as AWS prints it in
// error messages: "$.a.b[0]" is "$['a']['b'][0]", "$..x" is "$..['x']", a
// filter is "[?]" and a wildcard "[*]". A "$$" path is rooted at "$", since
// it is evaluated on the context object as a document of its own.
func (p *Path) Normalized() string { return p.norm }

// Context reports whether the path addresses the context object ("$$...").
func (p *Path) Context() bool { return p.context }

// Definite reports whether the path selects at most one node: it has only
// member names and single indexes (and possibly a final list of names, which
// Jayway merges into one object, or length()). An indefinite path has a
// wildcard, filter, slice, deep scan or list of indexes, and Get returns its
// matches as an array.
func (p *Path) Definite() bool { return p.definite }

// Get evaluates the path against input, or against context for a "$$" path.
// Values are those of package value (*value.Object, []any, ...).
//
// A definite path returns the selected value, or an *Error when there is
// none. An indefinite path returns a []any of the matches in document order,
// possibly empty: AWS answers [] for "$.items[*]" on {}. It fails only when
// its evaluation needs more than MaxWork units, with a *failure.Error
// States.Runtime naming the path and the bound.
func (p *Path) Get(input, context any) (any, error) {
	root := input
	if p.context {
		root = context
	}
	if !p.definite {
		b := budget{left: MaxWork}
		out := p.all(root, root, &b)
		if b.over {
			return nil, p.tooMuchWork()
		}
		return out, nil
	}
	v, at := resolve(p.steps, root)
	if at < 0 {
		return v, nil
	}
	return nil, p.missing(at, v)
}
