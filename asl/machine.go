package asl

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/aslworker/aslworker/asl/choice"
	"github.com/aslworker/aslworker/asl/jsonpath"
	"github.com/aslworker/aslworker/asl/payload"
	"github.com/aslworker/aslworker/asl/timestamp"
	"github.com/aslworker/aslworker/asl/validate"
	"github.com/aslworker/aslworker/asl/value"
)

// DefaultMaxPayloadBytes is AWS's limit on a state's input, output and task
// result: 256 KiB.
const DefaultMaxPayloadBytes = 256 * 1024

// StateMachine is a parsed, validated and compiled state machine: the root
// document, or one of its Parallel branches or Map item processors. It is
// immutable and safe to share between runs.
type StateMachine struct {
	StartAt        string
	Comment        string
	TimeoutSeconds int64
	// Pointer locates this machine in the root document: "" for the root,
	// "/States/P/Branches/0" or "/States/M/ItemProcessor" for nested ones.
	Pointer string

	states []*State          // in document order
	byName map[string]*State // for lookups; never ranged over
	start  *State
	root   *StateMachine
	nested map[string]*StateMachine // root only: every nested machine by Pointer
	cfg    *config
	doc    *value.Object // root only: the definition as parsed
}

type config struct {
	maxPayload int
	// supportChecked means the caller runs validate.Unsupported itself
	// (TestState).
	supportChecked bool
}

// Option configures Parse.
type Option func(*config)

// WithMaxPayloadBytes sets the size limit on state results and outputs
// (States.DataLimitExceeded above it); 0 or less turns the check off.
func WithMaxPayloadBytes(n int) Option { return func(c *config) { c.maxPayload = n } }

// MaxDefinitionBytes is the largest definition Parse accepts: AWS's hard
// quota on the size of a state machine definition, 1 MB (the API's
// definition field takes at most 1,048,576 characters).
const MaxDefinitionBytes = 1 << 20

// testStateChecksSupport tells Parse to leave validate.Unsupported to
// TestState, which checks the request and the tested state first, as AWS
// does, and then refuses the tested state's unsupported features itself
// (see unsupportedInTestState).
var testStateChecksSupport Option = func(c *config) { c.supportChecked = true }

// unsupportedInTestState reports what the machine TestState wraps the
// tested state into uses that the interpreter does not run. TestState
// mocks a Map's result (it runs no Map unmocked) and supplies what its
// ItemReader would read (mapItemReaderData), so the fields that only matter
// when a Map iterates are no obstacle there.
func unsupportedInTestState(wrapper *value.Object) error {
	if errs := validate.Unsupported(wrapper, validate.MapRunFields...); len(errs) > 0 {
		return DefinitionErrors(errs)
	}
	return nil
}

// Parse decodes, validates and compiles a definition. A bad definition gives
// DefinitionErrors listing every problem found, each with a JSON Pointer.
// Definitions larger than MaxDefinitionBytes, nested deeper than
// value.MaxDepth, or using a feature the interpreter does not run yet (see
// validate.Unsupported) are refused.
func Parse(definition []byte, opts ...Option) (*StateMachine, error) {
	if n := len(definition); n > MaxDefinitionBytes {
		return nil, DefinitionErrors{{Pointer: "", Message: fmt.Sprintf(
			"the definition is %d bytes; the limit is %d bytes (1 MB, as in AWS Step Functions): move large constants into the execution input or split the state machine",
			n, MaxDefinitionBytes)}}
	}
	doc, err := value.Parse(definition)
	if err != nil {
		return nil, DefinitionErrors{{Pointer: "", Message: fmt.Sprintf("the definition is not valid JSON: %v", err)}}
	}
	return ParseValue(doc, opts...)
}

// ParseValue is Parse for a definition already decoded with value.Parse.
func ParseValue(doc any, opts ...Option) (*StateMachine, error) {
	cfg := &config{maxPayload: DefaultMaxPayloadBytes}
	for _, o := range opts {
		o(cfg)
	}
	errs := DefinitionErrors(validate.Document(doc))
	if !cfg.supportChecked {
		errs = append(errs, validate.Unsupported(doc)...)
	}
	obj, ok := doc.(*value.Object)
	if !ok {
		if len(errs) == 0 {
			errs = append(errs, DefinitionError{Message: "a state machine definition must be a JSON object"})
		}
		return nil, errs
	}
	if n := pointerBytes(obj, 0, 0); n > maxPointerBytes {
		// Compiling keeps every state's JSON Pointer, so its memory is the
		// sum of their lengths: states times nesting depth, which a 1 MB
		// definition can push to hundreds of megabytes.
		return nil, DefinitionErrors{{Pointer: "", Message: fmt.Sprintf(
			"the definition nests its states too deeply for their number: their JSON Pointers add up to more than %d bytes; "+
				"flatten the nested Parallel and Map states or split the state machine", maxPointerBytes)}}
	}
	c := &compiler{cfg: cfg}
	m := &StateMachine{cfg: cfg, doc: obj, nested: map[string]*StateMachine{}}
	m.root = m
	c.root = m
	c.machine(m, obj, "")
	errs = append(errs, c.errs...)
	if len(errs) > 0 {
		errs.sort()
		return nil, errs.dedupe()
	}
	return m, nil
}

