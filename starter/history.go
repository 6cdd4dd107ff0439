package starter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/serviceerror"

	"github.com/aslworker/aslworker/workflows"
)

func historyCommand() *cli.Command {
	return &cli.Command{
		Name:      "history",
		Usage:     "show an execution's ASL events in order: states entered and exited, tasks, retries, errors",
		ArgsUsage: "EXECUTION_NAME",
		Description: "The events come from the workflow's asl.history query, which needs a running aslworker. Without\n" +
			"one, the Temporal history is shown instead (activities and timers with the state names in their\n" +
			"summaries), with a note on standard error.",
		Flags: commonFlags(),
		Action: func(c *cli.Context) error {
			name, err := oneArg(c, "EXECUTION_NAME")
			if err != nil {
				return err
			}
			return withSession(c, func(s *session) error {
				events, qerr := s.queryHistory(c.Context, name)
				if qerr == nil {
					if s.json {
						return writeJSON(s.out, historyOutput{Source: "asl", Events: events})
					}
					return renderASLHistory(s.out, events)
				}
				var nf *serviceerror.NotFound
				if errors.As(qerr, &nf) {
					return s.notFound(qerr, name)
				}
				fmt.Fprintf(c.App.ErrWriter, "aslctl: the %s query is unavailable (%s); showing the Temporal history instead\n",
					workflows.QueryHistory, oneLine(qerr.Error(), 200))
				tevents, err := s.temporalHistory(c.Context, name)
				if err != nil {
					return err
				}
				if s.json {
					return writeJSON(s.out, historyOutput{Source: "temporal", Events: tevents})
				}
				return renderTemporalHistory(s.out, tevents)
			})
		},
	}
}

// historyOutput is the JSON output of history: Source says whether Events
// are ASL events ("asl") or Temporal events ("temporal").
type historyOutput struct {
	Source string `json:"source"`
	Events any    `json:"events"`
}

// queryHistory asks the workflow for its ASL events.
func (s *session) queryHistory(ctx context.Context, workflowID string) ([]workflows.HistoryEvent, error) {
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	v, err := s.cl.QueryWorkflow(ctx, workflowID, "", workflows.QueryHistory)
	if err != nil {
		return nil, err
	}
	events := []workflows.HistoryEvent{}
	if err := v.Get(&events); err != nil {
		return nil, err
	}
	return events, nil
}

// temporalHistory reads the latest run's Temporal history, leaving out the
// workflow task bookkeeping.
func (s *session) temporalHistory(ctx context.Context, workflowID string) ([]temporalEvent, error) {
	iter := s.cl.GetWorkflowHistory(ctx, workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	events := []temporalEvent{}
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			return nil, s.notFound(err, workflowID)
		}
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED,
			enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			continue
		}
		events = append(events, s.temporalEvent(ev))
	}
	return events, nil
}

// temporalEvent summarises one Temporal event: its user summary (the ASL
// state name for activities and timers) and what matters about it.
func (s *session) temporalEvent(ev *historypb.HistoryEvent) temporalEvent {
	out := temporalEvent{ID: ev.GetEventId(), Time: ev.GetEventTime().AsTime(), Type: ev.GetEventType().String()}
	if p := ev.GetUserMetadata().GetSummary(); p != nil {
		var summary string
		if err := s.dc.FromPayload(p, &summary); err == nil {
			out.Summary = summary
		}
	}
	var detail []string
	add := func(format string, args ...any) { detail = append(detail, fmt.Sprintf(format, args...)) }
	if a := ev.GetWorkflowExecutionStartedEventAttributes(); a != nil {
		add("workflow %s on task queue %s", a.GetWorkflowType().GetName(), a.GetTaskQueue().GetName())
	}
	if a := ev.GetActivityTaskScheduledEventAttributes(); a != nil {
		add("activity %s on task queue %s", a.GetActivityType().GetName(), a.GetTaskQueue().GetName())
	}
	if a := ev.GetActivityTaskFailedEventAttributes(); a != nil {
		name, cause, _ := aslError(a.GetFailure(), s.dc)
		add("%s", errorText(name, cause))
	}
	if a := ev.GetActivityTaskTimedOutEventAttributes(); a != nil {
		add("%s", oneLine(a.GetFailure().GetMessage(), 160))
	}
	if a := ev.GetTimerStartedEventAttributes(); a != nil {
		add("fires after %s", a.GetStartToFireTimeout().AsDuration())
	}
	if a := ev.GetStartChildWorkflowExecutionInitiatedEventAttributes(); a != nil {
		add("child %s", a.GetWorkflowId())
	}
	if a := ev.GetChildWorkflowExecutionFailedEventAttributes(); a != nil {
		name, cause, _ := aslError(a.GetFailure(), s.dc)
		add("child %s: %s", a.GetWorkflowExecution().GetWorkflowId(), errorText(name, cause))
	}
	if a := ev.GetWorkflowExecutionCompletedEventAttributes(); a != nil {
		if p := a.GetResult().GetPayloads(); len(p) > 0 {
			add("output %s", oneLine(string(rawJSON(p[0], s.dc)), 160))
		}
	}
	if a := ev.GetWorkflowExecutionFailedEventAttributes(); a != nil {
		name, cause, _ := aslError(a.GetFailure(), s.dc)
		add("%s", errorText(name, cause))
	}
	if a := ev.GetWorkflowExecutionCancelRequestedEventAttributes(); a != nil && a.GetCause() != "" {
		add("%s", oneLine(a.GetCause(), 160))
	}
	if a := ev.GetWorkflowExecutionTerminatedEventAttributes(); a != nil && a.GetReason() != "" {
		add("%s", oneLine(a.GetReason(), 160))
	}
	out.Detail = strings.Join(detail, "; ")
	return out
}

// errorText renders an ASL error and cause on one line.
func errorText(name string, cause *string) string {
	if cause == nil {
		return name
	}
	return oneLine(name+": "+*cause, 160)
}
