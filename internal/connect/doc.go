// Package connect is the one place that turns command-line flags and
// environment variables into a Temporal client connection, shared by the
// aslworker process and the aslctl starter CLI.
//
// The flag names and environment variables are the ones the official
// `temporal` CLI uses (--address/TEMPORAL_ADDRESS, --namespace/-n
// TEMPORAL_NAMESPACE, --api-key/TEMPORAL_API_KEY, --tls/TEMPORAL_TLS and the
// --tls-* certificate options), so a shell already set up for `temporal`
// works unchanged.
//
// TLS is enabled when --tls is true, when any certificate, key, CA or server
// name option is given, or when an API key is given (as in the temporal CLI);
// an explicit --tls=false turns it off even with an API key.
package connect
