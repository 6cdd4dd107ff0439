package asl_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
	"github.com/aslworker/aslworker/internal/corpustest"
)

// FuzzParse feeds arbitrary documents to Parse: it must never panic, and a
// definition it accepts must be accepted again when printed back.
func FuzzParse(f *testing.F) {
	f.Add(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	f.Add(`{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericGreaterThan":1,"Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}`)
	f.Add(`{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","ItemSelector":{"v.$":"$$.Map.Item.Value"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`)
	f.Add(`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x","Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"End":true},"F":{"Type":"Fail","CausePath":"States.Format('{}', $.a)"}}}`)
	// Seed with real definitions from the conformance corpus when present.
	var files []string
	if dir := corpustest.Find(); dir != "" {
		files, _ = filepath.Glob(filepath.Join(dir, "cases", "*", "*.json"))
	}
	for i, file := range files {
		if i%8 != 0 {
			continue
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		doc, err := value.Parse(raw)
		if err != nil {
			continue
		}
		if def, ok := doc.(*value.Object).Get("definition"); ok {
			f.Add(value.String(def))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := asl.Parse([]byte(s))
		if err != nil {
			return
		}
		again, err := asl.Parse(value.Marshal(m.Definition()))
		require.NoError(t, err, "a printed definition parses again")
		require.Equal(t, len(m.States()), len(again.States()))
	})
}
