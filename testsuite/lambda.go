package testsuite

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/memory"
	"github.com/aslworker/aslworker/asl/value"
)

// The kinds of needs the Lambda doubles satisfy (README §6).
const (
	NeedLambdaDirect   = "lambda_direct"
	NeedLambdaInvoke   = "lambda_invoke_integration"
	NeedLambdaFunction = "lambda_function"
)

// lambdaInvoke is the optimised Lambda integration's resource.
const lambdaInvoke = "arn:aws:states:::lambda:invoke"

// Where the corpus's functions live (README §3).
const (
	defaultRegion  = "us-east-1"
	defaultAccount = "111111111111"
)

// lambdaOutcome is what one invocation of a Python handler did: a payload
// (the JSON value of the response body) or an unhandled exception.
type lambdaOutcome struct {
	payload any
	// raw marks a payload that is a body which is not JSON text, kept as a
	// string.
	raw  bool
	took time.Duration
	err  *pyException
}

// pyException is an exception the Python runtime reports as the function
// error document {errorMessage, errorType, requestId, stackTrace}.
type pyException struct {
	Type, Message string
	Stack         []string
}

// handler is the behaviour of one of LocalStack's Lambda functions, keyed by
// the handler file's stem.
type handler func(event any) lambdaOutcome

var handlers = map[string]handler{
	// return event
	"id_function": func(event any) lambdaOutcome { return lambdaOutcome{payload: event} },
	// return {"Return": "HelloWorld"}
	"echo_function": func(any) lambdaOutcome {
		o := value.NewObject(1)
		o.Set("Return", "HelloWorld")
		return lambdaOutcome{payload: o}
	},
	// return b'"HelloWorld!"': the raw body is JSON text of a string.
	"return_bytes_str": func(any) lambdaOutcome { return lambdaOutcome{payload: "HelloWorld!"} },
	// return f"input-event-{event}"
	"return_decorated_input": func(event any) lambdaOutcome {
		return lambdaOutcome{payload: "input-event-" + pyStr(event)}
	},
	// raise Exception("Some exception was raised.")
	"raise_exception": func(any) lambdaOutcome {
		return lambdaOutcome{err: &pyException{
			Type:    "Exception",
			Message: "Some exception was raised.",
			Stack:   []string{"  File \"/var/task/handler.py\", line 2, in handler\n    raise Exception(\"Some exception was raised.\")\n"},
		}}
	},
	// class CustomException(Exception) whose __init__ skips super(); raise CustomException()
	"raise_custom_exception": func(any) lambdaOutcome {
		return lambdaOutcome{err: &pyException{
			Type:    "CustomException",
			Message: "",
			Stack:   []string{"  File \"/var/task/handler.py\", line 9, in handler\n    raise CustomException()\n"},
		}}
	},
	// time.sleep(60); return event
	"wait_60_seconds": func(event any) lambdaOutcome { return lambdaOutcome{payload: event, took: 60 * time.Second} },
	// return b"a" * (257 * 1024): not JSON, and over the 256 KiB limit; the
	// engine's payload limit must reject it.
	"large_output_string": func(any) lambdaOutcome {
		return lambdaOutcome{payload: strings.Repeat("a", 257*1024), raw: true}
	},
}

// handlerName turns "id_function.py" into "id_function".
func handlerName(file string) string { return strings.TrimSuffix(file, ".py") }

// Lambdas is the set of Lambda test doubles one case provides: its functions
// by name, each running the handler its needs name. It serves direct
// function ARNs and arn:aws:states:::lambda:invoke. Request ids come from a
// seeded generator, so a run is repeatable.
type Lambdas struct {
	functions map[string]string // function name -> handler stem
	now       func() time.Time
	rng       *rand.Rand
}

// NewLambdas builds the doubles from a case's needs. now, if not nil, is the
// clock for the HTTP Date header of lambda:invoke results.
func NewLambdas(needs []Need, now func() time.Time) (*Lambdas, error) {
	l := &Lambdas{functions: map[string]string{}, now: now, rng: rand.New(rand.NewPCG(7, 11))}
	for _, n := range needs {
		var name string
		switch n.Kind {
		case NeedLambdaFunction:
			name = n.FunctionName
			if name == "" {
				name, _, _ = parseFunctionName(n.ARN)
			}
		case NeedLambdaDirect:
			name, _, _ = parseFunctionName(n.Resource)
		default:
			continue
		}
		h := handlerName(n.Handler)
		if _, ok := handlers[h]; !ok {
			return nil, fmt.Errorf("no Lambda double for handler %q (function %q)", n.Handler, name)
		}
		if name != "" {
			l.functions[name] = h
		}
	}
	return l, nil
}

