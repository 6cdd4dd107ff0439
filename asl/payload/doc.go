// Package payload compiles and evaluates JSONPath-mode payload templates:
// the Parameters, ResultSelector, ItemSelector and Credentials fields
// (https://states-language.net/spec.html#payload-template).
//
// Objects and arrays are walked recursively. A member whose name ends in
// ".$" holds a path ("$.a", "$$.Execution.Id", "$variable") or an intrinsic
// function call; its value is computed at run time and stored under the name
// without ".$". Every other value is copied literally; a sub-tree without
// ".$" members is the definition's own value, shared by every evaluation.
//
// Member order follows AWS, which is not template order: an output object
// has the template's literal members first, in template order, then its
// ".$" members in java.util.HashMap order (AWS keeps them in a HashMap).
// The conformance recordings show this for every object with two or more
// ".$" members.
//
// When the Env sets a payload limit (intrinsic.Limits, AWS's 256 KiB by
// default), evaluation measures the result as it builds it, each part once,
// and stops with a *LimitError as soon as it is over; the caller reports
// that as States.DataLimitExceeded. A caller that knows a bound of the
// input's size (EvalSized) spares measuring the parts selected from it.
package payload
