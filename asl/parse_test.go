package asl

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseProblems parses def and returns its problems, failing if Parse
// accepted it or failed some other way.
func parseProblems(t *testing.T, def string) DefinitionErrors {
	t.Helper()
	_, err := Parse([]byte(def))
	require.Error(t, err)
	var errs DefinitionErrors
	require.True(t, errors.As(err, &errs), "%T: %v", err, err)
	return errs
}

// Parse refuses what the interpreter would parse and then ignore.
func TestParseRefusesUnsupportedFeatures(t *testing.T) {
	tests := []struct{ name, def, ptr string }{
		{"JSONata machine", `{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":{"x":1},"End":true}}}`, "/QueryLanguage"},
		{"JSONata state", `{"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% 1 %}","End":true}}}`, "/States/A/QueryLanguage"},
		{"Assign", `{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"End":true}}}`, "/States/A/Assign"},
		{"ItemReader", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"}},"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/ItemReader"},
		{"ResultWriter", `{"StartAt":"M","States":{"M":{"Type":"Map","ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"p"}},"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/ResultWriter"},
		{"Label", `{"StartAt":"M","States":{"M":{"Type":"Map","Label":"run","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/Label"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs := parseProblems(t, tc.def)
			require.Len(t, errs, 1, "%v", errs)
			assert.Equal(t, tc.ptr, errs[0].Pointer)
			assert.Contains(t, errs[0].Message, "is not supported yet")
		})
	}
}

// TestState provides what a Map's ItemReader reads and mocks its result, so
// there the ItemReader is no obstacle.
func TestTestStateAcceptsItemReader(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"}},"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}`
	_, err := planTestState(&TestStateRequest{Definition: []byte(def), StateName: "M", Mock: &TestStateMock{Result: "[]"}}, nil)
	require.NoError(t, err)
}

func TestParseDefinitionLimits(t *testing.T) {
	t.Run("size", func(t *testing.T) {
		pad := strings.Repeat("x", MaxDefinitionBytes)
		errs := parseProblems(t, `{"Comment":"`+pad+`","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
		require.Len(t, errs, 1)
		assert.Contains(t, errs[0].Message, "the limit is 1048576 bytes (1 MB")
	})
	t.Run("just under the size limit", func(t *testing.T) {
		doc := `{"Comment":"","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`
		pad := strings.Repeat("x", MaxDefinitionBytes-len(doc))
		_, err := Parse([]byte(`{"Comment":"` + pad + doc[len(`{"Comment":"`):]))
		require.NoError(t, err)
	})
	t.Run("depth", func(t *testing.T) {
		errs := parseProblems(t, `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":`+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+`,"End":true}}}`)
		require.Len(t, errs, 1)
		assert.Contains(t, errs[0].Message, "nested more than 1000 deep")
	})
}

// TestState checks the request first, as AWS does, then refuses a tested
// state it would run wrongly.
func TestTestStateRefusesJSONataState(t *testing.T) {
	def := `{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"x":1},"End":true}}}`
	_, err := planTestState(&TestStateRequest{Definition: []byte(def), StateName: "P"}, nil)
	var tse *TestStateError
	require.True(t, errors.As(err, &tse), "%v", err)
	assert.Equal(t, CodeInvalidDefinition, tse.Code)
	assert.Contains(t, tse.Message, `QueryLanguage "JSONata" is not supported yet`)
}
