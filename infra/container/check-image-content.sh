#!/usr/bin/env bash
# Checks what infra/container/Dockerfile puts in the image, without Docker:
# where no daemon runs or no base image can be pulled, this rebuilds the two
# stages in a temporary folder from the Dockerfile's own COPY lines and runs
# the CLI there as an unprivileged user (help, policy list, serve answering
# /healthz on loopback, and an import of every module), to show the
# production dependencies and the copied folders are enough; and that the
# image holds nothing for development only (issue 13): no Graph emulator, no
# key or certificate, no test support, and that serve refuses development
# settings there.
#
#   bash infra/container/check-image-content.sh        (KEEP=1 keeps the folder)
#
# What it cannot show: that node:20-bookworm-slim behaves as this machine's
# Node does, that the `node` user exists there (it does in the official
# images), or anything about the running container's network.
set -euo pipefail
umask 022
root="$(cd "$(dirname "$0")/../.." && pwd)"
dockerfile="$root/infra/container/Dockerfile"
work="$(mktemp -d "${TMPDIR:-/tmp}/cadence-image-XXXXXX")"
trap '[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -p "$work/deps" "$work/app" "$work/home"
chmod 777 "$work/home"
failed=0
fail() { echo "FAIL: $*"; failed=1; }

echo "== deps stage: npm ci --omit=dev --ignore-scripts"
cp "$root/package.json" "$root/package-lock.json" "$work/deps/"
(cd "$work/deps" && NODE_ENV=production npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "== runtime stage: the Dockerfile's COPY lines"
stage=""
while read -r instruction rest; do
  case "$instruction" in
    FROM) stage="${rest##* AS }" ;;
    COPY)
      [ "$stage" = "runtime" ] || continue
      if [[ "$rest" == --from=deps* ]]; then
        cp -a "$work/deps/node_modules" "$work/app/node_modules"
        echo "  node_modules (from deps)"
        continue
      fi
      read -r -a parts <<<"$rest"
      dest="${parts[${#parts[@]}-1]}"
      for src in "${parts[@]:0:${#parts[@]}-1}"; do
        cp -r "$root/$src" "$work/app/$dest"
        echo "  $src -> $dest"
      done
      ;;
  esac
done < <(grep -E '^(FROM|COPY) ' "$dockerfile")
# The .dockerignore's exclusions, as Docker applies them to the build context (its `!` lines let the COPY
# sources above back in): a path from the root, or **/ for a name in any folder. node_modules came from the
# deps stage, not the context, so it is left alone.
while IFS= read -r pattern; do
  case "$pattern" in '' | '#'* | '!'* | '*') continue ;; esac
  pattern="${pattern%/}"
  if [[ "$pattern" == '**/'* ]]; then
    find "$work/app" -mindepth 1 -path "$work/app/node_modules" -prune -o -name "${pattern#'**/'}" -print0 | xargs -0 -r rm -rf
  else
    # shellcheck disable=SC2086 # a pattern from .dockerignore, globbed on purpose
    rm -rf "$work/app/"$pattern
  fi
done <"$root/.dockerignore"

echo "== what the image holds"
ls "$work/app"
for forbidden in infra test bench docs data; do
  [ ! -e "$work/app/$forbidden" ] || fail "$forbidden/ is in the image"
