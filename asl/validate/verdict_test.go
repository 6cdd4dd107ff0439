package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
)

// Agreement floors: the scores this package reached on the validation
// cases. A change that lowers one fails the test; raise them when a score
// improves. AWS's verdicts are ground truth; the tools' are hints.
var agreementFloor = map[string]int{
	"localstack":                     11,
	"statelint":                      45,
	"asl_validator":                  76,
	"amazon_states_language_service": 51,
}

// verdictCase is one validation case whose definition is JSON.
type verdictCase struct {
	source, name string
	def          any
	valid        bool
	opts         options
}

// loadVerdicts reads the validation cases that carry a verdict on a JSON
// definition: AWS's (LocalStack's "definition" group) and the tools'
// valid/invalid groups.
func loadVerdicts(t *testing.T, root string) []verdictCase {
	t.Helper()
	var out []verdictCase
	for _, f := range corpustest.Files(t, filepath.Join(root, "validation")) {
		group := filepath.Base(filepath.Dir(f))
		source := filepath.Base(filepath.Dir(filepath.Dir(f)))
		c := corpustest.LoadJSON(t, f)
		if isJSON, _ := c.Get("definition_is_json"); isJSON != true {
			continue
		}
		def, err := value.ParseString(memberString(c, "definition_text"))
		require.NoError(t, err, f)
		vc := verdictCase{source: source, name: strings.TrimSuffix(filepath.Base(f), ".json"), def: def}
		if source == "localstack" {
			if group != "definition" {
				continue
			}
			switch {
			case memberString(c, "expected", "error_code") == "InvalidDefinition", memberString(c, "expected", "result") == "FAIL":
				vc.valid = false
			case memberString(c, "expected", "result") == "OK":
				vc.valid = true
			default:
				continue // a verdict on something other than the definition
			}
			if memberString(c, "api") == "TestState" {
				vc.def = testStateDefinition(def, memberString(c, "request_extra", "stateName"))
			}
			vc.opts.express = memberString(c, "request_extra", "type") == "EXPRESS"
		} else {
			v, ok := c.Get("expected_valid")
			b, isBool := v.(bool)
			if !ok || !isBool {
				continue // the tool states no verdict
			}
			vc.valid = b
		}
		out = append(out, vc)
	}
	return out
}

// TestValidationAgreement scores Document against AWS's verdicts and the
// tools' verdicts, and checks that every case where they differ is
// explained in testdata/disagreements.md.
func TestValidationAgreement(t *testing.T) {
	root := corpustest.Dir(t)
	cases := loadVerdicts(t, root)
	require.NotEmpty(t, cases)
	notes, err := os.ReadFile(filepath.Join("testdata", "disagreements.md"))
	require.NoError(t, err)

	total, agree := map[string]int{}, map[string]int{}
	for _, c := range cases {
		problems := check(c.def, c.opts)
		total[c.source]++
		if (len(problems) == 0) == c.valid {
			agree[c.source]++
			continue
		}
		verdict := "valid"
		if !c.valid {
			verdict = "invalid"
		}
		t.Logf("%s/%s: %s says %s; Document reports %d problem(s) %v", c.source, c.name, c.source, verdict, len(problems), problems)
		assert.Contains(t, string(notes), c.name, "a disagreement must be explained in testdata/disagreements.md")
	}
	for _, source := range []string{"localstack", "statelint", "asl_validator", "amazon_states_language_service"} {
		t.Logf("agreement with %s: %d/%d", source, agree[source], total[source])
		assert.GreaterOrEqual(t, agree[source], agreementFloor[source], "agreement with %s dropped", source)
	}
}
