// dynalite (DynamoDB API) and s3rver (S3 API) on free loopback ports, from the repo's npm packages,
// stopped by PID. s3rver only accepts the S3RVER/S3RVER key pair.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

async function waitForPort(port, child, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    const ok = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not open`);
}

function stopper(child, cleanup = () => {}) {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    cleanup();
  };
}

export async function startDynalite() {
  const port = await freePort();
  const child = spawn('node', [path.join(repo, 'node_modules/dynalite/cli.js'), '--host', '127.0.0.1', '--port', String(port), '--createTableMs', '0'], { stdio: 'ignore' });
  await waitForPort(port, child);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: stopper(child) };
}

export async function startS3rver(bucket = 'audio') {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-s3rver-'));
  const child = spawn('node', ['--openssl-legacy-provider', path.join(repo, 'node_modules/s3rver/bin/s3rver.js'), '-d', dir, '-a', '127.0.0.1', '-p', String(port), '--silent', '--configure-bucket', bucket], { stdio: 'ignore' });
  await waitForPort(port, child);
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
