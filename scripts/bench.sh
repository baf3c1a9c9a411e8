#!/usr/bin/env bash
# Builds Release and runs the benchmarks; results go in docs/benchmarks.md by hand, with machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh pocketsphinx pocketsphinx-en-us libopus0 flite sox
dotnet build LiveTranscription.Orleans.sln -c Release -v quiet -nologo
dotnet bench/LiveTranscription.Bench/bin/Release/net10.0/LiveTranscription.Bench.dll all
node bench/latency.mjs
node bench/cluster.mjs
