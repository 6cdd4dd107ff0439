package testsuite

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

// Sources of validation verdicts (README §4.3). Only LocalStack's are AWS's.
const (
	SourceAWS = "localstack"
)

// Tools lists the validators whose own verdicts the corpus records.
var Tools = []string{"statelint", "asl_validator", "amazon_states_language_service"}

// ValidationCase is one validation document with a verdict.
type ValidationCase struct {
	Name   string
	File   string
	Source string // localstack, statelint, asl_validator, amazon_states_language_service
	Group  string // localstack: definition, test_state_request, ...; tools: valid, invalid, unknown
	API    string // localstack only

	DefinitionText string
	// Valid is the verdict: whether the document is a valid definition.
	Valid bool
	// Scored is false when the case says nothing about definitions asl.Parse
	// can judge; Why says why.
	Scored bool
	Why    string
	// Message is AWS's message or the tool's expectation, for reports.
	Message string
}

// LoadValidation reads every validation case under dir (the corpus root,
// its validation/ directory, or one source's directory). A file's source and
// group are its grandparent and parent directory names.
func LoadValidation(dir string) ([]*ValidationCase, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []*ValidationCase
	for _, f := range files {
		group := filepath.Base(filepath.Dir(f))
		source := filepath.Base(filepath.Dir(filepath.Dir(f)))
		if source != SourceAWS && !isTool(source) {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		doc, err := value.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		obj, ok := doc.(*value.Object)
		if !ok {
			continue
		}
		vc := &ValidationCase{
			Name:           str(obj, "name"),
			File:           f,
			Source:         source,
			Group:          group,
			API:            str(obj, "api"),
			DefinitionText: str(obj, "definition_text"),
		}
		if source == SourceAWS {
			classifyAWS(vc, obj)
		} else {
			classifyTool(vc, obj)
		}
		out = append(out, vc)
	}
	return out, nil
}

func isTool(s string) bool {
	for _, t := range Tools {
		if s == t {
			return true
		}
	}
	return false
}

// classifyAWS decides which AWS-recorded cases judge definitions. Only the
// definition group does: its documents were rejected as InvalidDefinition or
// answered by ValidateStateMachineDefinition. Within it:
//   - a TestState call on a single state is not a state machine document
//     (and its rejections, "does not support Map or Parallel", are TestState's
//     own); a TestState call naming stateName sends a whole machine, which counts;
//   - a rejection that holds only for EXPRESS machines (activities,
//     .waitForTaskToken) depends on the machine type, which asl.Parse does not take.
//
// The other groups test TestState requests (mocks, inspection levels),
// execution input, and API arguments (logging, names, versions), not the
// definition: their documents are valid ones used to reach another check.
func classifyAWS(vc *ValidationCase, obj *value.Object) {
	exp, _ := get(obj, "expected").(*value.Object)
	extra, _ := get(obj, "request_extra").(*value.Object)
	code, result := str(exp, "error_code"), str(exp, "result")
	vc.Message = str(exp, "message")
	if vc.Message == "" && result != "" {
		vc.Message = result
		for _, d := range asList(get(exp, "diagnostics")) {
			vc.Message += "; " + str(asObject(d), "message")
		}
	}
	switch vc.Group {
	case "definition":
	case "test_state_request":
		vc.Why = "TestState request validation, not a definition check"
		return
	case "execution_input":
		vc.Why = "execution input validation, not a definition check"
		return
	default:
		vc.Why = "API argument validation, not a definition check"
		return
	}
	switch {
	case code == "InvalidDefinition" || result == "FAIL":
		vc.Valid = false
	case result == "OK":
		vc.Valid = true
	default:
		vc.Why = "no definition verdict (" + code + ")"
		return
	}
	if vc.API == "TestState" && str(extra, "stateName") == "" {
		vc.Why = "TestState on a single state, not a state machine"
		return
	}
	if !vc.Valid && (str(extra, "type") == "EXPRESS" || strings.Contains(vc.Message, "Express state machine")) {
		vc.Why = "rejected only for EXPRESS machines; asl.Parse does not take the type"
		return
	}
	vc.Scored = true
}

func classifyTool(vc *ValidationCase, obj *value.Object) {
	v, ok := get(obj, "expected_valid").(bool)
	if !ok {
		vc.Why = "the tool's tests give no verdict"
		return
	}
	vc.Valid, vc.Scored = v, true
	if exp, ok := get(obj, "expected").(*value.Object); ok {
		vc.Message = truncate(value.String(exp))
	}
}

// ValidationResult is asl.Parse's verdict on one case.
type ValidationResult struct {
	Case     *ValidationCase
	Accepted bool
	Problems string // Parse's error when it rejected the document
}

// Agrees reports whether Parse's verdict is the case's.
func (r *ValidationResult) Agrees() bool { return r.Accepted == r.Case.Valid }

// RunValidation gives every case to parse (asl.Parse in the command) and
// records whether it accepted the document. A panic counts as a rejection
// with the panic as its problem.
func RunValidation(cases []*ValidationCase, parse func([]byte) error) []*ValidationResult {
	out := make([]*ValidationResult, 0, len(cases))
	for _, c := range cases {
		r := &ValidationResult{Case: c}
		err := safeParse(parse, []byte(c.DefinitionText))
		r.Accepted = err == nil
		if err != nil {
			r.Problems = err.Error()
		}
		out = append(out, r)
	}
	return out
}

func safeParse(parse func([]byte) error, doc []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parse panicked: %v", p)
		}
	}()
	return parse(doc)
}

// ValidationScore is agreement with one source's verdicts.
type ValidationScore struct {
	Source      string
	Scored      int
	Agreed      int
	FalseAccept int // the source says invalid, Parse accepted
	FalseReject int // the source says valid, Parse rejected
	Unscored    int
}

// ScoreValidation scores results per source, AWS first, then the tools.
func ScoreValidation(results []*ValidationResult) []ValidationScore {
	order := append([]string{SourceAWS}, Tools...)
	idx := map[string]*ValidationScore{}
	scores := make([]ValidationScore, len(order))
	for i, s := range order {
		scores[i].Source = s
		idx[s] = &scores[i]
	}
	for _, r := range results {
		s := idx[r.Case.Source]
		if s == nil {
			continue
		}
		if !r.Case.Scored {
			s.Unscored++
			continue
		}
		s.Scored++
		switch {
		case r.Agrees():
			s.Agreed++
		case r.Accepted:
			s.FalseAccept++
		default:
			s.FalseReject++
		}
	}
	return scores
}

func (s ValidationScore) String() string {
	rate := "-"
	if s.Scored > 0 {
		rate = fmt.Sprintf("%.1f%%", 100*float64(s.Agreed)/float64(s.Scored))
	}
	return fmt.Sprintf("%-32s agree %3d/%-3d %7s  (accepted invalid: %d, rejected valid: %d, not scored: %d)",
		s.Source, s.Agreed, s.Scored, rate, s.FalseAccept, s.FalseReject, s.Unscored)
}
