package choice_test

import (
	"fmt"

	"github.com/aslworker/aslworker/asl/choice"
	"github.com/aslworker/aslworker/asl/value"
)

func Example() {
	doc, _ := value.ParseString(`{
		"And": [
			{"Variable": "$.value", "NumericGreaterThanEquals": 20},
			{"Variable": "$.value", "NumericLessThan": 30}
		],
		"Next": "ValueInTwenties"
	}`)
	rule, problems := choice.Compile(doc.(*value.Object), "/States/Check/Choices/0", true)
	if problems != nil {
		fmt.Println(problems)
		return
	}
	for _, in := range []string{`{"value": 22}`, `{"value": 30.0}`, `{"other": 1}`} {
		input, _ := value.ParseString(in)
		ok, err := rule.Eval(input, value.NewObject(0))
		fmt.Println(in, ok, err)
	}
	fmt.Println("next:", rule.Next())
	// Output:
	// {"value": 22} true <nil>
	// {"value": 30.0} false <nil>
	// {"other": 1} false States.Runtime: Invalid path '$.value': The choice state's condition path references an invalid value.
	// next: ValueInTwenties
}

func ExampleCompile_problems() {
	doc, _ := value.ParseString(`{"Variable": "$.when", "TimestampEquals": "2016-12-05 21:29:29", "Next": "Later"}`)
	_, problems := choice.Compile(doc.(*value.Object), "/States/Check/Choices/1", true)
	for _, p := range problems {
		fmt.Println(p)
	}
	// Output:
	// /States/Check/Choices/1/TimestampEquals: "TimestampEquals" needs an RFC 3339 timestamp such as "2016-08-18T17:33:00Z" (uppercase T, seconds, and Z or an offset like +02:00), got "2016-12-05 21:29:29"
}
