package starter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/serviceerror"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/aslworker/aslworker/workflows"
)

func describeCommand() *cli.Command {
	return &cli.Command{
		Name:      "describe",
		Usage:     "show an execution: status, current state, input, output or error",
		ArgsUsage: "EXECUTION_NAME",
		Flags:     commonFlags(uiURLFlag()),
		Action: func(c *cli.Context) error {
			name, err := oneArg(c, "EXECUTION_NAME")
			if err != nil {
				return err
			}
			return withSession(c, func(s *session) error {
				ex, err := s.load(c.Context, name, "")
				if err != nil {
					return err
				}
				ex.WebUI = webUILink(c.String(flagUIURL), s.namespace, ex.WorkflowID, ex.RunID)
				if s.json {
					return writeJSON(s.out, ex)
				}
				return renderExecution(s.out, ex)
			})
		},
	}
}

// notFound turns Temporal's NotFound into a message naming the execution.
func (s *session) notFound(err error, name string) error {
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return fmt.Errorf("no execution named %q in namespace %q", name, s.namespace)
	}
	return err
}

// load gathers what describe shows about an execution (its latest run
// when runID is ""): the status and times from the server, the input from
// the start event, the output or error from the close event, and the
// current state from the asl.status query while it runs.
func (s *session) load(ctx context.Context, workflowID, runID string) (*execution, error) {
	desc, err := s.cl.DescribeWorkflowExecution(ctx, workflowID, runID)
	if err != nil {
		return nil, s.notFound(err, workflowID)
	}
	info := desc.GetWorkflowExecutionInfo()
	ex := s.fromInfo(info)

	wfe := info.GetExecution()
	if start, err := s.firstEvent(ctx, wfe); err != nil {
		return nil, err
	} else if payloads := start.GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads(); len(payloads) > 0 {
		var in workflows.Input
		if err := s.dc.FromPayload(payloads[0], &in); err == nil {
			ex.Input = in.Input
			if len(ex.Input) == 0 {
				ex.Input = json.RawMessage("{}")
			}
			if ex.StateMachine == "" {
				ex.StateMachine = in.StateMachineName
			}
		}
	}

	if ex.Status == StatusRunning {
		if st, err := s.queryStatus(ctx, wfe.GetWorkflowId(), wfe.GetRunId()); err == nil {
			ex.CurrentState = st.CurrentState
			if ex.StateMachine == "" {
				ex.StateMachine = st.StateMachineName
			}
		}
		return ex, nil
	}

	closeEv, err := s.closeEvent(ctx, wfe, false)
	if err != nil {
		return nil, err
	}
	o := outcomeOf(closeEv, s.dc)
	ex.Status, ex.Output, ex.Error, ex.Cause = o.Status, o.Output, o.Error, o.Cause
	if closeEv.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED {
		ex.Error, ex.Cause = parseStopReason(s.cancelReason(ctx, wfe))
	}
	return ex, nil
}

// fromInfo fills what the visibility record of a run says.
func (s *session) fromInfo(info *workflowpb.WorkflowExecutionInfo) *execution {
	wfe := info.GetExecution()
	ex := &execution{
		Name:         s.memoString(info.GetMemo(), workflows.MemoExecutionName),
		StateMachine: s.memoString(info.GetMemo(), workflows.MemoStateMachine),
		Status:       statusOf(info.GetStatus()),
		WorkflowID:   wfe.GetWorkflowId(),
		RunID:        wfe.GetRunId(),
	}
	if ex.Name == "" {
		ex.Name = ex.WorkflowID
	}
	if ts := info.GetStartTime(); ts != nil {
		t := ts.AsTime()
		ex.StartTime = &t
	}
	if ts := info.GetCloseTime(); ts != nil {
		t := ts.AsTime()
		ex.CloseTime = &t
	}
	return ex
}

// memoString reads a string memo field ("" when absent).
func (s *session) memoString(memo *commonpb.Memo, key string) string {
	p, ok := memo.GetFields()[key]
	if !ok {
		return ""
	}
	var v string
	if err := s.dc.FromPayload(p, &v); err != nil {
		return ""
	}
	return v
}

// queryStatus asks the workflow for its asl.status, waiting at most
// queryTimeout for a worker to answer.
func (s *session) queryStatus(ctx context.Context, workflowID, runID string) (workflows.Status, error) {
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	var st workflows.Status
	v, err := s.cl.QueryWorkflow(ctx, workflowID, runID, workflows.QueryStatus)
	if err != nil {
		return st, err
	}
	return st, v.Get(&st)
}

// firstEvent returns a run's WorkflowExecutionStarted event.
func (s *session) firstEvent(ctx context.Context, wfe *commonpb.WorkflowExecution) (*historypb.HistoryEvent, error) {
	resp, err := s.cl.WorkflowService().GetWorkflowExecutionHistory(ctx, &workflowservice.GetWorkflowExecutionHistoryRequest{
		Namespace:       s.namespace,
		Execution:       wfe,
		MaximumPageSize: 1,
	})
	if err != nil {
		return nil, s.notFound(err, wfe.GetWorkflowId())
	}
	events := resp.GetHistory().GetEvents()
	if len(events) == 0 {
		return nil, fmt.Errorf("execution %q has an empty history", wfe.GetWorkflowId())
	}
	return events[0], nil
}

// closeEvent returns a run's close event; with wait it long-polls until
// there is one.
func (s *session) closeEvent(ctx context.Context, wfe *commonpb.WorkflowExecution, wait bool) (*historypb.HistoryEvent, error) {
	iter := s.cl.GetWorkflowHistory(ctx, wfe.GetWorkflowId(), wfe.GetRunId(), wait, enumspb.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			return nil, s.notFound(err, wfe.GetWorkflowId())
		}
		if ev != nil {
			return ev, nil
		}
	}
	return nil, fmt.Errorf("execution %q has not ended yet", wfe.GetWorkflowId())
}

// cancelReason finds the reason of the cancel request that ended a run,
// reading its history backwards (the request is among the last events).
func (s *session) cancelReason(ctx context.Context, wfe *commonpb.WorkflowExecution) string {
	resp, err := s.cl.WorkflowService().GetWorkflowExecutionHistoryReverse(ctx, &workflowservice.GetWorkflowExecutionHistoryReverseRequest{
		Namespace:       s.namespace,
		Execution:       wfe,
		MaximumPageSize: 100,
	})
	if err != nil {
		return ""
	}
	for _, ev := range resp.GetHistory().GetEvents() {
		if attrs := ev.GetWorkflowExecutionCancelRequestedEventAttributes(); attrs != nil {
			return attrs.GetCause()
		}
	}
	return ""
}

// wait follows an execution until it ends, across continue-as-new runs, and
// returns it as describe shows it.
func (s *session) wait(ctx context.Context, workflowID, runID string) (*execution, error) {
	for {
		ev, err := s.closeEvent(ctx, &commonpb.WorkflowExecution{WorkflowId: workflowID, RunId: runID}, true)
		if err != nil {
			return nil, err
		}
		next := outcomeOf(ev, s.dc).NextRunID
		if next == "" {
			return s.load(ctx, workflowID, runID)
		}
		runID = next
	}
}
