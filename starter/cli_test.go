package starter

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLI runs aslctl in-process and returns its exit status and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(context.Background(), append([]string{"aslctl"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

const badDefinition = `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}, "B": {"Type": "Succeed", "Foo": 1}}}`

func TestValidateCommand(t *testing.T) {
	good := writeFile(t, "good.json", `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	bad := writeFile(t, "bad.json", badDefinition)
	notJSON := writeFile(t, "broken.json", `{"StartAt":`)

	code, out, errOut := runCLI(t, "validate", good)
	assert.Equal(t, 0, code)
	assert.Equal(t, "valid\n", out)
	assert.Empty(t, errOut)

	code, out, _ = runCLI(t, "validate", bad)
	assert.Equal(t, 1, code)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 3, out)
	assert.True(t, strings.HasPrefix(lines[0], "/States/A/Next: "), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "/States/B: "), lines[1])
	assert.True(t, strings.HasPrefix(lines[2], "/States/B/Foo: "), lines[2])

	code, out, _ = runCLI(t, "validate", "-o", "json", bad)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"valid": false`)
	assert.Contains(t, out, `"pointer": "/States/B/Foo"`)

	code, out, _ = runCLI(t, "validate", "--output", "json", good)
	assert.Equal(t, 0, code)
	assert.JSONEq(t, `{"valid":true}`, out)

	code, out, _ = runCLI(t, "validate", notJSON)
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasPrefix(out, "/: "), out)

	code, _, errOut = runCLI(t, "validate")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "validate takes exactly one argument, DEFINITION_FILE (got 0)")

	code, _, errOut = runCLI(t, "validate", filepath.Join(t.TempDir(), "missing.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no such file")

	big := writeFile(t, "big.json", `{"Comment":"`+strings.Repeat("x", 1<<20)+`","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	code, _, errOut = runCLI(t, "validate", big)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "big.json is larger than 1048576 bytes, the most a state machine definition (1 MB, as in AWS Step Functions) can have")

	code, _, errOut = runCLI(t, "validate", "-o", "yaml", good)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `unknown output format "yaml"`)
}

// Start checks everything it can before it connects: these fail without a
// server.
func TestStartRejectsBeforeConnecting(t *testing.T) {
	good := writeFile(t, "good.json", `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	bad := writeFile(t, "bad.json", badDefinition)
	unreachable := []string{"--address", "127.0.0.1:1"}

	code, out, errOut := runCLI(t, append([]string{"start", bad}, unreachable...)...)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "is not a valid state machine:\n/States/A/Next: ")

	code, out, _ = runCLI(t, append([]string{"start", "-o", "json", bad}, unreachable...)...)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"pointer": "/States/A/Next"`)

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad input", []string{"--input", "{nope"}, "InvalidExecutionInput: the execution input is not usable: invalid JSON"},
		{"both inputs", []string{"--input", "{}", "--input-file", good}, "not both"},
		{"bad name", []string{"--name", "a b"}, `InvalidName: Invalid Name: "a b": the execution name has ' ' (U+0020) at character 2`},
		{"long name", []string{"--name", strings.Repeat("n", 81)}, `the execution name has 81 characters; it must have 1 to 80`},
		{"bad machine", []string{"--state-machine", "x/y"}, `InvalidName: Invalid Name: "x/y": the state machine name has '/'`},
		{"deep input", []string{"--input", strings.Repeat("[", 10000) + strings.Repeat("]", 10000)},
			"InvalidExecutionInput: the execution input is not usable: invalid JSON: arrays and objects are nested more than 1000 deep"},
		{"large input", []string{"--input", `"` + strings.Repeat("x", 256*1024) + `"`},
			"InvalidExecutionInput: the execution input is 262146 bytes; the limit is 262144 bytes (256 KiB"},
		{"large input file", []string{"--input-file", writeFile(t, "big.json", `"`+strings.Repeat("x", 300*1024)+`"`)},
			"big.json is larger than 262144 bytes, the most an execution input (256 KiB, as in AWS Step Functions) can have"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"start", good}, tt.args...), unreachable...)
			code, _, errOut := runCLI(t, args...)
			assert.Equal(t, 1, code)
			assert.Contains(t, errOut, tt.want)
		})
	}
}

// A file that never ends (a device) is refused once it passes the limit,
// not read to the end.
func TestReadsFilesWithALimit(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	code, _, errOut := runCLI(t, "validate", "/dev/zero")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "/dev/zero is larger than 1048576 bytes")

	good := writeFile(t, "good.json", `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	code, _, errOut = runCLI(t, "start", good, "--input-file", "/dev/zero", "--address", "127.0.0.1:1")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "--input-file: /dev/zero is larger than 262144 bytes")
}

// Features the interpreter would ignore are refused by validate and by
// start, before anything starts.
func TestUnsupportedFeaturesAreRefused(t *testing.T) {
	def := writeFile(t, "jsonata.json", `{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":{"x":1},"End":true}}}`)
	code, out, _ := runCLI(t, "validate", def)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `/QueryLanguage: QueryLanguage "JSONata" is not supported yet`)
	code, _, errOut := runCLI(t, "start", def, "--address", "127.0.0.1:1")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `/QueryLanguage: QueryLanguage "JSONata" is not supported yet`)
}

func TestFlagsFirst(t *testing.T) {
	app := App()
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"no command", []string{"aslctl"}, []string{"aslctl"}},
		{"unknown command", []string{"aslctl", "nope", "x", "--wait"}, []string{"aslctl", "nope", "x", "--wait"}},
		{"flags after the file", []string{"aslctl", "start", "m.json", "--wait", "--input", `{"a":1}`, "-n", "ns"},
			[]string{"aslctl", "start", "--wait", "--input", `{"a":1}`, "-n", "ns", "--", "m.json"}},
		{"flag=value and bool=value", []string{"aslctl", "start", "m.json", "--name=x", "--tls=false"},
			[]string{"aslctl", "start", "--name=x", "--tls=false", "--", "m.json"}},
		{"stdin dash stays positional", []string{"aslctl", "validate", "-", "-o", "json"},
			[]string{"aslctl", "validate", "-o", "json", "--", "-"}},
		{"a flag's value that looks like a file", []string{"aslctl", "start", "--input-file", "in.json", "m.json"},
			[]string{"aslctl", "start", "--input-file", "in.json", "--", "m.json"}},
		{"double dash", []string{"aslctl", "describe", "--", "-odd-name", "--wait"},
			[]string{"aslctl", "describe", "--", "-odd-name", "--wait"}},
		{"alias of a command flag", []string{"aslctl", "list", "-s", "orders", "--status", "FAILED"},
			[]string{"aslctl", "list", "-s", "orders", "--status", "FAILED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, FlagsFirst(app, tt.in))
		})
	}
}
