package starter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/urfave/cli/v2"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/workflows"
)

func startCommand() *cli.Command {
	return &cli.Command{
		Name:      "start",
		Usage:     "start an execution of a state machine definition",
		ArgsUsage: "DEFINITION_FILE (- for standard input)",
		Description: "The definition is validated first. The execution runs as a workflow of type StateMachine whose\n" +
			"ID is the execution name; aslctl prints the name, the workflow and run IDs and, with --ui-url, the\n" +
			"Web UI link of its history. With --wait it follows the execution to its end and prints the output,\n" +
			"or the error and cause (exit status 1 when it FAILED, TIMED_OUT or was ABORTED).",
		Flags: commonFlags(
			&cli.StringFlag{Name: "input", Aliases: []string{"i"}, Usage: "execution input as `JSON` text (default {})"},
			&cli.StringFlag{Name: "input-file", Usage: "read the execution input from `FILE` (- for standard input)"},
			&cli.StringFlag{Name: "name", Usage: "execution `NAME`, also the workflow ID (default: a new UUID)"},
			&cli.StringFlag{Name: "state-machine", Aliases: []string{"s"},
				Usage: "state machine `NAME` (default: the definition file's base name without extension)"},
			&cli.StringFlag{Name: "role-arn", Usage: "`ARN` reported as $$.Execution.RoleArn"},
			&cli.Int64Flag{Name: "max-transitions", Usage: "stop the execution with States.Runtime before it enters more than `N` states " +
				"(a guard against runaway loops; default: no limit)"},
			&cli.BoolFlag{Name: "wait", Aliases: []string{"w"}, Usage: "wait for the execution to end and print its output or error"},
			&cli.StringFlag{Name: "task-queue", Aliases: []string{"t"}, Value: workflows.DefaultTaskQueue,
				EnvVars: []string{"ASLWORKER_TASK_QUEUE"}, Usage: "task `QUEUE` aslworker polls"},
			uiURLFlag(),
		),
		Action: runStart,
	}
}

func runStart(c *cli.Context) error {
	asJSON, path, def, err := definitionArg(c)
	if err != nil {
		return err
	}
	if problems := definitionProblems(def); len(problems) > 0 {
		if asJSON {
			if err := writeJSON(c.App.Writer, toValidation(problems)); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(c.App.ErrWriter, "aslctl: %s is not a valid state machine:\n", path)
			renderProblems(c.App.ErrWriter, problems)
		}
		return silentExit
	}
	input, err := executionInput(c)
	if err != nil {
		return err
	}
	name := c.String("name")
	if name == "" {
		name = uuid.NewString()
	} else if err := checkName("execution name", name); err != nil {
		return err
	}
	machine := c.String("state-machine")
	if machine == "" {
		machine = defaultMachineName(path)
	}
	if err := checkName("state machine name", machine); err != nil {
		return err
	}

	return withSession(c, func(s *session) error {
		ctx := c.Context
		opts := client.StartWorkflowOptions{
			ID:        name,
			TaskQueue: c.String("task-queue"),
			// Execution names are unique, as in AWS: describe, history and
			// stop find an execution by its name alone.
			WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
			WorkflowExecutionErrorWhenAlreadyStarted: true,
			Memo: map[string]any{
				workflows.MemoStateMachine:  machine,
				workflows.MemoExecutionName: name,
			},
			StaticSummary: fmt.Sprintf("%s: execution %s", machine, name),
		}
		if s.hasStateMachineAttribute(ctx) {
			opts.TypedSearchAttributes = temporal.NewSearchAttributes(
				temporal.NewSearchAttributeKeyKeyword(workflows.SearchAttributeStateMachine).ValueSet(machine))
		}
		in := workflows.Input{
			Definition:       json.RawMessage(def),
			Input:            input,
			Name:             name,
			StateMachineName: machine,
			RoleArn:          c.String("role-arn"),
			MaxTransitions:   c.Int64("max-transitions"),
		}
		run, err := s.cl.ExecuteWorkflow(ctx, opts, workflows.WorkflowType, in)
		if err != nil {
			var exists *serviceerror.WorkflowExecutionAlreadyStarted
			if errors.As(err, &exists) {
				return fmt.Errorf("an execution named %q already exists in namespace %q; execution names are unique, choose another --name", name, s.namespace)
			}
			return fmt.Errorf("starting the execution: %w", err)
		}
		started := &execution{
			Name:         name,
			StateMachine: machine,
			Status:       StatusRunning,
			WorkflowID:   run.GetID(),
			RunID:        run.GetRunID(),
			WebUI:        webUILink(c.String(flagUIURL), s.namespace, run.GetID(), run.GetRunID()),
		}
		if !c.Bool("wait") {
			if s.json {
				return writeJSON(s.out, started)
			}
			return renderExecution(s.out, started)
		}
		if !s.json {
			if err := renderExecution(s.out, started); err != nil {
				return err
			}
			fmt.Fprintln(s.out, "Waiting for the execution to end...")
		}
		ex, err := s.wait(ctx, run.GetID(), run.GetRunID())
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("stopped waiting; execution %s goes on (aslctl describe %s)", name, name)
			}
			return err
		}
		ex.WebUI = webUILink(c.String(flagUIURL), s.namespace, ex.WorkflowID, ex.RunID)
		if s.json {
			err = writeJSON(s.out, ex)
		} else {
			err = renderOutcome(s, ex)
		}
		if err != nil {
			return err
		}
		if ex.Status != StatusSucceeded {
			return silentExit
		}
		return nil
	})
}

