// The local Transcribe-protocol endpoint (tools/TranscribeLocal) on a free loopback port, and the
// settings and credentials that point a gateway's `aws` engines at it.
import { spawnListening } from './server.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dll = path.join(repo, 'tools/TranscribeLocal/bin/Release/net10.0/LiveTranscription.TranscribeLocal.dll');

// Test credentials the endpoint accepts (never real ones).
export const localCredentials = { AWS_ACCESS_KEY_ID: 'AKIDLOCALTRANSCRIBE', AWS_SECRET_ACCESS_KEY: 'local-transcribe-secret', AWS_SESSION_TOKEN: '' };

// credentials: the key pair the endpoint accepts (default: localCredentials).
export async function startTranscribeLocal({ timeoutMs = 30000, credentials = localCredentials } = {}) {
  if (!fs.existsSync(dll)) throw new Error(`${dll} is missing: build first (scripts/test.sh does).`);
  const args = [dll, '--urls', 'http://127.0.0.1:0', '--Local:AccessKeyId', credentials.AWS_ACCESS_KEY_ID, '--Local:SecretAccessKey', credentials.AWS_SECRET_ACCESS_KEY];
  const { child, url, log } = await spawnListening('TranscribeLocal', args, { timeoutMs });
  return {
    url,
    get output() { return log.text; },
    // Gateway settings for the aws engines against this endpoint.
    settings: { 'Engines:Aws:Enabled': 'true', 'Engines:Aws:Endpoint': url.replace('http://', 'ws://'), 'Engines:Aws:ReconnectDelay': '00:00:00.1' },
    // The next `times` streams of session `sessionId` fail with `type` (an exception name, or 'drop') after
    // `afterSeconds` of audio.
    async fault(sessionId, type, afterSeconds, times = 1) {
      const res = await fetch(`${url}/faults?type=${type}&afterSeconds=${afterSeconds}&times=${times}&session=${sessionId}`, { method: 'POST' });
      if (!res.ok) throw new Error(`fault: ${res.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
