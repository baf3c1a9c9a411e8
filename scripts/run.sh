#!/usr/bin/env bash
# Installs what is missing, builds, and runs the service in embedded mode (gateway + silo in one
# process, offline engine, files under ./data). Browser page: http://localhost:5080
# Extra arguments are passed to the service, e.g. --urls http://0.0.0.0:5080 or --Sessions:MaxDuration 01:00:00
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh pocketsphinx pocketsphinx-en-us libopus0
dotnet build src/Gateway/Gateway.csproj -c Release -v quiet -nologo
echo "Starting LiveTranscription (embedded mode): open http://localhost:5080"
exec dotnet src/Gateway/bin/Release/net10.0/LiveTranscription.Gateway.dll --Storage:DataDirectory "$PWD/data" "$@"
