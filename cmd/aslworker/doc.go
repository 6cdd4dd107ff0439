// Command aslworker runs Amazon States Language state machines as Temporal
// workflows.
//
//	aslworker [connection flags] [--task-queue Q]
//
// polls a Temporal cluster for the interpreter workflow: the connection flags
// and environment variables are the temporal CLI's (--address,
// --namespace, --api-key, --tls-*, TEMPORAL_ADDRESS, ...).
//
//	aslworker dev [--db FILE] [--port 7233] [--ui-port 8233] [--headless] [--example [--exit]]
//
// starts, in this one process, a real Temporal server persisted to a SQLite
// file, the Temporal Web UI and the worker. Restarting it on the same file
// keeps past executions and resumes the running ones. With --example it also
// runs examples/hello.asl.json and prints its output and the Web UI link to
// its history: `go run ./cmd/aslworker dev --example` is the quickstart.
package main
