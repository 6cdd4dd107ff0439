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
			"summaries), with a note on standard error.\n\n" +
			"A long execution continues in fresh runs (Temporal's continue-as-new) between top-level states, and\n" +
			"each run keeps its own events. By default the latest run's are shown; --all-runs shows every run's,\n" +
			"oldest first.",
		Flags: commonFlags(
			&cli.BoolFlag{Name: "all-runs", Usage: "show the events of every run of the execution, oldest first"}),
		Action: func(c *cli.Context) error {
			name, err := oneArg(c, "EXECUTION_NAME")
			if err != nil {
				return err
			}
			return withSession(c, func(s *session) error {
				var events []workflows.HistoryEvent
				var qerr error
				if c.Bool("all-runs") {
					events, qerr = s.queryAllRuns(c.Context, name)
				} else {
					events, qerr = s.queryHistory(c.Context, name, "")
					if qerr == nil {
						if prev, err := s.previousRun(c.Context, name, ""); err == nil && prev != "" && !s.json {
							fmt.Fprintf(c.App.ErrWriter, "aslctl: this execution continued from earlier runs; --all-runs shows their events too\n")
						}
					}
				}
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

// maxRuns bounds how many runs --all-runs walks back through.
const maxRuns = 10000

// queryAllRuns asks every run of the execution for its ASL events, from the
// latest back through each run's predecessor, and returns them oldest
// first.
func (s *session) queryAllRuns(ctx context.Context, workflowID string) ([]workflows.HistoryEvent, error) {
	var runs [][]workflows.HistoryEvent
	runID := ""
	for len(runs) < maxRuns {
		events, err := s.queryHistory(ctx, workflowID, runID)
		if err != nil {
			return nil, err
		}
		runs = append(runs, events)
		prev, err := s.previousRun(ctx, workflowID, runID)
		if err != nil {
			return nil, err
		}
		if prev == "" {
			break
		}
		runID = prev
	}
	var all []workflows.HistoryEvent
	for i := len(runs) - 1; i >= 0; i-- {
		all = append(all, runs[i]...)
	}
	return all, nil
}

// previousRun is the run a run continued from ("" for the first run), read
// from the run's first Temporal event.
func (s *session) previousRun(ctx context.Context, workflowID, runID string) (string, error) {
	iter := s.cl.GetWorkflowHistory(ctx, workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	if !iter.HasNext() {
		return "", nil
	}
	ev, err := iter.Next()
	if err != nil {
		return "", err
	}
	return ev.GetWorkflowExecutionStartedEventAttributes().GetContinuedExecutionRunId(), nil
}

// queryHistory asks a run of the workflow ("" for the latest) for its ASL
// events, page by page; a worker older than the page query answers the
// whole-history query instead.
func (s *session) queryHistory(ctx context.Context, workflowID, runID string) ([]workflows.HistoryEvent, error) {
	var all []workflows.HistoryEvent
	after := 0
	for {
		page, err := s.queryHistoryPage(ctx, workflowID, runID, after)
		if err != nil {
			if len(all) == 0 && strings.Contains(err.Error(), "unknown queryType") {
				return s.queryWholeHistory(ctx, workflowID, runID)
			}
			return nil, err
		}
		all = append(all, page.Events...)
		if !page.More || len(page.Events) == 0 {
			if all == nil {
				all = []workflows.HistoryEvent{}
			}
			return all, nil
		}
		after = page.Events[len(page.Events)-1].ID
	}
}

func (s *session) queryHistoryPage(ctx context.Context, workflowID, runID string, after int) (workflows.HistoryPage, error) {
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	var page workflows.HistoryPage
	v, err := s.cl.QueryWorkflow(ctx, workflowID, runID, workflows.QueryHistoryPage, after)
	if err != nil {
		return page, err
	}
	return page, v.Get(&page)
}

// queryWholeHistory asks a run for its ASL events in one answer.
func (s *session) queryWholeHistory(ctx context.Context, workflowID, runID string) ([]workflows.HistoryEvent, error) {
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	v, err := s.cl.QueryWorkflow(ctx, workflowID, runID, workflows.QueryHistory)
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
