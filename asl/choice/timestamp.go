package choice

import "github.com/aslworker/aslworker/asl/timestamp"

// instant is a parsed timestamp; see package timestamp.
type instant = timestamp.Instant

func parseTimestamp(s string) (instant, bool) { return timestamp.Parse(s) }