// Func returns the doubles as a memory.TaskFunc.
func (l *Lambdas) Func() memory.TaskFunc { return l.Run }

// Run performs one Task state.
func (l *Lambdas) Run(req *asl.TaskRequest) (any, time.Duration, error) {
	switch {
	case req.Resource == lambdaInvoke:
		return l.invoke(req)
	case isLambdaARN(req.Resource):
		return l.direct(req)
	}
	return nil, 0, failure.New(failure.TaskFailed, "the conformance harness has no test double for resource %s", req.Resource)
}

// direct runs a Task whose Resource is a function ARN: the effective input
// is the event and the function's return value is the result. A function
// error keeps the Python runtime's document, spacing included, as its cause.
func (l *Lambdas) direct(req *asl.TaskRequest) (any, time.Duration, error) {
	name, qualifier, arn := parseFunctionName(req.Resource)
	h, ok := l.functions[name]
	if !ok {
		return nil, 0, l.notFound(arn, qualifier)
	}
	out := handlers[h](req.Input)
	if out.err != nil {
		return nil, out.took, &failure.Error{Name: out.err.Type, Cause: pyDumps(l.errorDocument(out.err)), HasCause: true}
	}
	return out.payload, out.took, nil
}

// invoke runs arn:aws:states:::lambda:invoke: FunctionName picks the
// function, Payload is the event (absent or null sends no body, which the
// Python runtime turns into {}; a string is sent as the body's JSON text),
// and the result is the Invoke response with its SDK metadata. A function
// error's document is re-serialised compactly.
func (l *Lambdas) invoke(req *asl.TaskRequest) (any, time.Duration, error) {
	params, _ := req.Input.(*value.Object)
	fn, _ := get(params, "FunctionName").(string)
	if fn == "" {
		return nil, 0, failure.New("Lambda.InvalidParameterValueException",
			"1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null (Service: AWSLambda; Status Code: 400; Error Code: ValidationException; Request ID: %s; Proxy: null)", l.requestID())
	}
	name, qualifier, arn := parseFunctionName(fn)
	h, ok := l.functions[name]
	if !ok {
		return nil, 0, l.notFound(arn, qualifier)
	}
	var event any = value.NewObject(0)
	switch p := get(params, "Payload").(type) {
	case nil:
	case string:
		ev, err := value.ParseString(p)
		if err != nil {
			return nil, 0, failure.New("Lambda.InvalidRequestContentException",
				"Could not parse request body into json: Could not parse payload into json: %v (Service: AWSLambda; Status Code: 400; Error Code: InvalidRequestContentException; Request ID: %s; Proxy: null)", err, l.requestID())
		}
		event = ev
	default:
		event = p
	}
	out := handlers[h](event)
	id := l.requestID()
	if out.err != nil {
		return nil, out.took, &failure.Error{Name: out.err.Type, Cause: value.String(l.errorDocumentWithID(out.err, id)), HasCause: true}
	}
	length := len(pyDumps(out.payload))
	if s, ok := out.payload.(string); ok && out.raw {
		length = len(s)
	}
	res := value.NewObject(6)
	res.Set("ExecutedVersion", "$LATEST")
	tail := str(params, "LogType") == "Tail"
	var logResult string
	if tail {
		logResult = base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf(
			"START RequestId: %s Version: $LATEST\nEND RequestId: %s\nREPORT RequestId: %s\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n", id, id, id)))
		res.Set("LogResult", logResult)
	}
	res.Set("Payload", out.payload)
	res.Set("SdkHttpMetadata", l.httpMetadata(id, length, logResult, out.took))
	meta := value.NewObject(1)
	meta.Set("RequestId", id)
	res.Set("SdkResponseMetadata", meta)
	res.Set("StatusCode", value.IntNumber(200))
	return res, out.took, nil
}

