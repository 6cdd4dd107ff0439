package deploy_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/aslworker/aslworker/workflows"
)

// The repository root, seen from this package's directory.
const root = ".."

// Service names in docker-compose.yml.
const (
	svcPostgres  = "postgresql"
	svcSchema    = "temporal-schema"
	svcTemporal  = "temporal"
	svcNamespace = "temporal-namespace"
	svcUI        = "temporal-ui"
	svcWorker    = "aslworker"
)

func TestComposeServicesExist(t *testing.T) {
	c := loadCompose(t)
	got := make([]string, 0, len(c.Services))
	for name := range c.Services {
		got = append(got, name)
	}
	slices.Sort(got)
	want := []string{svcWorker, svcPostgres, svcTemporal, svcNamespace, svcSchema, svcUI}
	slices.Sort(want)
	assert.Equal(t, want, got)
}

func TestComposeImagesArePinned(t *testing.T) {
	c := loadCompose(t)
	for _, name := range c.names() {
		s := c.Services[name]
		t.Run(name, func(t *testing.T) {
			if s.Build != nil {
				assert.Empty(t, s.Image, "a built service is tagged by compose; an image name would hide what it runs")
				return
			}
			require.NotEmpty(t, s.Image, "a service needs an image or a build")
			assertPinned(t, s.Image)
		})
	}
}

func TestComposeVariablesHaveDefaults(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	require.NoError(t, err)
	// Without defaults, `docker compose up` in a fresh clone would run with
	// empty passwords and addresses.
	for _, m := range interpolation.FindAllStringSubmatch(string(raw), -1) {
		if m[0] == "$$" {
			continue
		}
		assert.Contains(t, []string{":-", "-"}, m[2], "%s has no default", m[0])
	}
}

// The Temporal images are the release of the server and UI modules in go.mod,
// so the cluster runs the same version the embedded dev server does.
func TestComposeTemporalVersionsMatchGoMod(t *testing.T) {
	c := loadCompose(t)
	mod := loadGoMod(t)
	server := strings.TrimPrefix(mod.require["go.temporal.io/server"], "v")
	ui := strings.TrimPrefix(mod.require["github.com/temporalio/ui-server/v2"], "v")
	require.NotEmpty(t, server, "go.mod requires go.temporal.io/server")
	require.NotEmpty(t, ui, "go.mod requires github.com/temporalio/ui-server/v2")

	tests := []struct{ service, image string }{
		{svcTemporal, "temporalio/server:" + server},
		{svcSchema, "temporalio/admin-tools:" + server},
		{svcNamespace, "temporalio/admin-tools:" + server},
		{svcUI, "temporalio/ui:" + ui},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.image, c.service(t, tt.service).Image, "image of %s", tt.service)
	}
}

func TestComposeWorker(t *testing.T) {
	c := loadCompose(t)
	w := c.service(t, svcWorker)

	require.NotNil(t, w.Build, "aslworker is built from this repository")
	assert.Equal(t, ".", path.Clean(w.Build.Context))
	dockerfile := w.Build.Dockerfile
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	assert.FileExists(t, filepath.Join(root, w.Build.Context, dockerfile))
	assert.Empty(t, w.Command, "the image's entrypoint runs the worker; a command would turn it into another subcommand")

	c.assertFrontendAddress(t, svcWorker, w.Environment["TEMPORAL_ADDRESS"])
	assert.Equal(t, c.service(t, svcNamespace).Environment["TEMPORAL_NAMESPACE"], w.Environment["TEMPORAL_NAMESPACE"],
		"the worker polls the namespace the setup job creates")
}

