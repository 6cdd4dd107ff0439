package devserver

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uioptions "github.com/temporalio/ui-server/v2/server/server_options"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

// Defaults, the same as `temporal server start-dev`.
const (
	DefaultIP        = "127.0.0.1"
	DefaultPort      = 7233
	DefaultNamespace = "default"
	// UIPortOffset is the usual distance between the frontend port and the
	// Web UI port (7233 -> 8233).
	UIPortOffset = 1000
	// UIDisabled as Options.UIPort runs the server without the Web UI.
	UIDisabled = -1
)

// clusterName is the name of the single cluster; it is stored in the
// database, so it must never change.
const clusterName = "active"

// startTimeout bounds how long Start waits for the frontend and the UI to
// answer after the services were started.
const startTimeout = 60 * time.Second

// Options configure Start.
type Options struct {
	// DBFile is the SQLite database file; required. It is created with the
	// schema and the namespace when it does not exist, and its directory is
	// created too.
	DBFile string
	// IP is the address the frontend (gRPC and HTTP API) and the Web UI bind
	// to; "" means 127.0.0.1. With 0.0.0.0 or :: they listen on every
	// interface and the addresses the server reports use the loopback
	// address. The history, matching and internal worker services always
	// listen on the loopback address.
	IP string
	// Port is the frontend gRPC port; 0 means 7233.
	Port int
	// UIPort is the Web UI's HTTP port: 0 picks a free port, UIDisabled (-1)
	// runs without the UI. Command lines usually default it to
	// Port+UIPortOffset.
	UIPort int
	// Namespace is created at first start; "" means "default".
	Namespace string
	// SearchAttributes are registered in Namespace at every start (attributes
	// already present are left alone). SQLite visibility has a fixed number
	// of columns per type (10 Keyword, 3 of each other type).
	SearchAttributes map[string]enumspb.IndexedValueType
	// Logger receives the server's and the UI's logs; nil discards them.
	Logger *slog.Logger
	// ServerLogLevel is the least severe server message that reaches Logger;
	// nil means slog.LevelWarn (the server is chatty at info level).
	ServerLogLevel slog.Leveler
}

// Server is a running dev server.
type Server struct {
	server    temporal.Server
	ui        *uiserver.Server
	frontend  string
	uiURL     string
	namespace string
	level     *slog.LevelVar

	stopOnce sync.Once
	stopErr  error
}

