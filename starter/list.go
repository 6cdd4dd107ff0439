package starter

import (
	"context"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/aslworker/aslworker/workflows"
)

func listCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list executions, newest first",
		Description: "Filters by state machine through the AslStateMachine search attribute when the namespace has it\n" +
			"registered, else by the memo of each execution. Parallel branches and Map iterations (child\n" +
			"workflows) are not listed.",
		Flags: commonFlags(
			&cli.StringFlag{Name: "state-machine", Aliases: []string{"s"}, Usage: "only executions of the state machine `NAME`"},
			&cli.StringFlag{Name: "status", Usage: "only executions with `STATUS`: " + strings.Join(statuses, ", ")},
			&cli.IntFlag{Name: "limit", Value: 50, Usage: "list at most `N` executions (0: all)"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return fmt.Errorf("list takes no arguments (got %q); filter with --state-machine and --status", c.Args().Slice())
			}
			filter := listFilter{machine: c.String("state-machine"), limit: c.Int("limit")}
			if st := c.String("status"); st != "" {
				clause, err := statusQuery(st)
				if err != nil {
					return err
				}
				filter.status, filter.statusClause = strings.ToUpper(st), clause
			}
			if filter.limit < 0 {
				return fmt.Errorf("--limit must be 0 or more, not %d", filter.limit)
			}
			return withSession(c, func(s *session) error {
				list, err := s.list(c.Context, filter)
				if err != nil {
					return err
				}
				if s.json {
					if list == nil {
						list = []execution{}
					}
					return writeJSON(s.out, list)
				}
				return renderList(s.out, list)
			})
		},
	}
}

type listFilter struct {
	machine      string
	status       string // an ASL status
	statusClause string // the visibility query clause for status
	limit        int
}

// listQuery is the visibility query for a filter; byAttribute says whether
// the state machine is selected by the search attribute (else the caller
// filters on the memo).
func listQuery(f listFilter, byAttribute bool) string {
	clauses := []string{"WorkflowType = " + quote(workflows.WorkflowType)}
	if f.machine != "" && byAttribute {
		clauses = append(clauses, workflows.SearchAttributeStateMachine+" = "+quote(f.machine))
	}
	if f.statusClause != "" {
		clauses = append(clauses, f.statusClause)
	}
	return strings.Join(clauses, " AND ")
}

// list pages through the visibility records until the limit is reached.
func (s *session) list(ctx context.Context, f listFilter) ([]execution, error) {
	byAttribute := f.machine != "" && s.hasStateMachineAttribute(ctx)
	req := &workflowservice.ListWorkflowExecutionsRequest{
		Namespace: s.namespace,
		Query:     listQuery(f, byAttribute),
		PageSize:  100,
	}
	var out []execution
	for {
		resp, err := s.cl.ListWorkflow(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("listing executions (query %s): %w", req.Query, err)
		}
		for _, info := range resp.GetExecutions() {
			if !s.listed(info, f, byAttribute) {
				continue
			}
			ex := s.fromInfo(info)
			if info.GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_FAILED {
				// Failed to Temporal may be TIMED_OUT to ASL: the close
				// event tells.
				if ev, err := s.closeEvent(ctx, info.GetExecution(), false); err == nil {
					ex.Status = outcomeOf(ev, s.dc).Status
				}
			}
			if f.status != "" && ex.Status != f.status {
				continue
			}
			out = append(out, *ex)
			if f.limit > 0 && len(out) == f.limit {
				return out, nil
			}
		}
		if len(resp.GetNextPageToken()) == 0 {
			return out, nil
		}
		req.NextPageToken = resp.GetNextPageToken()
	}
}

// listed reports whether a visibility record is an execution the filter
// keeps: not a child (a Parallel branch or Map iteration), and of the
// state machine asked for when the query could not select it.
func (s *session) listed(info *workflowpb.WorkflowExecutionInfo, f listFilter, byAttribute bool) bool {
	if info.GetParentExecution() != nil {
		return false
	}
	if f.machine != "" && !byAttribute {
		return s.memoString(info.GetMemo(), workflows.MemoStateMachine) == f.machine
	}
	return true
}
