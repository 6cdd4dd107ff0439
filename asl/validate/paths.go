package validate

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/aslworker/aslworker/asl/jsonpath"
)

// splitVariable splits a variable reference such as "$items[0].name" into
// the variable name and the path that follows, rebased on "$". ok is false
// when s is not a variable reference ("$", "$.a", "$$.a", "$[0]").
func splitVariable(s string) (name, rest string, ok bool) {
	if len(s) < 2 || s[0] != '$' || s[1] == '$' || s[1] == '.' || s[1] == '[' {
		return "", "", false
	}
	end := strings.IndexAny(s, ".[")
	if end < 0 {
		end = len(s)
	}
	return s[1:end], "$" + s[end:], true
}

// checkVariableName says what is wrong with a variable name, or "".
func checkVariableName(name string) string {
	for i, r := range name {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case unicode.IsDigit(r) && i > 0:
		default:
			return fmt.Sprintf("variable name %q must start with a letter or underscore and contain only letters, digits and underscores", name)
		}
	}
	return ""
}

// compilePath checks an ASL Path: a JSONPath on the input, a "$$" path on
// the context object, or a "$name" variable reference.
func compilePath(s string) error {
	if name, rest, ok := splitVariable(s); ok {
		if msg := checkVariableName(name); msg != "" {
			return fmt.Errorf("%s", msg)
		}
		_, err := jsonpath.Compile(rest)
		return err
	}
	_, err := jsonpath.Compile(s)
	return err
}

// pathOrNull checks InputPath / OutputPath: a Path, or null (which means
// {}).
func (w *walker) pathOrNull(at *pointer, k string, v any) {
	switch v := v.(type) {
	case nil:
	case string:
		if err := compilePath(v); err != nil {
			w.add(join(at, k), "%s %q is not a valid path: %v", k, v, err)
		}
	default:
		w.add(join(at, k), "%s must be a path such as \"$.field\", or null, not %s", k, describe(v))
	}
}

// resultPath checks a ResultPath: a Reference Path into the state input (no
// filters, wildcards or slices), or null to discard the result.
func (w *walker) resultPath(at *pointer, k string, v any) {
	ptr := join(at, k)
	s, ok := v.(string)
	switch {
	case v == nil:
		return
	case !ok:
		w.add(ptr, "%s must be a reference path such as \"$.result\", or null, not %s", k, describe(v))
		return
	case strings.HasPrefix(s, "$$"):
		w.add(ptr, "%s %q cannot write into the context object; use a path that starts with \"$\" or \"$.\"", k, s)
		return
	}
	if _, _, isVar := splitVariable(s); isVar {
		w.add(ptr, "%s %q cannot write to a variable; use a path such as \"$.result\", and Assign to set variables", k, s)
		return
	}
	if _, err := jsonpath.CompileReference(s); err != nil {
		w.add(ptr, "%s %q is not a valid reference path: %v", k, s, err)
	}
}

// dynamicPath checks a field that reads a value from the input when the
// state runs (SecondsPath, ItemsPath, MaxConcurrencyPath, ...): a Reference
// Path, a context object path or a variable reference.
func (w *walker) dynamicPath(at *pointer, k string, v any) {
	ptr := join(at, k)
	s, ok := v.(string)
	if !ok {
		w.add(ptr, "%s must be a reference path such as \"$.field\", not %s", k, describe(v))
		return
	}
	var err error
	if name, rest, isVar := splitVariable(s); isVar {
		if msg := checkVariableName(name); msg != "" {
			w.add(ptr, "%s %q is not valid: %s", k, s, msg)
			return
		}
		_, err = jsonpath.CompileReference(rest)
	} else if strings.HasPrefix(s, "$$") {
		_, err = jsonpath.Compile(s)
	} else {
		_, err = jsonpath.CompileReference(s)
	}
	if err != nil {
		w.add(ptr, "%s %q is not a valid reference path: %v", k, s, err)
	}
}

// Intrinsic functions, for the fields that accept a call in place of a path.
var (
	intrinsicFunctions = map[string]bool{
		"Array": true, "ArrayPartition": true, "ArrayContains": true, "ArrayRange": true, "ArrayGetItem": true,
		"ArrayLength": true, "ArrayUnique": true, "Base64Encode": true, "Base64Decode": true, "Hash": true,
		"JsonMerge": true, "StringToJson": true, "JsonToString": true, "MathRandom": true, "MathAdd": true,
		"StringSplit": true, "UUID": true, "Format": true,
	}
	// stringFunctions are those that return a string, which is what
	// ErrorPath and CausePath need.
	stringFunctions = []string{"ArrayGetItem", "Base64Decode", "Base64Encode", "Format", "Hash", "JsonToString", "UUID"}
)

// stringSource checks ErrorPath / CausePath: a Path, or an intrinsic
// function call that returns a string. The call's arguments are left to
// asl/intrinsic.
func (w *walker) stringSource(at *pointer, k string, v any) {
	ptr := join(at, k)
	s, ok := v.(string)
	if !ok {
		w.add(ptr, "%s must be a path such as \"$.error\" or an intrinsic function call such as \"States.Format(...)\", not %s", k, describe(v))
		return
	}
	if !strings.HasPrefix(s, "States.") {
		if err := compilePath(s); err != nil {
			w.add(ptr, "%s %q is not a valid path or intrinsic function call: %v", k, s, err)
		}
		return
	}
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(strings.TrimRight(s, " \t\r\n"), ")") {
		w.add(ptr, "%s %q is not a valid intrinsic function call; write States.Name(arguments)", k, s)
		return
	}
	fn := s[len("States."):open]
	switch {
	case !intrinsicFunctions[fn]:
		w.add(ptr, "%s calls unknown intrinsic function \"States.%s\"", k, fn)
	case !contains(stringFunctions, fn):
		w.add(ptr, "%s must yield a string; States.%s does not (use a path or one of States.%s)", k, fn, strings.Join(stringFunctions, ", States."))
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