// httpMetadata builds the SdkHttpMetadata member of an Invoke response as
// AWS shows it; the comparison treats it as a wildcard, but a definition
// may still select from it.
func (l *Lambdas) httpMetadata(id string, length int, logResult string, took time.Duration) *value.Object {
	date := "Mon, 01 Jan 2024 00:00:00 GMT"
	if l.now != nil {
		date = l.now().Add(took).UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")
	}
	trace := fmt.Sprintf("Root=1-%08x-%024x;Sampled=0", l.rng.Uint32(), l.rng.Uint64())
	type header struct{ k, v string }
	hs := []header{{"X-Amz-Executed-Version", "$LATEST"}}
	if logResult != "" {
		hs = append(hs, header{"X-Amz-Log-Result", logResult})
	}
	hs = append(hs,
		header{"x-amzn-Remapped-Content-Length", "0"},
		header{"Connection", "keep-alive"},
		header{"x-amzn-RequestId", id},
		header{"Content-Length", strconv.Itoa(length)},
		header{"Date", date},
		header{"X-Amzn-Trace-Id", trace},
		header{"Content-Type", "application/json"},
	)
	all := value.NewObject(len(hs))
	for _, h := range hs {
		all.Set(h.k, []any{h.v})
	}
	// HttpHeaders lists the same headers, single-valued, sorted case-insensitively.
	sorted := append([]header(nil), hs...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && strings.ToLower(sorted[j].k) < strings.ToLower(sorted[j-1].k); j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	single := value.NewObject(len(sorted))
	for _, h := range sorted {
		single.Set(h.k, h.v)
	}
	md := value.NewObject(3)
	md.Set("AllHttpHeaders", all)
	md.Set("HttpHeaders", single)
	md.Set("HttpStatusCode", value.IntNumber(200))
	return md
}

func (l *Lambdas) errorDocument(e *pyException) *value.Object {
	return l.errorDocumentWithID(e, l.requestID())
}

func (l *Lambdas) errorDocumentWithID(e *pyException, id string) *value.Object {
	doc := value.NewObject(4)
	doc.Set("errorMessage", e.Message)
	doc.Set("errorType", e.Type)
	doc.Set("requestId", id)
	stack := make([]any, len(e.Stack))
	for i, s := range e.Stack {
		stack[i] = s
	}
	doc.Set("stackTrace", stack)
	return doc
}

// notFound is Lambda's answer for a function that does not exist.
func (l *Lambdas) notFound(arn, qualifier string) error {
	if qualifier == "" {
		qualifier = "$LATEST"
	}
	return failure.New("Lambda.ResourceNotFoundException",
		"Function not found: %s:%s (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: %s; Proxy: null)",
		arn, qualifier, l.requestID())
}

// requestID returns a version 4 UUID from the doubles' seeded generator.
func (l *Lambdas) requestID() string {
	a, b := l.rng.Uint64(), l.rng.Uint64()
	a = a&^(0xf<<12) | 0x4<<12
	b = b&^(0x3<<62) | 0x2<<62
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// isLambdaARN reports whether r is a Lambda function ARN
// (arn:<partition>:lambda:<region>:<account>:function:<name>[:qualifier]).
func isLambdaARN(r string) bool {
	parts := strings.Split(r, ":")
	return len(parts) >= 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function" && parts[6] != ""
}

// parseFunctionName reads a FunctionName as Lambda accepts it: a name, a
// name with a qualifier, a partial ARN (<account>:function:<name>) or a full
// ARN. It returns the name, the qualifier (or "") and the unqualified ARN.
func parseFunctionName(s string) (name, qualifier, arn string) {
	partition, region, account := "aws", defaultRegion, defaultAccount
	parts := strings.Split(s, ":")
	switch {
	case len(parts) >= 7 && parts[0] == "arn":
		partition, region, account = parts[1], parts[3], parts[4]
		name = parts[6]
		if len(parts) > 7 {
			qualifier = parts[7]
		}
	case len(parts) >= 3 && parts[1] == "function":
		account, name = parts[0], parts[2]
		if len(parts) > 3 {
			qualifier = parts[3]
		}
	default:
		name = parts[0]
		if len(parts) > 1 {
			qualifier = parts[1]
		}
	}
	arn = fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s", partition, region, account, name)
	return name, qualifier, arn
}