func TestComposeTemporalDatabase(t *testing.T) {
	c := loadCompose(t)
	pg := c.service(t, svcPostgres)
	user, password := pg.Environment["POSTGRES_USER"], pg.Environment["POSTGRES_PASSWORD"]
	require.NotEmpty(t, user)
	require.NotEmpty(t, password)
	assert.True(t, strings.HasPrefix(pg.Image, "postgres:"), "got image %q", pg.Image)

	server := c.service(t, svcTemporal)
	schema := c.service(t, svcSchema)
	tests := []struct {
		name      string
		got, want string
	}{
		{"temporal DB (persistence plugin)", server.Environment["DB"], "postgres12"},
		{"temporal POSTGRES_SEEDS", server.Environment["POSTGRES_SEEDS"], svcPostgres},
		{"temporal DB_PORT", server.Environment["DB_PORT"], "5432"},
		{"temporal POSTGRES_USER", server.Environment["POSTGRES_USER"], user},
		{"temporal POSTGRES_PWD", server.Environment["POSTGRES_PWD"], password},
		{"schema SQL_PLUGIN", schema.Environment["SQL_PLUGIN"], server.Environment["DB"]},
		{"schema SQL_HOST", schema.Environment["SQL_HOST"], svcPostgres},
		{"schema SQL_PORT", schema.Environment["SQL_PORT"], server.Environment["DB_PORT"]},
		{"schema SQL_USER", schema.Environment["SQL_USER"], user},
		{"schema SQL_PASSWORD", schema.Environment["SQL_PASSWORD"], password},
		// The schema job must set up the databases the server opens.
		{"schema DBNAME", envOr(schema.Environment, "DBNAME", "temporal"), envOr(server.Environment, "DBNAME", "temporal")},
		{"schema VISIBILITY_DBNAME", envOr(schema.Environment, "VISIBILITY_DBNAME", "temporal_visibility"),
			envOr(server.Environment, "VISIBILITY_DBNAME", "temporal_visibility")},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got, tt.name)
	}
	assert.NotEqual(t, envOr(server.Environment, "DBNAME", "temporal"),
		envOr(server.Environment, "VISIBILITY_DBNAME", "temporal_visibility"),
		"persistence and visibility need separate databases")

	// The schema script is the one that runs temporal-sql-tool, and it uses the
	// job's database names rather than its own.
	script := c.script(t, svcSchema)
	assert.Contains(t, script, "temporal-sql-tool")
	assert.Contains(t, script, "${DBNAME")
	assert.Contains(t, script, "${VISIBILITY_DBNAME")
	assert.Contains(t, script, "update-schema")
}

func TestComposePostgresDataVolume(t *testing.T) {
	c := loadCompose(t)
	pg := c.service(t, svcPostgres)
	var named string
	for _, v := range pg.Volumes {
		source, target, _ := strings.Cut(v, ":")
		if strings.TrimSuffix(strings.TrimSuffix(target, ":ro"), ":rw") == "/var/lib/postgresql/data" {
			named = source
		}
	}
	require.NotEmpty(t, named, "postgres data must live on a volume, got %q", pg.Volumes)
	assert.False(t, strings.ContainsAny(named, "./"), "%q should be a named volume, not a host path", named)
	assert.Contains(t, c.Volumes, named, "named volume %q is declared at the top level", named)
}

func TestComposePorts(t *testing.T) {
	c := loadCompose(t)
	tests := []struct {
		service   string
		published map[string]string // container port -> host port
	}{
		{svcTemporal, map[string]string{"7233": "7233"}},
		{svcUI, map[string]string{"8080": "8080"}},
		{svcPostgres, map[string]string{}},
		{svcWorker, map[string]string{}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.published, c.service(t, tt.service).published(t), "ports of %s", tt.service)
	}
}

