// Package e2e holds end-to-end tests: state machines run on a real Temporal
// server started in-process, with a real worker, client and activities.
package e2e
