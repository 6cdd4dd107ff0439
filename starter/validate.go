package starter

import (
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check a state machine definition and print every problem with its JSON pointer",
		ArgsUsage: "DEFINITION_FILE (- for standard input)",
		Flags:     []cli.Flag{outputFlag()},
		Action: func(c *cli.Context) error {
			asJSON, _, def, err := definitionArg(c)
			if err != nil {
				return err
			}
			problems := definitionProblems(def)
			switch {
			case asJSON:
				if err := writeJSON(c.App.Writer, toValidation(problems)); err != nil {
					return err
				}
			case len(problems) == 0:
				if _, err := c.App.Writer.Write([]byte("valid\n")); err != nil {
					return err
				}
			default:
				renderProblems(c.App.Writer, problems)
			}
			if len(problems) > 0 {
				return silentExit
			}
			return nil
		},
	}
}

// definitionArg reads the -o flag and the DEFINITION_FILE argument of
// validate and start.
func definitionArg(c *cli.Context) (asJSON bool, path string, def []byte, err error) {
	if asJSON, err = jsonOutput(c); err != nil {
		return false, "", nil, err
	}
	if path, err = oneArg(c, "DEFINITION_FILE"); err != nil {
		return false, "", nil, err
	}
	if def, err = readFileArg(c, path, "a state machine definition (1 MB, as in AWS Step Functions)", asl.MaxDefinitionBytes); err != nil {
		return false, "", nil, err
	}
	return asJSON, path, def, nil
}

// definitionProblems parses a definition and returns every problem found,
// none for a valid one.
func definitionProblems(def []byte) []value.Problem {
	_, err := asl.Parse(def)
	if err == nil {
		return nil
	}
	var list asl.DefinitionErrors
	if errors.As(err, &list) {
		return list
	}
	return []value.Problem{{Message: err.Error()}}
}