// renderOutcome prints how a waited-for execution ended.
func renderOutcome(s *session, ex *execution) error {
	fmt.Fprintf(s.out, "Status: %s\n", ex.Status)
	if ex.Status == StatusSucceeded {
		fmt.Fprintf(s.out, "Output:\n%s\n", prettyJSON(ex.Output))
		return nil
	}
	if ex.Error != "" {
		fmt.Fprintf(s.out, "Error: %s\n", ex.Error)
	}
	if ex.Cause != nil {
		fmt.Fprintf(s.out, "Cause: %s\n", *ex.Cause)
	}
	return nil
}

// maxInputBytes is the largest execution input AWS Step Functions accepts:
// StartExecution's input is at most 262,144 characters (256 KiB), the same
// as the payload limit on every state.
const maxInputBytes = asl.DefaultMaxPayloadBytes

// executionInput reads --input or --input-file and checks that the
// execution could run with it: valid JSON, nested at most value.MaxDepth
// deep, at most 256 KiB. nil means none was given (the workflow then uses
// {}).
func executionInput(c *cli.Context) (json.RawMessage, error) {
	text, file := c.String("input"), c.String("input-file")
	var raw []byte
	switch {
	case c.IsSet("input") && file != "":
		return nil, errors.New("give the input with --input or --input-file, not both")
	case c.IsSet("input"):
		raw = []byte(text)
	case file != "":
		b, err := readFileArg(c, file, "an execution input (256 KiB, as in AWS Step Functions)", maxInputBytes)
		if err != nil {
			return nil, fmt.Errorf("--input-file: %w", err)
		}
		raw = b
	default:
		return nil, nil
	}
	if len(raw) > maxInputBytes {
		return nil, fmt.Errorf("InvalidExecutionInput: the execution input is %d bytes; the limit is %d bytes (256 KiB, as in AWS Step Functions): pass large data by reference, for example an object key", len(raw), maxInputBytes)
	}
	v, err := value.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("InvalidExecutionInput: the execution input is not usable: %w", err)
	}
	return json.RawMessage(value.Marshal(v)), nil
}

// defaultMachineName is the state machine name taken from a definition file
// name: its base name without extension.
func defaultMachineName(path string) string {
	if path == "-" {
		return "StateMachine"
	}
	base := filepath.Base(path)
	if name := strings.TrimSuffix(base, filepath.Ext(base)); name != "" {
		return name
	}
	return "StateMachine"
}

// maxNameLength is the longest execution or state machine name AWS
// accepts, in characters.
const maxNameLength = 80

// forbiddenNameChars are the printable characters AWS refuses in execution
// and state machine names: brackets, wildcards and the special characters
// of its naming rule.
const forbiddenNameChars = `<>{}[]?*"#%\^|~` + "`" + `$&,;:/`

// checkName applies AWS's rule for execution and state machine names
// (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-general):
// 1 to 80 characters, none of them white space, a bracket < > { } [ ], a
// wildcard ? *, one of " # % \ ^ | ~ ` $ & , ; : /, a control character
// (U+0000-001F, U+007F-009F) or a noncharacter U+FFFE, U+FFFF; text that is
// not UTF-8 is refused too. Any other character is allowed, non-ASCII
// letters included.
func checkName(what, name string) error {
	if !utf8.ValidString(name) {
		return fmt.Errorf("InvalidName: Invalid Name: %q: the %s is not valid UTF-8 text", name, what)
	}
	if n := utf8.RuneCountInString(name); n == 0 || n > maxNameLength {
		return fmt.Errorf("InvalidName: Invalid Name: %q: the %s has %d characters; it must have 1 to %d", name, what, n, maxNameLength)
	}
	i := 0
	for _, r := range name {
		i++
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF || strings.ContainsRune(forbiddenNameChars, r) {
			return fmt.Errorf("InvalidName: Invalid Name: %q: the %s has %q (U+%04X) at character %d; "+
				"white space, brackets < > { } [ ], wildcards ? *, control characters and \" # %% \\ ^ | ~ ` $ & , ; : / are not allowed",
				name, what, r, r, i)
		}
	}
	return nil
}

// hasStateMachineAttribute reports whether the namespace has the
// AslStateMachine search attribute registered. It asks every time (no
// cache), and treats a failed request (for example a cloud namespace
// without operator permission) as "not registered": the memo still names
// the machine.
func (s *session) hasStateMachineAttribute(ctx context.Context) bool {
	resp, err := s.cl.OperatorService().ListSearchAttributes(ctx,
		&operatorservice.ListSearchAttributesRequest{Namespace: s.namespace})
	if err != nil {
		return false
	}
	return resp.GetCustomAttributes()[workflows.SearchAttributeStateMachine] == enumspb.INDEXED_VALUE_TYPE_KEYWORD
}