done
[ -z "$(find "$work/app" -name '*.test.ts' -not -path "$work/app/node_modules/*")" ] || fail "test files are in the image"
# Development only (issue 13): the Graph emulator (its test CA key is valid for 100 years), what runs it,
# any key or certificate (by name, or by a PEM block in any file of ours), and test support.
for dev in graph/emulator app/embedded app/cli/start-command.ts app/cli/emulator-command.ts; do
  [ ! -e "$work/app/$dev" ] || fail "$dev is in the image: it is for development only"
done
ours=(find "$work/app" -path "$work/app/node_modules" -prune -o -type f)
# One line each, so every file found shows in the FAIL line.
oneline() { tr '\n' ' ' | sed 's/ $//'; }
keys="$("${ours[@]}" \( -name '*.pem' -o -name '*.key' -o -name '*.crt' -o -name '*.cer' -o -name '*.p12' -o -name '*.pfx' \) -print | oneline)"
[ -z "$keys" ] || fail "keys or certificates are in the image: $keys"
pem="$("${ours[@]}" -exec grep -l -e '-----BEGIN [A-Z ]*\(PRIVATE KEY\|CERTIFICATE\)-----' {} + | oneline || true)"
[ -z "$pem" ] || fail "files holding a PEM key or certificate are in the image: $pem"
support="$("${ours[@]}" \( -name '*test-support*' -o -name '*test-client*' -o -name 'fake-*' -o -name '*fixtures*' -o -path '*/fixtures/*' -o -path '*/test/*' \) -print | oneline)"
[ -z "$support" ] || fail "test support is in the image: $support"
for dev in vitest typescript eslint @microsoft/app-manifest @microsoft/m365agentsplayground playwright-core ajv adaptivecards swiper; do
  [ ! -e "$work/app/node_modules/$dev" ] || fail "devDependency $dev is in node_modules"
done
[ -e "$work/app/node_modules/tsx" ] || fail "tsx (the runtime TypeScript loader) is missing"
echo "node_modules: $(du -sh "$work/app/node_modules" | cut -f1)"

# As an unprivileged user, as the image's USER node is. setpriv execs (no child process),
# so a command started in the background can be sent SIGTERM by its own pid.
if [ "$(id -u)" = "0" ]; then
  exec_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
  exec_as=()
fi
as_user() {
  "${exec_as[@]}" env -i PATH="$PATH" HOME="$work/home" NODE_ENV=production "$@"
}

run() {
  local name="$1"; shift
  local out rc=0
  out="$(cd "$work/app" && as_user timeout 60 "$@" 2>&1)" || rc=$?
  echo "-- $name: exit $rc"
  echo "$out" | head -n 8 | sed 's/^/   /'
  if grep -qE 'ERR_MODULE_NOT_FOUND|Cannot find (package|module)' <<<"$out"; then fail "$name: a module is missing from the image"; fi
  return "$rc"
}

echo "== the CLI as $( [ "$(id -u)" = "0" ] && echo nobody || id -un )"
run "cadence help" node app/bin/cadence.js help || fail "cadence help"
run "cadence policy list" node app/bin/cadence.js policy list || fail "cadence policy list"
# The development commands are not in the image: one line and exit 2, not a crash.
for command in start graph-emulator; do
  rc=0
  out="$(cd "$work/app" && as_user timeout 60 node app/bin/cadence.js "$command" 2>&1)" || rc=$?
  echo "-- cadence $command: exit $rc"
  echo "$out" | sed 's/^/   /'
  [ "$rc" = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q "^cadence: not in the production image: " <<<"$out" ||
    fail "cadence $command: expected one line \"not in the production image\" and exit 2"
done
# Nor does serve take a development setting there.
rc=0
out="$(cd "$work/app" && as_user NODE_TLS_REJECT_UNAUTHORIZED=0 timeout 60 node app/bin/cadence.js serve 2>&1)" || rc=$?
echo "-- cadence serve with NODE_TLS_REJECT_UNAUTHORIZED=0: exit $rc"
echo "$out" | cut -c1-200 | sed 's/^/   /'
[ "$rc" = 2 ] && grep -q "^cadence: configuration: NODE_TLS_REJECT_UNAUTHORIZED is 0" <<<"$out" || fail "cadence serve took NODE_TLS_REJECT_UNAUTHORIZED=0"

# `cadence serve` for real, on loopback, with embedded PGlite in a folder the user may write:
# it must answer /healthz, then stop on SIGTERM. (In Azure it gets DATABASE_URL and 0.0.0.0.)
if (cd "$work/app" && as_user node app/bin/cadence.js help) | grep -qE '^  serve'; then
  port="${CHECK_PORT:-39978}"
  mkdir -p "$work/home/data" && chmod 777 "$work/home/data"
  (cd "$work/app" && exec "${exec_as[@]}" env -i PATH="$PATH" HOME="$work/home" NODE_ENV=production \
    CADENCE_DATA_DIR="$work/home/data" CADENCE_BOT_HOST=127.0.0.1 node app/bin/cadence.js serve --port "$port" \
    >"$work/home/serve.log" 2>&1) &
  pid=$!
  healthy=""
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then healthy=yes; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if [ -n "$healthy" ]; then echo "-- cadence serve: /healthz answered 200"; else echo "-- cadence serve: /healthz did not answer"; fi
  kill -TERM "$pid" 2>/dev/null || true
  stopped=""
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || { stopped=yes; break; }; sleep 1; done
  [ -n "$stopped" ] || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  head -n 5 "$work/home/serve.log" | cut -c1-200 | sed 's/^/   /'
  [ -n "$healthy" ] || fail "cadence serve did not answer /healthz"
  [ -n "$stopped" ] || fail "cadence serve did not stop within 30 s of SIGTERM"
  if grep -qE 'ERR_MODULE_NOT_FOUND|Cannot find (package|module)' "$work/home/serve.log"; then fail "cadence serve: a module is missing from the image"; fi
else
  echo "-- cadence serve: not in this checkout's CLI yet; not run"
fi

# Every run-time module loads with production dependencies alone (imports only: nothing is started).
cat >"$work/home/import-all.mjs" <<'EOF'
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts')) files.push(resolve(path));
  }
};
for (const dir of ['app', 'bot', 'cards', 'graph', 'rules', 'store', 'supervision']) walk(dir);
for (const file of files) await import(pathToFileURL(file).href);
console.log(`imported ${files.length} modules`);
EOF
run "import every module" node --import tsx "$work/home/import-all.mjs" || fail "a module does not load"

if [ "$failed" = 0 ]; then echo "== image content: OK"; else echo "== image content: FAILED"; exit 1; fi
