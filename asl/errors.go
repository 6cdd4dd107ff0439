package asl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// DefinitionError is one problem in a state machine definition: a JSON
// Pointer to where it is and what is wrong there.
type DefinitionError = value.Problem

// DefinitionErrors is every problem Parse found in a definition, sorted by
// pointer. It is the error Parse returns for a bad document.
type DefinitionErrors []DefinitionError

func (l DefinitionErrors) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return "invalid state machine definition: " + l[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "invalid state machine definition: %d problems:", len(l))
	for _, e := range l {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

func (l DefinitionErrors) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Pointer != l[j].Pointer {
			return l[i].Pointer < l[j].Pointer
		}
		return l[i].Message < l[j].Message
	})
}

// dedupe drops problems reported twice (by the validator and by a compiler).
func (l DefinitionErrors) dedupe() DefinitionErrors {
	out := l[:0]
	for i, e := range l {
		if i > 0 && e == l[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}