// Startup order: each service waits for what it needs, with the condition that
// means "ready" for it (healthy for servers, completed for one-shot jobs).
func TestComposeDependsOn(t *testing.T) {
	c := loadCompose(t)
	want := map[string]map[string]string{
		svcPostgres:  nil,
		svcSchema:    {svcPostgres: "service_healthy"},
		svcTemporal:  {svcPostgres: "service_healthy", svcSchema: "service_completed_successfully"},
		svcNamespace: {svcTemporal: "service_healthy"},
		svcUI:        {svcTemporal: "service_healthy"},
		svcWorker:    {svcTemporal: "service_healthy", svcNamespace: "service_completed_successfully"},
	}
	for _, name := range c.names() {
		s := c.Services[name]
		assert.Equal(t, want[name], map[string]string(s.DependsOn), "depends_on of %s", name)
		for dep, cond := range s.DependsOn {
			d, ok := c.Services[dep]
			if !assert.True(t, ok, "%s depends on unknown service %s", name, dep) {
				continue
			}
			switch cond {
			case "service_healthy":
				assert.NotNil(t, d.Healthcheck, "%s waits for %s to be healthy, which needs a healthcheck", name, dep)
			case "service_completed_successfully":
				assert.NotEqual(t, "always", d.Restart, "%s waits for %s to exit, which a restart policy of always prevents", name, dep)
				assert.NotEqual(t, "unless-stopped", d.Restart, "%s waits for %s to exit", name, dep)
			}
		}
	}
}

func TestComposeHealthchecks(t *testing.T) {
	c := loadCompose(t)

	pg := c.service(t, svcPostgres)
	require.NotNil(t, pg.Healthcheck)
	assert.Contains(t, strings.Join(pg.Healthcheck.Test, " "), "pg_isready")

	// The server is healthy once its frontend port accepts connections.
	server := c.service(t, svcTemporal)
	require.NotNil(t, server.Healthcheck)
	assert.Contains(t, server.Healthcheck.Test, frontendPort(server))
}

func TestComposeUI(t *testing.T) {
	c := loadCompose(t)
	ui := c.service(t, svcUI)
	c.assertFrontendAddress(t, svcUI, ui.Environment["TEMPORAL_ADDRESS"])
	assert.Equal(t, c.service(t, svcNamespace).Environment["TEMPORAL_NAMESPACE"], ui.Environment["TEMPORAL_DEFAULT_NAMESPACE"],
		"the UI opens on the namespace aslworker runs in")
}

// The setup job registers the namespace and the search attribute the workflow
// sets on every execution, with the name and type the workflow contract uses.
func TestComposeSearchAttributeSetup(t *testing.T) {
	c := loadCompose(t)
	ns := c.service(t, svcNamespace)
	c.assertFrontendAddress(t, svcNamespace, ns.Environment["TEMPORAL_ADDRESS"])
	require.NotEmpty(t, ns.Environment["TEMPORAL_NAMESPACE"])

	script := c.script(t, svcNamespace)
	var create, register []string
	for _, line := range shellLines(script) {
		f := strings.Fields(line)
		if i := index(f, "search-attribute"); i >= 0 && i+1 < len(f) && f[i+1] == "create" {
			create = f
		}
		if i := index(f, "namespace"); i >= 0 && i+1 < len(f) && f[i+1] == "create" && index(f, "operator") >= 0 {
			register = f
		}
	}
	require.NotNil(t, create, "no `temporal operator search-attribute create` in the setup script")
	assert.Equal(t, workflows.SearchAttributeStateMachine, flagValue(create, "--name"))
	assert.Equal(t, "Keyword", flagValue(create, "--type"))
	assert.NotEmpty(t, flagValue(create, "--namespace"), "the attribute is registered in the worker's namespace")

	require.NotNil(t, register, "no `temporal operator namespace create` in the setup script")
	assert.Equal(t, flagValue(create, "--namespace"), flagValue(register, "--namespace"))
	assert.Contains(t, script, "${TEMPORAL_NAMESPACE", "the script takes the namespace from the job's environment")
}

