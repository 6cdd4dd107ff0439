// Package activities decides what a Task state's Resource runs: a Temporal
// activity, identified by its type name and the task queue it is served on.
//
// Three kinds of Resource are understood:
//
//   - AWS activity ARNs, arn:aws:states:REGION:ACCOUNT:activity:NAME (and
//     arn:aws:states:::activity:NAME), and the short form activity:NAME, run
//     the activity type NAME on the task queue NAME (or the queue set with
//     RouteActivity). Any Temporal worker, in any language, can serve it, the
//     way any program can poll an AWS activity. Like an AWS activity task, it
//     waits for a worker until the state's TimeoutSeconds runs out.
//   - Any Resource registered with RegisterFunc runs that Go function on the
//     interpreter's own task queue.
//   - Anything else fails the state with States.TaskFailed and a cause that
//     says how to register it: never a silent hang.
//
// Routes are read by workflow code, so a worker must keep the same
// registrations while executions that use them are running.
package activities

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"

	"github.com/aslworker/aslworker/asl/failure"
)

// Route is where a Task state's work goes.
type Route struct {
	// ActivityType is the Temporal activity type name.
	ActivityType string
	// TaskQueue is the queue the activity is scheduled on; empty means the
	// interpreter workflow's own task queue.
	TaskQueue string
}

// Registry maps Task Resources to activities. Build it before the worker
// starts; it is read-only afterwards.
type Registry struct {
	funcs  map[string]any    // resource -> Go activity function
	queues map[string]string // AWS activity name -> task queue
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{funcs: map[string]any{}, queues: map[string]string{}}
}

// RegisterFunc makes fn serve Task states whose Resource is resource
// (compared without a trailing .sync or .waitForTaskToken). fn is a Temporal
// activity function taking a context and the task's input, for example
//
//	func(ctx context.Context, in json.RawMessage) (any, error)
//	func(ctx context.Context, in Order) (Receipt, error)
//
// An error it returns fails the state: a *failure.Error keeps its ASL name,
// a temporal.ApplicationError its Type, an error of a named Go type is named
// after that type, and anything else is States.TaskFailed.
func (r *Registry) RegisterFunc(resource string, fn any) {
	if reflect.TypeOf(fn).Kind() != reflect.Func {
		panic(fmt.Sprintf("activities: RegisterFunc(%q): %T is not a function", resource, fn))
	}
	r.funcs[baseResource(resource)] = fn
}

// RouteActivity serves the AWS activity NAME (arn:...:activity:NAME) from
// queue instead of the task queue NAME.
func (r *Registry) RouteActivity(name, queue string) { r.queues[name] = queue }

// Route returns where resource runs, or false if nothing serves it.
func (r *Registry) Route(resource string) (Route, bool) {
	base := baseResource(resource)
	if _, ok := r.funcs[base]; ok {
		return Route{ActivityType: activityType(base)}, true
	}
	if name, ok := activityName(base); ok {
		q := r.queues[name]
		if q == "" {
			q = name
		}
		return Route{ActivityType: name, TaskQueue: q}, true
	}
	return Route{}, false
}

// Unknown is the cause given when no route exists for resource.
func Unknown(resource string) string {
	return fmt.Sprintf("no activity serves the resource %q: register a Go function for it with "+
		"activities.Registry.RegisterFunc, or name an activity as arn:aws:states:::activity:NAME (or activity:NAME) "+
		"and run a Temporal worker for activity type NAME on task queue NAME", resource)
}

// Resources lists the registered resources, sorted.
func (r *Registry) Resources() []string {
	out := make([]string, 0, len(r.funcs))
	for k := range r.funcs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Register registers the Go functions as activities on w.
func (r *Registry) Register(w worker.ActivityRegistry) {
	for _, res := range r.Resources() {
		w.RegisterActivityWithOptions(wrap(r.funcs[res]), activity.RegisterOptions{Name: activityType(res)})
	}
}

// activityType is the activity type name of a registered resource.
func activityType(resource string) string { return "asl:" + resource }

// baseResource drops the integration-pattern suffix of a resource.
func baseResource(resource string) string {
	for _, suffix := range []string{".waitForTaskToken", ".sync:2", ".sync"} {
		if strings.HasSuffix(resource, suffix) {
			return strings.TrimSuffix(resource, suffix)
		}
	}
	return resource
}

// activityName extracts NAME from arn:aws:states:...:activity:NAME or
// activity:NAME.
func activityName(resource string) (string, bool) {
	if name, ok := strings.CutPrefix(resource, "activity:"); ok && name != "" {
		return name, true
	}
	if !strings.HasPrefix(resource, "arn:") {
		return "", false
	}
	parts := strings.SplitN(resource, ":", 7)
	if len(parts) == 7 && parts[2] == "states" && parts[5] == "activity" && parts[6] != "" {
		return parts[6], true
	}
	return "", false
}

// wrap adapts a user function so that the errors it returns carry their
// ASL error names to the workflow.
func wrap(fn any) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		out := v.Call(args)
		last := out[len(out)-1]
		if t.NumOut() > 0 && t.Out(t.NumOut()-1) == errorType && !last.IsNil() {
			out[len(out)-1] = reflect.ValueOf(ToApplicationError(last.Interface().(error))).Convert(errorType)
		}
		return out
	}).Interface()
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// ToApplicationError gives err the ASL error name it stands for as its
// application error type: a *failure.Error's Name, an existing application
// error's Type, or the name of err's Go type when it is a named type of the
// caller's (not a standard library one); otherwise States.TaskFailed.
func ToApplicationError(err error) error {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return temporal.NewApplicationError(fe.Cause, fe.Name)
	}
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return temporal.NewApplicationError(err.Error(), goErrorName(err))
}

// goErrorName names an error after its Go type, as Lambda names a Python
// exception after its class: type CustomError struct{...} gives
// "CustomError". Errors from errors.New and fmt.Errorf have no meaningful
// type name and become States.TaskFailed.
func goErrorName(err error) string {
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.PkgPath() {
	case "", "errors", "fmt", "io", "os", "net", "context", "syscall":
		return failure.TaskFailed
	}
	if t.Name() == "" {
		return failure.TaskFailed
	}
	return t.Name()
}