// Start starts the server, waits until its frontend answers for the
// namespace, registers the search attributes, and starts the UI. ctx bounds
// the start only; use Stop to shut the server down.
func Start(ctx context.Context, o Options) (*Server, error) {
	if o.DBFile == "" {
		return nil, errors.New("devserver: no database file given")
	}
	if o.IP == "" {
		o.IP = DefaultIP
	}
	if net.ParseIP(o.IP) == nil {
		return nil, fmt.Errorf("devserver: %q is not an IP address", o.IP)
	}
	if o.Port == 0 {
		o.Port = DefaultPort
	}
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	level := new(slog.LevelVar)
	level.Set(slog.LevelWarn)
	if o.ServerLogLevel != nil {
		level.Set(o.ServerLogLevel.Level())
	}

	// The frontend and UI ports are checked first for a clear message; the
	// UI server in particular exits the process when it cannot listen.
	var err error
	if err := checkFree(o.IP, o.Port); err != nil {
		return nil, fmt.Errorf("devserver: frontend port: %w", err)
	}
	uiPort := o.UIPort
	switch {
	case uiPort == UIDisabled:
	case uiPort == 0:
		if uiPort, err = FreePort(o.IP); err != nil {
			return nil, err
		}
	case uiPort < 0:
		return nil, fmt.Errorf("devserver: invalid UI port %d", uiPort)
	default:
		if err := checkFree(o.IP, uiPort); err != nil {
			return nil, fmt.Errorf("devserver: UI port: %w", err)
		}
	}

	sqlConf, err := prepareDatabase(o.DBFile, o.Namespace, o.SearchAttributes)
	if err != nil {
		return nil, err
	}

	s := &Server{
		frontend:  net.JoinHostPort(reachable(o.IP), strconv.Itoa(o.Port)),
		namespace: o.Namespace,
		level:     level,
	}
	serverLog := &serverLogger{out: logger.With("component", "temporal-server"), level: level}
	opts, err := serverOptions(o.IP, o.Port, sqlConf, serverLog)
	if err != nil {
		return nil, err
	}
	if s.server, err = temporal.NewServer(opts...); err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	if err := s.server.Start(); err != nil {
		// Release what did start (ports, the database).
		_ = s.Stop()
		return nil, fmt.Errorf("devserver: starting the server: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if err := s.ready(ctx, o.SearchAttributes, logger, level); err != nil {
		_ = s.Stop()
		return nil, err
	}
	if uiPort != UIDisabled {
		if err := s.startUI(ctx, o.IP, uiPort); err != nil {
			_ = s.Stop()
			return nil, err
		}
	}
	return s, nil
}

// FrontendAddress is the host:port clients dial.
func (s *Server) FrontendAddress() string { return s.frontend }

// Namespace is the namespace the server was started with.
func (s *Server) Namespace() string { return s.namespace }

// UIURL is the Web UI's base URL without a trailing slash, "" when the UI is
// disabled.
func (s *Server) UIURL() string { return s.uiURL }

// Stop stops the UI and the server. It is safe to call more than once.
// Stop workers and close clients connected to the server first, or the
// server logs their interrupted polls.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		// The server routinely warns while it shuts down; only errors matter.
		if s.level.Level() < slog.LevelError {
			s.level.Set(slog.LevelError)
		}
		if s.ui != nil {
			s.ui.Stop()
		}
		if s.server != nil {
			s.stopErr = s.server.Stop()
		}
	})
	return s.stopErr
}

// prepareDatabase creates the schema in a new file and the namespace if it
// does not exist yet, and returns the SQL configuration for the server.
func prepareDatabase(file, namespace string, attrs map[string]enumspb.IndexedValueType) (*config.SQL, error) {
	file, err := filepath.Abs(file)
	if err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	conf := &config.SQL{
		PluginName:   sqliteplugin.PluginName,
		DatabaseName: file,
		// Keys that are not SQLite URI parameters become pragmas. WAL lets
		// readers proceed during writes and is about three times faster
		// here than the default rollback journal.
		ConnectAttributes: map[string]string{
			"mode":         "rwc",
			"journal_mode": "wal",
			"synchronous":  "normal",
			"busy_timeout": "10000",
		},
	}
	info, err := os.Stat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist) || (err == nil && info.Size() == 0):
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return nil, fmt.Errorf("devserver: %w", err)
		}
		if err := sqliteschema.SetupSchema(conf); err != nil {
			// A half-created schema would be taken for a complete one at
			// the next start.
			removeDatabase(file)
			return nil, fmt.Errorf("devserver: creating the schema in %s: %w", file, err)
		}
	case err != nil:
		return nil, fmt.Errorf("devserver: %w", err)
	case info.IsDir():
		return nil, fmt.Errorf("devserver: %s is a directory, not a database file", file)
	}
	nsConf, err := sqliteschema.NewNamespaceConfig(clusterName, namespace, false, attrs)
	if err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	// A no-op when the namespace already exists.
	if err := sqliteschema.CreateNamespaces(conf, nsConf); err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	return conf, nil
}

func removeDatabase(file string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(file + suffix)
	}
}

// serverOptions composes the four services on one host with static
// membership: the frontend on the requested port, the others on free ports.
func serverOptions(ip string, port int, sqlConf *config.SQL, logger *serverLogger) ([]temporal.ServerOption, error) {
	cfg, hosts, err := serverConfig(ip, port, sqlConf)
	if err != nil {
		return nil, err
	}
	dynamic := dynamicconfig.StaticClient{
		// New search attributes are visible at once, not after a cache
		// refresh interval.
		dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key(): true,
		dynamicconfig.ForceNexusEndpointRefreshOnRead.Key():         true,
		// The dev machine has no reason to phone home.
		dynamicconfig.EnableServerVersionCheck.Key(): false,
		// A single user's UI lists executions often; the default visibility
		// rate limit (10/s) makes it stutter.
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
		dynamicconfig.FrontendPersistenceMaxQPS.Key():                    10000,
		dynamicconfig.HistoryPersistenceMaxQPS.Key():                     45000,
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key():                 8096,
	}
	return []temporal.ServerOption{
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorization.NewNoopAuthorizer()),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper {
			return authorization.NewNoopClaimMapper()
		}),
		temporal.WithDynamicConfigClient(dynamic),
	}, nil
}

