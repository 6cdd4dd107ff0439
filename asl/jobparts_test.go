package asl_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

func TestReadsExecutionInput(t *testing.T) {
	for _, tc := range []struct {
		doc   string
		reads bool
	}{
		{`{"P":{"Parameters":{"a.$":"$.x","b.$":"$$.Map.Item.Value","c.$":"$$.Execution.Name"}}}`, false},
		{`{"P":{"Parameters":{"a.$":"$$.State.EnteredTime","b.$":"$$.StateMachine.Id","c.$":"$$.Task.Token"}}}`, false},
		{`{"P":{"Parameters":{"s.$":"States.Format('{} {}', $$.Execution.Id, $$.Execution.StartTime)"}}}`, false},
		{`{"P":{"Parameters":{"a.$":"$$.Execution.RoleArn","b.$":"$$.Execution.RedriveCount"}}}`, false},
		{`{"P":{"Parameters":{"a.$":"$$.Execution.Input.k"}}}`, true},
		{`{"P":{"Parameters":{"a.$":"$$.Execution"}}}`, true},
		{`{"P":{"Parameters":{"a.$":"$$"}}}`, true},
		{`{"P":{"Parameters":{"a.$":"$$['Execution']['Input']"}}}`, true},
		{`{"P":{"Parameters":{"a.$":"$$..Input"}}}`, true},
		{`{"P":{"Parameters":{"a.$":"$$.Execution.IdX"}}}`, true},
		{`{"C":{"Choices":[{"Variable":"$$.Execution.Input.flag","IsPresent":true}]}}`, true},
		{`{"P":{"Parameters":{"a.$":"States.JsonMerge($, $$.Execution.Input, false)"}}}`, true},
		{`{"P":{"Output":"{% $states.context.Execution.Input %}"}}`, true},
		{`{"P":{"Result":"costs $$ but no path"}}`, true}, // conservative
	} {
		doc, err := value.ParseString(tc.doc)
		require.NoError(t, err)
		assert.Equal(t, tc.reads, asl.ReadsExecutionInput(doc), tc.doc)
	}
}

func TestLookup(t *testing.T) {
	doc, err := value.ParseString(`{"States":{"a/b":{"Branches":[{"x":1},{"y~":2}]}}}`)
	require.NoError(t, err)
	v, ok := value.Lookup(doc, "/States/a~1b/Branches/1/y~0")
	require.True(t, ok)
	assert.Equal(t, "2", value.String(v))
	for _, p := range []string{"/States/a~1b/Branches/2", "/States/x", "/States/a~1b/Branches/01", "States"} {
		_, ok := value.Lookup(doc, p)
		assert.False(t, ok, p)
	}
}

// A branch compiled on its own (ParseJobs) runs as it does inside its
// definition, nested forks and the root's TimeoutSeconds included.
func TestParseJobsRunsAPartOnItsOwn(t *testing.T) {
	def := `{"TimeoutSeconds":30,"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"a","End":true}}},
		{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
			"ItemProcessor":{"StartAt":"D","States":{"D":{"Type":"Pass","Parameters":{"d.$":"States.MathAdd($, $)"},"End":true}}}}}}]}}}`
	doc, err := value.ParseString(def)
	require.NoError(t, err)
	part, ok := value.Lookup(doc, "/States/P/Branches/1")
	require.True(t, ok)
	m, err := asl.ParseJobs([]asl.JobPart{{Pointer: "/States/P/Branches/1", Doc: part}}, 30)
	require.NoError(t, err)
	in, err := value.ParseString(`[1,2]`)
	require.NoError(t, err)
	out, err := m.RunJobValues(asl.JobSpec{Kind: asl.ForkParallel, Index: 1, Pointer: "/States/P/Branches/1", State: "P"},
		in, nil, memory.New(t0, nil), nil)
	require.NoError(t, err)
	assert.Equal(t, `[{"d":2},{"d":4}]`, value.String(out))

	_, err = m.RunJobValues(asl.JobSpec{Pointer: "/States/P/Branches/0"}, in, nil, memory.New(t0, nil), nil)
	assert.ErrorContains(t, err, "no branch or item processor", "only the parts given are there")
}
