package testsuite

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aslworker/aslworker/asl/value"
)

// seedsFromCorpus adds recorded strings at placeholder paths, and whole case
// files, as fuzz seeds when the corpus is present.
func corpusFiles(limit int) []string {
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "cases", "*", "*.json"))
	if len(files) > limit {
		files = files[:limit]
	}
	return files
}

// FuzzPlaceholderPattern: any recorded string yields a pattern without
// panicking, and the pattern matches the string itself once its partition
// token is written as AWS's partition.
func FuzzPlaceholderPattern(f *testing.F) {
	for _, s := range []string{
		"arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
		"An error occurred at date-time: ISO-8601 extended offset date-time format string",
		`{"errorMessage":"x","requestId":<request-id>","stackTrace":[]}`,
		"Formatting arguments fst=<ExecArnPart_0idx> and snd={Id=arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>, Name=<ArnPart_0idx>}.",
		"<<>>", "<a<b>c>", "date", "$^.*+?()[]{}|\\",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		re := PlaceholderPattern(s)
		self := strings.ReplaceAll(s, "arn:<partition>", "arn:aws")
		if !re.MatchString(self) {
			t.Fatalf("pattern %s does not match %q", re, self)
		}
		if !MatchPlaceholder(s, self) {
			t.Fatalf("MatchPlaceholder(%q, %q) is false", s, self)
		}
	})
}

// FuzzPyDumps: the Python-style rendering of a JSON value is JSON text of the
// same value (except infinities, which Python writes as Infinity).
func FuzzPyDumps(f *testing.F) {
	for _, s := range []string{`{"a":"é\n","b":[1,2.0,null,true]}`, `"😀"`, `1e400`, `[0.00001,1e16]`, `{"k":{"z":[],"a":{}}}`} {
		f.Add([]byte(s))
	}
	for _, file := range corpusFiles(20) {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := value.Parse(data)
		if err != nil {
			return
		}
		text := pyDumps(v)
		back, err := value.ParseString(text)
		if err != nil {
			if hasInfinity(v) {
				return
			}
			t.Fatalf("pyDumps(%s) = %s, not JSON: %v", data, text, err)
		}
		if !value.Equal(v, back) {
			t.Fatalf("pyDumps(%s) = %s, a different value", data, text)
		}
		_ = pyStr(v) // must not panic
	})
}

func hasInfinity(v any) bool {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if hasInfinity(e) {
				return true
			}
		}
	case *value.Object:
		for i := 0; i < v.Len(); i++ {
			if _, e := v.At(i); hasInfinity(e) {
				return true
			}
		}
	case interface{ Float64() (float64, error) }:
		f, _ := v.Float64()
		return math.IsInf(f, 0)
	}
	return false
}

// FuzzParseCase: any file content either loads or is rejected, without
// panicking, and a loaded case can be compared and skipped.
func FuzzParseCase(f *testing.F) {
	for _, file := range corpusFiles(20) {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"name":"x","api":"StartExecution","definition":{},"input_text":"{","expected":{"status":"SUCCEEDED"}}`))
	f.Add([]byte(`{"name":"x","api":"TestState","definition":1,"expected":{"status":1},"needs":[1,{}],"features":{"flags":[]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCase(data, "x.json", "")
		if err != nil || c == nil {
			return
		}
		_ = SkipReason(c)
		_ = Compare(c, &Outcome{Status: c.Expected.Status, Output: c.Expected.Output})
	})
}
