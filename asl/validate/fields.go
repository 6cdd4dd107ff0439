package validate

// lang says under which query language a state field may appear.
type lang uint8

const (
	anyLang lang = iota
	pathOnly
	jsonataOnly
)

// stateTypes lists the state types in the order AWS names them.
var stateTypes = []string{"Task", "Wait", "Pass", "Succeed", "Fail", "Choice", "Parallel", "Map"}

// common are the fields every state may have.
var common = map[string]lang{"Type": anyLang, "Comment": anyLang, "QueryLanguage": anyLang}

// fieldsByType are the fields each state type may have besides common ones
// (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html).
var fieldsByType = map[string]map[string]lang{
	"Pass": {
		"Next": anyLang, "End": anyLang, "Assign": anyLang, "Output": jsonataOnly,
		"InputPath": pathOnly, "OutputPath": pathOnly, "Parameters": pathOnly, "Result": pathOnly, "ResultPath": pathOnly,
	},
	"Task": {
		"Next": anyLang, "End": anyLang, "Assign": anyLang, "Output": jsonataOnly, "Arguments": jsonataOnly,
		"InputPath": pathOnly, "OutputPath": pathOnly, "Parameters": pathOnly, "ResultSelector": pathOnly, "ResultPath": pathOnly,
		"Resource": anyLang, "Credentials": anyLang, "Retry": anyLang, "Catch": anyLang,
		"TimeoutSeconds": anyLang, "HeartbeatSeconds": anyLang, "TimeoutSecondsPath": pathOnly, "HeartbeatSecondsPath": pathOnly,
	},
	"Choice": {
		"Choices": anyLang, "Default": anyLang, "Assign": anyLang, "Output": jsonataOnly,
		"InputPath": pathOnly, "OutputPath": pathOnly,
	},
	"Wait": {
		"Next": anyLang, "End": anyLang, "Assign": anyLang, "Output": jsonataOnly,
		"InputPath": pathOnly, "OutputPath": pathOnly,
		"Seconds": anyLang, "Timestamp": anyLang, "SecondsPath": pathOnly, "TimestampPath": pathOnly,
	},
	"Succeed": {
		"Output": jsonataOnly, "InputPath": pathOnly, "OutputPath": pathOnly,
	},
	"Fail": {
		"Error": anyLang, "Cause": anyLang, "ErrorPath": pathOnly, "CausePath": pathOnly,
	},
	"Parallel": {
		"Next": anyLang, "End": anyLang, "Assign": anyLang, "Output": jsonataOnly, "Arguments": jsonataOnly,
		"InputPath": pathOnly, "OutputPath": pathOnly, "Parameters": pathOnly, "ResultSelector": pathOnly, "ResultPath": pathOnly,
		"Branches": anyLang, "Retry": anyLang, "Catch": anyLang,
	},
	"Map": {
		"Next": anyLang, "End": anyLang, "Assign": anyLang, "Output": jsonataOnly,
		"InputPath": pathOnly, "OutputPath": pathOnly, "Parameters": pathOnly, "ResultSelector": pathOnly, "ResultPath": pathOnly,
		"ItemProcessor": anyLang, "Iterator": anyLang, "ItemsPath": pathOnly, "Items": jsonataOnly, "ItemSelector": anyLang,
		"ItemReader": anyLang, "ItemBatcher": anyLang, "ResultWriter": anyLang, "Label": anyLang,
		"MaxConcurrency": anyLang, "MaxConcurrencyPath": pathOnly,
		"ToleratedFailureCount": anyLang, "ToleratedFailureCountPath": pathOnly,
		"ToleratedFailurePercentage": anyLang, "ToleratedFailurePercentagePath": pathOnly,
		"Retry": anyLang, "Catch": anyLang,
	},
}

// jsonataReplacement says what to write instead of a JSONPath-only field
// in a JSONata state.
var jsonataReplacement = map[string]string{
	"InputPath":                      "read $states.input in Arguments or Output instead",
	"OutputPath":                     "use Output instead",
	"ResultSelector":                 "use Output instead",
	"ResultPath":                     "use Output (and Assign) instead",
	"Result":                         "use Output instead",
	"ItemsPath":                      "use Items instead",
	"SecondsPath":                    "use Seconds with a JSONata expression instead",
	"TimestampPath":                  "use Timestamp with a JSONata expression instead",
	"TimeoutSecondsPath":             "use TimeoutSeconds with a JSONata expression instead",
	"HeartbeatSecondsPath":           "use HeartbeatSeconds with a JSONata expression instead",
	"MaxConcurrencyPath":             "use MaxConcurrency with a JSONata expression instead",
	"ToleratedFailureCountPath":      "use ToleratedFailureCount with a JSONata expression instead",
	"ToleratedFailurePercentagePath": "use ToleratedFailurePercentage with a JSONata expression instead",
	"ErrorPath":                      "use Error with a JSONata expression instead",
	"CausePath":                      "use Cause with a JSONata expression instead",
}

// parametersReplacement is what replaces Parameters under JSONata, per type.
var parametersReplacement = map[string]string{
	"Task":     "use Arguments instead",
	"Parallel": "use Arguments instead",
	"Map":      "use ItemSelector instead",
	"Pass":     "use Output instead",
}

// jsonpathReplacement says what to write instead of a JSONata-only field in
// a JSONPath state.
var jsonpathReplacement = map[string]string{
	"Arguments": "use Parameters, or set \"QueryLanguage\": \"JSONata\"",
	"Output":    "use OutputPath or ResultSelector, or set \"QueryLanguage\": \"JSONata\"",
	"Items":     "use ItemsPath, or set \"QueryLanguage\": \"JSONata\"",
}

// knownField reports whether any state type has the field.
func knownField(k string) bool {
	if _, ok := common[k]; ok {
		return true
	}
	for _, t := range stateTypes {
		if _, ok := fieldsByType[t][k]; ok {
			return true
		}
	}
	return false
}

// typesWith lists the state types that have field k, in stateTypes order.
func typesWith(k string) []string {
	var out []string
	for _, t := range stateTypes {
		if _, ok := fieldsByType[t][k]; ok {
			out = append(out, t)
		}
	}
	return out
}
