package starter

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/urfave/cli/v2"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
)

func stopCommand() *cli.Command {
	return &cli.Command{
		Name:      "stop",
		Usage:     "stop a running execution (it ends ABORTED)",
		ArgsUsage: "EXECUTION_NAME",
		Description: "By default the execution is cancelled: the interpreter stops at once and running activities are\n" +
			"asked to stop. --terminate ends it on the server without involving the worker. --error and --cause\n" +
			"are recorded as the reason and shown by describe.",
		Flags: commonFlags(
			&cli.BoolFlag{Name: "terminate", Usage: "terminate instead of cancelling"},
			&cli.StringFlag{Name: "error", Usage: "the abort's error `NAME`"},
			&cli.StringFlag{Name: "cause", Usage: "the abort's `CAUSE`"},
		),
		Action: func(c *cli.Context) error {
			name, err := oneArg(c, "EXECUTION_NAME")
			if err != nil {
				return err
			}
			var cause *string
			if c.IsSet("cause") {
				text := c.String("cause")
				cause = &text
			}
			reason := stopReason(c.String("error"), cause)
			return withSession(c, func(s *session) error {
				action := "cancel requested"
				if c.Bool("terminate") {
					action = "terminated"
					if err := s.cl.TerminateWorkflow(c.Context, name, "", reason); err != nil {
						return s.notFound(err, name)
					}
				} else {
					_, err := s.cl.WorkflowService().RequestCancelWorkflowExecution(c.Context, &workflowservice.RequestCancelWorkflowExecutionRequest{
						Namespace:         s.namespace,
						WorkflowExecution: &commonpb.WorkflowExecution{WorkflowId: name},
						Identity:          "aslctl",
						RequestId:         uuid.NewString(),
						Reason:            reason,
					})
					if err != nil {
						return s.notFound(err, name)
					}
				}
				if s.json {
					return writeJSON(s.out, struct {
						Name   string  `json:"executionName"`
						Action string  `json:"action"`
						Error  string  `json:"error,omitempty"`
						Cause  *string `json:"cause,omitempty"`
					}{name, action, c.String("error"), cause})
				}
				_, err := fmt.Fprintf(s.out, "Execution %s: %s\n", name, action)
				return err
			})
		},
	}
}
