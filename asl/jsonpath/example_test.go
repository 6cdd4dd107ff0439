package jsonpath_test

import (
	"errors"
	"fmt"

	"github.com/aslworker/aslworker/asl/jsonpath"
	"github.com/aslworker/aslworker/asl/value"
)

func Example() {
	input, _ := value.ParseString(`{"order": {"id": "o-1", "lines": [
		{"sku": "a", "qty": 2, "price": 9.5},
		{"sku": "b", "qty": 1, "price": 25}
	]}}`)

	// Compile once, evaluate many times.
	id := jsonpath.MustCompile("$.order.id")
	cheap := jsonpath.MustCompile("$.order.lines[?(@.price < 10)].sku")
	missing := jsonpath.MustCompile("$.order.customer.name")

	v, _ := id.Get(input, nil)
	fmt.Println(value.String(v))

	v, _ = cheap.Get(input, nil) // indefinite: always an array
	fmt.Println(value.String(v))

	_, err := missing.Get(input, nil)
	var pe *jsonpath.Error
	fmt.Println(errors.As(err, &pe), err)

	// ResultPath: store a result in a copy of the input.
	rp, _ := jsonpath.CompileReference("$.order.status")
	out, _ := rp.Set(input, "paid")
	fmt.Println(value.String(out))
	fmt.Println(value.String(input) == value.String(out))

	// Output:
	// "o-1"
	// ["a"]
	// true Invalid path '$.order.customer.name' : Missing property in path $['order']['customer']
	// {"order":{"id":"o-1","lines":[{"sku":"a","qty":2,"price":9.5},{"sku":"b","qty":1,"price":25}],"status":"paid"}}
	// false
}
