package intrinsic

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/aslworker/aslworker/asl/jsonpath"
)

// MaxDepth is how deeply calls may nest in one field
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html:
// "You can nest up to 10 intrinsic functions within a field").
const MaxDepth = 10

// Call is a parsed intrinsic function call. It is immutable and safe to
// evaluate from many goroutines.
type Call struct {
	fn      *function
	args    []node
	context bool // some argument, at any depth, reads the context object

	// folded is set when every argument is a literal (or a folded call) and
	// the function is deterministic: the result, computed once by Parse.
	folded   bool
	constant any

	// format is set for States.Format with a literal template.
	format *template
}

// node is one argument: a literal, a path or a nested call.
type node interface {
	eval(input, context any, env Env) (any, error)
	appendTo(b *strings.Builder)
	constantValue() (any, bool)
}

type literal struct {
	v   any
	raw string // the source text; for a string, what was between the quotes
}

func (l *literal) eval(any, any, Env) (any, error) { return l.v, nil }
func (l *literal) constantValue() (any, bool)      { return l.v, true }
func (l *literal) appendTo(b *strings.Builder) {
	if _, ok := l.v.(string); ok {
		b.WriteByte('\'')
		b.WriteString(l.raw)
		b.WriteByte('\'')
		return
	}
	b.WriteString(l.raw)
}

// Path is a path operand as JSONPath-mode fields accept it: an ASL Path
// into the input ("$.a", "$[0]") or the context object ("$$.Execution.Id"),
// or a variable reference ("$name", "$name.field") read through an Env that
// implements Variables. It is immutable.
type Path struct {
	src      string
	path     *jsonpath.Path // nil for a bare variable reference
	variable string         // the variable's name, for "$name..."
}

// CompilePath compiles a path operand. "$..." and "$$..." go to
// asl/jsonpath; "$name..." is a variable reference followed by an optional
// path into the variable's value.
func CompilePath(s string) (*Path, error) {
	if len(s) > 1 && s[1] != '$' && s[1] != '.' && s[1] != '[' {
		end := 1
		for end < len(s) && isIdent(s[end]) {
			end++
		}
		if end == 1 || s[1] >= '0' && s[1] <= '9' {
			return nil, errors.New("expected a member name, a bracket or a variable name after '$'")
		}
		p := &Path{src: s, variable: s[1:end]}
		if end < len(s) {
			jp, err := jsonpath.Compile("$" + s[end:])
			if err != nil {
				return nil, err
			}
			p.path = jp
		}
		return p, nil
	}
	jp, err := jsonpath.Compile(s)
	if err != nil {
		return nil, err
	}
	return &Path{src: s, path: jp}, nil
}

// String returns the path as written.
func (p *Path) String() string { return p.src }

// Context reports whether the path reads the context object ("$$...").
func (p *Path) Context() bool { return p.variable == "" && p.path.Context() }

// Variable is the name of the variable a reference reads, or "".
func (p *Path) Variable() string { return p.variable }

// InputPart reports whether the path selects one part of the input: a
// definite path on "$", so what it selects is never larger than the input.
func (p *Path) InputPart() bool {
	return p.variable == "" && !p.path.Context() && p.path.Definite()
}

// Get evaluates the path. A path that selects nothing, or an undefined
// variable, returns a *jsonpath.Error.
func (p *Path) Get(input, context any, env Env) (any, error) {
	if p.variable == "" {
		return p.path.Get(input, context)
	}
	vars, ok := env.(Variables)
	if !ok {
		return nil, &jsonpath.Error{Path: p.src, Detail: "variable $" + p.variable + " is not defined"}
	}
	v, ok := vars.Variable(p.variable)
	if !ok {
		return nil, &jsonpath.Error{Path: p.src, Detail: "variable $" + p.variable + " is not defined"}
	}
	if p.path == nil {
		return v, nil
	}
	got, err := p.path.Get(v, nil)
	if err != nil {
		var pe *jsonpath.Error
		if !errors.As(err, &pe) {
			return nil, err // not a miss: a path over its work bound
		}
		return nil, &jsonpath.Error{Path: p.src, Detail: err.Error()}
	}
	return got, nil
}

