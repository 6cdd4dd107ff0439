package connect

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"github.com/aslworker/aslworker/workflows"
	"log/slog"
	"os"

	"github.com/urfave/cli/v2"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
)

// Flag names, exported so commands can read them (for example to print the
// namespace in a Web UI link).
const (
	FlagAddress                    = "address"
	FlagNamespace                  = "namespace"
	FlagAPIKey                     = "api-key"
	FlagTLS                        = "tls"
	FlagTLSCertPath                = "tls-cert-path"
	FlagTLSCertData                = "tls-cert-data"
	FlagTLSKeyPath                 = "tls-key-path"
	FlagTLSKeyData                 = "tls-key-data"
	FlagTLSCAPath                  = "tls-ca-path"
	FlagTLSCAData                  = "tls-ca-data"
	FlagTLSServerName              = "tls-server-name"
	FlagTLSDisableHostVerification = "tls-disable-host-verification"
)

// Defaults, as in the temporal CLI.
const (
	DefaultAddress   = "127.0.0.1:7233"
	DefaultNamespace = "default"
)

const category = "Temporal connection"

// Flags returns the connection flags. Each call returns new flag values, so
// several apps (or tests) can use them independently.
func Flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: FlagAddress, Category: category, Value: DefaultAddress, EnvVars: []string{"TEMPORAL_ADDRESS"},
			Usage: "Temporal frontend `HOST:PORT`"},
		&cli.StringFlag{Name: FlagNamespace, Aliases: []string{"n"}, Category: category, Value: DefaultNamespace,
			EnvVars: []string{"TEMPORAL_NAMESPACE"}, Usage: "Temporal `NAMESPACE`"},
		&cli.StringFlag{Name: FlagAPIKey, Category: category, EnvVars: []string{"TEMPORAL_API_KEY"},
			Usage: "API `KEY` sent as a bearer token (enables TLS unless --tls=false)"},
		&cli.BoolFlag{Name: FlagTLS, Category: category, EnvVars: []string{"TEMPORAL_TLS"},
			Usage: "connect with TLS (implied by the other --tls-* options and by --api-key)"},
		&cli.StringFlag{Name: FlagTLSCertPath, Category: category, EnvVars: []string{"TEMPORAL_TLS_CLIENT_CERT_PATH"},
			Usage: "client certificate `FILE` (PEM) for mTLS"},
		&cli.StringFlag{Name: FlagTLSCertData, Category: category, EnvVars: []string{"TEMPORAL_TLS_CLIENT_CERT_DATA"},
			Usage: "client certificate `PEM` data, instead of --tls-cert-path"},
		&cli.StringFlag{Name: FlagTLSKeyPath, Category: category, EnvVars: []string{"TEMPORAL_TLS_CLIENT_KEY_PATH"},
			Usage: "client private key `FILE` (PEM) for mTLS"},
		&cli.StringFlag{Name: FlagTLSKeyData, Category: category, EnvVars: []string{"TEMPORAL_TLS_CLIENT_KEY_DATA"},
			Usage: "client private key `PEM` data, instead of --tls-key-path"},
		&cli.StringFlag{Name: FlagTLSCAPath, Category: category, EnvVars: []string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH"},
			Usage: "CA certificate `FILE` (PEM) that signed the server certificate"},
		&cli.StringFlag{Name: FlagTLSCAData, Category: category, EnvVars: []string{"TEMPORAL_TLS_SERVER_CA_CERT_DATA"},
			Usage: "CA certificate `PEM` data, instead of --tls-ca-path"},
		&cli.StringFlag{Name: FlagTLSServerName, Category: category, EnvVars: []string{"TEMPORAL_TLS_SERVER_NAME"},
			Usage: "server `NAME` expected in the server certificate (default: the host of --address)"},
		&cli.BoolFlag{Name: FlagTLSDisableHostVerification, Category: category,
			EnvVars: []string{"TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"},
			Usage:   "do not verify the server certificate (insecure; for testing only)"},
	}
}

