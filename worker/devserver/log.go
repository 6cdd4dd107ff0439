package devserver

import (
	"context"
	"log/slog"

	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/log/tag"
	"go.uber.org/zap/zapcore"
)

// serverLogger adapts the server's tag-based log.Logger to a *slog.Logger.
// Messages below level are dropped before their tags are converted: the
// server logs a great deal at info level, and a dev server should stay quiet.
type serverLogger struct {
	out   *slog.Logger
	level *slog.LevelVar
}

var (
	_ log.Logger     = (*serverLogger)(nil)
	_ log.WithLogger = (*serverLogger)(nil)
)

func (l *serverLogger) Debug(msg string, tags ...tag.Tag) { l.log(slog.LevelDebug, msg, tags) }
func (l *serverLogger) Info(msg string, tags ...tag.Tag)  { l.log(slog.LevelInfo, msg, tags) }
func (l *serverLogger) Warn(msg string, tags ...tag.Tag)  { l.log(slog.LevelWarn, msg, tags) }
func (l *serverLogger) Error(msg string, tags ...tag.Tag) { l.log(slog.LevelError, msg, tags) }

// DPanic, Panic and Fatal are logged as errors: an embedded server must not
// take the hosting process down through its logger.
func (l *serverLogger) DPanic(msg string, tags ...tag.Tag) { l.log(slog.LevelError, msg, tags) }
func (l *serverLogger) Panic(msg string, tags ...tag.Tag)  { l.log(slog.LevelError, msg, tags) }
func (l *serverLogger) Fatal(msg string, tags ...tag.Tag)  { l.log(slog.LevelError, msg, tags) }

// With returns a logger that prepends tags to every message.
func (l *serverLogger) With(tags ...tag.Tag) log.Logger {
	return &serverLogger{out: l.out.With(attrs(tags)...), level: l.level}
}

func (l *serverLogger) log(level slog.Level, msg string, tags []tag.Tag) {
	if level < l.level.Level() || !l.out.Enabled(context.Background(), level) {
		return
	}
	l.out.Log(context.Background(), level, msg, attrs(tags)...)
}

// attrs converts tags to slog arguments. Zap tags are encoded the way zap
// would encode them, so an error becomes its message rather than a struct.
func attrs(tags []tag.Tag) []any {
	out := make([]any, 0, len(tags))
	for _, t := range tags {
		out = append(out, slog.Any(t.Key(), tagValue(t)))
	}
	return out
}

func tagValue(t tag.Tag) any {
	zt, ok := t.(tag.ZapTag)
	if !ok {
		return t.Value()
	}
	f := zt.Field()
	enc := zapcore.NewMapObjectEncoder()
	f.AddTo(enc)
	if v, ok := enc.Fields[f.Key]; ok {
		return v
	}
	return t.Value()
}