func (p *Path) eval(input, context any, env Env) (any, error) { return p.Get(input, context, env) }
func (p *Path) constantValue() (any, bool)                    { return nil, false }
func (p *Path) appendTo(b *strings.Builder)                   { b.WriteString(p.src) }

func (c *Call) constantValue() (any, bool) { return c.constant, c.folded }

// IsCall reports whether s is written as an intrinsic function call, that
// is, starts with "States.". It does not check the rest; Parse does. (AWS
// does not accept white space before the name.)
func IsCall(s string) bool { return strings.HasPrefix(s, "States.") }

// Parse parses an intrinsic function call such as
// "States.Format('a {} b', $.x, States.Array(1, 2))".
//
// It checks the syntax, the function name, the number of arguments and the
// literal arguments, and returns a *SyntaxError describing the first
// problem. Trailing white space is allowed.
func Parse(s string) (*Call, error) {
	if !IsCall(s) {
		return nil, errAt(0, "an intrinsic function call starts with \"States.\", as in States.Format('{}', $.name)")
	}
	p := parser{lex: lexer{src: s}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	c, err := p.call(1)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, errAt(p.tok.pos, "unexpected %s after the end of the call", p.tok.kind)
	}
	return c, nil
}

type parser struct {
	lex lexer
	tok token
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) call(depth int) (*Call, error) {
	if p.tok.kind != tFunc {
		return nil, errAt(p.tok.pos, "expected a States.* function name, found %s", p.tok.kind)
	}
	name, pos := p.tok.text, p.tok.pos
	if depth > MaxDepth {
		return nil, errAt(pos, "intrinsic functions nest more than %d deep", MaxDepth)
	}
	fn := functions[name]
	if fn == nil {
		return nil, errAt(pos, "unknown intrinsic function %s; the functions are %s", name, functionList)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tLParen {
		return nil, errAt(p.tok.pos, "expected \"(\" after %s, found %s", name, p.tok.kind)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	c := &Call{fn: fn}
	var argPos []int
	if p.tok.kind == tRParen {
		if err := p.advance(); err != nil {
			return nil, err
		}
	} else {
		for {
			argPos = append(argPos, p.tok.pos)
			a, err := p.arg(depth)
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, a)
			switch p.tok.kind {
			case tComma:
				if err := p.advance(); err != nil {
					return nil, err
				}
				continue
			case tRParen:
				if err := p.advance(); err != nil {
					return nil, err
				}
			default:
				return nil, errAt(p.tok.pos, "expected \",\" or \")\" in the arguments of %s, found %s", name, p.tok.kind)
			}
			break
		}
	}
	if err := c.check(pos, argPos); err != nil {
		return nil, err
	}
	return c, nil
}

func (p *parser) arg(depth int) (node, error) {
	t := p.tok
	var n node
	switch t.kind {
	case tString:
		n = &literal{v: t.val, raw: t.text}
	case tNumber:
		n = &literal{v: json.Number(t.text), raw: t.text}
	case tTrue:
		n = &literal{v: true, raw: t.text}
	case tFalse:
		n = &literal{v: false, raw: t.text}
	case tNull:
		n = &literal{v: nil, raw: t.text}
	case tPath:
		pa, err := CompilePath(t.text)
		if err != nil {
			return nil, errAt(t.pos, "invalid path %q: %v", t.text, err)
		}
		n = pa
	case tFunc:
		return p.call(depth + 1)
	default:
		return nil, errAt(t.pos, "expected an argument, found %s", t.kind)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	return n, nil
}

// String returns the call in source form; Parse(c.String()) gives the same
// call back.
func (c *Call) String() string {
	var b strings.Builder
	c.appendTo(&b)
	return b.String()
}

func (c *Call) appendTo(b *strings.Builder) {
	b.WriteString(c.fn.name)
	b.WriteByte('(')
	for i, a := range c.args {
		if i > 0 {
			b.WriteString(", ")
		}
		a.appendTo(b)
	}
	b.WriteByte(')')
}

// Name is the function's name, for example "States.Format".
func (c *Call) Name() string { return c.fn.name }

// UsesContext reports whether any argument, at any depth, is a "$$" path
// into the context object.
func (c *Call) UsesContext() bool { return c.context }
