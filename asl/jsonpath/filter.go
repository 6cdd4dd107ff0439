package jsonpath

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"text/scanner"
	"unicode"
	"unicode/utf16"

	"github.com/PaesslerAG/gval"

	"github.com/aslworker/aslworker/asl/value"
)

// Filter expressions ([?(...)]) are parsed and evaluated with gval, in a
// language built here to Jayway's filter semantics rather than gval's or
// PaesslerAG/jsonpath's own:
//
//   - "@..." and "$..." are paths compiled by this package and walked over
//     package value's ordered objects; a path that selects nothing is
//     undefined, which equals nothing and compares false;
//   - a bare path where a condition is expected ([?(@.isbn)], !@.a,
//     @.a && @.b) tests existence, not truth: a member holding false exists;
//   - ==, != compare numbers by value, strings, booleans, null, and arrays
//     and objects structurally; a number equals a string holding it;
//   - <, <=, >, >= compare two numbers or two strings, anything else is false;
//   - =~ /regex/flags must match the whole string (flags i, m, s);
//   - in, nin, subsetof, anyof, noneof, contains, size, empty, exists, as in
//     Jayway, in lower or upper case;
//   - literals: 'text' or "text" (backslash escapes), numbers, true, false,
//     null, and lists ['a', 1].

// predicate is a compiled filter expression.
type predicate struct {
	cond func(context.Context, any) bool
}

// scope is what a filter's paths are evaluated against: "$" is root, "@"
// is cur. One scope serves all the items a walk tests.
type scope struct {
	root, cur any
	b         *budget
}

func (pr *predicate) test(s *scope, v any) bool {
	s.cur = v
	return pr.cond(context.Background(), s)
}

func compilePredicate(expr string) (*predicate, error) {
	src := spaceOperators(expr)
	e, err := filterLanguage.NewEvaluable(src)
	if err != nil {
		return nil, cleanGvalError(src, err)
	}
	return &predicate{cond: condition(e)}, nil
}

