package connect

import (
	"context"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// routingHeaders are the gRPC headers the Temporal SDK fills from request
// fields (the namespace, and "workflow:<ID>" for calls about a workflow)
// so that a proxy can route a call without decoding it.
var routingHeaders = []string{"temporal-resource-id", "temporal-namespace"}

// SafeHeaders is a gRPC dial option that keeps the SDK's routing headers
// printable ASCII. The SDK copies a workflow ID into the
// temporal-resource-id header, and gRPC refuses to send a header value
// holding anything but printable ASCII, so a workflow whose ID is an
// execution name such as "café" (which AWS accepts) could be neither
// started nor served. The interceptor runs after the SDK's and
// percent-encodes such values (UTF-8 bytes as %XX, and "%" itself), which
// keeps them distinct and stable for routing; the request itself, which
// carries the ID as protobuf, is untouched.
func SafeHeaders() grpc.DialOption {
	return grpc.WithChainUnaryInterceptor(safeHeaders)
}

func safeHeaders(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if md, ok := metadata.FromOutgoingContext(ctx); ok {
		changed := false
		for _, k := range routingHeaders {
			vals := md.Get(k)
			for i, v := range vals {
				if !printableASCII(v) {
					vals[i], changed = escapeHeader(v), true
				}
			}
		}
		if changed {
			ctx = metadata.NewOutgoingContext(ctx, md)
		}
	}
	return invoker(ctx, method, req, reply, cc, opts...)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// escapeHeader percent-encodes every byte of s outside printable ASCII, and
// "%", so that different values stay different.
func escapeHeader(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '%' {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
