package testsuite

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

func TestSkipReason(t *testing.T) {
	task := func(resource string) string {
		return `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + resource + `","End":true}}}`
	}
	tests := []struct {
		name  string
		def   string
		flags map[string]int
		needs []Need
		kind  Kind
		want  string
	}{
		{"pure pass", `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, nil, nil, Execution, ""},
		{"TestState file", `{"Type":"Pass","End":true}`, nil, nil, TestState, ""},
		{"TestState JSONata state", `{"Type":"Pass","QueryLanguage":"JSONata","End":true}`, nil, nil, TestState, SkipJSONata},
		{"TestState unmocked task", `{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}`, nil, nil, TestState, "needs sqs"},
		{"TestState mocked need", `{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}`, nil, []Need{{Kind: "integration:sqs", MockedByRequest: true}}, TestState, "needs sqs"},
		{"jsonata flag", `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, map[string]int{"jsonata_expression": 1}, nil, Execution, SkipJSONata},
		{"variables flag", `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, map[string]int{"variables_assign": 1}, nil, Execution, SkipJSONata},
		{"mixed query language flag", `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, map[string]int{"mixed_query_language": 1}, nil, Execution, SkipJSONata},
		{"top-level JSONata", `{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, nil, nil, Execution, SkipJSONata},
		{"state-level JSONata in a branch", `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"Q","States":{"Q":{"Type":"Pass","QueryLanguage":"JSONata","End":true}}}]}}}`, nil, nil, Execution, SkipJSONata},
		{"Assign in a map item processor", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"Q","States":{"Q":{"Type":"Pass","Assign":{"x":1},"End":true}}}}}}`, nil, nil, Execution, SkipJSONata},
		{"task without JSONata fields", task("arn:aws:states:::lambda:invoke"), nil, nil, Execution, ""},
		{"Output key in payload data is not JSONata", `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"Output":1,"Assign":2},"End":true}}}`, nil, nil, Execution, ""},
		{"Assign in a choice rule", `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Assign":{"x":1},"Next":"E"}],"Default":"E"},"E":{"Type":"Succeed"}}}`, nil, nil, Execution, SkipJSONata},
		{"Output in a catcher", `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"Output":{},"Next":"E"}],"End":true},"E":{"Type":"Succeed"}}}`, nil, nil, Execution, SkipJSONata},
		{"lambda invoke", task("arn:aws:states:::lambda:invoke"), nil, []Need{{Kind: NeedLambdaInvoke}}, Execution, ""},
		{"direct lambda", task(fnARN + "id_function"), nil, []Need{{Kind: NeedLambdaDirect, Handler: "id_function.py"}}, Execution, ""},
		{"unknown handler", task(fnARN + "f"), nil, []Need{{Kind: NeedLambdaDirect, Handler: "mystery.py"}}, Execution, "needs lambda handler mystery.py"},
		{"other need", task("arn:aws:states:::sqs:sendMessage"), nil, []Need{{Kind: "sqs"}}, Execution, "needs sqs"},
		{"sqs", task("arn:aws:states:::sqs:sendMessage"), nil, nil, Execution, "needs sqs"},
		{"sns callback", task("arn:aws:states:::sns:publish.waitForTaskToken"), nil, nil, Execution, "needs sns"},
		{"dynamodb", task("arn:aws:states:::dynamodb:putItem"), nil, nil, Execution, "needs dynamodb"},
		{"nested state machine", task("arn:aws:states:::states:startExecution.sync:2"), nil, nil, Execution, "needs states"},
		{"aws-sdk", task("arn:aws:states:::aws-sdk:s3:getObject"), nil, nil, Execution, "needs aws-sdk:s3"},
		{"activity", task("arn:aws:states:us-east-1:111111111111:activity:act"), nil, nil, Execution, "needs activity"},
		{"lambda callback", task("arn:aws:states:::lambda:invoke.waitForTaskToken"), nil, nil, Execution, "needs task token callback (lambda:invoke.waitForTaskToken)"},
		{"item reader", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemReader":{"Resource":"arn:aws:states:::s3:getObject"},"ItemProcessor":{"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}}}}}`, nil, nil, Execution, "needs s3"},
		{"custom resource", task("my-activity"), nil, nil, Execution, "needs resource my-activity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Case{Kind: tt.kind, Definition: mustValue(t, tt.def), Flags: tt.flags, Needs: tt.needs}
			assert.Equal(t, tt.want, SkipReason(c))
		})
	}
	// A TestState mock stands for the services the state would call.
	mocked := &Case{Kind: TestState, Definition: mustValue(t, `{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}`),
		Request: mustValue(t, `{"mock":{"result":"{}"}}`).(*value.Object)}
	assert.Equal(t, "", SkipReason(mocked))
	mocked.Request = mustValue(t, `{"mock":{"result":"{}"},"variables":"{}"}`).(*value.Object)
	assert.Equal(t, SkipJSONata, SkipReason(mocked), "variables are a later issue")

	// Arguments is a JSONata field: its presence alone skips the case.
	c := &Case{Definition: mustValue(t, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{},"End":true}}}`)}
	assert.Equal(t, SkipJSONata, SkipReason(c))
}

// TestCorpusSkipReasons checks that every corpus case the harness cannot
// run is skipped for a reason this issue expects: the corpus needs nothing
// beyond the Lambda doubles.
func TestCorpusSkipReasons(t *testing.T) {
	root := corpusDir()
	if _, err := os.Stat(filepath.Join(root, "cases")); err != nil {
		t.Skipf("no corpus at %s", root)
	}
	cases, err := Load(root)
	require.NoError(t, err)
	runnable := 0
	for _, c := range cases {
		switch why := SkipReason(c); why {
		case "":
			runnable++
		case SkipJSONata:
		default:
			t.Errorf("%s: unexpected skip reason %q", c.Name, why)
		}
	}
	assert.Positive(t, runnable)
}
