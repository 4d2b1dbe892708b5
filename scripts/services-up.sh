#!/usr/bin/env bash
# Brings up the services VibeCoder needs on a Debian machine without Docker, reusing whatever
# already runs: RabbitMQ, PostgreSQL with pgvector, an S3-compatible store (S3Proxy) and the
# bubblewrap sandbox. Idempotent: run it as often as you like. Writes the connection settings
# to .services/env, which the Makefile reads.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/.services"
mkdir -p "$STATE"

DB_NAME="${VIBECODER_DB_NAME:-vibecoder}"
DB_USER="${VIBECODER_DB_USER:-vibecoder}"
DB_PASSWORD="${VIBECODER_DB_PASSWORD:-vibecoder}"
PG_NEW_PORT="${VIBECODER_PG_PORT:-5433}"
S3_PORT="${VIBECODER_S3_PORT:-9000}"
S3PROXY_VERSION="4.1.0"

say() { printf '[services] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  local port=$1 what=$2 i
  for i in $(seq 1 60); do port_open "$port" && return 0; sleep 1; done
  say "$what did not open port $port within 60 s"; return 1
}

APT_UPDATED=""
apt_install() {
  [ -n "$APT_UPDATED" ] || { as_root apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# Debian 12 packages neither pgvector nor JDK 21; Debian 13 does. Its source is pinned low so that
# nothing else on the machine moves to trixie unless asked for with -t trixie.
TRIXIE_READY=""
enable_trixie() {
  [ -n "$TRIXIE_READY" ] && return 0
  if [ ! -f /etc/apt/sources.list.d/vibecoder-trixie.sources ]; then
    say "adding Debian trixie as a low-priority apt source (for pgvector / JDK 21)"
    as_root tee /etc/apt/sources.list.d/vibecoder-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    as_root tee /etc/apt/preferences.d/vibecoder-trixie >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  fi
  as_root apt-get update -qq; APT_UPDATED=1; TRIXIE_READY=1
}

# ---------------------------------------------------------------- Java 21+
find_jdk() {
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk* /usr/lib/jvm/java-2*-openjdk*; do
    [ -x "$d/bin/javac" ] && { echo "$d"; return 0; }
  done
  return 1
}
JDK="$(find_jdk || true)"
if [ -z "$JDK" ]; then
  say "no JDK 21+ found: installing openjdk-21-jdk-headless from trixie"
  enable_trixie
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq -t trixie openjdk-21-jdk-headless >/dev/null
  JDK="$(find_jdk)"
fi
say "JDK: $JDK"

# ---------------------------------------------------------------- RabbitMQ
if port_open 5672; then
  say "RabbitMQ: already running on 5672"
else
  command -v rabbitmq-server >/dev/null || { say "installing rabbitmq-server"; apt_install rabbitmq-server; }
  say "RabbitMQ: starting"
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_port 5672 RabbitMQ
fi

# ---------------------------------------------------------------- PostgreSQL + pgvector
psql_on() { local port=$1; shift; as_root su postgres -c "psql -h /var/run/postgresql -p $port -v ON_ERROR_STOP=1 -tAq $*" ; }
has_pgvector() { port_open "$1" && [ "$(psql_on "$1" "-c \"select count(*) from pg_available_extensions where name='vector'\"" 2>/dev/null)" = 1 ]; }

PG_PORT=""
if [ -n "${VIBECODER_DB_URL:-}" ]; then
  say "PostgreSQL: using VIBECODER_DB_URL from the environment"
elif has_pgvector 5432; then
  PG_PORT=5432
elif has_pgvector "$PG_NEW_PORT"; then
  PG_PORT="$PG_NEW_PORT"
else
  if ! ls /usr/lib/postgresql/*/lib/vector.so >/dev/null 2>&1; then
    say "PostgreSQL: no pgvector available; installing postgresql-17 + postgresql-17-pgvector from trixie (about a minute)"
    enable_trixie
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq -t trixie postgresql-17 postgresql-17-pgvector >/dev/null
  fi
  if ! pg_lsclusters -h 2>/dev/null | awk '$1==17 && $2=="main"' | grep -q .; then
    say "PostgreSQL 17: creating cluster on port $PG_NEW_PORT"
    as_root pg_createcluster 17 main -p "$PG_NEW_PORT" >/dev/null
  fi
  PG_NEW_PORT="$(pg_lsclusters -h | awk '$1==17 && $2=="main" {print $3}')"
  if ! port_open "$PG_NEW_PORT"; then
    say "PostgreSQL 17: starting on port $PG_NEW_PORT"
    as_root pg_ctlcluster --skip-systemctl-redirect 17 main start 2>/dev/null || as_root pg_ctlcluster 17 main start
    wait_port "$PG_NEW_PORT" "PostgreSQL 17"
  fi
  PG_PORT="$PG_NEW_PORT"
fi

if [ -n "$PG_PORT" ]; then
  say "PostgreSQL with pgvector: port $PG_PORT"
  if [ "$(psql_on "$PG_PORT" "-c \"select count(*) from pg_roles where rolname='$DB_USER'\"")" != 1 ]; then
    psql_on "$PG_PORT" "-c \"create role $DB_USER login password '$DB_PASSWORD'\""
  fi
  # the application's database, the tests' and the memory benchmarks' (which empties its own)
  for db in "$DB_NAME" "${DB_NAME}_test" "${DB_NAME}_bench"; do
    if [ "$(psql_on "$PG_PORT" "-c \"select count(*) from pg_database where datname='$db'\"")" != 1 ]; then
      say "PostgreSQL: creating database $db"
      psql_on "$PG_PORT" "-c \"create database $db owner $DB_USER\""
    fi
    # The extension needs a superuser once; the application role then only uses it.
    PGOPTIONS="-c client_min_messages=warning" psql_on "$PG_PORT" "-d $db -c \"create extension if not exists vector\""
  done
  # a database that takes no connection: the tests see how a hub says that PostgreSQL refuses it
  # connections (as it does once max_connections is reached)
  if [ "$(psql_on "$PG_PORT" "-c \"select count(*) from pg_database where datname='${DB_NAME}_test_full'\"")" != 1 ]; then
    psql_on "$PG_PORT" "-c \"create database ${DB_NAME}_test_full owner $DB_USER\""
  fi
  psql_on "$PG_PORT" "-c \"alter database ${DB_NAME}_test_full connection limit 0\"" >/dev/null
  VIBECODER_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME"
  VIBECODER_TEST_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/${DB_NAME}_test"
  VIBECODER_BENCH_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/${DB_NAME}_bench"
fi

# ---------------------------------------------------------------- sandbox for generated tests
command -v bwrap >/dev/null || { say "installing bubblewrap"; apt_install bubblewrap; }
# the JUnit launcher that runs a generated Java project's tests inside the sandbox
JUNIT_VERSION="1.12.2"
JUNIT_JAR="$STATE/sandbox/junit-platform-console-standalone-$JUNIT_VERSION.jar"
if [ ! -f "$JUNIT_JAR" ]; then
  say "sandbox: fetching the JUnit console launcher $JUNIT_VERSION from Maven Central"
  mkdir -p "$STATE/sandbox"
  mvn -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$JUNIT_VERSION" \
    -DoutputDirectory="$STATE/sandbox" >/dev/null
fi

# ---------------------------------------------------------------- S3-compatible store (S3Proxy)
S3_ACCESS_KEY="${VIBECODER_S3_ACCESS_KEY:-vibecoder}"
S3_SECRET_KEY="${VIBECODER_S3_SECRET_KEY:-vibecoder-secret}"
if port_open "$S3_PORT"; then
  say "S3 store: already listening on $S3_PORT"
else
  JAR="$STATE/s3proxy-$S3PROXY_VERSION.jar"
  if [ ! -f "$JAR" ]; then
    say "S3 store: fetching S3Proxy $S3PROXY_VERSION from Maven Central"
    mvn -q dependency:copy -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$STATE" -Dmdep.stripClassifier=true >/dev/null
  fi
  mkdir -p "$STATE/s3-data"
  cat >"$STATE/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$STATE/s3-data
PROPS
  say "S3 store: starting S3Proxy on $S3_PORT (data in .services/s3-data)"
  nohup "$JDK/bin/java" -Xmx256m -jar "$JAR" --properties "$STATE/s3proxy.properties" >"$STATE/s3proxy.log" 2>&1 &
  wait_port "$S3_PORT" S3Proxy
fi

# Maven's own libraries trip the Unsafe warnings of JDK 23+; the switch that quiets them does not
# exist on older JDKs
MAVEN_OPTS_LINE=""
if [ "$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)" -ge 23 ]; then
  MAVEN_OPTS_LINE='export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"'
fi

cat >"$STATE/env" <<ENV
export JAVA_HOME=$JDK
export PATH=$JDK/bin:\$PATH
export VIBECODER_DB_URL=${VIBECODER_DB_URL}
export VIBECODER_TEST_DB_URL=${VIBECODER_TEST_DB_URL:-$VIBECODER_DB_URL}
export VIBECODER_BENCH_DB_URL=${VIBECODER_BENCH_DB_URL:-${VIBECODER_DB_URL%%\?*}_bench}
export VIBECODER_DB_USER=$DB_USER
export VIBECODER_DB_PASSWORD=$DB_PASSWORD
export VIBECODER_RABBITMQ_HOST=${VIBECODER_RABBITMQ_HOST:-127.0.0.1}
export VIBECODER_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
export VIBECODER_S3_ACCESS_KEY=$S3_ACCESS_KEY
export VIBECODER_S3_SECRET_KEY=$S3_SECRET_KEY
export VIBECODER_SANDBOX_JUNIT_LAUNCHER=$JUNIT_JAR
$MAVEN_OPTS_LINE
ENV
say "ready: settings in .services/env"