// spaceOperators puts a space between a symbolic operator and a word that
// follows it without one (@.flag==false). gval counts every letter of a
// word operator (in, nin, ...) as an operator character, so it would read
// "==false" as one unknown operator. Quoted strings and /regex/ literals
// are left alone.
func spaceOperators(expr string) string {
	var b strings.Builder
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case c == '\'', c == '"', c == '/':
			end := skipQuoted(expr, i)
			if end < 0 {
				end = len(expr) - 1
			}
			b.WriteString(expr[i : end+1])
			i = end
			continue
		case strings.IndexByte("=!<>~&|", c) >= 0 && i+1 < len(expr) && isLetter(expr[i+1]):
			b.WriteByte(c)
			b.WriteByte(' ')
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// cleanGvalError keeps only the message of a gval parsing error, which
// gval writes as "parsing error: <src>\t:line:col - line:col <message>";
// the caller reports where the filter starts.
func cleanGvalError(src string, err error) error {
	rest, ok := strings.CutPrefix(err.Error(), "parsing error: "+src+"\t")
	if !ok {
		return err
	}
	if _, after, ok := strings.Cut(rest, " - "); ok {
		if _, msg, ok := strings.Cut(after, " "); ok {
			return errors.New(msg)
		}
	}
	return err
}

// undefinedValue is what a filter path evaluates to when it selects nothing.
type undefinedValue struct{}

var undefined any = undefinedValue{}

// existence is the context a path operand is called with when its caller
// wants to know whether it exists rather than its value.
var existence = context.WithValue(context.Background(), existenceKey{}, true)

type existenceKey struct{}

// operand is a path in a filter: relative to the tested item for "@", to
// the document for "$".
type operand struct {
	path    *Path
	current bool
}

func (o *operand) eval(c context.Context, param any) (any, error) {
	s := param.(*scope)
	start := s.root
	if o.current {
		start = s.cur
	}
	if c == existence {
		return o.path.exists(start, s.root, s.b), nil
	}
	if !o.path.definite {
		return o.path.all(start, s.root, s.b), nil
	}
	v, at := resolve(o.path.steps, start)
	if at >= 0 {
		return undefined, nil
	}
	return v, nil
}

// operandCode identifies the Evaluables made from operand.eval: every
// method value of one method shares the code pointer of its wrapper (gval's
// IsConst relies on the same property of closures).
var operandCode = reflect.ValueOf(gval.Evaluable((&operand{}).eval)).Pointer()

func isPathOperand(e gval.Evaluable) bool {
	return reflect.ValueOf(e).Pointer() == operandCode
}

// condition evaluates e where a condition is expected: a bare path is an
// existence test, anything else must be true.
func condition(e gval.Evaluable) func(context.Context, any) bool {
	if isPathOperand(e) {
		return func(_ context.Context, v any) bool {
			r, err := e(existence, v)
			return err == nil && r == true
		}
	}
	return func(c context.Context, v any) bool {
		r, err := e(c, v)
		return err == nil && r == true
	}
}

// filterLanguage is set in init: its path operands compile paths, which
// may hold filters, which use it.
var filterLanguage gval.Language

func init() { filterLanguage = newFilterLanguage() }

func newFilterLanguage() gval.Language {
	langs := []gval.Language{
		gval.PrefixExtension(scanner.Int, parseNumber),
		gval.PrefixExtension(scanner.Float, parseNumber),
		gval.PrefixExtension('-', parseNegative),
		gval.PrefixExtension(scanner.String, parseString),
		gval.PrefixExtension(scanner.Char, parseString),
		gval.PrefixExtension(scanner.Ident, parseWord),
		gval.PrefixExtension('(', parseGroup),
		gval.PrefixExtension('[', parseList),
		gval.PrefixExtension('/', parseRegex),
		gval.PrefixExtension('@', parsePath('@')),
		gval.PrefixExtension('$', parsePath('$')),
		gval.PrefixExtension('!', parseNot),
		gval.InfixEvalOperator("||", logical(false)),
		gval.InfixEvalOperator("&&", logical(true)),
		gval.Precedence("||", 20),
		gval.Precedence("&&", 21),
	}
	// The relational operators take the evaluation's budget: those whose
	// work grows with their operands (equality of arrays and objects, in,
	// contains, the set tests) pay one unit per element they compare.
	relational := map[string]func(a, b any, bud *budget) bool{
		"==":       equal,
		"!=":       func(a, b any, bud *budget) bool { return !equal(a, b, bud) },
		"===":      strictEqual,
		"!==":      func(a, b any, bud *budget) bool { return !strictEqual(a, b, bud) },
		"<":        ordered(func(c int) bool { return c < 0 }),
		"<=":       ordered(func(c int) bool { return c <= 0 }),
		">":        ordered(func(c int) bool { return c > 0 }),
		">=":       ordered(func(c int) bool { return c >= 0 }),
		"=~":       matches,
		"in":       in,
		"nin":      func(a, b any, bud *budget) bool { return !in(a, b, bud) },
		"contains": contains,
		"subsetof": func(a, b any, bud *budget) bool {
			return setTest(a, b, bud, func(hits, n int) bool { return hits == n })
		},
		"anyof": func(a, b any, bud *budget) bool {
			return setTest(a, b, bud, func(hits, _ int) bool { return hits > 0 })
		},
		"noneof": func(a, b any, bud *budget) bool {
			return setTest(a, b, bud, func(hits, _ int) bool { return hits == 0 })
		},
		"size":  size,
		"empty": empty,
	}
	for name, f := range relational {
		langs = append(langs, gval.InfixEvalOperator(name, charged(f)), gval.Precedence(name, 40))
		if up := strings.ToUpper(name); up != name {
			langs = append(langs, gval.InfixEvalOperator(up, charged(f)), gval.Precedence(up, 40))
		}
	}
	for _, name := range []string{"exists", "EXISTS"} {
		langs = append(langs, gval.InfixEvalOperator(name, exists), gval.Precedence(name, 40))
	}
	return gval.NewLanguage(langs...)
}

// charged makes a relational operator of f, handing it the budget of the
// evaluation its operands are evaluated in. An exhausted budget makes the
// comparison false; the evaluation then fails as a whole.
func charged(f func(a, b any, bud *budget) bool) func(a, b gval.Evaluable) (gval.Evaluable, error) {
	return func(ea, eb gval.Evaluable) (gval.Evaluable, error) {
		return func(c context.Context, v any) (any, error) {
			a, err := ea(c, v)
			if err != nil {
				return nil, err
			}
			b, err := eb(c, v)
			if err != nil {
				return nil, err
			}
			var bud *budget
			if s, ok := v.(*scope); ok {
				bud = s.b
			}
			return f(a, b, bud), nil
		}, nil
	}
}

func logical(and bool) func(a, b gval.Evaluable) (gval.Evaluable, error) {
	return func(a, b gval.Evaluable) (gval.Evaluable, error) {
		ca, cb := condition(a), condition(b)
		if and {
			return func(c context.Context, v any) (any, error) { return ca(c, v) && cb(c, v), nil }, nil
		}
		return func(c context.Context, v any) (any, error) { return ca(c, v) || cb(c, v), nil }, nil
	}
}

// exists is "@.a exists true": whether the path exists, compared with a
// boolean.
func exists(a, b gval.Evaluable) (gval.Evaluable, error) {
	if !isPathOperand(a) {
		return nil, errors.New("the left side of 'exists' must be a path")
	}
	return func(c context.Context, v any) (any, error) {
		want, err := b(c, v)
		if err != nil {
			return nil, err
		}
		w, ok := want.(bool)
		return ok && condition(a)(c, v) == w, nil
	}, nil
}

func parseNot(c context.Context, p *gval.Parser) (gval.Evaluable, error) {
	e, err := p.ParseNextExpression(c)
	if err != nil {
		return nil, err
	}
	cond := condition(e)
	return func(c context.Context, v any) (any, error) { return !cond(c, v), nil }, nil
}

func parseGroup(c context.Context, p *gval.Parser) (gval.Evaluable, error) {
	e, err := p.ParseExpression(c)
	if err != nil {
		return nil, err
	}
	if p.Scan() != ')' {
		return nil, p.Expected("parentheses", ')')
	}
	return e, nil
}

// parseList reads a list literal ['a', 1, @.x]; a list of constants is
// built once.
func parseList(c context.Context, p *gval.Parser) (gval.Evaluable, error) {
	var elems []gval.Evaluable
	if p.Scan() != ']' {
		p.Camouflage("list", ',', ']')
		for {
			e, err := p.ParseExpression(c)
			if err != nil {
				return nil, err
			}
			elems = append(elems, e)
			switch p.Scan() {
			case ',':
				continue
			case ']':
			default:
				return nil, p.Expected("list", ',', ']')
			}
			break
		}
	}
	constant := true
	for _, e := range elems {
		constant = constant && e.IsConst()
	}
	build := func(c context.Context, v any) (any, error) {
		out := make([]any, len(elems))
		for i, e := range elems {
			x, err := e(c, v)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
	if constant {
		list, _ := build(context.Background(), nil)
		return p.Const(list), nil
	}
	return build, nil
}

// parsePath reads the path after '@' or '$' straight from the source: it
// runs to a space, an operator character, a ',' or an unmatched ')' or ']',
// with brackets (and the quotes and filters inside them) read whole.
func parsePath(root rune) func(context.Context, *gval.Parser) (gval.Evaluable, error) {
	return func(_ context.Context, p *gval.Parser) (gval.Evaluable, error) {
		var b strings.Builder
		b.WriteRune(root)
		parens := 0
	read:
		for {
			r := p.Peek()
			switch {
			case r == scanner.EOF, r == ']', r == ',', unicode.IsSpace(r), strings.ContainsRune("<>=~!&|", r):
				break read
			case r == '[':
				if err := readBracket(p, &b); err != nil {
					return nil, err
				}
				continue
			case r == '(':
				parens++
			case r == ')':
				if parens == 0 {
					break read
				}
				parens--
			}
			b.WriteRune(p.Next())
		}
		path, err := compileOperand(b.String())
		if err != nil {
			var se *SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("path %q: %s", se.Path, se.Msg)
			}
			return nil, err
		}
		o := &operand{path: path, current: root == '@'}
		return o.eval, nil
	}
}

// readBracket copies a "[...]" from the source, with nested brackets and
// quoted strings.
func readBracket(p *gval.Parser, b *strings.Builder) error {
	depth := 0
	for {
		r := p.Next()
		switch r {
		case scanner.EOF:
			return errors.New("unclosed '[' in a path")
		case '\'', '"':
			b.WriteRune(r)
			for {
				s := p.Next()
				if s == scanner.EOF {
					return errors.New("unclosed quote in a path")
				}
				b.WriteRune(s)
				if s == '\\' {
					b.WriteRune(p.Next())
					continue
				}
				if s == r {
					break
				}
			}
			continue
		case '[':
			depth++
		case ']':
			depth--
		}
		b.WriteRune(r)
		if depth == 0 {
			return nil
		}
	}
}

// parseRegex reads /pattern/flags. Jayway matches the whole input, so the
// pattern is anchored.
func parseRegex(_ context.Context, p *gval.Parser) (gval.Evaluable, error) {
	var b strings.Builder
	for {
		r := p.Next()
		if r == scanner.EOF {
			return nil, errors.New("unclosed regular expression: expected a closing '/'")
		}
		if r == '/' {
			break
		}
		if r == '\\' {
			n := p.Next()
			if n == scanner.EOF {
				return nil, errors.New("unclosed regular expression: expected a closing '/'")
			}
			if n != '/' {
				b.WriteRune(r)
			}
			r = n
		}
		b.WriteRune(r)
	}
	flags := ""
	for unicode.IsLetter(p.Peek()) {
		switch f := p.Next(); f {
		case 'i', 'm', 's':
			if !strings.ContainsRune(flags, f) {
				flags += string(f)
			}
		case 'u', 'U', 'd':
			// Unicode case folding and Unix lines are what Go does anyway.
		default:
			return nil, fmt.Errorf("unsupported regular expression flag %q: use i, m or s", f)
		}
	}
	if _, err := regexp.Compile(b.String()); err != nil {
		return nil, fmt.Errorf("invalid regular expression /%s/: %v", b.String(), err)
	}
	pattern := "^(?:" + b.String() + ")$"
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	return p.Const(regexp.MustCompile(pattern)), nil
}

func parseNumber(_ context.Context, p *gval.Parser) (gval.Evaluable, error) {
	return number(p, p.TokenText())
}

func parseNegative(_ context.Context, p *gval.Parser) (gval.Evaluable, error) {
	switch p.Scan() {
	case scanner.Int, scanner.Float:
		return number(p, "-"+p.TokenText())
	}
	return nil, p.Expected("negative number", scanner.Int, scanner.Float)
}

var numberSyntax = regexp.MustCompile(`^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

func number(p *gval.Parser, text string) (gval.Evaluable, error) {
	if !numberSyntax.MatchString(text) {
		return nil, fmt.Errorf("%q is not a number", text)
	}
	return p.Const(json.Number(text)), nil
}

// parseString reads 'text' or "text" with backslash escapes.
func parseString(_ context.Context, p *gval.Parser) (gval.Evaluable, error) {
	s, err := unquote(p.TokenText())
	if err != nil {
		return nil, err
	}
	return p.Const(s), nil
}

func unquote(t string) (string, error) {
	if len(t) < 2 || t[len(t)-1] != t[0] {
		return "", fmt.Errorf("unclosed string %s", t)
	}
	body := t[1 : len(t)-1]
	if !strings.ContainsRune(body, '\\') {
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i == len(body)-1 {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = body[i]; c {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if i+4 < len(body) {
				if n, err := strconv.ParseUint(body[i+1:i+5], 16, 16); err == nil {
					b.WriteRune(rune(n))
					i += 4
					continue
				}
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func parseWord(_ context.Context, p *gval.Parser) (gval.Evaluable, error) {
	switch w := p.TokenText(); w {
	case "true":
		return p.Const(true), nil
	case "false":
		return p.Const(false), nil
	case "null":
		return p.Const(nil), nil
	default:
		return nil, fmt.Errorf("unexpected word %q: a filter compares paths (@.x, $.x) with 'text', numbers, true, false or null", w)
	}
}

// equal is Jayway's ==. Numbers compare by value; a number and a string are
// equal when the string holds the number (the string's side compares text,
// the number's side compares value, as Jayway does); arrays and objects
// compare structurally.
func equal(a, b any, bud *budget) bool {
	if bud.spend(1) {
		return false
	}
	switch x := a.(type) {
	case json.Number:
		switch y := b.(type) {
		case json.Number:
			return numberEqual(x, y)
		case string:
			return numericString(y) && numberEqual(x, json.Number(strings.TrimPrefix(y, "+")))
		}
	case string:
		switch y := b.(type) {
		case string:
			return x == y
		case json.Number:
			return x == string(y)
		}
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	case []any, *value.Object:
		switch b.(type) {
		case []any, *value.Object:
			return sameTree(x, b, bud)
		}
	case *regexp.Regexp:
		y, ok := b.(*regexp.Regexp)
		return ok && x.String() == y.String()
	}
	return false
}

// strictEqual is ===: equal, and of the same JSON type.
func strictEqual(a, b any, bud *budget) bool {
	if a == undefined || b == undefined {
		return false
	}
	return value.TypeName(a) == value.TypeName(b) && equal(a, b, bud)
}

// sameTree compares two values structurally, as value.Equal does (numbers
// by value, object members in any order), paying one unit per node pair.
func sameTree(a, b any, bud *budget) bool {
	if bud.spend(1) {
		return false
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameTree(x[i], y[i], bud) {
				return false
			}
		}
		return true
	case *value.Object:
		y, ok := b.(*value.Object)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			k, xv := x.At(i)
			yv, ok := y.Get(k)
			if !ok || !sameTree(xv, yv, bud) {
				return false
			}
		}
		return true
	}
	return value.Equal(a, b)
}

func numericString(s string) bool {
	return numberSyntax.MatchString(strings.TrimPrefix(s, "+"))
}

// ordered wraps a test on the comparison of two numbers or two strings.
func ordered(test func(int) bool) func(a, b any, _ *budget) bool {
	return func(a, b any, _ *budget) bool {
		switch x := a.(type) {
		case json.Number:
			if y, ok := b.(json.Number); ok {
				c, ok := compareNumbers(x, y)
				return ok && test(c)
			}
		case string:
			if y, ok := b.(string); ok {
				return test(strings.Compare(x, y))
			}
		}
		return false
	}
}

func compareNumbers(x, y json.Number) (int, bool) {
	if integral(x) && integral(y) {
		xi, err1 := strconv.ParseInt(string(x), 10, 64)
		yi, err2 := strconv.ParseInt(string(y), 10, 64)
		if err1 == nil && err2 == nil {
			switch {
			case xi < yi:
				return -1, true
			case xi > yi:
				return 1, true
			}
			return 0, true
		}
	}
	// Not both int64: compare as floats. (Checking the syntax first keeps
	// strconv from allocating errors on every decimal.)
	xf, err1 := strconv.ParseFloat(string(x), 64)
	yf, err2 := strconv.ParseFloat(string(y), 64)
	switch {
	case err1 != nil || err2 != nil || xf != xf || yf != yf:
		return 0, false
	case xf < yf:
		return -1, true
	case xf > yf:
		return 1, true
	}
	return 0, true
}

func numberEqual(x, y json.Number) bool {
	c, ok := compareNumbers(x, y)
	return x == y || ok && c == 0
}

// integral reports whether n is written as an integer (-12, 7).
func integral(n json.Number) bool {
	s := string(n)
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// matches is =~: one side is a /regex/, the other the text it must match
// in full (a number or boolean is matched as its text, anything else as "").
func matches(a, b any, _ *budget) bool {
	re, ok := a.(*regexp.Regexp)
	other := b
	if !ok {
		re, ok = b.(*regexp.Regexp)
		other = a
	}
	if !ok {
		return false
	}
	if _, both := other.(*regexp.Regexp); both {
		return false
	}
	var s string
	switch o := other.(type) {
	case string:
		s = o
	case json.Number:
		s = string(o)
	case bool:
		s = strconv.FormatBool(o)
	}
	return re.MatchString(s)
}

func in(a, b any, bud *budget) bool {
	list, ok := b.([]any)
	if !ok {
		return false
	}
	for _, e := range list {
		if equal(a, e, bud) {
			return true
		}
		if bud.exhausted() {
			return false
		}
	}
	return false
}

func contains(a, b any, bud *budget) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && strings.Contains(x, y)
	case []any:
		return in(b, x, bud)
	}
	return false
}

// setTest counts how many elements of array a are in array b and asks
// decide about it.
func setTest(a, b any, bud *budget, decide func(hits, n int) bool) bool {
	x, ok := a.([]any)
	if !ok {
		return false
	}
	if _, ok := b.([]any); !ok {
		return false
	}
	hits := 0
	for _, e := range x {
		if in(e, b, bud) {
			hits++
		}
		if bud.exhausted() {
			return false
		}
	}
	return decide(hits, len(x))
}

// size is "@.a size 3": an array's length or a string's length in UTF-16
// units, as Java counts it.
func size(a, b any, _ *budget) bool {
	n, ok := b.(json.Number)
	if !ok {
		return false
	}
	want, err := strconv.Atoi(string(n))
	if err != nil {
		return false
	}
	switch x := a.(type) {
	case string:
		return len(utf16.Encode([]rune(x))) == want
	case []any:
		return len(x) == want
	}
	return false
}

// empty is "@.a empty true".
func empty(a, b any, _ *budget) bool {
	want, ok := b.(bool)
	if !ok {
		return false
	}
	switch x := a.(type) {
	case string:
		return (x == "") == want
	case []any:
		return (len(x) == 0) == want
	case *value.Object:
		return (x.Len() == 0) == want
	}
	return false
}
