// Package asl parses, validates and runs Amazon States Language state
// machines (https://states-language.net/spec.html) in JSONPath mode.
//
// Parse turns a definition into an immutable *StateMachine: every path,
// payload template, intrinsic call and choice rule is compiled once, and all
// problems in the document are reported together. Execute runs a machine
// against a Runtime, the small port through which the interpreter reaches the
// world (tasks, timers, clock, parallel jobs, randomness). The workflows
// package implements Runtime on Temporal; the memory package implements it
// synchronously with a fake clock. TestState runs a single state once, as
// AWS's TestState API does: with mocks, Retry and Catch decisions, and the
// data after each input and output processing step.
//
// This package never imports Temporal, never reads the wall clock and never
// draws randomness except through the Runtime, so a run is deterministic given
// the Runtime's answers.
package asl
