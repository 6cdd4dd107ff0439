package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/aslworker/aslworker/activities"
	"github.com/aslworker/aslworker/worker"
	"github.com/aslworker/aslworker/workflows"
)

// The soak modes run one long execution and report how it held up: the
// wall time, how many runs the execution took (continue-as-new), the
// Temporal events of each run, and the worker's peak memory.
//
//	go run ./cmd/aslload -soak transitions -transitions 1000000
//	go run ./cmd/aslload -soak tasks -tasks 10000
//
// "transitions" is a counter loop of a Pass (States.MathAdd) and a Choice:
// N transitions, no Task and no timer except the interpreter's own yields.
// "tasks" is a loop of a Task (the go:step activity), a Wait and a Choice,
// N times. With -wait 0 (the default) the Wait has Seconds 0, which costs
// no Temporal timer at all (the SDK completes a zero timer at once); with
// -wait D the Task returns a timestamp D ahead and the Wait waits until it
// (TimestampPath), so every iteration also runs a real durable timer of
// about D.
//
// The worker runs in a child process (this binary again, with
// -soak-worker), so its peak RSS is its own: VmHWM from the kernel's
// /proc/PID/status, read before the worker stops, and the peak of the Go
// heap (runtime/metrics /memory/classes/heap/objects:bytes, sampled every
// 50 ms) that the worker reports when it stops. With -soak-inprocess the
// worker runs in this process instead, and VmHWM then covers the embedded
// server too.

const soakQueue = "aslload-soak"

// soakConfig is the soak part of the flags.
type soakConfig struct {
	mode        string        // "transitions" or "tasks"
	transitions int           // for "transitions"
	wait        time.Duration // for "tasks": 0 is Seconds 0
	inProcess   bool
	timeout     time.Duration
}

// transitionsDefinition counts to n with a Pass and a Choice: 2n+1 states
// entered (Inc and Loop n times each, then Done).
const transitionsDefinition = `{"StartAt":"Inc","States":{
 "Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","n.$":"$.n"},"Next":"Loop"},
 "Loop":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThanPath":"$.n","Next":"Inc"}],"Default":"Done"},
 "Done":{"Type":"Succeed"}}}`

// tasksDefinition runs the step Task, a Wait and a Choice n times: 3n+1
// states entered. The Wait is Seconds 0 or, with a delay, until the
// timestamp the Task returned.
func tasksDefinition(delayed bool) string {
	wait := `"Seconds":0`
	if delayed {
		wait = `"TimestampPath":"$.At"`
	}
	return `{"StartAt":"Step","States":{
 "Step":{"Type":"Task","Resource":"` + soakStepResource + `","Next":"Pause"},
 "Pause":{"Type":"Wait",` + wait + `,"Next":"Loop"},
 "Loop":{"Type":"Choice","Choices":[{"Variable":"$.N","NumericLessThanPath":"$.Of","Next":"Step"}],"Default":"Done"},
 "Done":{"Type":"Succeed"}}}`
}

const soakStepResource = "go:soakstep"

// soakStep counts, and with a delay says when the Wait after it ends.
type soakStepIO struct {
	N     int    `json:"N"`
	Of    int    `json:"Of"`
	Delay string `json:"Delay,omitempty"`
	At    string `json:"At,omitempty"`
}

func soakStep(ctx context.Context, in soakStepIO) (soakStepIO, error) {
	in.N++
	if in.Delay != "" {
		d, err := time.ParseDuration(in.Delay)
		if err != nil {
			return in, err
		}
		in.At = time.Now().Add(d).UTC().Format(time.RFC3339Nano)
	}
	return in, nil
}

func soakRegistry() *activities.Registry {
	reg := activities.NewRegistry()
	reg.RegisterFunc(soakStepResource, soakStep)
	return reg
}

// soakWorkerMain is the child process: a worker on soakQueue until SIGTERM
// or SIGINT, then one line with the Go heap peak on stdout.
func soakWorkerMain(address, namespace string) error {
	c, err := client.Dial(client.Options{HostPort: address, Namespace: namespace, Logger: quietLogger(), DataConverter: workflows.DataConverter()})
	if err != nil {
		return err
	}
	defer c.Close()
	peak := sampleHeap()
	w := worker.New(c, worker.Options{TaskQueue: soakQueue, Activities: soakRegistry()})
	if err := w.Start(); err != nil {
		return err
	}
	fmt.Println("ready")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	<-sig
	w.Stop()
	fmt.Printf("heap-peak %d\n", peak.Load())
	return nil
}