// Options builds SDK client options from the connection flags. The logger
// (nil means slog.Default()) becomes the SDK's logger. The connection keeps
// the SDK's routing headers sendable whatever the workflow IDs (see
// SafeHeaders).
func Options(c *cli.Context, logger *slog.Logger) (client.Options, error) {
	if logger == nil {
		logger = slog.Default()
	}
	opts := client.Options{
		HostPort:  c.String(FlagAddress),
		Namespace: c.String(FlagNamespace),
		Logger:    log.NewStructuredLogger(logger),
		// A workflow input that does not decode fails its execution with
		// an ASL error rather than an SDK one.
		DataConverter: workflows.DataConverter(),
	}
	opts.ConnectionOptions.DialOptions = append(opts.ConnectionOptions.DialOptions, SafeHeaders())
	if key := c.String(FlagAPIKey); key != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(key)
	}
	tlsConfig, err := tlsConfig(c)
	if err != nil {
		return client.Options{}, err
	}
	switch {
	case tlsConfig != nil:
		opts.ConnectionOptions.TLS = tlsConfig
	case c.IsSet(FlagTLS) && !c.Bool(FlagTLS):
		// An API key makes the SDK turn TLS on by itself; an explicit
		// --tls=false (a local server behind a plain-text proxy) wins.
		opts.ConnectionOptions.TLSDisabled = true
	}
	return opts, nil
}

// Dial connects to Temporal with the options Options builds.
func Dial(c *cli.Context, logger *slog.Logger) (client.Client, error) {
	opts, err := Options(c, logger)
	if err != nil {
		return nil, err
	}
	cl, err := client.DialContext(c.Context, opts)
	if err != nil {
		return nil, fmt.Errorf("connecting to Temporal at %s (namespace %q): %w", opts.HostPort, opts.Namespace, err)
	}
	return cl, nil
}

// tlsConfig returns the TLS configuration the flags ask for, or nil for a
// plain-text connection (or one where the SDK's own API-key default applies).
func tlsConfig(c *cli.Context) (*tls.Config, error) {
	certPEM, err := pemOption(c, FlagTLSCertPath, FlagTLSCertData)
	if err != nil {
		return nil, err
	}
	keyPEM, err := pemOption(c, FlagTLSKeyPath, FlagTLSKeyData)
	if err != nil {
		return nil, err
	}
	caPEM, err := pemOption(c, FlagTLSCAPath, FlagTLSCAData)
	if err != nil {
		return nil, err
	}
	serverName := c.String(FlagTLSServerName)
	skipVerify := c.Bool(FlagTLSDisableHostVerification)

	explicitOff := c.IsSet(FlagTLS) && !c.Bool(FlagTLS)
	wanted := c.Bool(FlagTLS) || certPEM != nil || keyPEM != nil || caPEM != nil || serverName != "" || skipVerify ||
		(c.String(FlagAPIKey) != "" && !explicitOff)
	if !wanted {
		return nil, nil
	}
	if explicitOff {
		return nil, errors.New("--tls=false conflicts with the --tls-* certificate options; drop one of them")
	}

	conf := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		ServerName:         serverName,
		InsecureSkipVerify: skipVerify, //nolint:gosec // only on explicit request
	}
	switch {
	case certPEM != nil && keyPEM != nil:
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("loading the client certificate and key: %w", err)
		}
		conf.Certificates = []tls.Certificate{pair}
	case certPEM != nil:
		return nil, fmt.Errorf("a client certificate needs its private key: set --%s or --%s", FlagTLSKeyPath, FlagTLSKeyData)
	case keyPEM != nil:
		return nil, fmt.Errorf("a client key needs its certificate: set --%s or --%s", FlagTLSCertPath, FlagTLSCertData)
	}
	if caPEM != nil {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("the server CA (--%s/--%s) holds no PEM certificate", FlagTLSCAPath, FlagTLSCAData)
		}
		conf.RootCAs = pool
	}
	return conf, nil
}

// pemOption reads a PEM option given either as a file path or as inline
// data; nil means neither is set.
func pemOption(c *cli.Context, pathFlag, dataFlag string) ([]byte, error) {
	path, data := c.String(pathFlag), c.String(dataFlag)
	switch {
	case path != "" && data != "":
		return nil, fmt.Errorf("set only one of --%s and --%s", pathFlag, dataFlag)
	case path != "":
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", pathFlag, err)
		}
		return b, nil
	case data != "":
		return []byte(data), nil
	}
	return nil, nil
}
