// Starts the gateway (embedded mode: gateway + silo in one process) on a free loopback port.
// The build output is reused (scripts/test.sh builds once); each server gets its own data directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const gatewayDll = process.env.LT_GATEWAY_DLL
  || path.join(repo, 'src/Gateway/bin/Release/net10.0/LiveTranscription.Gateway.dll');

// Starts `dotnet <args>` (args include --urls http://127.0.0.1:0) and resolves once it logs the URL it
// listens on: { child, url, log } where log.text is everything it printed so far.
export async function spawnListening(name, args, { env = {}, timeoutMs = 30000 } = {}) {
  const child = spawn('dotnet', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const log = { text: '' };
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${log.text}`)), timeoutMs);
    const onData = (d) => {
      log.text += d;
      const m = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(log.text);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${code}:\n${log.text}`)); });
  });
  child.removeAllListeners('exit');
  return { child, url, log };
}

// settings: { 'Sessions:IdleTimeout': '00:00:02', ... } → --Sessions:IdleTimeout 00:00:02
// options.dataDir reuses a data directory (a restart); stop({ keepData: true }) keeps it.
export async function startServer(settings = {}, { timeoutMs = 30000, dataDir: reuse, env = {} } = {}) {
  if (!fs.existsSync(gatewayDll)) throw new Error(`${gatewayDll} is missing: build first (scripts/test.sh does).`);
  const dataDir = reuse || fs.mkdtempSync(path.join(os.tmpdir(), 'lt-e2e-'));
  const args = [gatewayDll, '--urls', 'http://127.0.0.1:0', '--Storage:DataDirectory', dataDir,
    '--Logging:LogLevel:Default', 'Warning', '--Logging:LogLevel:Microsoft.Hosting.Lifetime', 'Information'];
  for (const [k, v] of Object.entries(settings)) args.push(`--${k}`, String(v));
  const { child, url, log } = await spawnListening('server', args, { env, timeoutMs });
  return {
    url,
    dataDir,
    pid: child.pid,
    get output() { return log.text; },
    // SIGTERM (SIGKILL after 10 s); resolves with the exit code.
    async stop({ keepData = false, signal = 'SIGTERM' } = {}) {
      let code = child.exitCode;
      if (code === null) {
        const exited = new Promise((r) => child.once('exit', (c, s) => r(c ?? s)));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        code = await exited;
        clearTimeout(timer);
      }
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