// sampleHeap keeps the peak of the Go heap's live and unswept objects,
// sampled every 50 ms for the life of the process.
func sampleHeap() *atomic.Uint64 {
	var peak atomic.Uint64
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	return &peak
}

// vmHWM reads the peak resident set size of a process (pid 0: this one)
// from /proc, in bytes.
func vmHWM(pid int) (uint64, error) {
	path := "/proc/self/status"
	if pid != 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in " + path)
}

// soakWorker is the worker under measurement.
type soakWorker struct {
	stop func() (hwm, heapPeak uint64, err error)
	desc string
}

// startSoakWorker starts the worker, in a child process unless inProcess.
func startSoakWorker(c client.Client, address, namespace string, inProcess bool) (*soakWorker, error) {
	if inProcess {
		peak := sampleHeap()
		w := worker.New(c, worker.Options{TaskQueue: soakQueue, Activities: soakRegistry()})
		if err := w.Start(); err != nil {
			return nil, err
		}
		return &soakWorker{desc: "in-process worker (VmHWM includes the embedded server, if any)", stop: func() (uint64, uint64, error) {
			hwm, err := vmHWM(0)
			w.Stop()
			return hwm, peak.Load(), err
		}}, nil
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-soak-worker", "-address", address, "-namespace", namespace)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "ready" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("the worker process did not start: %q", lines.Text())
	}
	return &soakWorker{desc: fmt.Sprintf("worker process %d", cmd.Process.Pid), stop: func() (uint64, uint64, error) {
		hwm, err := vmHWM(cmd.Process.Pid)
		_ = cmd.Process.Signal(syscall.SIGTERM)
		var heap uint64
		for lines.Scan() {
			if v, ok := strings.CutPrefix(lines.Text(), "heap-peak "); ok {
				heap, _ = strconv.ParseUint(v, 10, 64)
			}
		}
		if werr := cmd.Wait(); werr != nil && err == nil {
			err = werr
		}
		return hwm, heap, err
	}}, nil
}

