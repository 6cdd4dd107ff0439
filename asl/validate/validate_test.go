package validate

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
)

// want is an expected problem: its pointer and a piece of its message.
type want struct{ ptr, msg string }

func parse(t testing.TB, doc string) any {
	t.Helper()
	v, err := value.ParseString(doc)
	require.NoError(t, err, doc)
	return v
}

// assertProblems checks that got holds exactly the wanted problems, in
// order.
func assertProblems(t *testing.T, got []value.Problem, wants []want) {
	t.Helper()
	if !assert.Len(t, got, len(wants), "problems: %v", got) {
		return
	}
	for i, w := range wants {
		assert.Equal(t, w.ptr, got[i].Pointer, "problem %d: %v", i, got[i])
		assert.Contains(t, got[i].Message, w.msg, "problem %d", i)
		assert.True(t, lowercaseStart(got[i].Message), "messages start in lowercase or with a field name: %q", got[i].Message)
	}
}

// lowercaseStart reports whether a message starts in lowercase, or with the
// name of an ASL field (which keeps its spelling).
func lowercaseStart(msg string) bool {
	first, _, _ := strings.Cut(msg, " ")
	if first == "" {
		return false
	}
	if strings.ToLower(first[:1]) == first[:1] {
		return true
	}
	switch first {
	case "The", "A", "An", "This", "No", "Unknown", "State", "Field":
		return false
	}
	for _, r := range first {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '$') {
			return false
		}
	}
	return true
}

// machine builds a definition whose States are the given JSON members.
func machine(start, states string) string {
	return `{"StartAt":"` + start + `","States":{` + states + `}}`
}

