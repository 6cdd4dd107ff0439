package connect

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
)

var envVars = []string{
	"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_TLS",
	"TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_CERT_DATA", "TEMPORAL_TLS_CLIENT_KEY_PATH",
	"TEMPORAL_TLS_CLIENT_KEY_DATA", "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_SERVER_CA_CERT_DATA",
	"TEMPORAL_TLS_SERVER_NAME", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION",
}

// clearEnv removes the connection variables for the test, so a developer's
// shell does not leak into it.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, name := range envVars {
		t.Setenv(name, "") // restores the old value after the test
		require.NoError(t, os.Unsetenv(name))
	}
}

// run parses args with the connection flags and calls fn in the action.
func run(t *testing.T, args []string, fn func(c *cli.Context) error) error {
	t.Helper()
	app := &cli.App{Name: "test", Flags: Flags(), Action: fn}
	return app.Run(append([]string{"test"}, args...))
}

// options parses args and returns what Options builds.
func options(t *testing.T, args ...string) (client.Options, error) {
	t.Helper()
	var opts client.Options
	var optErr error
	require.NoError(t, run(t, args, func(c *cli.Context) error {
		opts, optErr = Options(c, nil)
		return nil
	}))
	return opts, optErr
}

// apiKeyOf extracts the key the credentials send; the SDK's API key
// credentials are a func(context.Context) (string, error).
func apiKeyOf(t *testing.T, cred client.Credentials) string {
	t.Helper()
	require.NotNil(t, cred)
	fn := reflect.ValueOf(cred)
	require.Equal(t, reflect.Func, fn.Kind(), "API key credentials are a callback")
	out := fn.Call([]reflect.Value{reflect.ValueOf(context.Background())})
	require.True(t, out[1].IsNil())
	return out[0].String()
}

func TestOptionsFlagsAndEnv(t *testing.T) {
	tests := []struct {
		name          string
		env           map[string]string
		args          []string
		wantHost      string
		wantNamespace string
		wantKey       string
		wantTLS       bool
		wantTLSOff    bool
	}{
		{name: "defaults", wantHost: "127.0.0.1:7233", wantNamespace: "default"},
		{name: "flags", args: []string{"--address", "temporal:7233", "-n", "orders"},
			wantHost: "temporal:7233", wantNamespace: "orders"},
		{name: "env", env: map[string]string{"TEMPORAL_ADDRESS": "env:1", "TEMPORAL_NAMESPACE": "envns"},
			wantHost: "env:1", wantNamespace: "envns"},
		{name: "flag beats env", env: map[string]string{"TEMPORAL_NAMESPACE": "envns"}, args: []string{"--namespace", "flagns"},
			wantHost: "127.0.0.1:7233", wantNamespace: "flagns"},
		{name: "api key enables TLS", args: []string{"--api-key", "secret"},
			wantHost: "127.0.0.1:7233", wantNamespace: "default", wantKey: "secret", wantTLS: true},
		{name: "api key from env", env: map[string]string{"TEMPORAL_API_KEY": "k2"},
			wantHost: "127.0.0.1:7233", wantNamespace: "default", wantKey: "k2", wantTLS: true},
		{name: "api key with tls=false", args: []string{"--api-key", "secret", "--tls=false"},
			wantHost: "127.0.0.1:7233", wantNamespace: "default", wantKey: "secret", wantTLSOff: true},
		{name: "TEMPORAL_TLS=false with api key", env: map[string]string{"TEMPORAL_TLS": "false", "TEMPORAL_API_KEY": "k"},
			wantHost: "127.0.0.1:7233", wantNamespace: "default", wantKey: "k", wantTLSOff: true},
		{name: "tls flag", args: []string{"--tls"}, wantHost: "127.0.0.1:7233", wantNamespace: "default", wantTLS: true},
		{name: "TEMPORAL_TLS=true", env: map[string]string{"TEMPORAL_TLS": "true"},
			wantHost: "127.0.0.1:7233", wantNamespace: "default", wantTLS: true},
		{name: "server name implies TLS", args: []string{"--tls-server-name", "x.example"},
			wantHost: "127.0.0.1:7233", wantNamespace: "default", wantTLS: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			opts, err := options(t, tt.args...)
			require.NoError(t, err)
			assert.Equal(t, tt.wantHost, opts.HostPort)
			assert.Equal(t, tt.wantNamespace, opts.Namespace)
			assert.NotNil(t, opts.Logger)
			if tt.wantKey != "" {
				assert.Equal(t, tt.wantKey, apiKeyOf(t, opts.Credentials))
			} else {
				assert.Nil(t, opts.Credentials)
			}
			assert.Equal(t, tt.wantTLS, opts.ConnectionOptions.TLS != nil, "TLS config")
			assert.Equal(t, tt.wantTLSOff, opts.ConnectionOptions.TLSDisabled, "TLSDisabled")
		})
	}
}

