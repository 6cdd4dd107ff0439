package workflows

import "go.temporal.io/sdk/workflow"

// Interpreter versions. Executions started by an older worker keep
// replaying with the behaviour they were recorded with: the version is read
// once, at the start of every workflow run, through workflow.GetVersion.
const (
	// changeBounded is the change that bounds the work per workflow task:
	// transition budgets, continue-as-new, Task timeouts covering queue
	// time, children started in bounded batches that receive the
	// definition by reference.
	changeBounded = "asl-bounded"
	// versionBounded is the version of changeBounded new runs record.
	versionBounded workflow.Version = 1
)

// interpreterVersion records (or, on replay, reads) the behaviour version
// of this run: workflow.DefaultVersion for histories recorded before
// changeBounded, versionBounded since.
func interpreterVersion(ctx workflow.Context) workflow.Version {
	return workflow.GetVersion(ctx, changeBounded, workflow.DefaultVersion, versionBounded)
}
