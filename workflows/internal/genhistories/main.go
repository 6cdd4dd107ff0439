// Command genhistories records the Temporal histories that the replay test
// of package workflows replays (workflows/testdata/*.json). It runs a few
// representative state machines on a real in-process Temporal server and
// writes the history of each execution, and of each child workflow that ran
// one of its Parallel branches or Map iterations, as JSON (the format of
// `temporal workflow show --output json`). A history does not name its own
// workflow, whose ID the interpreter uses to name child workflows, so
// workflow-ids.tsv lists each file's workflow ID and run ID for the replay.
//
//	go run ./workflows/internal/genhistories [-out workflows/testdata]
//
// Regenerate the files only when a change to the interpreter is meant to
// be incompatible with running executions: the replay test exists to catch
// such changes.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/server/temporaltest"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/workflows"
)

// An execution to record: its file name, definition and input.
type execution struct {
	name, definition, input string
}

// The state machines: a Task retried then caught, a Wait, a Parallel, a
// Map, a Choice loop around a Task, a Fail, and an execution timeout.
// Their Task resources are served by the functions of registry.
var executions = []execution{
	{"task-retry-catch", `{"StartAt":"Charge","States":{
		"Charge":{"Type":"Task","Resource":"go:charge","Parameters":{"amount.$":"$.amount","id.$":"States.UUID()"},"Next":"Paid",
			"Retry":[{"ErrorEquals":["Declined"],"IntervalSeconds":1,"MaxAttempts":3,"BackoffRate":1.5,"JitterStrategy":"FULL"}],
			"Catch":[{"ErrorEquals":["Fraud"],"ResultPath":"$.problem","Next":"Flag"}]},
		"Paid":{"Type":"Succeed"},
		"Flag":{"Type":"Pass","End":true}}}`, `{"amount":5}`},
	{"wait", `{"StartAt":"W","States":{
		"W":{"Type":"Wait","Seconds":1,"Next":"At"},
		"At":{"Type":"Pass","Parameters":{"entered.$":"$$.State.EnteredTime"},"End":true}}}`, `{}`},
	{"parallel", `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"Echo","States":{"Echo":{"Type":"Task","Resource":"go:echo","End":true}}},
		{"StartAt":"Const","States":{"Const":{"Type":"Pass","Result":"b","End":true}}}]}}}`, `{"x":1}`},
	{"map", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
		"ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
		"ItemProcessor":{"StartAt":"Echo","States":{"Echo":{"Type":"Task","Resource":"go:echo","End":true}}},
		"End":true}}}`, `{"items":["a","b","c"]}`},
	{"choice-loop", `{"StartAt":"Step","States":{
		"Step":{"Type":"Task","Resource":"go:increment","Next":"More"},
		"More":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":3,"Next":"Step"}],"Default":"Done"},
		"Done":{"Type":"Succeed"}}}`, `{"n":0}`},
	{"fail", `{"StartAt":"Check","States":{
		"Check":{"Type":"Task","Resource":"go:echo","Next":"Reject"},
		"Reject":{"Type":"Fail","Error":"OrderRejected","Cause":"no stock"}}}`, `{}`},
	{"execution-timeout", `{"TimeoutSeconds":1,"StartAt":"W","States":{
		"W":{"Type":"Wait","Seconds":30,"End":true}}}`, `{}`},
	// Since versionBounded: a Map of 600 items runs in groups of three
	// items per child, whose processor reads $$.Execution.Input (so the
	// children load it by reference), and a Parallel whose children load
	// their branches by reference. Only their first children are kept.
	{"map-grouped", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
		"ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
		"ItemProcessor":{"StartAt":"Odd","States":{
			"Odd":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":2,"Next":"Echo"}],"Default":"Tag"},
			"Echo":{"Type":"Task","Resource":"go:echo","End":true},
			"Tag":{"Type":"Pass","Parameters":{"v.$":"$.v","tag.$":"$$.Execution.Input.tag"},"End":true}}},
		"End":true}}}`, `{"tag":"t","items":` + zeros(600) + `}`},
	{"parallel-bounded", `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"Echo","States":{"Echo":{"Type":"Task","Resource":"go:echo","End":true}}},
		{"StartAt":"Nested","States":{"Nested":{"Type":"Map","ItemsPath":"$.xs","End":true,
			"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}}}}]}}}`, `{"xs":[1,2]}`},
}

