#!/bin/sh
# Registers the namespace aslworker runs in and the AslStateMachine Keyword
# search attribute the interpreter workflow sets on every execution, so
# executions can be listed by state machine (AslStateMachine = "orders").
# Safe on every start: an existing namespace or attribute is left alone.
#
# Runs in temporalio/admin-tools; the temporal CLI dials TEMPORAL_ADDRESS.
set -eu

namespace=${TEMPORAL_NAMESPACE:-default}
retention=${TEMPORAL_NAMESPACE_RETENTION:-72h}

# retry COMMAND...: runs COMMAND until it succeeds, at most 30 times, 2 s apart.
retry() {
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge 30 ]; then
      echo "giving up after $attempt attempts: $*" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

echo "waiting for the Temporal frontend at ${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
retry temporal operator cluster health

if temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  echo "namespace $namespace exists"
else
  temporal operator namespace create --namespace "$namespace" --retention "$retention"
fi

# A new namespace takes a few seconds to reach every service, hence the retry.
retry temporal operator search-attribute create --namespace "$namespace" \
  --name AslStateMachine --type Keyword
echo "namespace $namespace is ready for aslworker"