// maxPointerBytes bounds the summed length of the JSON Pointers of a
// definition's states (see pointerBytes). Real definitions stay far below
// it: a thousand states nested ten deep need about half a megabyte.
const maxPointerBytes = 32 << 20

// pointerBytes adds up the lengths of the JSON Pointers of the states of
// machine obj, found at a pointer base bytes long, and of every machine
// nested in them, to sum so far; it stops counting past maxPointerBytes.
func pointerBytes(obj *value.Object, base, sum int) int {
	states, _ := get(obj, "States").(*value.Object)
	for i := 0; i < states.Len() && sum <= maxPointerBytes; i++ {
		name, raw := states.At(i)
		st, ok := raw.(*value.Object)
		if !ok {
			continue
		}
		ptr := base + len("/States/") + len(name)
		sum += ptr
		if branches, ok := get(st, "Branches").([]any); ok {
			for j, b := range branches {
				if bo, ok := b.(*value.Object); ok {
					sum = pointerBytes(bo, ptr+len("/Branches/")+len(strconv.Itoa(j)), sum)
				}
			}
		}
		for _, field := range []string{"ItemProcessor", "Iterator"} {
			if p, ok := get(st, field).(*value.Object); ok {
				sum = pointerBytes(p, ptr+1+len(field), sum)
			}
		}
	}
	return sum
}

// MustParse is Parse for definitions known to be valid, such as constants in
// tests; it panics otherwise.
func MustParse(definition string, opts ...Option) *StateMachine {
	m, err := Parse([]byte(definition), opts...)
	if err != nil {
		panic(err)
	}
	return m
}

// Definition returns the root document as parsed.
func (m *StateMachine) Definition() *value.Object { return m.root.doc }

// Nested returns the Parallel branch or Map item processor at pointer, as
// recorded in Job.Pointer, or nil.
func (m *StateMachine) Nested(pointer string) *StateMachine {
	if pointer == "" {
		return m.root
	}
	return m.root.nested[pointer]
}

// States returns the machine's own states in document order.
func (m *StateMachine) States() []*State { return m.states }

// State returns the state called name, or nil.
func (m *StateMachine) State(name string) *State { return m.byName[name] }

// compiler builds the model from a document. It assumes validate.Document
// has looked at the shape; it still never panics on a bad document, and
// reports what only compiling finds (template and rule problems).
type compiler struct {
	cfg  *config
	root *StateMachine
	errs DefinitionErrors
}

