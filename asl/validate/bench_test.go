package validate

import "testing"

// benchDefinition is a mid-sized machine: a Choice loop, a Task with Retry
// and Catch, a Parallel state and an inline Map.
const benchDefinition = `{
  "Comment": "benchmark", "StartAt": "Init",
  "States": {
    "Init": {"Type": "Pass", "Parameters": {"count": 0, "items.$": "$.items"}, "ResultPath": "$.state", "Next": "Loop"},
    "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.state.count", "NumericLessThan": 10, "Next": "Work"}], "Default": "Fan"},
    "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload.$": "$"},
      "ResultSelector": {"r.$": "$.Payload"}, "ResultPath": "$.result", "TimeoutSeconds": 30, "HeartbeatSeconds": 10,
      "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}, {"ErrorEquals": ["States.ALL"]}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}], "Next": "Loop"},
    "Fan": {"Type": "Parallel", "Branches": [
      {"StartAt": "B1", "States": {"B1": {"Type": "Wait", "Seconds": 1, "Next": "B2"}, "B2": {"Type": "Pass", "End": true}}},
      {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.state.items", "MaxConcurrency": 4,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}}],
      "Next": "Done"},
    "Failed": {"Type": "Fail", "Error": "WorkFailed", "CausePath": "$.error.Cause"},
    "Done": {"Type": "Succeed"}
  }
}`

func BenchmarkDocument(b *testing.B) {
	doc := parse(b, benchDefinition)
	if p := Document(doc); len(p) != 0 {
		b.Fatalf("benchmark definition is invalid: %v", p)
	}
	b.ReportAllocs()
	for b.Loop() {
		Document(doc)
	}
}
