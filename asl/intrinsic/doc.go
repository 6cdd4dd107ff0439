// Package intrinsic is the lexer, parser and evaluator of the Amazon States
// Language intrinsic functions (States.Format, States.Array, States.MathAdd,
// ... https://states-language.net/spec.html#appendix-b and
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html)
// used in JSONPath payload templates.
//
// A call is parsed once with Parse and evaluated many times with Eval. Parse
// checks the syntax, the function name, the number of arguments and every
// literal argument whose type or value is known before the state runs; a call
// whose arguments are all literals (and that does not draw a UUID or an
// unseeded random number) is evaluated at parse time and its result shared.
//
// Run-time behaviour follows what AWS Step Functions does, which is not
// always what its documentation suggests:
//
//   - a bad argument fails with States.Runtime and the cause
//     "Invalid arguments in States.<Name>" (AWS does not use
//     States.IntrinsicFailure for this);
//   - a path argument that selects nothing returns the *jsonpath.Error; the
//     caller, which knows the field name, turns it into AWS's
//     "The JSONPath '...' specified for the field '...' could not be found
//     in the input '...'" cause (asl/payload does);
//   - AWS evaluates intrinsics on Java objects, so States.Format renders
//     objects and arrays the way Java prints maps and lists
//     ({a=1, b=[x, y]}), and States.ArrayUnique and States.JsonMerge return
//     their elements and keys in java.util.HashSet / HashMap order. This
//     package reproduces those orders exactly (see HashMapOrder).
//
// Every result is bounded before or while it is built, so no nesting of
// calls can build more than a payload: States.ArrayRange returns at most
// 1,000 items and States.Base64Encode, Base64Decode and Hash read at most
// 10,000 characters (AWS's documented limits; over them the arguments are
// invalid), and no function returns a value whose JSON text is longer than
// the Env's payload limit (intrinsic.Limits; HardMaxBytes without one):
// States.DataLimitExceeded, with a cause naming the function and the limit.
// States.StringToJson reads at most value.Parse's nesting depth.
package intrinsic