func TestDocumentTopLevel(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"minimal", machine("A", `"A":{"Type":"Pass","End":true}`), nil},
		{"not an object", `["StartAt"]`, []want{{"", "must be a JSON object"}}},
		{"null", `null`, []want{{"", "not null"}}},
		{"missing StartAt and States", `{}`, []want{{"", "needs StartAt"}, {"", "needs a States object"}}},
		{"StartAt names nothing", machine("B", `"A":{"Type":"Pass","End":true}`),
			[]want{{"/StartAt", `StartAt "B" does not name a state`}}},
		{"StartAt not a string", `{"StartAt":1,"States":{"A":{"Type":"Pass","End":true}}}`,
			[]want{{"/StartAt", "must be the name of a state, not the number 1"}}},
		{"States empty", `{"StartAt":"A","States":{}}`,
			[]want{{"/StartAt", "does not name a state"}, {"/States", "at least one state"}}},
		{"States not an object", `{"StartAt":"A","States":[]}`, []want{{"/States", "must be an object"}}},
		{"unknown top-level field", `{"StartAt":"A","Foo":1,"States":{"A":{"Type":"Pass","End":true}}}`,
			[]want{{"/Foo", `unknown field "Foo"`}}},
		{"state field at top level", `{"StartAt":"A","End":true,"States":{"A":{"Type":"Pass","End":true}}}`,
			[]want{{"/End", "put state fields inside a state"}}},
		{"top-level extras", `{"Comment":"c","Version":"1.0","TimeoutSeconds":60,"QueryLanguage":"JSONPath","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`, nil},
		{"bad extras", `{"Comment":3,"Version":"2.0","TimeoutSeconds":0,"QueryLanguage":"jsonpath","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`,
			[]want{{"/Comment", "must be a string"}, {"/QueryLanguage", `"JSONPath" or "JSONata"`}, {"/TimeoutSeconds", "positive integer"}, {"/Version", `"1.0"`}}},
		{"TimeoutSeconds fraction", `{"TimeoutSeconds":1.5,"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`,
			[]want{{"/TimeoutSeconds", "not the number 1.5"}}},
		{"no terminal state", machine("A", `"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}`),
			[]want{{"/States", "no terminal state"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func TestDocumentStates(t *testing.T) {
	long := strings.Repeat("x", 81)
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"state not an object", machine("A", `"A":{"Type":"Pass","Next":"B"},"B":"Succeed"`),
			[]want{{"/States/B", `state "B" must be an object`}}},
		{"missing Type", machine("A", `"A":{"Next":"B"},"B":{"Type":"Succeed"}`),
			[]want{{"/States/A", "has no Type"}}},
		{"unknown Type", machine("A", `"A":{"Type":"TypeThatDoesNotExist","End":true}`),
			[]want{{"/States/A/Type", "Type must be one of Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map"}}},
		{"name of 80 characters", machine(strings.Repeat("x", 80), `"`+strings.Repeat("x", 80)+`":{"Type":"Succeed"}`), nil},
		{"name of 81 characters", machine(long, `"`+long+`":{"Type":"Succeed"}`),
			[]want{{"/States/" + long, "81 characters long; the limit is 80"}}},
		{"empty name", machine("", `"":{"Type":"Succeed"}`),
			[]want{{"/StartAt", "must be the name of a state"}, {"/States/", "must not be empty"}}},
		{"name with slash", machine("a/b", `"a/b":{"Type":"Succeed"}`), nil},
		{"Next names nothing", machine("A", `"A":{"Type":"Pass","Next":"Nope"},"B":{"Type":"Succeed"}`),
			[]want{{"/States/A/Next", `Next "Nope" does not name a state`}, {"/States/B", "not reachable"}}},
		{"Next not a string", machine("A", `"A":{"Type":"Pass","Next":true},"B":{"Type":"Succeed"}`),
			[]want{{"/States/A/Next", "must be the name of a state"}, {"/States/B", "not reachable"}}},
		{"neither Next nor End", machine("A", `"A":{"Type":"Pass"},"B":{"Type":"Succeed"}`),
			[]want{{"/States/A", `needs Next (the state to run after it) or "End": true`}, {"/States/B", "not reachable"}}},
		{"both Next and End", machine("A", `"A":{"Type":"Pass","Next":"B","End":true},"B":{"Type":"Succeed"}`),
			[]want{{"/States/A", "cannot have both Next and End"}}},
		{"End false", machine("A", `"A":{"Type":"Pass","End":false}`),
			[]want{{"/States", "no terminal state"}, {"/States/A/End", "End must be true"}}},
		{"terminal states take no transitions", machine("A", `"A":{"Type":"Succeed","Next":"B"},"B":{"Type":"Fail","End":true}`),
			[]want{{"/States/A/Next", "a Succeed state ends the execution and cannot have Next"}, {"/States/B", "not reachable"}, {"/States/B/End", "a Fail state ends the execution and cannot have End"}}},
		{"Choice with Next", machine("C", `"C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true,"Next":"D"}],"Next":"D"},"D":{"Type":"Succeed"}`),
			[]want{{"/States/C/Next", "a Choice state cannot have Next"}}},
		{"field of another type", machine("A", `"A":{"Type":"Fail","InputPath":"$","ResultSelector":{}}`),
			[]want{{"/States/A/InputPath", `field "InputPath" is not allowed in a Fail state`}, {"/States/A/ResultSelector", "it belongs to Task, Parallel, Map states"}}},
		{"unknown field", machine("A", `"A":{"Type":"Pass","bugInputPath":"$","End":true}`),
			[]want{{"/States/A/bugInputPath", `unknown field "bugInputPath" in a Pass state`}}},
		{"unreachable", machine("A", `"A":{"Type":"Pass","Next":"C"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Succeed"}`),
			[]want{{"/States/B", `state "B" is not reachable from StartAt "A"`}}},
		{"reachable through Catch and Default", machine("T", `"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"C","Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}]},"C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true,"Next":"S"}],"Default":"F"},"S":{"Type":"Succeed"},"F":{"Type":"Fail"}`), nil},
		{"Assign must be an object", machine("A", `"A":{"Type":"Pass","Assign":[1],"End":true}`),
			[]want{{"/States/A/Assign", "Assign must be an object"}}},
		{"unknown Type does not make its targets unreachable", machine("A", `"A":{"Type":"Nope","Next":"B"},"B":{"Type":"Succeed"}`),
			[]want{{"/States/A/Type", "Type must be one of"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func TestDocumentChoice(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"missing Choices", machine("C", `"C":{"Type":"Choice","Default":"D"},"D":{"Type":"Succeed"}`),
			[]want{{"/States/C", "needs Choices"}}},
		{"empty Choices", machine("C", `"C":{"Type":"Choice","Choices":[],"Default":"D"},"D":{"Type":"Succeed"}`),
			[]want{{"/States/C/Choices", "at least one choice rule"}}},
		{"Choices not an array", machine("C", `"C":{"Type":"Choice","Choices":{},"Default":"D"},"D":{"Type":"Succeed"}`),
			[]want{{"/States/C/Choices", "must be a non-empty array"}}},
		{"rule checks", machine("C", `"C":{"Type":"Choice","Choices":[
			{"Variable":"$.a","IsNull":true,"Next":"D"},
			{"Variable":"$.a","IsNull":true,"End":true},
			{"Variable":"$.a","IsNull":true},
			"rule",
			{"Variable":"$.a","IsNull":true,"Next":"Gone"}],"Default":"Missing"},"D":{"Type":"Succeed"}`),
			[]want{
				{"/States/C/Choices/1", "a choice rule cannot end the execution"},
				{"/States/C/Choices/2", "needs Next"},
				{"/States/C/Choices/3", "a choice rule must be an object"},
				{"/States/C/Choices/4/Next", `Next "Gone" does not name a state`},
				{"/States/C/Default", `Default "Missing" does not name a state`},
			}},
		{"rule bodies are not checked here", machine("C", `"C":{"Type":"Choice","Choices":[{"NoSuchOperator":1,"Next":"D"}]},"D":{"Type":"Succeed"}`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func task(fields string) string {
	return machine("T", `"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",`+fields+`"End":true}`)
}

func TestDocumentRetryCatch(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"valid retriers", task(`"Retry":[{"ErrorEquals":["A"],"IntervalSeconds":3,"MaxAttempts":0,"BackoffRate":1,"MaxDelaySeconds":4,"JitterStrategy":"FULL","Comment":"c"},{"ErrorEquals":["States.ALL"]}],`), nil},
		{"Retry not an array", task(`"Retry":{},`), []want{{"/States/T/Retry", "must be an array of retriers"}}},
		{"retrier not an object", task(`"Retry":[1],`), []want{{"/States/T/Retry/0", "a retrier must be an object"}}},
		{"bad retrier fields", task(`"Retry":[{"ErrorEquals":[],"IntervalSeconds":0,"MaxAttempts":-1,"BackoffRate":0.5,"MaxDelaySeconds":31622401,"JitterStrategy":"PARTIAL","Extra":1}],`),
			[]want{
				{"/States/T/Retry/0/BackoffRate", "at least 1.0"},
				{"/States/T/Retry/0/ErrorEquals", "at least one error"},
				{"/States/T/Retry/0/Extra", `unknown field "Extra" in a retrier`},
				{"/States/T/Retry/0/IntervalSeconds", "positive integer"},
				{"/States/T/Retry/0/JitterStrategy", "one of FULL, NONE"},
				{"/States/T/Retry/0/MaxAttempts", "non-negative integer"},
				{"/States/T/Retry/0/MaxDelaySeconds", "at most 31622400"},
			}},
		{"missing ErrorEquals", task(`"Retry":[{"MaxAttempts":1}],`), []want{{"/States/T/Retry/0", "needs ErrorEquals"}}},
		{"States.ALL alone and last", task(`"Retry":[{"ErrorEquals":["States.ALL","X"]},{"ErrorEquals":["Y"]}],`),
			[]want{{"/States/T/Retry/0/ErrorEquals", "must be the last one in Retry"}, {"/States/T/Retry/0/ErrorEquals/0", "the only error name"}}},
		{"error names", task(`"Retry":[{"ErrorEquals":["States.Nope",true,"","States.Timeout","Custom.Error","States.Http.Socket"]}],`),
			[]want{
				{"/States/T/Retry/0/ErrorEquals/0", `"States.Nope" is not a predefined error name`},
				{"/States/T/Retry/0/ErrorEquals/1", "must be a string"},
				{"/States/T/Retry/0/ErrorEquals/2", "must not be empty"},
			}},
		{"valid catchers", machine("T", `"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Catch":[{"ErrorEquals":["A"],"Next":"F","ResultPath":"$.error","Assign":{},"Comment":"c"},{"ErrorEquals":["States.ALL"],"Next":"F","ResultPath":null}]},"F":{"Type":"Fail"}`), nil},
		{"catcher problems", machine("T", `"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"},{"Error Equals":["X"],"Output":{}},{"ErrorEquals":["Y"],"Next":"Gone","ResultPath":"$$.x"}]},"F":{"Type":"Fail"}`),
			[]want{
				{"/States/T/Catch/0/ErrorEquals", "must be the last one in Catch"},
				{"/States/T/Catch/1", "needs ErrorEquals"},
				{"/States/T/Catch/1", "needs Next"},
				{"/States/T/Catch/1/Error Equals", `unknown field "Error Equals" in a catcher`},
				{"/States/T/Catch/1/Output", "Output is a JSONata field"},
				{"/States/T/Catch/2/Next", `Next "Gone" does not name a state`},
				{"/States/T/Catch/2/ResultPath", "cannot write into the context object"},
			}},
		{"Retry on a Pass state", machine("A", `"A":{"Type":"Pass","Retry":[],"End":true}`),
			[]want{{"/States/A/Retry", `field "Retry" is not allowed in a Pass state`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func TestDocumentPaths(t *testing.T) {
	pass := func(fields string) string {
		return machine("P", `"P":{"Type":"Pass",`+fields+`"End":true}`)
	}
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"valid paths", pass(`"InputPath":"$.a[0]","OutputPath":"$$.Execution.Input","ResultPath":"$.r",`), nil},
		{"null paths", pass(`"InputPath":null,"OutputPath":null,"ResultPath":null,`), nil},
		{"variables", pass(`"InputPath":"$theAnswer","OutputPath":"$result.items[1]",`), nil},
		{"bad InputPath", pass(`"InputPath":"bug$.library",`), []want{{"/States/P/InputPath", `InputPath "bug$.library" is not a valid path`}}},
		{"InputPath not a string", pass(`"InputPath":5,`), []want{{"/States/P/InputPath", "or null, not the number 5"}}},
		{"bad variable name", pass(`"OutputPath":"$9lives",`), []want{{"/States/P/OutputPath", "must start with a letter"}}},
		{"ResultPath variable", pass(`"ResultPath":"$foo",`), []want{{"/States/P/ResultPath", "cannot write to a variable"}}},
		{"ResultPath relative", pass(`"ResultPath":".guid",`), []want{{"/States/P/ResultPath", "not a valid reference path"}}},
		{"ResultPath filter", pass(`"ResultPath":"$.a[?(@.x == 1)]",`), []want{{"/States/P/ResultPath", "filter"}}},
		{"ResultPath wildcard", pass(`"ResultPath":"$.a[*]",`), []want{{"/States/P/ResultPath", "wildcard"}}},
		{"filter in InputPath", pass(`"InputPath":"$.a[?(@.x == 1)]",`), nil},
		{"ItemsPath deep scan", machine("M", `"M":{"Type":"Map","ItemsPath":"$..items","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"End":true}`),
			[]want{{"/States/M/ItemsPath", "deep scan"}}},
		{"SecondsPath variable with a filter", machine("W", `"W":{"Type":"Wait","SecondsPath":"$v[?(@.x)]","End":true}`),
			[]want{{"/States/W/SecondsPath", "filter"}}},
		{"ResultPath context", pass(`"ResultPath":"$$.Execution",`), []want{{"/States/P/ResultPath", "cannot write into the context object"}}},
		{"ItemsPath null", machine("M", `"M":{"Type":"Map","ItemsPath":null,"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"End":true}`),
			[]want{{"/States/M/ItemsPath", "must be a reference path"}}},
		{"ItemsPath context and variable", machine("M", `"M":{"Type":"Map","ItemsPath":"$$.Execution.Input","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"Next":"N"},"N":{"Type":"Map","ItemsPath":"$items","ItemProcessor":{"StartAt":"Y","States":{"Y":{"Type":"Succeed"}}},"End":true}`), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func TestDocumentWaitFail(t *testing.T) {
	wait := func(fields string) string {
		return machine("W", `"W":{"Type":"Wait",`+fields+`"End":true}`)
	}
	fail := func(fields string) string {
		return machine("F", `"F":{"Type":"Fail"`+fields+`}`)
	}
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"Seconds", wait(`"Seconds":0,`), nil},
		{"SecondsPath", wait(`"SecondsPath":"$.s",`), nil},
		{"Timestamp", wait(`"Timestamp":"2016-03-14T01:59:00Z",`), nil},
		{"TimestampPath", wait(`"TimestampPath":"$waitUntil",`), nil},
		{"no duration", wait(``), []want{{"/States/W", "exactly one of Seconds, SecondsPath, Timestamp or TimestampPath"}}},
		{"two durations", wait(`"Seconds":10,"SecondsPath":"$.s",`), []want{{"/States/W/SecondsPath", "has Seconds and SecondsPath"}}},
		{"negative Seconds", wait(`"Seconds":-1,`), []want{{"/States/W/Seconds", "non-negative integer"}}},
		{"expression outside JSONata", wait(`"Seconds":"{% 3 %}",`), []want{{"/States/W/Seconds", `not the string "{% 3 %}"`}}},
		{"bad month", wait(`"Timestamp":"2016-13-05T21:29:29Z",`), []want{{"/States/W/Timestamp", "not an RFC 3339 timestamp"}}},
		{"no zone", wait(`"Timestamp":"2016-12-05T21:29:29",`), []want{{"/States/W/Timestamp", "not an RFC 3339 timestamp"}}},
		{"Timestamp not a string", wait(`"Timestamp":1,`), []want{{"/States/W/Timestamp", "must be an RFC 3339 timestamp string"}}},
		{"Fail fields", fail(`,"Error":"E","Cause":"C"`), nil},
		{"Fail paths", fail(`,"ErrorPath":"$.e","CausePath":"States.Format('{}', $.c)"`), nil},
		{"Error and ErrorPath", fail(`,"Error":"E","ErrorPath":"$.e","Cause":"C","CausePath":"$.c"`),
			[]want{{"/States/F/CausePath", "Cause and CausePath cannot both be set"}, {"/States/F/ErrorPath", "Error and ErrorPath cannot both be set"}}},
		{"non-string intrinsic", fail(`,"ErrorPath":"States.StringToJson($.e)","CausePath":"States.Nope($.c)"`),
			[]want{{"/States/F/CausePath", `unknown intrinsic function "States.Nope"`}, {"/States/F/ErrorPath", "must yield a string; States.StringToJson does not"}}},
		{"ErrorPath not a path", fail(`,"ErrorPath":"Error"`), []want{{"/States/F/ErrorPath", "not a valid path or intrinsic function call"}}},
		{"Error not a string", fail(`,"Error":3`), []want{{"/States/F/Error", "must be a string"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func TestDocumentTask(t *testing.T) {
	res := func(r string) string {
		return machine("T", `"T":{"Type":"Task","Resource":`+r+`,"End":true}`)
	}
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"missing Resource", machine("T", `"T":{"Type":"Task","End":true}`), []want{{"/States/T", "needs Resource"}}},
		{"Resource not a string", res(`{"Ref":"fn"}`), []want{{"/States/T/Resource", "must be a string"}}},
		{"Resource not a URI", res(`"${lambdaArn}"`), []want{{"/States/T/Resource", "is not a URI"}}},
		{"Resource URI", res(`"foo:bar"`), nil},
		{"Lambda ARN with alias", res(`"arn:aws:lambda:us-east-1:123456789012:function:fn:prod"`), nil},
		{"Lambda ARN with empty alias", res(`"arn:aws:lambda:us-east-1:123456789012:function:fn:"`), []want{{"/States/T/Resource", "invalid Lambda version or alias"}}},
		{"Lambda ARN with bad name", res(`"arn:aws:lambda:us-east-1:123456789012:function:f*n"`), []want{{"/States/T/Resource", "invalid Lambda function name"}}},
		{"timeouts", task(`"TimeoutSeconds":30,"HeartbeatSeconds":10,`), nil},
		{"timeout and path", task(`"TimeoutSeconds":30,"TimeoutSecondsPath":"$.t","HeartbeatSeconds":5,"HeartbeatSecondsPath":"$.h",`),
			[]want{{"/States/T/HeartbeatSecondsPath", "cannot both be set"}, {"/States/T/TimeoutSecondsPath", "cannot both be set"}}},
		{"heartbeat not below timeout", task(`"TimeoutSeconds":30,"HeartbeatSeconds":30,`),
			[]want{{"/States/T/HeartbeatSeconds", "HeartbeatSeconds (30) must be smaller than TimeoutSeconds (30)"}}},
		{"zero timeout", task(`"TimeoutSeconds":0,`), []want{{"/States/T/TimeoutSeconds", "positive integer"}}},
		{"Credentials", task(`"Credentials":{"RoleArn":"arn:aws:iam::111111111111:role/r"},`), nil},
		{"Credentials path", task(`"Credentials":{"RoleArn.$":"$.role"},`), nil},
		{"Credentials null", task(`"Credentials":null,`), []want{{"/States/T/Credentials", "must be an object with RoleArn"}}},
		{"Credentials without RoleArn", task(`"Credentials":{"InvalidField":"x"},`),
			[]want{{"/States/T/Credentials", "needs RoleArn"}, {"/States/T/Credentials/InvalidField", `unknown field "InvalidField" in Credentials`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func TestDocumentParallelMap(t *testing.T) {
	proc := `{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}`
	mapState := func(fields string) string {
		return machine("M", `"M":{"Type":"Map",`+fields+`"End":true}`)
	}
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"parallel", machine("P", `"P":{"Type":"Parallel","Branches":[`+proc+`,{"StartAt":"Y","States":{"Y":{"Type":"Pass","End":true}}}],"End":true}`), nil},
		{"missing Branches", machine("P", `"P":{"Type":"Parallel","End":true}`), []want{{"/States/P", "needs Branches"}}},
		{"empty Branches", machine("P", `"P":{"Type":"Parallel","Branches":[],"End":true}`), []want{{"/States/P/Branches", "at least one state machine"}}},
		{"branch not an object", machine("P", `"P":{"Type":"Parallel","Branches":[[`+proc+`]],"End":true}`), []want{{"/States/P/Branches/0", "a branch must be an object"}}},
		{"branch problems", machine("P", `"P":{"Type":"Parallel","Branches":[{"StartAt":"A","Version":"1.0","States":{"A":{"Type":"Pass","Next":"Done"}}}],"Next":"Done"},"Done":{"Type":"Succeed"}`),
			[]want{
				{"/States/P/Branches/0/States", "no terminal state"},
				{"/States/P/Branches/0/States/A/Next", `Next "Done" names a state outside this States object (it is defined at /States/Done)`},
				{"/States/P/Branches/0/Version", "only allowed at the top level"},
			}},
		{"duplicate names across scopes", machine("P", `"P":{"Type":"Parallel","Branches":[{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}],"End":true}`),
			[]want{{"/States/P/Branches/1/States/X", `state name "X" is already used at /States/P/Branches/0/States/X`}}},
		{"map", mapState(`"ItemsPath":"$.items","ItemSelector":{"v.$":"$$.Map.Item.Value"},"MaxConcurrency":0,"ToleratedFailureCount":1,"Label":"L","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"X","States":{"X":{"Type":"Succeed"}}},`), nil},
		{"legacy iterator", mapState(`"Iterator":` + proc + `,"Parameters":{},`), nil},
		{"missing processor", mapState(``), []want{{"/States/M", "needs ItemProcessor"}}},
		{"both processors", mapState(`"ItemProcessor":` + proc + `,"Iterator":{"StartAt":"Y","States":{"Y":{"Type":"Succeed"}}},`),
			[]want{{"/States/M/Iterator", "ItemProcessor and Iterator cannot both be set"}}},
		{"exclusive fields", mapState(`"ItemProcessor":` + proc + `,"ItemSelector":{},"Parameters":{},"MaxConcurrency":1,"MaxConcurrencyPath":"$.m","ToleratedFailureCount":1,"ToleratedFailureCountPath":"$.c","ToleratedFailurePercentage":1,"ToleratedFailurePercentagePath":"$.p",`),
			[]want{
				{"/States/M/MaxConcurrencyPath", "cannot both be set"},
				{"/States/M/Parameters", "ItemSelector and Parameters cannot both be set"},
				{"/States/M/ToleratedFailureCountPath", "cannot both be set"},
				{"/States/M/ToleratedFailurePercentagePath", "cannot both be set"},
			}},
		{"bad values", mapState(`"ItemProcessor":{"ProcessorConfig":{"Mode":"PARALLEL","Foo":1},"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"ToleratedFailurePercentage":105,"MaxConcurrency":-1,"Label":"` + strings.Repeat("l", 41) + `",`),
			[]want{
				{"/States/M/ItemProcessor/ProcessorConfig/Foo", `unknown field "Foo" in ProcessorConfig`},
				{"/States/M/ItemProcessor/ProcessorConfig/Mode", "one of INLINE, DISTRIBUTED"},
				{"/States/M/Label", "the limit is 40"},
				{"/States/M/MaxConcurrency", "non-negative integer"},
				{"/States/M/ToleratedFailurePercentage", "from 0 to 100"},
			}},
		{"distributed needs ExecutionType", mapState(`"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"X","States":{"X":{"Type":"Succeed"}}},`),
			[]want{{"/States/M/ItemProcessor/ProcessorConfig", "needs ExecutionType"}}},
		{"processor config outside a processor", machine("P", `"P":{"Type":"Parallel","Branches":[{"ProcessorConfig":{},"StartAt":"X","States":{"X":{"Type":"Succeed"}}}],"End":true}`),
			[]want{{"/States/P/Branches/0/ProcessorConfig", "only allowed in a Map state's ItemProcessor"}}},
		{"processor without states", mapState(`"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"}},`),
			[]want{{"/States/M/ItemProcessor", "needs StartAt"}, {"/States/M/ItemProcessor", "needs a States object"}}},
		{"reader, batcher and writer", mapState(`"ItemProcessor":` + proc + `,"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItems":1},"Parameters":{"Bucket":"b"}},"ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{}},"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{},"WriterConfig":{"OutputType":"JSON","Transformation":"NONE"}},`), nil},
		{"reader, batcher and writer problems", mapState(`"ItemProcessor":` + proc + `,"ItemReader":{"ReaderConfig":{"MaxItems":1,"MaxItemsPath":"$.m"}},"ItemBatcher":{"MaxItemsPerBatch":0,"MaxItemsPerBatchPath":"$.b","Size":1},"ResultWriter":{"WriterConfig":{}},`),
			[]want{
				{"/States/M/ItemBatcher/MaxItemsPerBatch", "positive integer"},
				{"/States/M/ItemBatcher/MaxItemsPerBatchPath", "cannot both be set"},
				{"/States/M/ItemBatcher/Size", `unknown field "Size" in ItemBatcher`},
				{"/States/M/ItemReader", "needs Resource"},
				{"/States/M/ItemReader/ReaderConfig/MaxItemsPath", "cannot both be set"},
				{"/States/M/ResultWriter/WriterConfig", "needs OutputType"},
			}},
		{"next out of an item processor", mapState(`"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","Next":"M"}}},`),
			[]want{{"/States/M/ItemProcessor/States", "no terminal state"}, {"/States/M/ItemProcessor/States/X/Next", "names a state outside this States object"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func TestDocumentQueryLanguage(t *testing.T) {
	jsonata := func(states string) string {
		return `{"QueryLanguage":"JSONata","StartAt":"A","States":{` + states + `}}`
	}
	tests := []struct {
		name string
		doc  string
		want []want
	}{
		{"JSONata fields", jsonata(`"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"a":"{% 1 %}"},"Output":"{% $states.result %}","Assign":{"x":1},"TimeoutSeconds":"{% 3 %}","HeartbeatSeconds":1,"Catch":[{"ErrorEquals":["States.ALL"],"Output":{},"Next":"B"}],"Next":"B"},
			"B":{"Type":"Wait","Seconds":"{% 1 %}","Next":"C"},"C":{"Type":"Wait","Timestamp":"{% $t %}","Next":"M"},
			"M":{"Type":"Map","Items":"{% [1] %}","MaxConcurrency":"{% 2 %}","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"Next":"F"},
			"F":{"Type":"Fail","Error":"{% 'E' %}","Cause":"c"}`), nil},
		{"JSONPath fields in a JSONata state", jsonata(`"A":{"Type":"Pass","Parameters":["abc"],"ResultPath":"$.x","InputPath":"$","End":true}`),
			[]want{
				{"/States/A/InputPath", "InputPath is a JSONPath field"},
				{"/States/A/Parameters", "use Output instead"},
				{"/States/A/ResultPath", "use Output (and Assign) instead"},
			}},
		{"JSONata fields in a JSONPath state", machine("A", `"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{},"Output":{},"End":true}`),
			[]want{{"/States/A/Arguments", "use Parameters"}, {"/States/A/Output", "Output is a JSONata field"}}},
		{"state opts into JSONata", machine("A", `"A":{"Type":"Pass","QueryLanguage":"JSONata","Output":1,"End":true}`), nil},
		{"downgrade", jsonata(`"A":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}`),
			[]want{{"/States/A/QueryLanguage", `cannot be "JSONPath" when the state machine's top-level QueryLanguage is "JSONata"`}}},
		{"bad state QueryLanguage", machine("A", `"A":{"Type":"Pass","QueryLanguage":"XPath","End":true}`),
			[]want{{"/States/A/QueryLanguage", `not the string "XPath"`}}},
		{"nested states use the top-level language", machine("M", `"M":{"Type":"Map","QueryLanguage":"JSONata","Items":[1],"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","Result":1,"End":true}}},"End":true}`), nil},
		{"Items and ItemsPath", jsonata(`"A":{"Type":"Map","Items":"{% $states.input %}","ItemsPath":"$.foo","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"End":true}`),
			[]want{{"/States/A/ItemsPath", "use Items instead"}}},
		{"bad JSONata values", jsonata(`"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":123,"TimeoutSeconds":false,"HeartbeatSeconds":"20","End":true},"B":{"Type":"Map","Items":{},"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"End":true}`),
			[]want{
				{"/States/A/Arguments", `Arguments must be an object or a JSONata expression "{% ... %}"`},
				{"/States/A/HeartbeatSeconds", `not the string "20"`},
				{"/States/A/TimeoutSeconds", "not false"},
				{"/States/B", "not reachable"},
				{"/States/B/Items", "Items must be an array or a JSONata expression"},
			}},
		{"JSONata Wait needs a duration", jsonata(`"A":{"Type":"Wait","SecondsPath":"$.s","End":true}`),
			[]want{{"/States/A", "needs one of Seconds or Timestamp"}, {"/States/A/SecondsPath", "use Seconds with a JSONata expression"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblems(t, Document(parse(t, tt.doc)), tt.want)
		})
	}
}

func TestExpress(t *testing.T) {
	tests := []struct {
		resource string
		want     string
	}{
		{"arn:aws:states:us-east-1:111111111111:activity:work", "cannot run activities"},
		{"arn:aws:states:::sqs:sendMessage.waitForTaskToken", ".waitForTaskToken"},
		{"arn:aws:states:::states:startExecution.sync", ".sync"},
		{"arn:aws:states:::states:startExecution.sync:2", ".sync"},
		{"arn:aws:states:::lambda:invoke", ""},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			def := parse(t, machine("T", `"T":{"Type":"Task","Resource":"`+tt.resource+`","End":true}`))
			assert.Empty(t, Document(def), "a STANDARD state machine may use %s", tt.resource)
			got := check(def, options{express: true})
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assertProblems(t, got, []want{{"/States/T/Resource", tt.want}})
		})
	}
}

func TestTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2016-03-14T01:59:00Z", true},
		{"2016-03-14T01:59:00.123456Z", true},
		{"2016-03-14T01:59:00+01:00", true},
		{"2016-03-14T01:59:00.5-08:30", true},
		{"2016-02-29T00:00:00Z", true},
		{"2000-02-29T00:00:00Z", true},
		{"1900-02-29T00:00:00Z", false},
		{"2015-02-29T00:00:00Z", false},
		{"2016-04-31T00:00:00Z", false},
		{"2016-13-05T21:29:29Z", false},
		{"2016-12-05T25:29:29Z", false},
		{"2016-12-05T24:00:00Z", false},
		{"2016-12-05T21:60:29Z", false},
		{"2016-12-05 21:29:29Z", false},
		{"2016-12-05t21:29:29Z", false},
		{"2016-12-05T21:29:29z", false},
		{"2016-12-05T21:29:29", false},
		{"2016-12-05T21:29Z", false},
		{"2016-12-05T21:29:29.Z", false},
		{"2016-12-05T21:29:29+0100", false},
		{"2016-12-05T21:29:29+24:00", false},
		{"2016-12-05", false},
		{"", false},
		{"２016-12-05T21:29:29Z", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, isTimestamp(tt.in), "isTimestamp(%q)", tt.in)
	}
}

// TestDocumentSortedAndComplete checks that every problem is reported, not
// just the first, in pointer order.
func TestDocumentSortedAndComplete(t *testing.T) {
	doc := parse(t, `{"StartAt":"Z","Bogus":1,"States":{
		"Z":{"Type":"Pass","Next":"Gone"},
		"A":{"Type":"Wait","End":true},
		"M":{"Type":"Task","End":"yes"}}}`)
	got := Document(doc)
	require.Len(t, got, 7, "%v", got)
	ptrs := make([]string, len(got))
	for i, p := range got {
		ptrs[i] = p.Pointer
	}
	assert.True(t, slices.IsSorted(ptrs), "sorted by pointer: %v", ptrs)
	assert.Equal(t, got, Document(doc), "deterministic")
	assert.Equal(t, []string{"/Bogus", "/States/A", "/States/A", "/States/M", "/States/M", "/States/M/End", "/States/Z/Next"}, ptrs)
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`null`, "null"},
		{`true`, "true"},
		{`"x"`, `the string "x"`},
		{`1.50`, "the number 1.50"},
		{`[]`, "an array"},
		{`{}`, "an object"},
		{`"` + strings.Repeat("a", 50) + `"`, fmt.Sprintf("the string %q...", strings.Repeat("a", 40))},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, describe(parse(t, tt.in)), tt.in)
	}
}
