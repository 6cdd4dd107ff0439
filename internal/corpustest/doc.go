// Package corpustest finds and reads the conformance corpus (the executions,
// TestState calls and validation verdicts recorded against AWS, which live
// outside the module) for the tests of the asl packages.
//
// Only test files import it. It depends on asl/value and testify, never on
// Temporal, so the language core's tests stay free of the adapter.
package corpustest
