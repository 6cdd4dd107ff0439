package asl_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

// remote runs every job the way a Temporal child workflow would: from a
// JobSpec that went through JSON, on the same definition parsed anew.
type remote struct {
	*memory.Runtime
	def []byte
	t   *testing.T
}

func (r *remote) Fork(req *asl.ForkRequest) []asl.JobResult {
	out := make([]asl.JobResult, len(req.Jobs))
	for i := range req.Jobs {
		raw, err := json.Marshal(req.Jobs[i].Spec())
		require.NoError(r.t, err)
		var spec asl.JobSpec
		require.NoError(r.t, json.Unmarshal(raw, &spec))
		m, err := asl.Parse(r.def)
		require.NoError(r.t, err)
		var events []asl.Event
		out[i].Output, out[i].Err = m.RunJob(spec, r, func(e asl.Event) { events = append(events, e) })
		out[i].Events = events
	}
	return out
}

func TestRunJobMatchesInProcessJobs(t *testing.T) {
	def := []byte(`{"StartAt":"P","States":{
		"P":{"Type":"Parallel","Next":"M","Branches":[
			{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"exec.$":"$$.Execution.Name","in.$":"$$.Execution.Input.k"},"End":true}}},
			{"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}]},
		"M":{"Type":"Map","ItemsPath":"$[0].in","ItemSelector":{"v.$":"$$.Map.Item.Value"},
			"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Parameters":{"got.$":"$.v","sm.$":"$$.StateMachine.Name"},"End":true}}},"End":true}}}`)
	input, _ := value.ParseString(`{"k":[1,2]}`)
	ex := asl.Execution{Input: input, Name: "e1", StateMachineName: "sm", StartTime: t0}

	var localEvents, remoteEvents []asl.Event
	ex.Observer = func(e asl.Event) { localEvents = append(localEvents, e) }
	local := asl.MustParse(string(def)).Execute(context.Background(), memory.New(t0, nil), ex)
	requireOutput(t, local, `[{"sm":"sm","got":1},{"sm":"sm","got":2}]`) // Java HashMap order of the .$ keys

	rt := &remote{Runtime: memory.New(t0, nil), def: def, t: t}
	ex.Observer = func(e asl.Event) { remoteEvents = append(remoteEvents, e) }
	viaSpec := asl.MustParse(string(def)).Execute(context.Background(), rt, ex)
	requireOutput(t, viaSpec, value.String(local.Output))

	// The jobs' events reach the execution's history, numbered in it.
	require.Len(t, remoteEvents, len(localEvents))
	for i := range localEvents {
		assert.Equal(t, i+1, remoteEvents[i].ID)
	}
	assert.Equal(t, eventTypes(localEvents), eventTypes(remoteEvents))
}

func TestRunJobRejectsUnknownPointer(t *testing.T) {
	m := asl.MustParse(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	_, err := m.RunJob(asl.JobSpec{Pointer: "/States/A/Branches/0", Input: []byte(`{}`), Execution: asl.ExecutionSpec{Input: []byte(`{}`)}}, memory.New(t0, nil), nil)
	assert.ErrorContains(t, err, "no branch or item processor")
}
