// Package devserver is an embedded, real Temporal server for development: the
// frontend, history, matching and worker services in this process, persisted
// to one SQLite file in WAL mode, plus the Temporal Web UI.
//
// It is what `aslworker dev` runs. The database keeps namespaces, search
// attributes and every execution's history, so a restart on the same file
// finds past executions and resumes the running ones. The namespace is created
// on first start with the requested search attributes; on later starts the
// attributes that are missing are added through the operator API, so adding a
// search attribute to an existing file works too.
//
// This is the only package of the project that imports go.temporal.io/server:
// the server's dependency tree is large (a cold build takes minutes), so
// libraries and the production worker must not reach it.
package devserver
