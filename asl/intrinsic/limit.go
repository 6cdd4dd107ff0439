package intrinsic

import (
	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/value"
)

// Limits is implemented by an Env that bounds the size of the values
// evaluation builds: the run's payload limit (AWS's 256 KiB by default).
type Limits interface {
	// MaxPayloadBytes is the length, in bytes of JSON text, that no
	// function result may exceed; 0 or less: no payload limit.
	MaxPayloadBytes() int
}

// HardMaxBytes bounds what a function may build when the Env sets no
// payload limit (nil, no Limits, or a limit of 0): not an AWS rule but a
// memory bound, so that no nesting of calls can build gigabytes.
const HardMaxBytes = 64 << 20

// foldLimit bounds the results Parse computes ahead of time: AWS's default
// payload limit. A call whose literal arguments would give more is left to
// run time, where the run's own limit applies and reports it.
const foldLimit = 256 * 1024

// maxBytes is the size bound for results evaluated in env.
func maxBytes(env Env) int {
	if l, ok := env.(Limits); ok {
		if n := l.MaxPayloadBytes(); n > 0 {
			return n
		}
	}
	return HardMaxBytes
}

// overLimit reports whether v's JSON text is longer than lim bytes; it
// stops counting at lim, so it costs at most the first lim bytes' worth.
func overLimit(v any, lim int) bool { return value.Size(v, lim) > lim }

// tooLarge is the error of a function whose result would be longer than
// the limit: States.DataLimitExceeded, the error AWS gives a payload over
// its size limit, with a cause naming the function and the limit.
func tooLarge(name string, lim int) error {
	return failure.New(failure.DataLimitExceeded,
		"The result of %s would be larger than the maximum payload size of %d bytes.", name, lim)
}

// foldEnv is the Env of the evaluation Parse does ahead of time: only
// deterministic calls are folded, so it never hands out randomness.
type foldEnv struct{}

func (foldEnv) UUID() string         { panic("intrinsic: a folded call drew a UUID") }
func (foldEnv) Random() float64      { panic("intrinsic: a folded call drew a random number") }
func (foldEnv) MaxPayloadBytes() int { return foldLimit }