// The server's dynamic configuration file is mounted from the repository and
// is a YAML mapping of setting names to constrained values.
func TestComposeDynamicConfig(t *testing.T) {
	c := loadCompose(t)
	server := c.service(t, svcTemporal)
	file := server.Environment["DYNAMIC_CONFIG_FILE_PATH"]
	require.NotEmpty(t, file, "temporalio/server refuses to start without a dynamic config file")
	host := c.hostPath(t, svcTemporal, file)

	raw, err := os.ReadFile(host)
	require.NoError(t, err)
	var settings map[string][]struct {
		Value       any            `yaml:"value"`
		Constraints map[string]any `yaml:"constraints"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &settings))
	for key, values := range settings {
		assert.NotEmpty(t, values, "setting %s has no value", key)
	}
}

func TestSetupScriptsParse(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to check the setup scripts with")
	}
	scripts, err := filepath.Glob("temporal/scripts/*.sh")
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, s := range scripts {
		out, err := exec.Command(sh, "-n", s).CombinedOutput()
		assert.NoError(t, err, "sh -n %s: %s", s, out)
	}
}

func TestDockerfile(t *testing.T) {
	stages := loadDockerfile(t)
	require.GreaterOrEqual(t, len(stages), 2, "a build stage and a small runtime stage")
	build, runtime := stages[0], stages[len(stages)-1]

	// The build stage uses the toolchain go.mod names, and no other.
	goVersion := loadGoMod(t).goVersion
	require.NotEmpty(t, goVersion)
	repo, tag, _ := strings.Cut(build.from, ":")
	assert.Equal(t, "golang", repo)
	assert.True(t, tag == goVersion || strings.HasPrefix(tag, goVersion+"-"),
		"build image %s should be golang:%s (go.mod)", build.from, goVersion)
	assert.Contains(t, build.text(), "GOTOOLCHAIN=local")
	assert.Contains(t, build.text(), "CGO_ENABLED=0")

	var out string
	for _, run := range build.args("RUN") {
		f := strings.Fields(run)
		if i := index(f, "build"); i > 0 && f[i-1] == "go" {
			assert.Contains(t, f, "./cmd/aslworker")
			out = flagValue(f, "-o")
		}
	}
	require.NotEmpty(t, out, "the build stage runs `go build -o ... ./cmd/aslworker`")

	// The runtime stage is small, copies the binary out of the build stage and
	// runs it.
	assert.NotEqual(t, "golang", strings.Split(runtime.from, ":")[0], "runtime image should not carry the toolchain")
	for _, s := range stages {
		assertPinned(t, s.from)
	}
	copied := ""
	for _, cp := range runtime.args("COPY") {
		f := strings.Fields(cp)
		if slices.Contains(f, "--from="+build.name) && slices.Contains(f, out) {
			copied = f[len(f)-1]
		}
	}
	require.NotEmpty(t, copied, "runtime stage copies %s from stage %q", out, build.name)
	entry := runtime.args("ENTRYPOINT")
	require.Len(t, entry, 1)
	assert.Equal(t, fmt.Sprintf("[%q]", copied), strings.ReplaceAll(entry[0], " ", ""))
	assert.NotEmpty(t, runtime.args("USER"), "the worker does not run as root")
}

// The package the Dockerfile builds must be a command.
func TestDockerfileBuildsACommand(t *testing.T) {
	dir := filepath.Join(root, "cmd", "aslworker")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "%s has no Go files", dir)
	var main bool
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		main = main || regexp.MustCompile(`(?m)^package main\b`).Match(raw)
	}
	assert.True(t, main, "%s is package main", dir)
}

// The build context keeps what `go build` needs and leaves out the rest.
func TestDockerignore(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	require.NoError(t, err)
	var patterns []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, strings.TrimPrefix(line, "/"))
		}
	}
	ignored := func(p string) bool {
		out := false
		for _, pat := range patterns {
			neg := strings.HasPrefix(pat, "!")
			pat = strings.TrimPrefix(pat, "!")
			if dockerignoreMatch(pat, p) {
				out = !neg
			}
		}
		return out
	}
	for _, p := range []string{".git", "asl.test", "testsuite.test", "worker/worker.test", "aslworker.db"} {
		assert.True(t, ignored(p), "%s should be left out of the build context", p)
	}
	for _, p := range []string{"go.mod", "go.sum", "cmd/aslworker/main.go", "asl/value/value.go", "workflows/api.go"} {
		assert.False(t, ignored(p), "%s is needed by the build", p)
	}
}

// docker compose validates the file against the Compose specification, with
// interpolation, where a Compose client is installed (it needs no engine).
func TestComposeConfigValidates(t *testing.T) {
	var cmd []string
	if docker, err := exec.LookPath("docker"); err == nil && exec.Command(docker, "compose", "version").Run() == nil {
		cmd = []string{docker, "compose"}
	} else if compose, err := exec.LookPath("docker-compose"); err == nil {
		cmd = []string{compose}
	} else {
		t.Skip("neither `docker compose` nor docker-compose is installed")
	}
	args := append(cmd[1:], "-f", filepath.Join(root, "docker-compose.yml"), "config", "-q")
	c := exec.Command(cmd[0], args...)
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	// Validate the defaults, not whatever the developer's shell exports.
	c.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(name, "POSTGRES_") || strings.HasPrefix(name, "TEMPORAL_")
	})
	assert.NoError(t, c.Run(), "%s: %s", strings.Join(c.Args, " "), out.String())
}

// --- compose model ---

type composeFile struct {
	Services map[string]*service `yaml:"services"`
	Volumes  map[string]any      `yaml:"volumes"`
}

type service struct {
	Image       string       `yaml:"image"`
	Build       *build       `yaml:"build"`
	Environment envMap       `yaml:"environment"`
	DependsOn   dependsOn    `yaml:"depends_on"`
	Ports       []string     `yaml:"ports"`
	Volumes     []string     `yaml:"volumes"`
	Healthcheck *healthcheck `yaml:"healthcheck"`
	Entrypoint  stringList   `yaml:"entrypoint"`
	Command     stringList   `yaml:"command"`
	Restart     string       `yaml:"restart"`
}

type build struct {
	Context    string `yaml:"context"`
	Dockerfile string `yaml:"dockerfile"`
}

// UnmarshalYAML accepts the short form (`build: .`) and the long one.
func (b *build) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		b.Context = n.Value
		return nil
	}
	type plain build
	return n.Decode((*plain)(b))
}

type healthcheck struct {
	Test stringList `yaml:"test"`
}

// envMap is a service's environment in either of compose's two forms.
type envMap map[string]string

func (e *envMap) UnmarshalYAML(n *yaml.Node) error {
	*e = envMap{}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			(*e)[n.Content[i].Value] = n.Content[i+1].Value
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			k, v, _ := strings.Cut(item.Value, "=")
			(*e)[k] = v
		}
	default:
		return fmt.Errorf("line %d: environment is neither a mapping nor a list", n.Line)
	}
	return nil
}

// dependsOn maps each dependency to its condition, in either of compose's
// two forms (a bare list means service_started).
type dependsOn map[string]string

func (d *dependsOn) UnmarshalYAML(n *yaml.Node) error {
	*d = dependsOn{}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, item := range n.Content {
			(*d)[item.Value] = "service_started"
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			var v struct {
				Condition string `yaml:"condition"`
			}
			if err := n.Content[i+1].Decode(&v); err != nil {
				return err
			}
			if v.Condition == "" {
				v.Condition = "service_started"
			}
			(*d)[n.Content[i].Value] = v.Condition
		}
	default:
		return fmt.Errorf("line %d: depends_on is neither a list nor a mapping", n.Line)
	}
	return nil
}

// stringList is a command, entrypoint or healthcheck test: a list, or a
// string that compose splits into words.
type stringList []string

func (s *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = strings.Fields(n.Value)
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return err
	}
	*s = l
	return nil
}

// loadCompose parses docker-compose.yml with its variables replaced by their
// defaults, as compose does when none of them is set.
func loadCompose(t *testing.T) *composeFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	require.NoError(t, err)
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(raw, &doc))
	interpolateNode(&doc)
	var c composeFile
	require.NoError(t, doc.Decode(&c))
	require.NotEmpty(t, c.Services, "docker-compose.yml has no services")
	return &c
}

// interpolation matches `$$`, `${NAME}`, `${NAME:-default}` and `${NAME-default}`.
var interpolation = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}`)

func interpolateNode(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		n.Value = interpolation.ReplaceAllStringFunc(n.Value, func(m string) string {
			if m == "$$" {
				return "$"
			}
			return interpolation.FindStringSubmatch(m)[3]
		})
	}
	for _, c := range n.Content {
		interpolateNode(c)
	}
}

