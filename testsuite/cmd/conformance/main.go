// Command conformance runs the ASL conformance corpus on an engine and
// reports how the engine's results compare with AWS's.
//
//	go run ./testsuite/cmd/conformance -cases DIR [-engine memory|temporal|server [-slow]] [-json FILE] [-run REGEXP] [-v]
//	go run ./testsuite/cmd/conformance -validation DIR [-v]
//
// The engines: memory (asl's in-memory executor), temporal (the
// StateMachine workflow in Temporal's test environment, time skipping) and
// server (the workflow on an in-process Temporal server with a real worker,
// in real time: every execution is started at once, then collected; cases
// that would last more than 10 s are skipped unless -slow is given).
// TestState cases run on the memory engine only.
//
// It prints each failing case with a short diff (want is AWS's value, got the
// engine's), a pass-rate table by folder, and as its last line
// "N passed, M failed, K skipped". With -validation it also scores asl.Parse
// against AWS's verdicts and, separately, against each tool's; given alone,
// its last line counts agreement with AWS in the same format. The exit
// status is 0 whatever the pass rate, and non-zero only if the run could not
// happen (bad flags, unreadable corpus).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/validate"
	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/testsuite"
	"github.com/aslworker/aslworker/testsuite/serverengine"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		os.Exit(2)
	}
}