func (c *compiler) problem(ptr, format string, args ...any) {
	c.errs = append(c.errs, DefinitionError{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

func (c *compiler) problems(ps []value.Problem) { c.errs = append(c.errs, ps...) }

func (c *compiler) machine(m *StateMachine, obj *value.Object, ptr string) {
	m.Pointer = ptr
	m.root = c.root
	m.cfg = c.cfg
	m.StartAt = str(obj, "StartAt")
	m.Comment = str(obj, "Comment")
	if n, ok := integer(obj, "TimeoutSeconds"); ok {
		m.TimeoutSeconds = n
	}
	states, _ := get(obj, "States").(*value.Object)
	m.byName = make(map[string]*State, states.Len())
	for i := 0; i < states.Len(); i++ {
		name, raw := states.At(i)
		so, ok := raw.(*value.Object)
		if !ok {
			continue
		}
		st := c.state(name, so, value.Pointer(ptr, "States", name))
		m.states = append(m.states, st)
		m.byName[name] = st
	}
	m.start = m.byName[m.StartAt]
	for _, st := range m.states {
		if st.Next != "" {
			st.next = m.byName[st.Next]
		}
		for _, cat := range st.Catch {
			cat.next = m.byName[cat.Next]
		}
		for _, rule := range st.Choices {
			st.choiceNext = append(st.choiceNext, m.byName[rule.Next()])
		}
		if st.Default != "" {
			st.defaultNext = m.byName[st.Default]
		}
	}
	if ptr != "" {
		c.root.nested[ptr] = m
	}
}

func (c *compiler) state(name string, o *value.Object, ptr string) *State {
	st := &State{Name: name, Pointer: ptr, Type: StateType(str(o, "Type")), Comment: str(o, "Comment")}
	st.Next = str(o, "Next")
	st.End, _ = get(o, "End").(bool)
	st.InputPath = c.optPath(o, "InputPath", ptr, st)
	st.OutputPath = c.optPath(o, "OutputPath", ptr, st)
	st.ResultPath = c.resultPath(o, ptr, st)
	if st.Type != TypeMap {
		st.Parameters = c.template(o, "Parameters", ptr, st)
	}
	st.ResultSelector = c.template(o, "ResultSelector", ptr, st)
	st.Retry = c.retriers(o, ptr)
	st.Catch = c.catchers(o, ptr, st)

	switch st.Type {
	case TypePass:
		st.Result, st.HasResult = o.Get("Result")
		if st.HasResult {
			st.resultSize = value.Size(st.Result, 0)
		}
	case TypeTask:
		st.Resource = str(o, "Resource")
		st.waitForToken = hasSuffix(st.Resource, ".waitForTaskToken")
		st.TimeoutSeconds, _ = integer(o, "TimeoutSeconds")
		st.TimeoutSecondsPath = c.path(o, "TimeoutSecondsPath", ptr, st)
		st.HeartbeatSeconds, _ = integer(o, "HeartbeatSeconds")
		st.HeartbeatSecondsPath = c.path(o, "HeartbeatSecondsPath", ptr, st)
		st.Credentials = c.template(o, "Credentials", ptr, st)
	case TypeChoice:
		st.Default = str(o, "Default")
		choices, _ := get(o, "Choices").([]any)
		for i, raw := range choices {
			ro, ok := raw.(*value.Object)
			if !ok {
				continue
			}
			rule, ps := choice.Compile(ro, value.Pointer(ptr, "Choices", i), true)
			c.problems(ps)
			if rule != nil {
				st.Choices = append(st.Choices, rule)
				st.usesContext = st.usesContext || rule.UsesContext()
			}
		}
	case TypeWait:
		st.Seconds, st.HasSeconds = integer(o, "Seconds")
		st.SecondsPath = c.path(o, "SecondsPath", ptr, st)
		if ts, ok := get(o, "Timestamp").(string); ok {
			if t, ok := parseTimestamp(ts); ok {
				st.Timestamp, st.HasTimestamp = t, true
			} else {
				c.problem(value.Pointer(ptr, "Timestamp"), "%q is not a valid ISO-8601 timestamp such as 2016-03-14T01:59:00Z", ts)
			}
		}
		st.TimestampPath = c.path(o, "TimestampPath", ptr, st)
	case TypeFail:
		if s, ok := get(o, "Error").(string); ok {
			st.Error, st.HasError = s, true
		}
		if s, ok := get(o, "Cause").(string); ok {
			st.Cause, st.HasCause = s, true
		}
		st.ErrorPath = c.expr(o, "ErrorPath", ptr, st)
		st.CausePath = c.expr(o, "CausePath", ptr, st)
	case TypeParallel:
		branches, _ := get(o, "Branches").([]any)
		for i, raw := range branches {
			if bo, ok := raw.(*value.Object); ok {
				b := &StateMachine{}
				c.machine(b, bo, value.Pointer(ptr, "Branches", i))
				st.Branches = append(st.Branches, b)
			}
		}
	case TypeMap:
		c.mapState(st, o, ptr)
	}
	return st
}

func (c *compiler) mapState(st *State, o *value.Object, ptr string) {
	st.ItemsPath = c.path(o, "ItemsPath", ptr, st)
	st.ItemSelector = c.template(o, "ItemSelector", ptr, st)
	if st.ItemSelector == nil {
		st.ItemSelector = c.template(o, "Parameters", ptr, st)
	}
	field := "ItemProcessor"
	proc, ok := get(o, field).(*value.Object)
	if !ok {
		field = "Iterator"
		proc, ok = get(o, field).(*value.Object)
	}
	if ok {
		st.Processor = &StateMachine{}
		c.machine(st.Processor, proc, value.Pointer(ptr, field))
		if cfg, ok := get(proc, "ProcessorConfig").(*value.Object); ok {
			st.Distributed = str(cfg, "Mode") == "DISTRIBUTED"
		}
	}
	if n, ok := integer(o, "MaxConcurrency"); ok {
		st.MaxConcurrency = n
	}
	st.MaxConcurrencyPath = c.path(o, "MaxConcurrencyPath", ptr, st)
	st.ToleratedFailureCount, st.HasToleratedCount = integer(o, "ToleratedFailureCount")
	st.ToleratedFailureCountPath = c.path(o, "ToleratedFailureCountPath", ptr, st)
	if n, ok := get(o, "ToleratedFailurePercentage").(json.Number); ok {
		st.ToleratedFailurePercentage, st.HasToleratedPercentage = value.Float(n), true
	}
	st.ToleratedPercentagePath = c.path(o, "ToleratedFailurePercentagePath", ptr, st)
	if b, ok := get(o, "ItemBatcher").(*value.Object); ok {
		ib := &itemBatcher{}
		ib.MaxItemsPerBatch, _ = integer(b, "MaxItemsPerBatch")
		bptr := value.Pointer(ptr, "ItemBatcher")
		ib.MaxItemsPerBatchPath = c.path(b, "MaxItemsPerBatchPath", bptr, st)
		ib.BatchInput = c.template(b, "BatchInput", bptr, st)
		st.ItemBatcher = ib
	}
}

func (c *compiler) optPath(o *value.Object, field, ptr string, st *State) optPath {
	raw, ok := o.Get(field)
	if !ok {
		return optPath{}
	}
	if raw == nil {
		return optPath{null: true}
	}
	return optPath{path: c.path(o, field, ptr, st)}
}

func (c *compiler) path(o *value.Object, field, ptr string, st *State) *jsonpath.Path {
	s, ok := get(o, field).(string)
	if !ok {
		return nil
	}
	p, err := jsonpath.Compile(s)
	if err != nil {
		c.problem(value.Pointer(ptr, field), "invalid path %q: %v", s, err)
		return nil
	}
	if p.Context() {
		st.usesContext = true
	}
	return p
}

func (c *compiler) resultPath(o *value.Object, ptr string, st *State) resultPath {
	raw, ok := o.Get("ResultPath")
	if !ok {
		return resultPath{}
	}
	if raw == nil {
		return resultPath{null: true}
	}
	return c.reference(raw, value.Pointer(ptr, "ResultPath"))
}

func (c *compiler) reference(raw any, ptr string) resultPath {
	s, ok := raw.(string)
	if !ok {
		return resultPath{}
	}
	r, err := jsonpath.CompileReference(s)
	if err != nil {
		c.problem(ptr, "invalid reference path %q: %v", s, err)
		return resultPath{}
	}
	return resultPath{ref: r}
}

func (c *compiler) template(o *value.Object, field, ptr string, st *State) *payload.Template {
	raw, ok := o.Get(field)
	if !ok {
		return nil
	}
	t, ps := payload.Compile(raw, value.Pointer(ptr, field))
	c.problems(ps)
	if t != nil && t.UsesContext() {
		st.usesContext = true
	}
	return t
}

func (c *compiler) retriers(o *value.Object, ptr string) []*Retrier {
	list, _ := get(o, "Retry").([]any)
	out := make([]*Retrier, 0, len(list))
	for _, raw := range list {
		ro, ok := raw.(*value.Object)
		if !ok {
			continue
		}
		r := &Retrier{ErrorEquals: stringList(ro, "ErrorEquals"), IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2}
		if n, ok := integer(ro, "IntervalSeconds"); ok {
			r.IntervalSeconds = n
		}
		if n, ok := integer(ro, "MaxAttempts"); ok {
			r.MaxAttempts = n
		}
		if n, ok := get(ro, "BackoffRate").(json.Number); ok {
			r.BackoffRate = value.Float(n)
		}
		if n, ok := integer(ro, "MaxDelaySeconds"); ok {
			r.MaxDelaySeconds = n
		}
		r.JitterFull = str(ro, "JitterStrategy") == "FULL"
		out = append(out, r)
	}
	return out
}

func (c *compiler) catchers(o *value.Object, ptr string, st *State) []*Catcher {
	list, _ := get(o, "Catch").([]any)
	out := make([]*Catcher, 0, len(list))
	for i, raw := range list {
		co, ok := raw.(*value.Object)
		if !ok {
			continue
		}
		cat := &Catcher{ErrorEquals: stringList(co, "ErrorEquals"), Next: str(co, "Next")}
		if rp, ok := co.Get("ResultPath"); ok {
			if rp == nil {
				cat.ResultPath = resultPath{null: true}
			} else {
				cat.ResultPath = c.reference(rp, value.Pointer(ptr, "Catch", i, "ResultPath"))
			}
		}
		out = append(out, cat)
	}
	return out
}

func get(o *value.Object, k string) any {
	v, _ := o.Get(k)
	return v
}

func str(o *value.Object, k string) string {
	s, _ := get(o, k).(string)
	return s
}

func integer(o *value.Object, k string) (int64, bool) {
	n, ok := get(o, k).(json.Number)
	if !ok {
		return 0, false
	}
	return value.Int(n)
}

func stringList(o *value.Object, k string) []string {
	list, _ := get(o, k).([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func hasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}

// parseTimestamp parses a timestamp as AWS accepts it in Wait states and
// timestamp comparisons: RFC 3339 with a time zone (Z or an offset).
func parseTimestamp(s string) (time.Time, bool) {
	t, ok := timestamp.Parse(s)
	return t.Time(), ok
}