// serverConfig is the configuration of the four services. Only the
// frontend (gRPC and its HTTP API) binds to ip; history, matching and the
// internal worker service, which have no authentication of their own and
// are never meant to be dialled from outside, bind to the loopback address
// whatever ip is, and membership announces them there.
func serverConfig(ip string, port int, sqlConf *config.SQL) (*config.Config, map[primitives.ServiceName]static.Hosts, error) {
	internal := loopback(ip)
	httpPort, err := FreePort(ip)
	if err != nil {
		return nil, nil, err
	}
	ports := make([]int, 3) // history, matching, worker
	for i := range ports {
		if ports[i], err = FreePort(internal); err != nil {
			return nil, nil, err
		}
	}
	historyPort, matchingPort, workerPort := ports[0], ports[1], ports[2]
	host := reachable(ip)
	public := func(p int) string { return net.JoinHostPort(host, strconv.Itoa(p)) }
	private := func(p int) string { return net.JoinHostPort(internal, strconv.Itoa(p)) }
	service := func(bind string, grpc, http int) config.Service {
		return config.Service{RPC: config.RPC{GRPCPort: grpc, HTTPPort: http, BindOnIP: bind}}
	}

	cfg := &config.Config{}
	cfg.Global.Membership.MaxJoinDuration = 30 * time.Second
	cfg.Global.Membership.BroadcastAddress = internal
	cfg.Persistence = config.Persistence{
		DefaultStore:     "sqlite",
		VisibilityStore:  "sqlite",
		NumHistoryShards: 1,
		DataStores:       map[string]config.DataStore{"sqlite": {SQL: sqlConf}},
	}
	cfg.ClusterMetadata = &cluster.Config{
		EnableGlobalNamespace:    false,
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{clusterName: {
			Enabled:                true,
			InitialFailoverVersion: 1,
			RPCAddress:             public(port),
			HTTPAddress:            public(httpPort),
			// Only used when the database has no cluster record yet.
			ClusterID: primitives.NewUUID().String(),
		}},
	}
	cfg.DCRedirectionPolicy.Policy = "noop"
	cfg.Services = map[string]config.Service{
		"frontend": service(ip, port, httpPort),
		"history":  service(internal, historyPort, 0),
		"matching": service(internal, matchingPort, 0),
		"worker":   service(internal, workerPort, 0),
	}
	cfg.Archival.History.State = "disabled"
	cfg.Archival.Visibility.State = "disabled"
	cfg.NamespaceDefaults.Archival.History.State = "disabled"
	cfg.NamespaceDefaults.Archival.Visibility.State = "disabled"
	// The server's own system workers dial this address.
	cfg.PublicClient.HostPort = public(port)

	hosts := map[primitives.ServiceName]static.Hosts{
		primitives.FrontendService: static.SingleLocalHost(public(port)),
		primitives.HistoryService:  static.SingleLocalHost(private(historyPort)),
		primitives.MatchingService: static.SingleLocalHost(private(matchingPort)),
		primitives.WorkerService:   static.SingleLocalHost(private(workerPort)),
	}
	return cfg, hosts, nil
}

