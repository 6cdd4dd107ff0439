package devserver

import (
	"context"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/primitives"
)

// With --ip 0.0.0.0 only the frontend is exposed: history, matching and the
// internal worker service have no authentication and stay on loopback.
func TestServerConfigBindsInternalServicesToLoopback(t *testing.T) {
	tests := []struct{ ip, internal, public string }{
		{"0.0.0.0", "127.0.0.1", "127.0.0.1"},
		{"127.0.0.1", "127.0.0.1", "127.0.0.1"},
		{"::", "::1", "::1"},
	}
	for _, tt := range tests {
		t.Run(tt.ip, func(t *testing.T) {
			if tt.internal == "::1" && !hasIPv6Loopback() {
				t.Skip("no IPv6 loopback")
			}
			cfg, hosts, err := serverConfig(tt.ip, 7233, &config.SQL{})
			require.NoError(t, err)
			assert.Equal(t, tt.ip, cfg.Services["frontend"].RPC.BindOnIP)
			assert.Positive(t, cfg.Services["frontend"].RPC.HTTPPort)
			for _, svc := range []string{"history", "matching", "worker"} {
				assert.Equal(t, tt.internal, cfg.Services[svc].RPC.BindOnIP, svc)
				assert.Zero(t, cfg.Services[svc].RPC.HTTPPort, svc)
			}
			assert.Equal(t, tt.internal, cfg.Global.Membership.BroadcastAddress)
			for svc, h := range hosts {
				host, _, err := net.SplitHostPort(h.Self)
				require.NoError(t, err)
				want := tt.internal
				if svc == primitives.FrontendService {
					want = tt.public
				}
				assert.Equal(t, want, host, svc)
			}
		})
	}
}

func hasIPv6Loopback() bool {
	l, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		return false
	}
	_ = l.Close()
	return true
}

// The same, checked on a running server: the sockets this process listens
// on for every interface are the frontend's gRPC and HTTP ports and the
// UI's, nothing else.
func TestWildcardIPExposesOnlyFrontendAndUI(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	if testing.Short() {
		t.Skip("starts a Temporal server")
	}
	port, err := FreePort("0.0.0.0")
	require.NoError(t, err)
	uiPort, err := FreePort("0.0.0.0")
	require.NoError(t, err)
	before := listeners(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Start(ctx, Options{DBFile: filepath.Join(t.TempDir(), "dev.db"), IP: "0.0.0.0", Port: port, UIPort: uiPort})
	require.NoError(t, err)
	defer func() { assert.NoError(t, s.Stop()) }()

	var wildcard []int
	loop := 0
	for addr := range listeners(t) {
		if before[addr] {
			continue
		}
		host, p, _ := net.SplitHostPort(addr)
		n, _ := strconv.Atoi(p)
		switch host {
		case "0.0.0.0", "::":
			wildcard = append(wildcard, n)
		case "127.0.0.1", "::1":
			loop++
		default:
			t.Errorf("unexpected listener %s", addr)
		}
	}
	assert.Len(t, wildcard, 3, "frontend gRPC, frontend HTTP and UI: %v", wildcard)
	assert.Contains(t, wildcard, port)
	assert.Contains(t, wildcard, uiPort)
	assert.GreaterOrEqual(t, loop, 3, "history, matching and worker listen on loopback")
}

// listeners returns the TCP addresses this process listens on, from
// /proc/net/tcp{,6} and the sockets among its file descriptors.
func listeners(t *testing.T) map[string]bool {
	t.Helper()
	inodes := map[string]bool{}
	fds, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(link, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	out := map[string]bool{}
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) < 10 || f[3] != "0A" || !inodes[f[9]] { // 0A: LISTEN
				continue
			}
			hostHex, portHex, _ := strings.Cut(f[1], ":")
			p, _ := strconv.ParseUint(portHex, 16, 16)
			raw, _ := hex.DecodeString(hostHex)
			// The kernel prints each 32-bit word in host (little-endian) order.
			for i := 0; i+4 <= len(raw); i += 4 {
				raw[i], raw[i+1], raw[i+2], raw[i+3] = raw[i+3], raw[i+2], raw[i+1], raw[i]
			}
			out[net.JoinHostPort(net.IP(raw).String(), strconv.Itoa(int(p)))] = true
		}
	}
	return out
}
