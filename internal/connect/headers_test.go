package connect

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

func TestEscapeHeader(t *testing.T) {
	for in, want := range map[string]string{
		"workflow:order-1":  "workflow:order-1",
		"workflow:café":     "workflow:caf%C3%A9",
		"workflow:50%":      "workflow:50%25",
		"workflow:a\x7fb\n": "workflow:a%7Fb%0A",
	} {
		assert.Equal(t, want, escapeHeader(in), in)
	}
}

func TestSafeHeaders(t *testing.T) {
	var sent metadata.MD
	invoker := func(ctx context.Context, _ string, _, _ any, _ *grpc.ClientConn, _ ...grpc.CallOption) error {
		sent, _ = metadata.FromOutgoingContext(ctx)
		return nil
	}
	ctx := metadata.AppendToOutgoingContext(context.Background(),
		"temporal-resource-id", "workflow:café", "temporal-namespace", "default", "authorization", "Bearer k")
	require.NoError(t, safeHeaders(ctx, "/m", nil, nil, nil, invoker))
	assert.Equal(t, []string{"workflow:caf%C3%A9"}, sent.Get("temporal-resource-id"))
	assert.Equal(t, []string{"default"}, sent.Get("temporal-namespace"))
	assert.Equal(t, []string{"Bearer k"}, sent.Get("authorization"))

	plain := metadata.AppendToOutgoingContext(context.Background(), "temporal-resource-id", "workflow:x")
	require.NoError(t, safeHeaders(plain, "/m", nil, nil, nil, invoker))
	assert.Equal(t, []string{"workflow:x"}, sent.Get("temporal-resource-id"))
}
