package starter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/aslworker/aslworker/internal/connect"
)

// Flag names shared by several commands.
const (
	flagOutput   = "output"
	flagLogLevel = "log-level"
	flagUIURL    = "ui-url"
)

// queryTimeout bounds a query to the workflow: without a worker, Temporal
// holds a query until its deadline, and the commands then fall back to what
// the server alone knows.
const queryTimeout = 5 * time.Second

// App returns the aslctl command-line application. Its commands write to
// app.Writer and app.ErrWriter, and it never exits the process: errors come
// back from Run (an exit code travels as a cli.ExitCoder), which Main turns
// into an exit status.
func App() *cli.App {
	return &cli.App{
		Name:  "aslctl",
		Usage: "validate, start, watch and stop ASL state machine executions on Temporal",
		Description: "aslctl talks to a Temporal cluster where aslworker runs (aslworker dev starts one locally).\n" +
			"Connection flags and environment variables are the same as the temporal CLI's.",
		Commands: []*cli.Command{
			startCommand(),
			describeCommand(),
			listCommand(),
			historyCommand(),
			stopCommand(),
			validateCommand(),
		},
		HideVersion: true,
		// Keep urfave/cli from calling os.Exit: Main decides.
		ExitErrHandler: func(*cli.Context, error) {},
	}
}

// Main runs aslctl with args (args[0] is the program name) and returns the
// process exit status: 0 on success, 1 on any error (an invalid definition,
// a failed execution followed with --wait, a connection problem).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := App()
	app.Writer, app.ErrWriter = stdout, stderr
	err := app.RunContext(ctx, FlagsFirst(app, args))
	if err == nil {
		return 0
	}
	code := 1
	var coder cli.ExitCoder
	if errors.As(err, &coder) {
		code = coder.ExitCode()
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(stderr, "aslctl: %s\n", msg)
	}
	if code == 0 {
		code = 1
	}
	return code
}

// silentExit ends a command with exit status 1 after it has already printed
// why (the problems of a definition, a failed execution).
var silentExit = cli.Exit("", 1)

// commonFlags are the flags every command that talks to Temporal takes.
func commonFlags(extra ...cli.Flag) []cli.Flag {
	flags := append([]cli.Flag{}, extra...)
	flags = append(flags, outputFlag(),
		&cli.StringFlag{Name: flagLogLevel, Value: "warn", Usage: "log `LEVEL`: debug, info, warn or error"})
	return append(flags, connect.Flags()...)
}

func outputFlag() cli.Flag {
	return &cli.StringFlag{Name: flagOutput, Aliases: []string{"o"}, Value: "text", Usage: "output `FORMAT`: text or json"}
}

func uiURLFlag() cli.Flag {
	return &cli.StringFlag{Name: flagUIURL, EnvVars: []string{"ASLWORKER_UI_URL"},
		Usage: "base `URL` of the Temporal Web UI, to print links to executions (e.g. http://127.0.0.1:8233)"}
}

// jsonOutput reports whether -o json was asked for, rejecting unknown formats.
func jsonOutput(c *cli.Context) (bool, error) {
	switch f := strings.ToLower(c.String(flagOutput)); f {
	case "", "text":
		return false, nil
	case "json":
		return true, nil
	default:
		return false, fmt.Errorf("unknown output format %q: use text or json", f)
	}
}

// session is what a command needs to talk to Temporal.
type session struct {
	cl        client.Client
	namespace string
	dc        converter.DataConverter
	out       io.Writer
	json      bool
}

// dial connects with the connection flags. The caller closes s.cl.
func dial(c *cli.Context) (*session, error) {
	asJSON, err := jsonOutput(c)
	if err != nil {
		return nil, err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String(flagLogLevel))); err != nil {
		return nil, fmt.Errorf("--%s: %w", flagLogLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: level}))
	cl, err := connect.Dial(c, logger)
	if err != nil {
		return nil, err
	}
	return &session{
		cl:        cl,
		namespace: c.String(connect.FlagNamespace),
		dc:        converter.GetDefaultDataConverter(),
		out:       c.App.Writer,
		json:      asJSON,
	}, nil
}

// withSession runs fn with a connected session and closes it afterwards.
func withSession(c *cli.Context, fn func(s *session) error) error {
	s, err := dial(c)
	if err != nil {
		return err
	}
	defer s.cl.Close()
	return fn(s)
}

// oneArg returns the single positional argument a command takes.
func oneArg(c *cli.Context, what string) (string, error) {
	if c.NArg() != 1 {
		return "", fmt.Errorf("%s takes exactly one argument, %s (got %d); see aslctl %s --help",
			c.Command.Name, what, c.NArg(), c.Command.Name)
	}
	return c.Args().First(), nil
}

// readFileArg reads a file, "-" meaning standard input, of at most limit
// bytes; what is the file's role in messages ("the definition"). It reads
// no more than limit+1 bytes, so a huge file or a device such as /dev/zero
// is refused at once.
func readFileArg(c *cli.Context, path, what string, limit int) ([]byte, error) {
	name := path
	var r io.Reader
	if path == "-" {
		name, r = "standard input", c.App.Reader
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes, the most %s can have", name, limit, what)
	}
	return b, nil
}

// FlagsFirst moves a command's flags before its positional arguments, so
// that `aslctl start machine.json --wait` works as `aslctl start --wait
// machine.json` does (urfave/cli stops reading flags at the first
// argument). A "--" keeps everything after it positional.
func FlagsFirst(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil {
		return args
	}
	out := append([]string{}, args[:2]...)
	var positional []string
	rest := args[2:]
	for i := 0; i < len(rest); i++ {
		arg := rest[i]
		if arg == "--" {
			positional = append(positional, rest[i+1:]...)
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			positional = append(positional, arg)
			continue
		}
		out = append(out, arg)
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if !hasValue && takesValue(cmd, name) && i+1 < len(rest) {
			i++
			out = append(out, rest[i])
		}
	}
	if len(positional) > 0 {
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out
}

// takesValue reports whether the command's flag called name reads the next
// argument as its value.
func takesValue(cmd *cli.Command, name string) bool {
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			if v, ok := f.(cli.DocGenerationFlag); ok {
				return v.TakesValue()
			}
			return true
		}
	}
	return false
}
