// Package validate checks a whole Amazon States Language document statically
// and reports every problem it finds, each with a JSON Pointer to where it is
// and a message that says what is wrong and what would be right.
//
// Document walks the definition once: the top-level fields, every state's
// fields for its Type and query language (JSONPath or JSONata), transitions
// (Next, Default, Choices[].Next, Catch[].Next, StartAt), reachability,
// terminal states, Retry and Catch, paths, timestamps, mutually exclusive
// fields, and the nested state machines of Parallel branches and Map item
// processors, each in its own scope.
//
// Some contents are left to the packages that compile them, so each rule is
// checked in one place only:
//   - Choice rule bodies (comparison operators, Variable, Condition): asl/choice;
//   - payload templates (Parameters, ResultSelector, ItemSelector, Arguments,
//     Assign, Output values) and intrinsic function syntax: asl/payload and
//     asl/intrinsic;
//   - JSONata expressions themselves: not checked yet, only where they may
//     stand ("{% ... %}" in place of a number, a timestamp or an object).
//
// Unsupported is a second, separate check: what is valid ASL but not run by
// this engine yet (JSONata mode, Assign, a Map's ItemReader, ResultWriter,
// Label and batch size limit). asl.Parse refuses those too, each at its
// pointer with a message saying "... is not supported yet" and what to
// write instead, rather than parse and then ignore them; Document alone
// still answers whether a definition is valid.
//
// Pointers are kept as linked tokens and spelled out only for a reported
// problem, so checking a document costs time and memory in proportion to
// its size however deeply it nests.
//
// The rules follow the ASL specification (https://states-language.net/spec.html)
// and what AWS Step Functions accepts; where a linter disagrees with AWS, AWS
// wins (testdata/disagreements.md lists those cases).
package validate
