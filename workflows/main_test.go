package workflows_test

import (
	"os"
	"testing"

	"github.com/aslworker/aslworker/workflows"
)

func TestMain(m *testing.M) {
	// Temporal's test environment does not move workflow time while
	// activities run, so runs hand off by their length alone here.
	workflows.MinRunTime = 0
	os.Exit(m.Run())
}