// runSoak runs one soak execution on address and reports it to out.
func runSoak(ctx context.Context, cfg config, address string, out io.Writer) error {
	s := cfg.soak
	c, err := client.Dial(client.Options{HostPort: address, Namespace: cfg.namespace, Logger: quietLogger(), DataConverter: workflows.DataConverter()})
	if err != nil {
		return err
	}
	defer c.Close()
	w, err := startSoakWorker(c, address, cfg.namespace, s.inProcess)
	if err != nil {
		return err
	}
	stopped := false
	defer func() {
		if !stopped {
			_, _, _ = w.stop()
		}
	}()

	var in workflows.Input
	var want string
	switch s.mode {
	case "transitions":
		if s.transitions < 3 {
			return errors.New("-transitions must be at least 3")
		}
		n := (s.transitions - 1) / 2
		in = workflows.Input{Definition: json.RawMessage(transitionsDefinition), Input: json.RawMessage(fmt.Sprintf(`{"i":0,"n":%d}`, n))}
		want = fmt.Sprintf(`{"i":%d,"n":%d}`, n, n)
		fmt.Fprintf(out, "soak transitions: a Pass/Choice counter loop, %d state transitions\n", 2*n+1)
	case "tasks":
		if cfg.tasks < 1 {
			return errors.New("-tasks must be at least 1")
		}
		first := soakStepIO{Of: cfg.tasks}
		waitDesc := "Wait Seconds 0 (no Temporal timer: the SDK completes a zero timer at once)"
		if s.wait > 0 {
			first.Delay = s.wait.String()
			waitDesc = fmt.Sprintf("Wait TimestampPath %v after the Task (a real durable timer)", s.wait)
		}
		raw, _ := json.Marshal(first)
		in = workflows.Input{Definition: json.RawMessage(tasksDefinition(s.wait > 0)), Input: raw}
		want = fmt.Sprintf(`"N":%d`, cfg.tasks)
		fmt.Fprintf(out, "soak tasks: %d iterations of a Task (go:soakstep activity), a %s and a Choice: %d state transitions\n",
			cfg.tasks, waitDesc, 3*cfg.tasks+1)
	default:
		return fmt.Errorf("-soak %q: want transitions or tasks", s.mode)
	}
	in.StateMachineName = "soak"
	fmt.Fprintf(out, "%s; server %s\n", w.desc, address)

	id := fmt.Sprintf("soak-%s-%d", s.mode, time.Now().UnixNano())
	began := time.Now()
	runCtx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	run, err := c.ExecuteWorkflow(runCtx, client.StartWorkflowOptions{ID: id, TaskQueue: soakQueue}, workflows.WorkflowType, in)
	if err != nil {
		return err
	}
	// Get follows the runs (continue-as-new) and GetRunID then names the
	// last: the first is read now.
	firstRun := run.GetRunID()
	var result json.RawMessage
	getErr := run.Get(runCtx, &result)
	wall := time.Since(began)
	// The status query replays the last run on the worker, so it is asked
	// before the worker stops.
	var st workflows.Status
	if getErr == nil {
		qctx, qcancel := context.WithTimeout(ctx, time.Minute)
		if v, err := c.QueryWorkflow(qctx, id, "", workflows.QueryStatus); err == nil {
			_ = v.Get(&st)
		}
		qcancel()
	}
	hwm, heap, werr := w.stop()
	stopped = true
	if getErr != nil {
		return fmt.Errorf("execution %s: %w", id, getErr)
	}
	if !strings.Contains(string(result), want) {
		return fmt.Errorf("execution %s ended with %s, want %s", id, result, want)
	}
	runs, err := runEvents(ctx, c, id, firstRun)
	if err != nil {
		return err
	}
	total, maxEv := 0, 0
	for _, n := range runs {
		total += n
		maxEv = max(maxEv, n)
	}
	fmt.Fprintf(out, "wall time            %v\n", wall.Round(time.Millisecond))
	if st.Transitions > 0 {
		fmt.Fprintf(out, "transitions          %d (%.0f/s)\n", st.Transitions, float64(st.Transitions)/wall.Seconds())
	}
	fmt.Fprintf(out, "runs                 %d (continue-as-new %d times; asl.status counts %d)\n", len(runs), len(runs)-1, st.Run+1)
	fmt.Fprintf(out, "Temporal events/run  max %d, mean %.0f, total %d\n", maxEv, float64(total)/float64(len(runs)), total)
	fmt.Fprintf(out, "worker peak RSS      %.1f MiB (VmHWM)\n", float64(hwm)/(1<<20))
	fmt.Fprintf(out, "worker Go heap peak  %.1f MiB (runtime/metrics heap objects, 50 ms samples)\n", float64(heap)/(1<<20))
	if !s.inProcess {
		if self, err := vmHWM(0); err == nil {
			fmt.Fprintf(out, "harness peak RSS     %.1f MiB (VmHWM: client and embedded server, if any)\n", float64(self)/(1<<20))
		}
	}
	return werr
}

// runEvents counts the Temporal history events of every run of an
// execution, following the chain of continue-as-new from its first run.
func runEvents(ctx context.Context, c client.Client, id, firstRun string) ([]int, error) {
	var counts []int
	for runID := firstRun; runID != ""; {
		it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		n, next := 0, ""
		for it.HasNext() {
			ev, err := it.Next()
			if err != nil {
				return nil, fmt.Errorf("history of run %s: %w", runID, err)
			}
			n++
			if os.Getenv("ASLLOAD_DEBUG") != "" && !it.HasNext() {
				fmt.Fprintf(os.Stderr, "run %s: %d events, last %v\n", runID, n, ev.GetEventType())
			}
			if a := ev.GetWorkflowExecutionContinuedAsNewEventAttributes(); a != nil {
				next = a.GetNewExecutionRunId()
			}
		}
		counts = append(counts, n)
		runID = next
		if len(counts) > 1_000_000 {
			return nil, errors.New("more than a million runs")
		}
	}
	return counts, nil
}
