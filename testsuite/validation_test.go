package testsuite

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func TestValidationClassification(t *testing.T) {
	dir := t.TempDir()
	v := filepath.Join(dir, "validation")
	writeFile(t, filepath.Join(v, "localstack", "definition", "create.json"),
		`{"name":"create","api":"CreateStateMachine","definition_text":"{\"StartAt\":1}","request_extra":null,"expected":{"error_code":"InvalidDefinition","message":"bad"}}`)
	writeFile(t, filepath.Join(v, "localstack", "definition", "ok.json"),
		`{"name":"ok","api":"ValidateStateMachineDefinition","definition_text":"{}","request_extra":{"type":"STANDARD"},"expected":{"result":"OK","diagnostics":[]}}`)
	writeFile(t, filepath.Join(v, "localstack", "definition", "express.json"),
		`{"name":"express","api":"CreateStateMachine","definition_text":"{}","request_extra":null,"expected":{"error_code":"InvalidDefinition","message":"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN'"}}`)
	writeFile(t, filepath.Join(v, "localstack", "definition", "single.json"),
		`{"name":"single","api":"TestState","definition_text":"{\"Type\":\"Map\"}","request_extra":{"inspectionLevel":"TRACE"},"expected":{"error_code":"InvalidDefinition","message":"TestState API does not support Map"}}`)
	writeFile(t, filepath.Join(v, "localstack", "definition", "whole.json"),
		`{"name":"whole","api":"TestState","definition_text":"{}","request_extra":{"stateName":"S"},"expected":{"error_code":"InvalidDefinition","message":"bad type"}}`)
	writeFile(t, filepath.Join(v, "localstack", "execution_input", "input.json"),
		`{"name":"input","api":"StartExecution","definition_text":"{}","expected":{"error_code":"InvalidExecutionInput","message":"x"}}`)
	writeFile(t, filepath.Join(v, "statelint", "valid", "a.json"), `{"name":"a","definition_text":"{}","expected_valid":true}`)
	writeFile(t, filepath.Join(v, "statelint", "invalid", "b.json"), `{"name":"b","definition_text":"nope","expected_valid":false}`)
	writeFile(t, filepath.Join(v, "statelint", "unknown", "c.json"), `{"name":"c","definition_text":"{}","expected_valid":null}`)
	writeFile(t, filepath.Join(dir, "cases", "base", "x.json"), `{"name":"x"}`)

	cases, err := LoadValidation(dir)
	require.NoError(t, err)
	byName := map[string]*ValidationCase{}
	for _, c := range cases {
		byName[c.Name] = c
	}
	require.Len(t, byName, 9, "the execution case is not a validation case")

	tests := []struct {
		name          string
		scored, valid bool
	}{
		{"create", true, false},
		{"ok", true, true},
		{"express", false, false},
		{"single", false, false},
		{"whole", true, false},
		{"input", false, false},
		{"a", true, true},
		{"b", true, false},
		{"c", false, false},
	}
	for _, tt := range tests {
		c := byName[tt.name]
		require.NotNil(t, c, tt.name)
		assert.Equal(t, tt.scored, c.Scored, "%s scored (%s)", tt.name, c.Why)
		if tt.scored {
			assert.Equal(t, tt.valid, c.Valid, "%s verdict", tt.name)
		} else {
			assert.NotEmpty(t, c.Why, tt.name)
		}
	}

	// A parser that accepts JSON objects only.
	parse := func(doc []byte) error {
		if strings.HasPrefix(string(doc), "{") {
			return nil
		}
		return errors.New("not an object")
	}
	scores := ScoreValidation(RunValidation(cases, parse))
	require.Equal(t, SourceAWS, scores[0].Source)
	assert.Equal(t, ValidationScore{Source: SourceAWS, Scored: 3, Agreed: 1, FalseAccept: 2, Unscored: 3}, scores[0])
	require.Equal(t, "statelint", scores[1].Source)
	assert.Equal(t, ValidationScore{Source: "statelint", Scored: 2, Agreed: 2, Unscored: 1}, scores[1])

	// A panicking parser counts as a rejection.
	res := RunValidation(cases[:1], func([]byte) error { panic("boom") })
	assert.False(t, res[0].Accepted)
	assert.Contains(t, res[0].Problems, "boom")
}

func TestValidationCorpus(t *testing.T) {
	dir := filepath.Join(corpusDir(), "validation")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no validation corpus at %s", dir)
	}
	cases, err := LoadValidation(dir)
	require.NoError(t, err)
	sources := map[string]int{}
	for _, c := range cases {
		if c.Scored {
			sources[c.Source]++
		}
	}
	assert.Positive(t, sources[SourceAWS])
	for _, tool := range Tools {
		assert.Positive(t, sources[tool], tool)
	}
}
