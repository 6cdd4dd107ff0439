package devserver

import (
	"bytes"
	"errors"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.temporal.io/server/common/log/tag"
)

func TestServerLogger(t *testing.T) {
	var buf bytes.Buffer
	level := new(slog.LevelVar)
	level.Set(slog.LevelWarn)
	l := &serverLogger{out: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), level: level}

	l.Info("dropped", tag.NewStringTag("k", "v"))
	assert.Empty(t, buf.String(), "below the server level")

	l.With(tag.NewStringTag("component", "history")).Error("boom", tag.Error(errors.New("disk full")), tag.NewInt("shard", 1))
	assert.Equal(t, "level=ERROR msg=boom component=history error=\"disk full\" shard=1\n", stripTime(buf.String()))

	buf.Reset()
	l.Fatal("not fatal here")
	assert.Contains(t, buf.String(), "level=ERROR msg=\"not fatal here\"", "Fatal must not exit the process")
}

func stripTime(s string) string {
	if i := bytes.IndexByte([]byte(s), ' '); i >= 0 && len(s) > 5 && s[:5] == "time=" {
		return s[i+1:]
	}
	return s
}
