# aslworker: the ASL interpreter as a Temporal worker.
#
#   docker build -t aslworker .
#   docker run --rm -e TEMPORAL_ADDRESS=temporal.example.com:7233 aslworker
#
# The binary also links the embedded Temporal server for `aslworker dev`, so
# the build stage compiles the whole server: allow Docker about 3 GB of memory
# for the link step and a few minutes on a cold cache.

# The toolchain is the one go.mod names (deploy/compose_test.go checks it).
FROM golang:1.26.8 AS build
ENV GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
WORKDIR /src

# Modules first, so editing the sources does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download

COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/aslworker ./cmd/aslworker

# A static binary needs only CA certificates (TLS to the cluster) and zone data.
FROM alpine:3.24 AS runtime
RUN apk add --no-cache ca-certificates tzdata && \
    adduser -D -u 10001 aslworker
COPY --from=build /out/aslworker /usr/local/bin/aslworker
USER aslworker
WORKDIR /home/aslworker
ENTRYPOINT ["/usr/local/bin/aslworker"]
