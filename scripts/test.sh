#!/usr/bin/env bash
# Installs what is missing, builds once, and runs every test: .NET unit tests, then the end-to-end
# tests (real server processes on loopback, the official SignalR JS client, headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh pocketsphinx pocketsphinx-en-us libopus0 opus-tools flite sox chromium
dotnet build LiveTranscription.Orleans.sln -c Release -v quiet -nologo
# A test that hangs fails, named, instead of stalling the run (each .NET test: 5 min, all: 20 min; each e2e test: 5 min, all:
# 45 min; normally about 1 + 4.5 min).
timeout --kill-after=30s 20m dotnet test LiveTranscription.Orleans.sln -c Release --no-build -v quiet -nologo \
  --blame-hang-timeout 5m --blame-hang-dump-type none --results-directory "${TMPDIR:-/tmp}/lt-test-results"
LT_GATEWAY_DLL="$PWD/src/Gateway/bin/Release/net10.0/LiveTranscription.Gateway.dll" \
  timeout --kill-after=30s 45m node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec tests/e2e/
