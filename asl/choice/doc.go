// Package choice is the Choice state's rule language in JSONPath mode
// (https://states-language.net/spec.html#choice-state): a Choice Rule is
// compiled once into a small tree and evaluated against each state input.
//
// Compile checks one element of a Choices array (or a nested And/Or/Not
// operand) and reports every problem with a JSON Pointer. Eval then decides
// the rule without re-reading the document: constants are parsed at compile
// time (numbers, timestamps, StringMatches patterns), so evaluating a simple
// comparison does not allocate.
//
// The comparison semantics follow what AWS Step Functions does:
//
//   - A comparison whose operand has the wrong type (StringEquals on a number,
//     NumericEquals on a string holding digits) is false, not an error.
//   - A Variable (or ...Path operand) that selects nothing fails the state with
//     States.Runtime, except for IsPresent, which is exactly that test.
//   - Numbers compare by value and exactly: 1 equals 1.0, and large integers
//     keep every digit.
//   - Strings compare as Java's String.compareTo does, by UTF-16 code units.
//   - Timestamps are RFC 3339 date-times with an uppercase T and either an
//     uppercase Z or a numeric offset; they compare as instants. A string that
//     is not such a timestamp makes a Timestamp comparison false.
//   - StringMatches knows one wildcard, "*"; a backslash escapes "*" or "\".
package choice
