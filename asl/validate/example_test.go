package validate_test

import (
	"fmt"

	"github.com/aslworker/aslworker/asl/validate"
	"github.com/aslworker/aslworker/asl/value"
)

func ExampleDocument() {
	doc, err := value.ParseString(`{
		"StartAt": "Check",
		"States": {
			"Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}], "Default": "Retry"},
			"Wait": {"Type": "Wait", "Seconds": 5, "Next": "Check"},
			"Done": {"Type": "Succeed"}
		}
	}`)
	if err != nil {
		panic(err)
	}
	for _, p := range validate.Document(doc) {
		fmt.Println(p)
	}
	// Output:
	// /States/Check/Default: Default "Retry" does not name a state; it must match the name of a state in the same States object exactly (case-sensitive)
	// /States/Wait: state "Wait" is not reachable from StartAt "Check"; remove it or add a Next, Default or Catch that leads to it
}
