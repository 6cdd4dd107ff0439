package validate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnsupported(t *testing.T) {
	const pass = `{"Type": "Pass", "End": true}`
	tests := []struct {
		name   string
		doc    string
		exempt []string
		want   []want
	}{
		{
			name: "plain JSONPath machine",
			doc:  `{"StartAt": "A", "States": {"A": ` + pass + `}}`,
		},
		{
			name: "JSONata machine, reported once at the top",
			doc: `{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": {"x": 1}, "End": true},
			  "B": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}}}`,
			want: []want{{"/QueryLanguage", `QueryLanguage "JSONata" is not supported yet`}},
		},
		{
			name: "JSONata state",
			doc:  `{"StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input %}", "End": true}}}`,
			want: []want{{"/States/A/QueryLanguage", "write the states in JSONPath"}},
		},
		{
			name: "explicit JSONPath is fine",
			doc:  `{"QueryLanguage": "JSONPath", "StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}`,
		},
		{
			name: "Assign on a state, a choice rule and a catcher",
			doc: `{"StartAt": "A", "States": {
			  "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "C"},
			  "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Assign": {"y": 2}, "Next": "T"}], "Default": "T"},
			  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"z": 3}, "Next": "E"}], "End": true},
			  "E": ` + pass + `}}`,
			want: []want{
				{"/States/A/Assign", "Assign (workflow variables) is not supported yet"},
				{"/States/C/Choices/0/Assign", "is not supported yet"},
				{"/States/T/Catch/0/Assign", "is not supported yet"},
			},
		},
		{
			name: "a Map's ItemReader, ResultWriter, Label and batch size, inside a branch",
			doc: `{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "M", "States": {"M": {
			  "Type": "Map", "End": true, "Label": "run",
			  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}},
			  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},
			  "ItemBatcher": {"MaxItemsPerBatch": 2, "MaxInputBytesPerBatch": 1024},
			  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": {"Type": "Pass", "Assign": {"v": 1}, "End": true}}}}}}]}}}`,
			want: []want{
				{"/States/P/Branches/0/States/M/ItemBatcher/MaxInputBytesPerBatch", "limit them with MaxItemsPerBatch instead"},
				{"/States/P/Branches/0/States/M/ItemProcessor/States/I/Assign", "is not supported yet"},
				{"/States/P/Branches/0/States/M/ItemReader", "ItemReader is not supported yet"},
				{"/States/P/Branches/0/States/M/Label", "Label is not supported yet"},
				{"/States/P/Branches/0/States/M/ResultWriter", "ResultWriter is not supported yet"},
			},
		},
		{
			name:   "fields the caller provides are exempt",
			doc:    `{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemReader": {"Resource": "arn:aws:states:::s3:getObject"}, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"}, "Label": "x", "ItemBatcher": {"MaxInputBytesPerBatchPath": "$.n"}, "ItemProcessor": {"StartAt": "I", "States": {"I": ` + pass + `}}}}}`,
			exempt: MapRunFields,
		},
		{
			name: "bad shapes are left to Document",
			doc:  `{"StartAt": 1, "States": {"A": [], "B": {"Type": "Map", "ItemBatcher": 3, "Branches": 2, "ItemProcessor": "x"}, "C": {"Choices": [1], "Catch": {}}}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Unsupported(parse(t, tc.doc), tc.exempt...)
			assertProblems(t, got, tc.want)
		})
	}
	assert.Empty(t, Unsupported([]any{}), "not a machine: Document reports it")
}
