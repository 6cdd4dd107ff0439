package testsuite

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

func TestCompareTestState(t *testing.T) {
	load := func(expected string, placeholders ...string) *Case {
		c := &Case{Kind: TestState, Placeholders: placeholders}
		exp := mustValue(t, expected).(*value.Object)
		c.Expected.Status = str(exp, "status")
		c.Expected.Output, c.Expected.HasOutput = exp.Get("output")
		if e, ok := get(exp, "error").(string); ok {
			c.Expected.Error, c.Expected.HasError = e, true
		}
		c.Expected.Cause, c.Expected.HasCause = exp.Get("cause")
		if n, ok := get(exp, "nextState").(string); ok {
			c.Expected.NextState, c.Expected.HasNextState = n, true
		}
		c.Expected.Inspection, _ = get(exp, "inspectionData").(*value.Object)
		return c
	}
	insp := func(s string) *value.Object { return mustValue(t, s).(*value.Object) }
	tests := []struct {
		name     string
		expected string
		ph       []string
		got      *Outcome
		diffs    []string // paths that differ
	}{
		{"succeeded with next state",
			`{"status":"SUCCEEDED","output":{"a":1},"nextState":"N"}`, nil,
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `{"a":1}`), NextState: "N"}, nil},
		{"next state missing",
			`{"status":"SUCCEEDED","output":{"a":1},"nextState":"N"}`, nil,
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `{"a":1}`)}, []string{"expected.nextState"}},
		{"next state not expected",
			`{"status":"SUCCEEDED","output":1}`, nil,
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `1`), NextState: "X"}, []string{"expected.nextState"}},
		{"status differs",
			`{"status":"RETRIABLE","error":"E","cause":"c"}`, nil,
			&Outcome{Status: "FAILED", Error: "E", Cause: "c", HasCause: true}, []string{"expected.status"}},
		{"caught error compares output, error and cause",
			`{"status":"CAUGHT_ERROR","error":"E","cause":"c","nextState":"H","output":{"Error":"E","Cause":"c"}}`, nil,
			&Outcome{Status: "CAUGHT_ERROR", Error: "E", Cause: "other", HasCause: true, NextState: "H",
				Output: mustValue(t, `{"Error":"E","Cause":"c"}`)}, []string{"expected.cause"}},
		{"inspection text is parsed",
			`{"status":"SUCCEEDED","output":[1],"inspectionData":{"input":"[1, 2]","afterItemsPath":"[1]","maxConcurrency":1,"errorDetails":{"retryIndex":0}}}`, nil,
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `[1]`),
				Inspection: insp(`{"input":[1,2],"afterItemsPath":[1],"maxConcurrency":1,"errorDetails":{"retryIndex":0}}`)}, nil},
		{"inspection field missing and extra",
			`{"status":"SUCCEEDED","output":1,"inspectionData":{"input":"1","afterInputPath":"1"}}`, nil,
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `1`), Inspection: insp(`{"input":1,"result":1}`)},
			[]string{"expected.inspectionData.afterInputPath", "expected.inspectionData.result"}},
		{"inspection value differs",
			`{"status":"SUCCEEDED","output":1,"inspectionData":{"input":{"a":1}}}`, nil,
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `1`), Inspection: insp(`{"input":{"a":2}}`)},
			[]string{"expected.inspectionData.input.a"}},
		{"no inspection at INFO",
			`{"status":"SUCCEEDED","output":1}`, nil,
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `1`), Inspection: insp(`{"input":1}`)},
			[]string{"expected.inspectionData"}},
		{"inspection expected",
			`{"status":"SUCCEEDED","output":1,"inspectionData":{"input":"1"}}`, nil,
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `1`)}, []string{"expected.inspectionData"}},
		{"placeholder in inspection",
			`{"status":"SUCCEEDED","output":1,"inspectionData":{"afterParameters":{"Endpoint":"x.<region>.com"}}}`,
			[]string{"expected.inspectionData.afterParameters.Endpoint"},
			&Outcome{Status: "SUCCEEDED", Output: mustValue(t, `1`), Inspection: insp(`{"afterParameters":{"Endpoint":"x.eu-west-1.com"}}`)}, nil},
		{"error expected",
			`{"status":"FAILED","error":"E"}`, nil,
			&Outcome{Status: "FAILED", Error: "F"}, []string{"expected.error"}},
		{"cause not expected",
			`{"status":"FAILED","error":"E"}`, nil,
			&Outcome{Status: "FAILED", Error: "E", Cause: "c", HasCause: true}, []string{"expected.cause"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var paths []string
			for _, d := range Compare(load(tt.expected, tt.ph...), tt.got) {
				paths = append(paths, d.Path)
			}
			sort.Strings(paths)
			assert.Equal(t, tt.diffs, paths)
		})
	}
}

// TestTestStateRequests runs the TestState requests AWS refused
// (validation/localstack, README §4.3) through asl.TestState: each must be
// refused with AWS's error code, and with AWS's message where this engine
// makes the same check. Mock result schema checks (fieldValidationMode
// STRICT and PRESENT) need the AWS API models of the integrated services,
// which the engine does not have: those requests are accepted, and listed.
func TestTestStateRequests(t *testing.T) {
	root := filepath.Join(corpusDir(), "validation", "localstack")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no corpus at %s", root)
	}
	var files []string
	require.NoError(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	}))
	ran, schema := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		doc, err := value.Parse(data)
		require.NoError(t, err)
		obj := doc.(*value.Object)
		if str(obj, "api") != "TestState" {
			continue
		}
		exp := asObject(get(obj, "expected"))
		if client, _ := get(exp, "client_side").(bool); client {
			continue // boto's own parameter check: AWS never saw the request
		}
		ran++
		name, code, msg := str(obj, "name"), str(exp, "error_code"), str(exp, "message")
		t.Run(name, func(t *testing.T) {
			c := &Case{Name: name, Kind: TestState, DefinitionJSON: []byte(str(obj, "definition_text")),
				Request: asObject(get(obj, "request_extra"))}
			if c.Request == nil {
				c.Request = value.NewObject(0)
			}
			text := "{}"
			if s, ok := get(obj, "input_text").(string); ok {
				text = s
			}
			c.Input = mustValue(t, text)
			req, err := BuildTestStateRequest(c)
			require.NoError(t, err)
			// The corpus does not record roleArn. LocalStack's tests send
			// one (so does TestStateRequest), except the test of its
			// absence, which the expected rejection names.
			if strings.HasPrefix(msg, "RoleArn must be specified") {
				req.Execution.RoleArn = ""
			}
			_, err = asl.TestState(req, memory.New(DefaultStart, nil))
			if strings.HasPrefix(msg, "Mock result schema validation error:") {
				schema++
				if err != nil && strings.Contains(err.Error(), "is not supported yet") {
					return // the tested state is a JSONata one, refused before its mock is looked at
				}
				assert.NoError(t, err, "fieldValidationMode is treated as NONE")
				return
			}
			var tse *asl.TestStateError
			require.True(t, errors.As(err, &tse), "want %s %q, got %v", code, msg, err)
			assert.Equal(t, code, tse.Code)
			if code == asl.CodeValidation || !strings.HasPrefix(msg, "Invalid State Machine Definition") {
				assert.Equal(t, msg, tse.Message)
			}
		})
	}
	assert.Positive(t, ran)
	t.Logf("%d TestState requests; %d need mock result schema validation (not implemented)", ran, schema)
}
