#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the pinned npm packages of the Web Push stub and cross-checks (npm ci), unless
# node_modules already holds exactly this lock file's packages.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f node_modules/.installed-lock ] && cmp -s package-lock.json node_modules/.installed-lock; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json node_modules/.installed-lock
