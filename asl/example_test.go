package asl_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

// A state machine is parsed once and can then run many times; here it runs
// on the in-memory runtime, whose fake clock makes the Wait free.
func Example() {
	m, err := asl.Parse([]byte(`{
	  "StartAt": "Greet",
	  "States": {
	    "Greet": {"Type": "Pass", "Parameters": {"msg.$": "States.Format('Hello, {}!', $.name)"}, "Next": "Pause"},
	    "Pause": {"Type": "Wait", "Seconds": 3600, "End": true}
	  }
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	input, _ := value.ParseString(`{"name": "World"}`)
	rt := memory.New(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	res := m.Execute(context.Background(), rt, asl.Execution{Input: input})
	fmt.Println(res.Status, value.String(res.Output), rt.Now().Format(time.Kitchen))
	// Output: SUCCEEDED {"msg":"Hello, World!"} 1:00AM
}
