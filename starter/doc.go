// Package starter is aslctl, the command-line client people use to validate
// ASL definitions and to start, watch, inspect and stop their executions on
// Temporal.
//
// Every command speaks to Temporal through the contract in the workflows
// package (workflow type "StateMachine", its Input, memo keys, the
// AslStateMachine search attribute and the asl.status / asl.history
// queries), so it works with any aslworker, local or remote. The connection
// flags and environment variables are the temporal CLI's (see
// internal/connect). Output is readable text by default and JSON with
// -o json.
//
// Execution statuses use AWS Step Functions' names, mapped from Temporal's:
// Running is RUNNING, Completed SUCCEEDED, Failed FAILED, TimedOut TIMED_OUT,
// Canceled and Terminated ABORTED. A failed workflow's application error type
// is the ASL error name and its message the cause.
package starter
