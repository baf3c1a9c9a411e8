// dynalite (DynamoDB API) and s3rver (S3 API) on loopback ports the OS picks, from the repo's npm packages,
// stopped by PID. s3rver only accepts the S3RVER/S3RVER key pair.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// A port free now, for a server that cannot report the one it binds (a silo advertises its configured port).
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

// Resolves with the port a server reports on stdout (`pattern`, group 1) once it listens: the OS picked it, so
// nothing else can have taken it in between (as with a free port chosen first and bound later).
function reportedPort(child, pattern, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no port reported within ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
    const onData = (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}:\n${out}`)); });
  }).finally(() => child.removeAllListeners('exit'));
}

function stopper(child, cleanup = () => {}) {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGCONT'); // a test may have frozen it
      child.kill('SIGKILL');
      await exited;
    }
    cleanup();
  };
}

export async function startDynalite() {
  const child = spawn('node', [path.join(repo, 'tests/servers/dynalite.cjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await reportedPort(child, /Dynalite listening at: http:\/\/127\.0\.0\.1:(\d+)/);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: stopper(child) };
}

export async function startS3rver(bucket = 'audio') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-s3rver-'));
  const child = spawn('node', ['--openssl-legacy-provider', path.join(repo, 'node_modules/s3rver/bin/s3rver.js'), '-d', dir, '-a', '127.0.0.1', '-p', '0', '--silent', '--configure-bucket', bucket], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await reportedPort(child, /S3rver listening on [^:]+:(\d+)/);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    bucket,
    pid: child.pid,
    // s3rver serves objects to unsigned GETs.
    async get(key) {
      const res = await fetch(`${url}/${bucket}/${key}`);
      if (!res.ok) throw new Error(`GET ${key}: ${res.status}`);
      return { body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    },
    stop: stopper(child, () => fs.rmSync(dir, { recursive: true, force: true })),
  };
}
