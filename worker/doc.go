// Package worker runs the aslworker process's Temporal worker: it polls a
// task queue, executes the ASL interpreter workflow (package workflows) and
// the Go activities of an activities.Registry, and stops gracefully, letting
// in-flight activities finish.
//
// It is a library: the connection is the caller's (any Temporal cluster, or
// the embedded dev server of package worker/devserver, which this package
// does not import).
package worker