// testPKI is a CA plus a server and a client certificate it signed, written
// as PEM files into a temporary directory.
type testPKI struct {
	dir                                string
	caPath, serverCert, serverKey      string
	clientCert, clientKey              string
	caPool                             *x509.CertPool
	serverPair                         tls.Certificate
	clientCertPEM, clientKeyPEM, caPEM []byte
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	dir := t.TempDir()
	p := &testPKI{dir: dir}

	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	caCert, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	p.caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	p.caPool = x509.NewCertPool()
	p.caPool.AddCert(caCert)

	issue := func(serial int64, name string, usage x509.ExtKeyUsage, dns []string, ips []net.IP) (certPEM, keyPEM []byte) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		require.NoError(t, err)
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
			DNSNames: dns, IPAddresses: ips,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
		require.NoError(t, err)
		keyDER, err := x509.MarshalECPrivateKey(key)
		require.NoError(t, err)
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	}
	serverCertPEM, serverKeyPEM := issue(2, "temporal.test", x509.ExtKeyUsageServerAuth, []string{"temporal.test"}, nil)
	p.clientCertPEM, p.clientKeyPEM = issue(3, "worker", x509.ExtKeyUsageClientAuth, nil, nil)
	p.serverPair, err = tls.X509KeyPair(serverCertPEM, serverKeyPEM)
	require.NoError(t, err)

	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o600))
		return path
	}
	p.caPath = write("ca.pem", p.caPEM)
	p.serverCert = write("server.pem", serverCertPEM)
	p.serverKey = write("server-key.pem", serverKeyPEM)
	p.clientCert = write("client.pem", p.clientCertPEM)
	p.clientKey = write("client-key.pem", p.clientKeyPEM)
	return p
}