func (c *composeFile) names() []string {
	names := make([]string, 0, len(c.Services))
	for name := range c.Services {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func (c *composeFile) service(t *testing.T, name string) *service {
	t.Helper()
	s, ok := c.Services[name]
	require.True(t, ok, "docker-compose.yml has no service %q", name)
	return s
}

// assertFrontendAddress checks that addr dials the Temporal server service on
// the port its frontend listens on.
func (c *composeFile) assertFrontendAddress(t *testing.T, from, addr string) {
	t.Helper()
	host, port, ok := strings.Cut(addr, ":")
	require.True(t, ok, "%s: TEMPORAL_ADDRESS %q is not host:port", from, addr)
	assert.Equal(t, svcTemporal, host, "%s dials the temporal service", from)
	server := c.service(t, svcTemporal)
	assert.True(t, strings.HasPrefix(server.Image, "temporalio/server:"), "service %s runs %s", svcTemporal, server.Image)
	assert.Equal(t, frontendPort(server), port, "%s dials the frontend port", from)
}

// frontendPort is the gRPC port temporalio/server's frontend listens on.
func frontendPort(server *service) string {
	return envOr(server.Environment, "FRONTEND_GRPC_PORT", "7233")
}

// published maps the service's container ports to the host ports they are
// published on.
func (s *service) published(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range s.Ports {
		parts := strings.Split(strings.TrimSuffix(p, "/tcp"), ":")
		require.GreaterOrEqual(t, len(parts), 2, "port %q should publish host:container", p)
		out[parts[len(parts)-1]] = parts[len(parts)-2]
	}
	return out
}

// hostPath resolves a path inside a service's container to the repository
// file mounted there.
func (c *composeFile) hostPath(t *testing.T, name, inContainer string) string {
	t.Helper()
	s := c.service(t, name)
	if !path.IsAbs(inContainer) {
		inContainer = path.Join("/etc/temporal", inContainer) // the server image's working directory
	}
	for _, v := range s.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 || !strings.HasPrefix(parts[0], ".") {
			continue
		}
		rel, err := filepath.Rel(parts[1], inContainer)
		if err == nil && !strings.HasPrefix(rel, "..") {
			host := filepath.Join(root, parts[0], rel)
			require.FileExists(t, host, "%s: %s is mounted from %s", name, inContainer, parts[0])
			return host
		}
	}
	require.Failf(t, "not mounted", "%s: no repository directory is mounted at %s (volumes %q)", name, inContainer, s.Volumes)
	return ""
}

// script returns the text of the repository script a one-shot job runs.
func (c *composeFile) script(t *testing.T, name string) string {
	t.Helper()
	s := c.service(t, name)
	argv := append(slices.Clone([]string(s.Entrypoint)), s.Command...)
	require.NotEmpty(t, argv, "%s runs nothing", name)
	var file string
	for _, a := range argv {
		if strings.HasSuffix(a, ".sh") {
			file = a
		}
	}
	require.NotEmpty(t, file, "%s does not run a script: %q", name, argv)
	raw, err := os.ReadFile(c.hostPath(t, name, file))
	require.NoError(t, err)
	return string(raw)
}

// --- Dockerfile ---

type stage struct {
	from, name string
	lines      [][2]string // instruction, arguments
}

func (s stage) args(instruction string) []string {
	var out []string
	for _, l := range s.lines {
		if l[0] == instruction {
			out = append(out, l[1])
		}
	}
	return out
}

func (s stage) text() string {
	var b strings.Builder
	for _, l := range s.lines {
		b.WriteString(l[0] + " " + l[1] + "\n")
	}
	return b.String()
}

// loadDockerfile splits the Dockerfile into its stages, with continuation
// lines joined and comments dropped.
func loadDockerfile(t *testing.T) []stage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	require.NoError(t, err)
	var stages []stage
	for _, line := range shellLines(string(raw)) {
		instr, args, _ := strings.Cut(line, " ")
		instr, args = strings.ToUpper(instr), strings.TrimSpace(args)
		if instr == "FROM" {
			f := strings.Fields(args)
			st := stage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
			continue
		}
		require.NotEmpty(t, stages, "%s before the first FROM", instr)
		last := &stages[len(stages)-1]
		last.lines = append(last.lines, [2]string{instr, args})
	}
	return stages
}