// maxSavedChildren is how many child workflows of each workflow are saved:
// enough to replay each kind of child without hundreds of files.
const maxSavedChildren = 3

func zeros(n int) string {
	return "[" + strings.Repeat("0,", n-1) + "0]"
}

// registry serves the Task resources of the executions.
func registry() *activities.Registry {
	reg := activities.NewRegistry()
	var charges atomic.Int32
	reg.RegisterFunc("go:charge", func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		if charges.Add(1) < 3 {
			return nil, temporal.NewApplicationError("card declined", "Declined")
		}
		return nil, temporal.NewApplicationError("card stolen", "Fraud")
	})
	reg.RegisterFunc("go:echo", func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) { return in, nil })
	reg.RegisterFunc("go:increment", func(ctx context.Context, in struct{ N int }) (map[string]int, error) {
		return map[string]int{"n": in.N + 1}, nil
	})
	return reg
}

func main() {
	out := flag.String("out", filepath.Join("workflows", "testdata"), "directory to write the histories to")
	only := flag.String("only", "", "comma-separated executions to record (the others' files and workflow-ids.tsv lines are kept)")
	flag.Parse()
	if err := run(*out, *only); err != nil {
		fmt.Fprintln(os.Stderr, "genhistories:", err)
		os.Exit(1)
	}
}

func run(out, only string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	quiet := sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	srv := temporaltest.NewServer(temporaltest.WithBaseClientOptions(client.Options{Logger: quiet}))
	defer srv.Stop()
	c := srv.GetDefaultClient()
	reg := registry()
	srv.NewWorker(workflows.DefaultTaskQueue, func(w worker.Registry) { workflows.Register(w, reg) })

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var index strings.Builder
	index.WriteString("# file\tworkflow ID\trun ID (written by genhistories)\n")
	wanted := map[string]bool{}
	for _, name := range strings.Split(only, ",") {
		if name != "" {
			wanted[name] = true
		}
	}
	if len(wanted) > 0 {
		// Keep the lines of the executions not recorded this time.
		old, err := os.ReadFile(filepath.Join(out, "workflow-ids.tsv"))
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(old), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			file := strings.SplitN(line, "\t", 2)[0]
			base := strings.SplitN(strings.TrimSuffix(file, ".json"), ".", 2)[0]
			if !wanted[base] {
				index.WriteString(line + "\n")
			}
		}
	}
	for _, ex := range executions {
		if len(wanted) > 0 && !wanted[ex.name] {
			continue
		}
		run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: ex.name, TaskQueue: workflows.DefaultTaskQueue},
			workflows.WorkflowType, workflows.Input{
				Definition: json.RawMessage(ex.definition), Input: json.RawMessage(ex.input),
				Name: ex.name, StateMachineName: "replay",
			})
		if err != nil {
			return fmt.Errorf("%s: %w", ex.name, err)
		}
		var result json.RawMessage
		runErr := run.Get(ctx, &result)
		fmt.Printf("%s: result %s, error %v\n", ex.name, result, runErr)
		if err := save(ctx, c, out, &index, ex.name, run.GetID(), run.GetRunID()); err != nil {
			return fmt.Errorf("%s: %w", ex.name, err)
		}
	}
	return os.WriteFile(filepath.Join(out, "workflow-ids.tsv"), []byte(index.String()), 0o644)
}

// save writes the history of a workflow to out/name.json, and those of the
// child workflows below it to out/name.child<N>.json, numbered depth first,
// and lists each file in index.
func save(ctx context.Context, c client.Client, out string, index *strings.Builder, name, id, runID string) error {
	n := 0
	var walk func(file, id, runID string) error
	walk = func(file, id, runID string) error {
		hist := &historypb.History{}
		var children []*commonpb.WorkflowExecution
		it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			ev, err := it.Next()
			if err != nil {
				return err
			}
			hist.Events = append(hist.Events, ev)
			if a := ev.GetChildWorkflowExecutionStartedEventAttributes(); a != nil {
				children = append(children, a.GetWorkflowExecution())
			}
		}
		data, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(hist)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, file+".json"), append(data, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(index, "%s.json\t%s\t%s\n", file, id, runID)
		if len(children) > maxSavedChildren {
			children = children[:maxSavedChildren]
		}
		for _, we := range children {
			n++
			if err := walk(fmt.Sprintf("%s.child%d", name, n), we.GetWorkflowId(), we.GetRunId()); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(name, id, runID)
}