// ready waits until the frontend serves the namespace, then registers the
// search attributes the namespace lacks.
func (s *Server) ready(ctx context.Context, attrs map[string]enumspb.IndexedValueType, logger *slog.Logger, level slog.Leveler) error {
	c, err := client.NewLazyClient(client.Options{
		HostPort:  s.frontend,
		Namespace: s.namespace,
		Logger:    sdklog.NewStructuredLogger(slog.New(&minLevel{logger.Handler(), level})),
	})
	if err != nil {
		return fmt.Errorf("devserver: %w", err)
	}
	defer c.Close()

	svc := c.WorkflowService()
	for {
		_, err = svc.DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: s.namespace})
		if err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("devserver: the frontend at %s did not answer: %w", s.frontend, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	return registerSearchAttributes(ctx, c.OperatorService(), s.namespace, attrs)
}

func registerSearchAttributes(ctx context.Context, op operatorservice.OperatorServiceClient, namespace string, attrs map[string]enumspb.IndexedValueType) error {
	if len(attrs) == 0 {
		return nil
	}
	have, err := op.ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return fmt.Errorf("devserver: listing search attributes: %w", err)
	}
	missing := map[string]enumspb.IndexedValueType{}
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		want := attrs[name]
		got, ok := have.GetCustomAttributes()[name]
		if !ok {
			got, ok = have.GetSystemAttributes()[name]
		}
		switch {
		case !ok:
			missing[name] = want
		case got != want:
			return fmt.Errorf("devserver: search attribute %s is registered as %s, not %s", name, got, want)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	_, err = op.AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace:        namespace,
		SearchAttributes: missing,
	})
	var exists *serviceerror.AlreadyExists
	if err != nil && !errors.As(err, &exists) {
		return fmt.Errorf("devserver: registering search attributes: %w", err)
	}
	return nil
}

// startUI starts the Web UI and waits until it answers.
func (s *Server) startUI(ctx context.Context, ip string, port int) error {
	s.ui = uiserver.NewServer(uioptions.WithConfigProvider(&uiconfig.Config{
		Host:                ip,
		Port:                port,
		TemporalGRPCAddress: s.frontend,
		EnableUI:            true,
		DefaultNamespace:    s.namespace,
		HideLogs:            true,
		DisableNewsFetch:    true,
		CORS:                uiconfig.CORS{CookieInsecure: true},
	}))
	go func() { _ = s.ui.Start() }() // blocks until Stop
	s.uiURL = "http://" + net.JoinHostPort(reachable(ip), strconv.Itoa(port))

	hc := &http.Client{Timeout: 2 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.uiURL+"/healthz", nil)
		if err != nil {
			return fmt.Errorf("devserver: %w", err)
		}
		resp, err := hc.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("devserver: the UI at %s did not answer: %w", s.uiURL, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// loopback is the loopback address of ip's family: where the services that
// must not be exposed listen.
func loopback(ip string) string {
	parsed := net.ParseIP(ip)
	switch {
	case parsed != nil && parsed.IsLoopback():
		return ip
	case parsed != nil && parsed.To4() == nil:
		return "::1"
	default:
		return "127.0.0.1"
	}
}

// reachable turns a bind address into one a local client can dial.
func reachable(ip string) string {
	parsed := net.ParseIP(ip)
	switch {
	case parsed == nil || !parsed.IsUnspecified():
		return ip
	case parsed.To4() != nil:
		return "127.0.0.1"
	default:
		return "::1"
	}
}

// FreePort asks the kernel for a free TCP port on ip ("" means
// 127.0.0.1), for callers that start servers on ports nobody uses.
func FreePort(ip string) (int, error) {
	if ip == "" {
		ip = DefaultIP
	}
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, fmt.Errorf("devserver: finding a free port: %w", err)
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func checkFree(ip string, port int) error {
	if port <= 0 || port > 65535 {
		return fmt.Errorf("invalid port %d", port)
	}
	l, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("%s:%d is not available (another server running?): %w", ip, port, err)
	}
	return l.Close()
}

// minLevel drops records below a level before they reach the handler.
type minLevel struct {
	slog.Handler
	level slog.Leveler
}

func (h *minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level.Level() && h.Handler.Enabled(ctx, l)
}

func (h *minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return &minLevel{h.Handler.WithAttrs(a), h.level}
}

func (h *minLevel) WithGroup(name string) slog.Handler {
	return &minLevel{h.Handler.WithGroup(name), h.level}
}
