package choice

// kind is what a rule tests.
type kind uint8

const (
	kindString kind = iota
	kindNumeric
	kindBoolean
	kindTimestamp
	kindMatches
	kindIsNull
	kindIsPresent
	kindIsNumeric
	kindIsString
	kindIsBoolean
	kindIsTimestamp
	kindAnd
	kindOr
	kindNot
)

// relation is how a comparison's two sides must order.
type relation uint8

const (
	relEquals relation = iota
	relLessThan
	relGreaterThan
	relLessThanEquals
	relGreaterThanEquals
)

// holds reports whether a three-way comparison result c satisfies the
// relation.
func (r relation) holds(c int) bool {
	switch r {
	case relEquals:
		return c == 0
	case relLessThan:
		return c < 0
	case relGreaterThan:
		return c > 0
	case relLessThanEquals:
		return c <= 0
	default:
		return c >= 0
	}
}

// operator describes one operator field of a Choice Rule.
type operator struct {
	name    string
	kind    kind
	rel     relation
	viaPath bool // the ...Path twin: the value is a path to the other side
}

// operators lists every operator field of a JSONPath-mode Choice Rule: the
// 39 comparisons and the three logical operators.
var operators = func() []operator {
	var ops []operator
	families := []struct {
		prefix string
		kind   kind
	}{
		{"String", kindString},
		{"Numeric", kindNumeric},
		{"Timestamp", kindTimestamp},
	}
	rels := []struct {
		suffix string
		rel    relation
	}{
		{"Equals", relEquals},
		{"LessThan", relLessThan},
		{"GreaterThan", relGreaterThan},
		{"LessThanEquals", relLessThanEquals},
		{"GreaterThanEquals", relGreaterThanEquals},
	}
	for _, f := range families {
		for _, r := range rels {
			ops = append(ops,
				operator{name: f.prefix + r.suffix, kind: f.kind, rel: r.rel},
				operator{name: f.prefix + r.suffix + "Path", kind: f.kind, rel: r.rel, viaPath: true})
		}
	}
	ops = append(ops,
		operator{name: "StringMatches", kind: kindMatches},
		operator{name: "BooleanEquals", kind: kindBoolean},
		operator{name: "BooleanEqualsPath", kind: kindBoolean, viaPath: true},
		operator{name: "IsNull", kind: kindIsNull},
		operator{name: "IsPresent", kind: kindIsPresent},
		operator{name: "IsNumeric", kind: kindIsNumeric},
		operator{name: "IsString", kind: kindIsString},
		operator{name: "IsBoolean", kind: kindIsBoolean},
		operator{name: "IsTimestamp", kind: kindIsTimestamp},
		operator{name: "And", kind: kindAnd},
		operator{name: "Or", kind: kindOr},
		operator{name: "Not", kind: kindNot},
	)
	return ops
}()

func lookupOperator(name string) (operator, bool) {
	for _, op := range operators {
		if op.name == name {
			return op, true
		}
	}
	return operator{}, false
}

func (k kind) logical() bool { return k == kindAnd || k == kindOr || k == kindNot }