// --- go.mod ---

type goMod struct {
	goVersion string
	require   map[string]string
}

func loadGoMod(t *testing.T) goMod {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	m := goMod{require: map[string]string{}}
	inBlock := false
	for _, line := range strings.Split(string(raw), "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "go" && len(f) == 2:
			m.goVersion = f[1]
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			inBlock = true
		case f[0] == ")":
			inBlock = false
		case f[0] == "require" && len(f) == 3:
			m.require[f[1]] = f[2]
		case inBlock && len(f) == 2:
			m.require[f[0]] = f[1]
		}
	}
	return m
}

// --- helpers ---

// assertPinned checks that an image reference names a tag other than latest.
func assertPinned(t *testing.T, image string) {
	t.Helper()
	name, digest, _ := strings.Cut(image, "@")
	if digest != "" {
		return // pinned by digest
	}
	// The tag follows the last colon after the last slash (a registry may have a port).
	last := name[strings.LastIndex(name, "/")+1:]
	_, tag, ok := strings.Cut(last, ":")
	if assert.True(t, ok, "image %s has no tag", image) {
		assert.NotEqual(t, "latest", tag, "image %s", image)
		assert.NotContains(t, tag, "$", "image %s", image)
	}
}

// shellLines returns the logical lines of a shell script or Dockerfile:
// comments and blank lines dropped, backslash continuations joined.
func shellLines(text string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if cont, ok := strings.CutSuffix(trimmed, `\`); ok {
			cur.WriteString(cont + " ")
			continue
		}
		cur.WriteString(trimmed)
		out = append(out, cur.String())
		cur.Reset()
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func index(fields []string, word string) int { return slices.Index(fields, word) }

// flagValue returns the argument after flag (or of flag=value), unquoted.
func flagValue(fields []string, flag string) string {
	for i, f := range fields {
		if f == flag && i+1 < len(fields) {
			return strings.Trim(fields[i+1], `"'`)
		}
		if v, ok := strings.CutPrefix(f, flag+"="); ok {
			return strings.Trim(v, `"'`)
		}
	}
	return ""
}

func envOr(env map[string]string, key, def string) string {
	if v, ok := env[key]; ok {
		return v
	}
	return def
}

// dockerignoreMatch reports whether a .dockerignore pattern excludes p: the
// pattern matches p or one of its parent directories, and `**` matches any
// number of directories.
func dockerignoreMatch(pattern, p string) bool {
	re := regexp.QuoteMeta(pattern)
	re = strings.ReplaceAll(re, `\*\*/`, `(?:.*/)?`)
	re = strings.ReplaceAll(re, `\*\*`, `.*`)
	re = strings.ReplaceAll(re, `\*`, `[^/]*`)
	re = strings.ReplaceAll(re, `\?`, `[^/]`)
	return regexp.MustCompile(`^` + re + `(?:/.*)?$`).MatchString(p)
}
