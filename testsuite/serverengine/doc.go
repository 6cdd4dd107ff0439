// Package serverengine runs the conformance corpus on a real Temporal
// server: an in-process temporaltest server (in-memory SQLite), one worker
// serving the StateMachine workflow and every case's Lambda doubles, and
// real time. It is the `-engine server` of the conformance command.
//
// It lives apart from package testsuite because it links the Temporal
// server, which `go test ./testsuite` (the memory and test-environment
// engines) should not have to build.
package serverengine
