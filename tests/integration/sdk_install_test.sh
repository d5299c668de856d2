#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The SDK boundary: install the SDK into a temporary prefix, build sdk/template out of tree
# with find_package(SwitchboardSDK) and nothing from the source tree, then have the real
# kernel load the result and deliver an event to it (server.started, seen over HTTP).
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
# Build from the installed copy of the template, so the source tree cannot leak in.
cp -r "$work/prefix/share/switchboard/template" "$work/hello"
cmake -S "$work/hello" -B "$work/hello/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/hello/build" >/dev/null
test -f "$work/hello/build/libsb_hello.so"
if grep -R -- "$source_dir" "$work/hello/build/build.ninja" >/dev/null; then
  echo "FAIL: the out-of-tree build refers to the source tree" >&2
  exit 1
fi

cat >"$work/sb.toml" <<TOML
[plugins]
dirs = ["$work/hello/build"]

[plugin.hello]
greeting = "hi"
repeat = 2
TOML
SB_SERVER__LISTEN=127.0.0.1:0 SB_SERVER__DATA_DIR="$work/data" \
  "$build_dir/bin/switchboard" run --config "$work/sb.toml" >"$work/out" 2>"$work/err" &
server_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's/.*switchboard listening on [^:]*:\([0-9]*\).*/\1/p' "$work/out")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "FAIL: server did not start" >&2; cat "$work/err" >&2; exit 1; }

body=
for _ in $(seq 1 100); do
  body=$(curl -sf "http://127.0.0.1:$port/hello" || true)
  case "$body" in *'"events_seen":1'*) break ;; esac
  sleep 0.05
done
echo "GET /hello -> $body"
case "$body" in
  *'"greeting":"hihi"'*'"events_seen":1'*'"last_event":"server.started on '*) ;;
  *) echo "FAIL: unexpected answer from the template plugin" >&2; cat "$work/err" >&2; exit 1 ;;
esac
kill -TERM "$server_pid"
wait "$server_pid"
server_pid=
echo "PASS: installed SDK -> out-of-tree plugin -> loaded by the kernel -> event delivered"
