package payload_test

import (
	"fmt"

	"github.com/aslworker/aslworker/asl/payload"
	"github.com/aslworker/aslworker/asl/value"
)

func Example() {
	tmpl, _ := value.ParseString(`{
		"greeting.$": "States.Format('Hello {}', $.name)",
		"static": {"kept": true},
		"name.$": "$.name",
		"execution.$": "$$.Execution.Name"
	}`)
	t, problems := payload.Compile(tmpl, "/States/Greet/Parameters")
	if len(problems) > 0 {
		panic(problems)
	}
	input, _ := value.ParseString(`{"name": "Ada"}`)
	ctx, _ := value.ParseString(`{"Execution": {"Name": "run-1"}}`)
	out, err := t.Eval(input, ctx, nil)
	if err != nil {
		panic(err)
	}
	// Literal members first, then the ".$" members in AWS's (HashMap) order.
	fmt.Println(value.String(out))
	// Output: {"static":{"kept":true},"execution":"run-1","greeting":"Hello Ada","name":"Ada"}
}

func ExampleCompile_problems() {
	tmpl, _ := value.ParseString(`{"a.$": 42, "b.$": "States.Nope()"}`)
	_, problems := payload.Compile(tmpl, "/States/S/Parameters")
	for _, p := range problems {
		fmt.Println(p.Pointer)
	}
	// Output:
	// /States/S/Parameters/a.$
	// /States/S/Parameters/b.$
}
