package intrinsic_test

import (
	"fmt"

	"github.com/aslworker/aslworker/asl/intrinsic"
	"github.com/aslworker/aslworker/asl/value"
)

func Example() {
	call, err := intrinsic.Parse("States.Format('Hello {}, you have {} items: {}', $.name, States.ArrayLength($.items), $.items)")
	if err != nil {
		panic(err)
	}
	input, _ := value.ParseString(`{"name": "Ada", "items": ["pen", {"kind": "book"}]}`)
	// This call draws no UUID or random number, so it needs no Env.
	out, err := call.Eval(input, nil, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(out)
	// Output: Hello Ada, you have 2 items: [pen, {kind=book}]
}

func ExampleParse_error() {
	_, err := intrinsic.Parse("States.MathAdd($.a, 'one')")
	fmt.Println(err)
	// Output: States.MathAdd: argument 2 must be a number, not the string 'one' (at offset 20)
}
