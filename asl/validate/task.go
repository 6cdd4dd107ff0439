package validate

import (
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// resource checks a Task's Resource: a URI (in practice an ARN) naming the
// work. The spec requires a URI; AWS further requires ARNs it knows, which
// this package checks only for Lambda function names.
func (w *walker) resource(at *pointer, k string, v any) {
	ptr := join(at, k)
	s, ok := v.(string)
	if !ok {
		w.add(ptr, "Resource must be a string, the ARN or URI of the work to run, not %s", describe(v))
		return
	}
	if !isURI(s) {
		w.add(ptr, "Resource %q is not a URI; use an ARN such as \"arn:aws:states:::lambda:invoke\" or \"arn:aws:lambda:us-east-1:123456789012:function:name\"", s)
		return
	}
	if msg := lambdaFunctionProblem(s); msg != "" {
		w.add(ptr, "%s", msg)
	}
	if !w.opts.express {
		return
	}
	switch {
	case isActivityARN(s):
		w.add(ptr, "an EXPRESS state machine cannot run activities; use a STANDARD state machine or a service integration")
	case strings.HasSuffix(s, ".waitForTaskToken"):
		w.add(ptr, "an EXPRESS state machine does not support the .waitForTaskToken integration pattern; use a STANDARD state machine")
	case strings.HasSuffix(s, ".sync") || strings.Contains(s, ".sync:"):
		w.add(ptr, "an EXPRESS state machine does not support the .sync integration pattern; use a STANDARD state machine")
	}
}

// isURI reports whether s has the shape scheme ":" rest of RFC 3986, with no
// white space.
func isURI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || colon == len(s)-1 {
		return false
	}
	for i := 0; i < colon; i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return false
		}
	}
	return true
}

func isActivityARN(s string) bool {
	parts := strings.SplitN(s, ":", 7)
	return len(parts) == 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity"
}

// lambdaFunctionProblem checks the function name and qualifier of a Lambda
// function ARN ("arn:aws:lambda:region:account:function:name[:qualifier]").
func lambdaFunctionProblem(s string) string {
	parts := strings.Split(s, ":")
	if len(parts) < 7 || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "function" {
		return ""
	}
	if len(parts) > 8 {
		return "Resource " + quote(s) + " is not a Lambda function ARN: expected arn:<partition>:lambda:<region>:<account>:function:<name>[:<version or alias>]"
	}
	if !lambdaName(parts[6]) {
		return "Resource " + quote(s) + " has an invalid Lambda function name; use letters, digits, hyphens and underscores"
	}
	if len(parts) == 8 && parts[7] != "$LATEST" && !lambdaName(parts[7]) {
		return "Resource " + quote(s) + " has an invalid Lambda version or alias; use $LATEST, a version number or an alias of letters, digits, hyphens and underscores"
	}
	return ""
}

func lambdaName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func quote(s string) string { return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\"" }

// credentials checks a Task's Credentials: the role to assume, as RoleArn
// (a string, or a JSONata expression) or, in JSONPath states, RoleArn.$ (a
// path).
func (w *walker) credentials(at *pointer, v any, jsonata bool) {
	obj, ok := v.(*value.Object)
	if !ok {
		w.add(at, "Credentials must be an object with RoleArn, not %s", describe(v))
		return
	}
	roles := 0
	for i := 0; i < obj.Len(); i++ {
		k, fv := obj.At(i)
		switch {
		case k == "RoleArn":
			roles++
			w.str(at, k, fv)
		case k == "RoleArn.$" && !jsonata:
			roles++
			w.pathOrIntrinsic(at, k, fv)
		case k == "RoleArn.$":
			w.add(join(at, k), "RoleArn.$ is a JSONPath field and cannot be used in a state whose QueryLanguage is JSONata; use RoleArn with a JSONata expression")
		default:
			w.add(join(at, k), "unknown field %q in Credentials; the only field is RoleArn", k)
		}
	}
	switch {
	case roles == 0:
		w.add(at, "Credentials needs RoleArn, the ARN of the IAM role to assume")
	case roles > 1:
		w.add(join(at, "RoleArn.$"), "RoleArn and RoleArn.$ cannot both be set; keep one of them")
	}
}

// pathOrIntrinsic checks a "<field>.$" value: a path, or an intrinsic
// function call whose syntax asl/intrinsic checks.
func (w *walker) pathOrIntrinsic(at *pointer, k string, v any) {
	s, ok := v.(string)
	if !ok {
		w.add(join(at, k), "%s must be a path or an intrinsic function call, not %s", k, describe(v))
		return
	}
	if strings.HasPrefix(s, "States.") {
		return
	}
	if err := compilePath(s); err != nil {
		w.add(join(at, k), "%s %q is not a valid path: %v", k, s, err)
	}
}
