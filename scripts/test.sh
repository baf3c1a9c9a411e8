#!/usr/bin/env bash
# Installs what is missing, builds once, and runs every test: .NET unit tests, then the end-to-end
# tests (real server processes on loopback, the official SignalR JS client, headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh pocketsphinx pocketsphinx-en-us libopus0 opus-tools flite sox chromium
dotnet build LiveTranscription.Orleans.sln -c Release -v quiet -nologo
dotnet test LiveTranscription.Orleans.sln -c Release --no-build -v quiet -nologo
LT_GATEWAY_DLL="$PWD/src/Gateway/bin/Release/net10.0/LiveTranscription.Gateway.dll" \
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/
