// Embedded mode and the process lifecycle: stopping the service finalizes live sessions; after a
// crash (kill -9) a restarted service finalizes what the dead one left, and every acknowledged chunk
// and every stored final is still there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './helpers/server.mjs';
import { connect, chunks, stream, waitForAck, sessionMidway } from './helpers/client.mjs';
import { tone, wavData } from './helpers/speech.mjs';

const SYNTHETIC = { 'Engines:Synthetic:Enabled': 'true' };

function readRecord(dataDir, id) {
  const file = path.join(dataDir, 'sessions', id, 'record.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}

async function until(condition, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('SIGTERM finalizes live sessions before the process exits: transcript flushed, archive closed', { timeout: 60000 }, async () => {
  const server = await startServer(SYNTHETIC);
  const client = await connect(server.url);
  const { sessionId } = await client.invoke('StartSession', { engine: 'synthetic' });
  const audio = chunks(tone(3), 16000);
  await stream(client, sessionId, audio, { speed: 10 });
  await waitForAck(client, sessionId, audio.length - 1);

  const started = Date.now();
  const code = await server.stop({ keepData: true });
  const record = readRecord(server.dataDir, sessionId);
  try {
    assert.equal(code, 0, 'clean exit');
    assert.ok(Date.now() - started < 10000);
    assert.equal(record.status, 'FAILED');
    assert.equal(record.reason, 'server shutting down');
    assert.equal(record.segmentCount, 2, 'the last, unfinished utterance was flushed into a final');
    assert.ok(Buffer.concat(audio).equals(wavData(fs.readFileSync(path.join(server.dataDir, record.audioKey)))));
    assert.ok(!fs.existsSync(path.join(server.dataDir, 'sessions', '.in-progress', sessionId)));
  } finally {
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
});

test('after kill -9, the restarted service finalizes the session with every stored final and acknowledged chunk', { timeout: 60000 }, async () => {
  const first = await startServer(SYNTHETIC);
  const audio = chunks(tone(4.5), 16000);
  const { client, sessionId, seen } = await sessionMidway(first.url, audio);
  await first.stop({ keepData: true, signal: 'SIGKILL' });
  assert.equal(readRecord(first.dataDir, sessionId).status, 'IN_PROGRESS');

  const second = await startServer(SYNTHETIC, { dataDir: first.dataDir });
  try {
    await until(() => readRecord(second.dataDir, sessionId)?.status === 'FAILED');
    const record = await (await fetch(`${second.url}/api/sessions/${sessionId}`)).json();
    assert.equal(record.reason, 'the server stopped before the session ended');
    const stored = (await (await fetch(`${second.url}/api/sessions/${sessionId}/transcript?format=json`)).json()).segments;
    assert.deepEqual(stored.map((s) => [s.segmentId, s.text]), seen, 'every final the client saw was stored');
    assert.ok(Buffer.concat(audio).equals(wavData(fs.readFileSync(path.join(second.dataDir, record.audioKey)))), 'every acknowledged chunk is in the archive');
    const again = await connect(second.url);
    const join = await again.invoke('JoinSession', sessionId, {});
    assert.equal(join.state, 'failed');
    assert.deepEqual(join.finals.map((f) => [f.segmentId, f.text]), seen);
    await again.stop();
  } finally {
    await second.stop();
  }
});