type options struct {
	cases      string
	validation string
	engine     string
	jsonFile   string
	runPattern string
	verbose    bool
	timeout    time.Duration
	slow       bool
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	var o options
	fs.StringVar(&o.cases, "cases", "", "directory of case files, searched recursively (e.g. ../shared/conformance)")
	fs.StringVar(&o.validation, "validation", "", "directory of validation cases (e.g. ../shared/conformance/validation)")
	fs.StringVar(&o.engine, "engine", "memory", "engine to run the cases on: memory, temporal (Temporal's test environment), server (an in-process Temporal server, real time)")
	fs.StringVar(&o.jsonFile, "json", "", "write per-case results to this file as JSON")
	fs.StringVar(&o.runPattern, "run", "", "run only cases whose name matches this regular expression")
	fs.BoolVar(&o.verbose, "v", false, "list every case, not only failures")
	fs.BoolVar(&o.slow, "slow", false, "-engine server: also run cases that need more than 10 s of real time")
	fs.DurationVar(&o.timeout, "timeout", testsuite.DefaultCaseTimeout, "real time one case may take before it fails")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.cases == "" && o.validation == "" {
		return fmt.Errorf("give -cases DIR and/or -validation DIR")
	}
	var filter *regexp.Regexp
	if o.runPattern != "" {
		re, err := regexp.Compile(o.runPattern)
		if err != nil {
			return fmt.Errorf("-run: %w", err)
		}
		filter = re
	}
	var engine testsuite.Engine
	switch o.engine {
	case "memory":
		engine = &testsuite.MemoryEngine{}
	case "temporal":
		engine = &testsuite.TemporalEngine{}
	case "server":
		engine = &serverengine.Engine{Slow: o.slow}
	default:
		return fmt.Errorf("unknown engine %q (known: memory, temporal, server)", o.engine)
	}

	var validationSummary string
	if o.validation != "" {
		s, err := runValidation(w, o, filter)
		if err != nil {
			return err
		}
		validationSummary = s
	}
	if o.cases == "" {
		fmt.Fprintln(w, validationSummary)
		return nil
	}

	cases, err := testsuite.Load(o.cases)
	if err != nil {
		return err
	}
	if len(cases) == 0 {
		return fmt.Errorf("no case files under %s", o.cases)
	}
	var selected []*testsuite.Case
	for _, c := range cases {
		if filter == nil || filter.MatchString(c.Name) {
			selected = append(selected, c)
		}
	}
	if b, ok := engine.(testsuite.BatchEngine); ok {
		if err := b.Begin(selected); err != nil {
			return err
		}
		defer b.Close()
	}
	report := &testsuite.Report{Engine: engine.Name()}
	for _, c := range selected {
		r := testsuite.RunCase(engine, c, o.timeout)
		report.Results = append(report.Results, r)
		printCase(w, r, o.verbose)
	}
	if o.jsonFile != "" {
		data, err := json.MarshalIndent(report, "", " ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonFile, append(data, '\n'), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, report.FolderTable())
	if reasons := report.SkipReasons(); reasons != "" {
		fmt.Fprintln(w, "\nskipped, by reason:")
		fmt.Fprint(w, reasons)
	}
	compared, matched, strict := report.EventScore()
	fmt.Fprintf(w, "\nhistory events (informational): %d of %d cases with a recorded history produced the same event types; %d of them also passed\n",
		matched, compared, strict)
	fmt.Fprintf(w, "engine: %s\n", engine.Name())
	fmt.Fprintln(w, report.Summary())
	return nil
}

func printCase(w io.Writer, r *testsuite.CaseResult, verbose bool) {
	switch r.Verdict {
	case testsuite.Fail:
		fmt.Fprintf(w, "FAIL %s/%s\n", r.Folder, r.Name)
		if r.Reason != "" {
			fmt.Fprintf(w, "    %s\n", indent(r.Reason))
		}
		fmt.Fprint(w, testsuite.FormatDiffs(r.Diffs, "    "))
		if r.Got != "" && len(r.Diffs) > 0 {
			fmt.Fprintf(w, "    (engine: %s)\n", r.Got)
		}
	case testsuite.Pass:
		if verbose {
			fmt.Fprintf(w, "PASS %s/%s\n", r.Folder, r.Name)
		}
	default:
		if verbose {
			fmt.Fprintf(w, "SKIP %s/%s: %s\n", r.Folder, r.Name, r.Reason)
		}
	}
	if verbose && r.EventsCompared && !r.EventsMatch {
		fmt.Fprintf(w, "    events differ: %s\n", r.EventsDiff)
	}
}

// validityOnly drops from Parse's error the problems that only say a
// feature is not supported yet: the verdicts judge whether a definition is
// valid, not whether this engine runs it.
func validityOnly(doc []byte, err error) error {
	var errs asl.DefinitionErrors
	if !errors.As(err, &errs) {
		return err
	}
	parsed, perr := value.Parse(doc)
	if perr != nil {
		return err
	}
	unsupported := validate.Unsupported(parsed)
	var kept asl.DefinitionErrors
	for _, e := range errs {
		if !slices.Contains(unsupported, e) {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

// runValidation scores asl.Parse on the validation cases and returns the
// line that ends the output when no execution cases are run.
func runValidation(w io.Writer, o options, filter *regexp.Regexp) (string, error) {
	all, err := testsuite.LoadValidation(o.validation)
	if err != nil {
		return "", err
	}
	var cases []*testsuite.ValidationCase
	for _, c := range all {
		if filter == nil || filter.MatchString(c.Name) {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		return "", fmt.Errorf("no validation cases under %s", o.validation)
	}
	results := testsuite.RunValidation(cases, func(doc []byte) error {
		_, err := asl.Parse(doc)
		return validityOnly(doc, err)
	})
	fmt.Fprintln(w, "validation: asl.Parse against recorded verdicts")
	for _, r := range results {
		c := r.Case
		aws := c.Source == testsuite.SourceAWS
		switch {
		case !c.Scored:
			if o.verbose {
				fmt.Fprintf(w, "  not scored %s/%s/%s: %s\n", c.Source, c.Group, c.Name, c.Why)
			}
		case !r.Agrees() && (aws || o.verbose):
			want := "valid"
			if !c.Valid {
				want = "invalid"
			}
			got := "accepted"
			if !r.Accepted {
				got = "rejected: " + indent(r.Problems)
			}
			fmt.Fprintf(w, "  DISAGREE %s/%s/%s: verdict %s (%s); asl.Parse %s\n", c.Source, c.Group, c.Name, want, c.Message, got)
		case o.verbose:
			fmt.Fprintf(w, "  agree %s/%s/%s\n", c.Source, c.Group, c.Name)
		}
	}
	scores := testsuite.ScoreValidation(results)
	fmt.Fprintln(w, "\nagreement with AWS (validation/localstack, definition group):")
	fmt.Fprintf(w, "  %s\n", scores[0])
	fmt.Fprintln(w, "agreement with each tool's own verdicts (not AWS behaviour):")
	for _, s := range scores[1:] {
		fmt.Fprintf(w, "  %s\n", s)
	}
	fmt.Fprintln(w)
	aws := scores[0]
	return fmt.Sprintf("%d passed, %d failed, %d skipped", aws.Agreed, aws.Scored-aws.Agreed, aws.Unscored), nil
}
