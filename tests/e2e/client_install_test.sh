#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The client library ships with the SDK: install into a temporary prefix, build a program
# out of tree with find_package(SwitchboardSDK) and SwitchboardSDK::client, run it.
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/switchboard/client/client.hpp"
test -x "$work/prefix/bin/sbctl"
cp -r "$source_dir/tests/e2e/client_consumer" "$work/consumer"
cmake -S "$work/consumer" -B "$work/consumer/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer/build" >/dev/null
"$work/consumer/build/client_consumer" http://127.0.0.1:1
echo "PASS: installed SDK -> out-of-tree client program built and run"
