// Command aslload is the load harness: it measures the end-to-end latency
// and throughput of a sequence of Task states run by the ASL interpreter,
// against a hand-written Temporal workflow calling the same activity the
// same number of times, on the same server in the same run.
//
// Without --address it starts the embedded dev server (SQLite file in a
// temporary directory, no UI), the same server `aslworker dev` runs.
//
//	go run ./cmd/aslload -executions 200 -concurrency 20 -tasks 10
//
// With -soak it runs one long execution instead and reports its wall time,
// runs, events per run and the worker's peak memory (see soak.go):
//
//	go run ./cmd/aslload -soak transitions -transitions 1000000
//	go run ./cmd/aslload -soak tasks -tasks 10000
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/worker"
	"github.com/aslworker/aslworker/worker/devserver"
	"github.com/aslworker/aslworker/workflows"
)

const (
	queue        = "aslload"
	stepResource = "go:step"
	handWritten  = "HandWrittenSequence"
)

// step is the activity both workflows call: it counts.
func step(ctx context.Context, in json.RawMessage) (map[string]int, error) {
	var v struct{ N int }
	if err := json.Unmarshal(in, &v); err != nil {
		return nil, err
	}
	return map[string]int{"N": v.N + 1}, nil
}

// sequence is the hand-written counterpart of the ASL definition: the same
// activity, tasks times in a row, one attempt each.
func sequence(ctx workflow.Context, tasks int, in json.RawMessage) (json.RawMessage, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute, RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1},
	})
	cur := in
	for i := 0; i < tasks; i++ {
		var out json.RawMessage
		if err := workflow.ExecuteActivity(ctx, "asl:"+stepResource, cur).Get(ctx, &out); err != nil {
			return nil, err
		}
		cur = out
	}
	return cur, nil
}

