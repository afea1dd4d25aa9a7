#!/usr/bin/env bash
# Proves the Dockerfile's runtime stage without Docker: the same steps into an empty folder.
#   1. the workspace manifests and the lockfile, then `pnpm install --prod --frozen-lockfile`
#      (production dependencies only, no build scripts), as the "deps" stage does;
#   2. the built output only (apps/*/dist, apps/*/build/client, packages/server/dist), the
#      migrations and config/, as the runtime stage COPYs them: no source, no dev dependencies;
#   3. plain `node` there, as the image's commands: the launcher (migrates a fresh database, then
#      web and admin, JOBS=off) and the separate worker, until /readyz answers 200 on all three;
#   4. SIGTERM, and each must exit 0.
# Needs `pnpm build` first, PostgreSQL (creates and drops its own database) and Redis.
#   scripts/runtime-stage-check.sh           (KEEP=1 keeps the folder and the logs)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)

step() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'runtime-stage-check: %s\n' "$*" >&2
  exit 1
}

for built in apps/web/dist/server.js apps/web/dist/worker.js apps/admin/dist/server.js packages/server/dist/launch.js \
  apps/web/build/client apps/admin/build/client; do
  [ -e "$built" ] || die "$built is missing: run \`pnpm build\` first"
done

admin_url=${TEST_ADMIN_DATABASE_URL:-${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
database="tc_runtime_$(date +%s)_$$"
database_url="${admin_url%/*}/${database}"
# Outside the repository: nothing may resolve from its node_modules by walking up the folders.
stage=$(mktemp -d "${TMPDIR:-/tmp}/tradecraft-runtime.XXXXXX")
pids=()

psql_admin() { psql "$admin_url" -v ON_ERROR_STOP=1 -qAt -c "$1" >/dev/null; }

cleanup() {
  local code=$?
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  psql_admin "DROP DATABASE IF EXISTS \"${database}\" WITH (FORCE)" || true
  if [ "${KEEP:-0}" = "1" ]; then echo "kept ${stage}"; else rm -rf "$stage"; fi
  exit "$code"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

step "production dependencies into an empty folder (${stage})"
manifests=(package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc)
for manifest in apps/*/package.json packages/*/package.json e2e/package.json; do manifests+=("$manifest"); done
for file in "${manifests[@]}"; do
  mkdir -p "$stage/$(dirname "$file")"
  cp "$file" "$stage/$file"
done
# From the local store when it has everything (CI after `pnpm install`), else the registry.
install=(pnpm install --prod --frozen-lockfile --ignore-scripts --config.confirmModulesPurge=false --reporter=append-only)
(cd "$stage" && { CI=true "${install[@]}" --offline >"$stage/install.log" 2>&1 || CI=true "${install[@]}" --prefer-offline >>"$stage/install.log" 2>&1; }) ||
  {
    tail -30 "$stage/install.log"
    die "production install failed"
  }
tail -3 "$stage/install.log"
# No dev dependency came along: the bundles must run without them.
for dev in vite typescript vitest @remix-run/dev esbuild; do
  if [ -e "$stage/node_modules/.pnpm" ] && ls "$stage/node_modules/.pnpm" | grep -q "^${dev//\//+}@"; then
    echo "note: ${dev} is installed as a dependency of a production dependency"
  fi
done
du -sh "$stage/node_modules" | awk '{ print "node_modules: " $1 }'

step "the built output only"
for dir in apps/web/dist apps/web/build/client apps/admin/dist apps/admin/build/client packages/server/dist prisma/migrations config; do
  mkdir -p "$stage/$(dirname "$dir")"
  cp -R "$dir" "$stage/$dir"
done
cp prisma/schema.prisma "$stage/prisma/schema.prisma"
[ ! -e "$stage/apps/web/server.ts" ] && [ ! -e "$stage/packages/api/src" ] || die "source files reached the runtime folder"

step "node there: launcher (web + admin, JOBS=off) and the worker, on a fresh database"
psql_admin "CREATE DATABASE \"${database}\""
web_port=$(free_port)
admin_port=$(free_port)
worker_port=$(free_port)
common=(
  NODE_ENV=production
  DATABASE_URL="$database_url"
  REDIS_URL="$redis_url"
  SESSION_SECRET="runtime-stage-check-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  HOST=127.0.0.1
  LOG_LEVEL=warn
  TICKER_INTERVAL_MS=0
  PATH="$PATH"
  HOME="$stage"
)
# The launcher logs at info: its servers' "listening" lines say when every process has started.
(cd "$stage" && exec env -i "${common[@]}" LOG_LEVEL=info PORT="$web_port" ADMIN_PORT="$admin_port" JOBS=off \
  APP_URL="http://127.0.0.1:${web_port}" ADMIN_URL="http://127.0.0.1:${admin_port}" \
  node packages/server/dist/launch.js >"$stage/launch.log" 2>&1) &
launcher=$!
pids+=("$launcher")
(cd "$stage" && exec env -i "${common[@]}" WORKER_PORT="$worker_port" node apps/web/dist/worker.js >"$stage/worker.log" 2>&1) &
worker=$!
pids+=("$worker")

wait_ready() {
  local name=$1 url=$2 pid=$3 log=$4
  for _ in $(seq 1 240); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = "200" ]; then
      echo "${name}: ${url} 200"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -40 "$log"
      die "${name} exited before ${url} answered 200"
    fi
    sleep 0.25
  done
  tail -40 "$log"
  die "${name}: ${url} did not answer 200 within 60 s"
}
wait_ready web "http://127.0.0.1:${web_port}/readyz" "$launcher" "$stage/launch.log"
wait_ready admin "http://127.0.0.1:${admin_port}/readyz" "$launcher" "$stage/launch.log"
wait_ready worker "http://127.0.0.1:${worker_port}/readyz" "$worker" "$stage/worker.log"
# Several web processes may share the port (WEB_PROCESSES): /readyz answered by one says nothing
# of the others, so wait until each has logged that it listens before the signal.
web_processes=$(grep -o '"msg":"started web [0-9]*/[0-9]*' "$stage/launch.log" | grep -o '/[0-9]*$' | tr -d / || true)
web_processes=${web_processes:-1}
for _ in $(seq 1 240); do
  [ "$(grep -c '"msg":"web listening"' "$stage/launch.log" || true)" -ge "$web_processes" ] && break
  sleep 0.25
done
echo "web: ${web_processes} process(es) listening"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${web_port}/")
[ "$status" = "200" ] || die "web's home page answered ${status}"
echo "web: / 200 (a page rendered from the bundle)"

step "SIGTERM: each exits 0"
kill -TERM "$launcher" "$worker"
code=0
wait "$launcher" || code=$?
[ "$code" = "0" ] || {
  tail -20 "$stage/launch.log"
  die "launcher exited ${code} after SIGTERM"
}
echo "launcher (web + admin): exit 0"
code=0
wait "$worker" || code=$?
[ "$code" = "0" ] || {
  tail -20 "$stage/worker.log"
  die "worker exited ${code} after SIGTERM"
}
echo "worker: exit 0"
pids=()
if grep -q '"level":"\(error\|fatal\)"' "$stage/launch.log" "$stage/worker.log"; then
  grep '"level":"\(error\|fatal\)"' "$stage/launch.log" "$stage/worker.log" | head -10
  die "errors were logged"
fi
echo "runtime stage check passed in $(($(date +%s) - started)) s"
