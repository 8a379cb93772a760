#!/usr/bin/env bash
# Orbit benchmark suite, one command:
#
#   orbit-benchmarks/run.sh            full run (about 35 minutes on 2 cores, build included; run it on a quiet machine)
#   orbit-benchmarks/run.sh --smoke    tiny iterations (about 2-3 minutes): proves every benchmark runs
#
# Other options: --no-redis (leave out the Redis and ShedLock comparisons), --no-build (reuse the jar).
# --hazelcast-only: only the Hazelcast 5.6 column and the Orbit rows it is compared with (about 10 minutes).
#
# It installs redis-server from the Debian packages when it is missing (root or sudo), builds
# orbit-benchmarks/target/benchmarks.jar, runs the suite (which starts redis-server on a free loopback port
# and stops it afterwards), keeps the raw results (JMH JSON, HdrHistograms, cross-process figures) under
# orbit-benchmarks/results/<date>/ and prints one markdown table (also written to table.md there).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

SUITE_ARGS=()
MODE=full
BUILD=1
REDIS=1
for arg in "$@"; do
  case "$arg" in
    --smoke) MODE=smoke; SUITE_ARGS+=(--smoke) ;;
    --no-redis) REDIS=0; SUITE_ARGS+=(--no-redis) ;;
    --no-build) BUILD=0 ;;
    --hazelcast-only) REDIS=0; SUITE_ARGS+=(--hazelcast-only) ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (expected --smoke, --no-redis, --no-build, --hazelcast-only)" >&2; exit 2 ;;
  esac
done

log() { echo "[run.sh $(date +%H:%M:%S)] $*"; }

# 1. redis-server for the comparison rows.
if [ "$REDIS" = 1 ] && ! command -v redis-server >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  fi
  if [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; then
    log "installing redis-server (Debian package)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
    # The package may start a system service on port 6379; the suite runs its own server, so stop that one.
    $SUDO service redis-server stop >/dev/null 2>&1 || true
  else
    log "redis-server is missing and cannot be installed (not root, no sudo): Redis and ShedLock rows are skipped"
  fi
fi

# 2. Build the benchmark jar (orbit-core with it, from this checkout).
JAR="orbit-benchmarks/target/benchmarks.jar"
if [ "$BUILD" = 1 ] || [ ! -f "$JAR" ]; then
  log "building $JAR"
  mvn -B -q package -DskipTests -pl orbit-benchmarks -am
fi

# 3. Run the suite.
STAMP="$(date +%Y-%m-%d_%H%M%S)"
OUT="orbit-benchmarks/results/$STAMP"
if [ "$MODE" = smoke ]; then OUT="$OUT-smoke"; fi
mkdir -p "$OUT"

NPROC="$(nproc)"
LOAD="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
if awk -v l="$LOAD" -v n="$NPROC" 'BEGIN { exit !(l > n / 2) }'; then
  log "WARNING: load average $LOAD on $NPROC CPUs: other work is running, the figures will be noisy"
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
log "running the $MODE suite; results in $OUT"
set +e
"$JAVA" -cp "$JAR" dev.orbit.bench.suite.Suite ${SUITE_ARGS[@]+"${SUITE_ARGS[@]}"} --out "$OUT"
STATUS=$?
set -e
log "raw results and table: $OUT"
exit $STATUS
