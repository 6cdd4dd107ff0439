package validate

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// nestedParallel builds, without value.Parse and its depth limit, a machine
// of depth Parallel states each holding the next in its only branch.
func nestedParallel(depth int) *value.Object {
	machine := func(start string, state *value.Object) *value.Object {
		states := value.NewObject(1)
		states.Set(start, state)
		m := value.NewObject(2)
		m.Set("StartAt", start)
		m.Set("States", states)
		return m
	}
	leaf := value.NewObject(2)
	leaf.Set("Type", "Pass")
	leaf.Set("End", true)
	m := machine("Leaf", leaf)
	for i := depth; i > 0; i-- {
		p := value.NewObject(3)
		p.Set("Type", "Parallel")
		p.Set("Branches", []any{m})
		p.Set("End", true)
		m = machine("P"+strconv.Itoa(i), p)
	}
	return m
}

// allocated is the number of bytes Document allocates on doc.
func allocated(doc any) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	problems := Document(doc)
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(problems)
	return after.TotalAlloc - before.TotalAlloc
}

// A problem's pointer is spelled out only when it is reported, so the cost
// of validating grows with the size of the document, not with its size
// times its depth: a 2,499-deep nested Parallel used to allocate 300 MiB.
func TestDocumentCostIsLinearInDepth(t *testing.T) {
	small, large := nestedParallel(500), nestedParallel(2500)
	require.Empty(t, Document(small))
	require.Empty(t, Document(large))
	a, b := allocated(small), allocated(large)
	t.Logf("500 deep: %d KiB, 2500 deep: %d KiB", a>>10, b>>10)
	assert.Less(t, b, 8*a, "five times the depth costs %.1f times the memory; linear would be about 5", float64(b)/float64(a))
	assert.Less(t, b, uint64(16<<20), "a 2,500-deep machine allocates %d MiB", b>>20)
}

func TestDeepProblemPointer(t *testing.T) {
	doc := nestedParallel(3)
	leaf := doc
	for range 3 {
		states, _ := leaf.Get("States")
		_, p := states.(*value.Object).At(0)
		branches, _ := p.(*value.Object).Get("Branches")
		leaf = branches.([]any)[0].(*value.Object)
	}
	states, _ := leaf.Get("States")
	l, _ := states.(*value.Object).Get("Leaf")
	l.(*value.Object).Delete("End")
	l.(*value.Object).Set("Next", "Nowhere")
	got := Document(doc)
	require.Len(t, got, 2)
	assert.Equal(t, "/States/P1/Branches/0/States/P2/Branches/0/States/P3/Branches/0/States/Leaf/Next", got[1].Pointer, "%v", got)
}