// definition is tasks Task states in a row.
func definition(tasks int) string {
	var b strings.Builder
	b.WriteString(`{"StartAt":"T0","States":{`)
	for i := 0; i < tasks; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"T%d":{"Type":"Task","Resource":%q,`, i, stepResource)
		if i == tasks-1 {
			b.WriteString(`"End":true}`)
		} else {
			fmt.Fprintf(&b, `"Next":"T%d"}`, i+1)
		}
	}
	b.WriteString(`}}`)
	return b.String()
}

type config struct {
	address     string
	namespace   string
	executions  int
	concurrency int
	sequential  int
	tasks       int
	soak        soakConfig
}

func main() {
	var cfg config
	flag.StringVar(&cfg.address, "address", "", "Temporal frontend host:port; empty starts the embedded dev server")
	flag.StringVar(&cfg.namespace, "namespace", "default", "namespace")
	flag.IntVar(&cfg.executions, "executions", 200, "executions per workflow kind in the throughput phase")
	flag.IntVar(&cfg.concurrency, "concurrency", 20, "executions in flight at once in the throughput phase")
	flag.IntVar(&cfg.sequential, "sequential", 20, "executions run one at a time in the latency phase")
	flag.IntVar(&cfg.tasks, "tasks", 10, "Task states (activities) per execution; with -soak tasks, the Task-Wait iterations")
	flag.StringVar(&cfg.soak.mode, "soak", "", "run one long execution instead: transitions (a Pass/Choice loop) or tasks (Task, Wait, Choice)")
	flag.IntVar(&cfg.soak.transitions, "transitions", 1_000_000, "with -soak transitions, the state transitions to run")
	flag.DurationVar(&cfg.soak.wait, "wait", 0, "with -soak tasks, how long each Wait lasts: 0 is Seconds 0 (no timer), else a real timer that long")
	flag.BoolVar(&cfg.soak.inProcess, "soak-inprocess", false, "with -soak, run the worker in this process rather than in a child process")
	flag.DurationVar(&cfg.soak.timeout, "soak-timeout", 2*time.Hour, "with -soak, how long the execution may take")
	worker := flag.Bool("soak-worker", false, "internal: be the soak worker process")
	flag.Parse()
	if *worker {
		if err := soakWorkerMain(cfg.address, cfg.namespace); err != nil {
			fmt.Fprintln(os.Stderr, "aslload worker:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(context.Background(), cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "aslload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config, out *os.File) error {
	if cfg.soak.mode == "" && (cfg.tasks < 1 || cfg.executions < 1 || cfg.concurrency < 1) {
		return fmt.Errorf("-tasks, -executions and -concurrency must be at least 1")
	}
	address := cfg.address
	if address == "" {
		dir, err := os.MkdirTemp("", "aslload")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		port, err := devserver.FreePort("")
		if err != nil {
			return err
		}
		srv, err := devserver.Start(ctx, devserver.Options{DBFile: filepath.Join(dir, "load.db"), UIPort: devserver.UIDisabled, Port: port})
		if err != nil {
			return err
		}
		defer srv.Stop()
		address = srv.FrontendAddress()
		fmt.Fprintf(out, "embedded dev server (SQLite file) at %s\n", address)
	}
	if cfg.soak.mode != "" {
		if cfg.soak.timeout <= 0 {
			cfg.soak.timeout = 2 * time.Hour
		}
		return runSoak(ctx, cfg, address, out)
	}
	c, err := client.Dial(client.Options{HostPort: address, Namespace: cfg.namespace, Logger: quietLogger()})
	if err != nil {
		return err
	}
	defer c.Close()

	reg := activities.NewRegistry()
	reg.RegisterFunc(stepResource, step)
	w := worker.New(c, worker.Options{TaskQueue: queue, Activities: reg})
	w.RegisterWorkflowWithOptions(func(ctx workflow.Context, in json.RawMessage) (json.RawMessage, error) {
		return sequence(ctx, cfg.tasks, in)
	}, workflow.RegisterOptions{Name: handWritten})
	if err := w.Start(); err != nil {
		return err
	}
	defer w.Stop()

	def := json.RawMessage(definition(cfg.tasks))
	kinds := []struct {
		name  string
		start func(ctx context.Context, id string) (client.WorkflowRun, error)
	}{
		{"ASL interpreter", func(ctx context.Context, id string) (client.WorkflowRun, error) {
			return c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: queue}, workflows.WorkflowType,
				workflows.Input{Definition: def, Input: json.RawMessage(`{"N":0}`), StateMachineName: "load"})
		}},
		{"hand-written workflow", func(ctx context.Context, id string) (client.WorkflowRun, error) {
			return c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: queue}, handWritten, json.RawMessage(`{"N":0}`))
		}},
	}
	stamp := time.Now().UnixNano()
	fmt.Fprintf(out, "%d Task states per execution; latency over %d sequential executions; throughput over %d executions, %d in flight\n\n",
		cfg.tasks, cfg.sequential, cfg.executions, cfg.concurrency)
	fmt.Fprintf(out, "%-22s %10s %10s %10s %12s %14s\n", "workflow", "p50 ms", "p95 ms", "max ms", "execs/s", "task states/s")
	for k, kind := range kinds {
		// One warm-up execution, then the latency phase.
		if _, err := once(ctx, kind.start, fmt.Sprintf("warm-%d-%d", stamp, k), cfg.tasks); err != nil {
			return fmt.Errorf("%s: %w", kind.name, err)
		}
		var lat []time.Duration
		for i := 0; i < cfg.sequential; i++ {
			d, err := once(ctx, kind.start, fmt.Sprintf("lat-%d-%d-%d", stamp, k, i), cfg.tasks)
			if err != nil {
				return fmt.Errorf("%s: %w", kind.name, err)
			}
			lat = append(lat, d)
		}
		// Throughput phase.
		began := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, cfg.executions)
		sem := make(chan struct{}, cfg.concurrency)
		for i := 0; i < cfg.executions; i++ {
			wg.Add(1)
			sem <- struct{}{}
			go func(i int) {
				defer wg.Done()
				defer func() { <-sem }()
				if _, err := once(ctx, kind.start, fmt.Sprintf("tp-%d-%d-%d", stamp, k, i), cfg.tasks); err != nil {
					errs <- err
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			return fmt.Errorf("%s: %w", kind.name, err)
		}
		secs := time.Since(began).Seconds()
		rate := float64(cfg.executions) / secs
		fmt.Fprintf(out, "%-22s %10.1f %10.1f %10.1f %12.1f %14.1f\n", kind.name,
			ms(percentile(lat, 0.50)), ms(percentile(lat, 0.95)), ms(percentile(lat, 1)), rate, rate*float64(cfg.tasks))
	}
	return nil
}

// once runs one execution to its end and checks its output.
func once(ctx context.Context, start func(context.Context, string) (client.WorkflowRun, error), id string, tasks int) (time.Duration, error) {
	began := time.Now()
	run, err := start(ctx, id)
	if err != nil {
		return 0, err
	}
	var out struct{ N int }
	if err := run.Get(ctx, &out); err != nil {
		return 0, err
	}
	if out.N != tasks {
		return 0, fmt.Errorf("execution %s counted to %d, want %d", id, out.N, tasks)
	}
	return time.Since(began), nil
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(math.Ceil(p*float64(len(s)))) - 1
	if i < 0 {
		i = 0
	}
	return s[i]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// quietLogger keeps the SDK's per-request chatter out of the report.
func quietLogger() log.Logger {
	return log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}