func TestOptionsTLSConfig(t *testing.T) {
	pki := newTestPKI(t)
	t.Run("mTLS from files", func(t *testing.T) {
		clearEnv(t)
		opts, err := options(t, "--tls-cert-path", pki.clientCert, "--tls-key-path", pki.clientKey,
			"--tls-ca-path", pki.caPath, "--tls-server-name", "temporal.test")
		require.NoError(t, err)
		conf := opts.ConnectionOptions.TLS
		require.NotNil(t, conf)
		assert.Len(t, conf.Certificates, 1)
		assert.Equal(t, "temporal.test", conf.ServerName)
		require.NotNil(t, conf.RootCAs)
		assert.True(t, conf.RootCAs.Equal(pki.caPool), "RootCAs holds the test CA")
		assert.False(t, conf.InsecureSkipVerify)
	})
	t.Run("mTLS from env data", func(t *testing.T) {
		clearEnv(t)
		t.Setenv("TEMPORAL_TLS_CLIENT_CERT_DATA", string(pki.clientCertPEM))
		t.Setenv("TEMPORAL_TLS_CLIENT_KEY_DATA", string(pki.clientKeyPEM))
		t.Setenv("TEMPORAL_TLS_SERVER_CA_CERT_DATA", string(pki.caPEM))
		opts, err := options(t)
		require.NoError(t, err)
		conf := opts.ConnectionOptions.TLS
		require.NotNil(t, conf)
		assert.Len(t, conf.Certificates, 1)
		assert.True(t, conf.RootCAs.Equal(pki.caPool))
	})
	t.Run("disable host verification", func(t *testing.T) {
		clearEnv(t)
		t.Setenv("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION", "true")
		opts, err := options(t)
		require.NoError(t, err)
		require.NotNil(t, opts.ConnectionOptions.TLS)
		assert.True(t, opts.ConnectionOptions.TLS.InsecureSkipVerify)
	})

	errorCases := []struct {
		name string
		args []string
		want string
	}{
		{"cert without key", []string{"--tls-cert-path", pki.clientCert}, "needs its private key"},
		{"key without cert", []string{"--tls-key-path", pki.clientKey}, "needs its certificate"},
		{"missing file", []string{"--tls-ca-path", filepath.Join(pki.dir, "nope.pem")}, "--tls-ca-path"},
		{"CA not PEM", []string{"--tls-ca-data", "not a certificate"}, "holds no PEM certificate"},
		{"mismatched pair", []string{"--tls-cert-path", pki.clientCert, "--tls-key-path", pki.serverKey}, "loading the client certificate"},
		{"path and data", []string{"--tls-cert-path", pki.clientCert, "--tls-cert-data", "x"}, "set only one of"},
		{"tls=false with certs", []string{"--tls=false", "--tls-ca-path", pki.caPath}, "conflicts"},
	}
	for _, tt := range errorCases {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			_, err := options(t, tt.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// fakeFrontend answers the two calls client.Dial makes and records the
// authorization header it was sent.
type fakeFrontend struct {
	workflowservice.UnimplementedWorkflowServiceServer
	auth chan []string
}

func (f *fakeFrontend) GetSystemInfo(ctx context.Context, _ *workflowservice.GetSystemInfoRequest) (*workflowservice.GetSystemInfoResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	select {
	case f.auth <- md.Get("authorization"):
	default:
	}
	return &workflowservice.GetSystemInfoResponse{}, nil
}

// TestDialMTLSWithAPIKey dials a TLS gRPC server that requires a client
// certificate signed by the test CA, proving the built TLS config and the
// API key credentials work on the wire.
func TestDialMTLSWithAPIKey(t *testing.T) {
	clearEnv(t)
	pki := newTestPKI(t)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := grpc.NewServer(grpc.Creds(credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{pki.serverPair},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pki.caPool,
		MinVersion:   tls.VersionTLS12,
	})))
	front := &fakeFrontend{auth: make(chan []string, 1)}
	workflowservice.RegisterWorkflowServiceServer(srv, front)
	healthpb.RegisterHealthServer(srv, health.NewServer())
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)

	err = run(t, []string{"--address", lis.Addr().String(), "--api-key", "sekret",
		"--tls-cert-path", pki.clientCert, "--tls-key-path", pki.clientKey,
		"--tls-ca-path", pki.caPath, "--tls-server-name", "temporal.test"}, func(c *cli.Context) error {
		cl, err := Dial(c, nil)
		if err != nil {
			return err
		}
		cl.Close()
		return nil
	})
	require.NoError(t, err)
	select {
	case got := <-front.auth:
		assert.Equal(t, []string{"Bearer sekret"}, got)
	case <-time.After(10 * time.Second):
		t.Fatal("the server saw no GetSystemInfo call")
	}

	// Without the client certificate the server refuses the handshake.
	err = run(t, []string{"--address", lis.Addr().String(), "--tls-ca-path", pki.caPath,
		"--tls-server-name", "temporal.test"}, func(c *cli.Context) error {
		ctx, cancel := context.WithTimeout(c.Context, 5*time.Second)
		defer cancel()
		c.Context = ctx
		cl, err := Dial(c, nil)
		if err == nil {
			cl.Close()
		}
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connecting to Temporal at")
}
