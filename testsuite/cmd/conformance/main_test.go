package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

const passCase = `{"name":"%s","api":"StartExecution","state_machine_type":"STANDARD",
 "definition":{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x":1},"End":true}}},
 "input":{},"input_text":"{}","expected":{"status":"SUCCEEDED","output":{"x":1}},
 "events":["ExecutionStarted","PassStateEntered","PassStateExited","ExecutionSucceeded"],"history":null,
 "needs":[],"features":{"state_types":{"Pass":1},"flags":{}},"placeholders":[],"uncertain":[]}`

// smallCorpus writes a pass case, a JSONata case and a TestState case.
func smallCorpus(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "cases", "base", "a.json"), strings.Replace(passCase, "%s", "case_a", 1))
	write(t, filepath.Join(dir, "cases", "base", "b.json"), strings.Replace(strings.Replace(passCase, "%s", "case_b", 1),
		`"flags":{}`, `"flags":{"jsonata":1}`, 1))
	write(t, filepath.Join(dir, "test_state", "c.json"),
		`{"name":"case_c","api":"TestState","definition":{"Type":"Pass","End":true},"input":{},"expected":{"status":"SUCCEEDED","output":{}}}`)
	return dir
}

func TestRun(t *testing.T) {
	dir := smallCorpus(t)
	write(t, filepath.Join(dir, "validation", "statelint", "valid", "d.json"), `{"name":"d","definition_text":"{}","expected_valid":true}`)
	jsonFile := filepath.Join(dir, "out.json")

	var out bytes.Buffer
	require.NoError(t, run([]string{"-cases", dir, "-json", jsonFile}, &out))
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	last := lines[len(lines)-1]
	require.Regexp(t, regexp.MustCompile(`^\d+ passed, \d+ failed, \d+ skipped$`), last)
	assert.True(t, strings.HasSuffix(last, ", 1 skipped"), last)
	assert.Contains(t, out.String(), "cases/base")
	assert.Regexp(t, `(?m)^test_state +1 +0 +0 `, out.String(), "TestState cases get their own row")

	var report struct {
		Results []struct {
			Name    string `json:"name"`
			Verdict string `json:"verdict"`
			Reason  string `json:"reason"`
		} `json:"results"`
	}
	data, err := os.ReadFile(jsonFile)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &report))
	require.Len(t, report.Results, 3, "the validation file is not an execution case")
	verdicts := map[string]string{}
	for _, r := range report.Results {
		verdicts[r.Name] = r.Verdict + ":" + r.Reason
	}
	assert.Equal(t, "skip:JSONata/variables: later issue", verdicts["case_b"])
	assert.Equal(t, "pass:", verdicts["case_c"])

	out.Reset()
	require.NoError(t, run([]string{"-cases", dir, "-run", "case_[bc]"}, &out))
	assert.True(t, strings.HasSuffix(strings.TrimSpace(out.String()), "1 passed, 0 failed, 1 skipped"), out.String())
}

func TestRunValidationOnly(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "localstack", "definition", "e.json"),
		`{"name":"e","api":"ValidateStateMachineDefinition","definition_text":"not a definition","request_extra":{"type":"STANDARD"},"expected":{"result":"FAIL","diagnostics":[]}}`)
	var out bytes.Buffer
	require.NoError(t, run([]string{"-validation", dir}, &out))
	assert.Contains(t, out.String(), "agreement with AWS")
	assert.True(t, strings.HasSuffix(strings.TrimSpace(out.String()), "1 passed, 0 failed, 0 skipped"), out.String())
}

func TestRunErrors(t *testing.T) {
	var out bytes.Buffer
	assert.Error(t, run(nil, &out), "no directories")
	assert.Error(t, run([]string{"-cases", t.TempDir()}, &out), "no cases")
	assert.Error(t, run([]string{"-cases", t.TempDir(), "-engine", "nope"}, &out), "unknown engine")
	assert.Error(t, run([]string{"-cases", t.TempDir(), "-run", "("}, &out), "bad regexp")
	assert.Error(t, run([]string{"-cases", filepath.Join(t.TempDir(), "missing")}, &out), "missing directory")
}
