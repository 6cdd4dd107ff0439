// Package jsonpath compiles and evaluates ASL Paths and Reference Paths
// (https://states-language.net/spec.html#path) in the JSONPath dialect AWS
// Step Functions uses, Jayway JsonPath's: dot and bracket members, indexes
// including negative ones, slices, unions, wildcards, deep scan, filters and
// length().
//
// A path is compiled once with Compile or CompileReference and evaluated
// many times; Get walks package value's ordered objects directly, without
// allocating for a definite path of names and indexes. A path starting with
// "$$" addresses the context object instead of the state's input.
//
// What AWS shows of Jayway, and this package reproduces:
//
//   - A definite path (names and single indexes only) returns one value, or
//     an *Error whose Detail is Jayway's message: "No results for path:
//     $['x']" when the last step finds nothing or an index is out of range,
//     "Missing property in path $['a']" when an earlier member is missing.
//   - An indefinite path (wildcard, filter, slice, deep scan, list of
//     indexes) returns the array of its matches, [] when there are none.
//     It fails only when its evaluation needs more than MaxWork units
//     (nodes visited, matches produced, elements compared by filters):
//     States.Runtime, so that no path runs for minutes on a legal input.
//   - A final list of names, $['a','b'], is definite and returns an object
//     of those members that exist.
//   - Filter expressions are evaluated with gval (github.com/PaesslerAG/gval)
//     in a language with Jayway's operators and comparison rules; see
//     filter.go.
//   - A quoted bracket name keeps backslashes: a backslash only stops the
//     next character from closing the quote.
//
// A Reference Path's Set writes a value into a copy of a document
// (ResultPath), failing with a *ConflictError (AWS's
// States.ReferencePathConflict) when the document's shape does not allow it.
package jsonpath
