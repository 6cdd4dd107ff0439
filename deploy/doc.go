// Package deploy holds the files of aslworker's production shape next to the
// tests that check them: docker-compose.yml and the Dockerfile at the
// repository root, and the Temporal setup scripts and dynamic configuration
// under deploy/temporal that the compose file mounts.
//
// No Docker engine runs where these tests do, so they check the wiring
// statically: the compose file is parsed as YAML and its services, images,
// addresses, credentials and startup order are compared with each other, with
// go.mod and with the workflow contract; `docker compose config` validates it
// against the Compose specification where a Compose client is installed.
package deploy
