// Cluster mode end to end: separate silo and gateway processes on loopback, DynamoDB (dynalite) for membership,
// directory and records, S3 (s3rver) for audio. Tries to break the guarantees: a silo killed mid-stream (kill -9),
// a silo drained (SIGTERM), an owner frozen past the suspicion timeout (SIGSTOP), the same session started through
// two gateways at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startCluster } from './helpers/cluster.mjs';
import { connect, chunks, waitForAck } from './helpers/client.mjs';
import { wavData } from './helpers/speech.mjs';

const synthetic = { 'Engines:Synthetic:Enabled': 'true', 'Engines:Default': 'synthetic', 'Engines:Synthetic:WordLength': '00:00:00.250' };

// Deterministic noise (the synthetic engine turns every 250 ms of non-silent audio into a word).
function noise(seconds, seed, rate = 16000) {
  const pcm = Buffer.alloc(seconds * rate * 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < pcm.length / 2; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    pcm.writeInt16LE(((x % 8000) - 4000) | 0, i * 2);
  }
  return pcm;
}

// Sends chunks paced at real time × speed; resolves when all were sent.
async function send(client, sessionId, parts, { from = 0, speed = 2 } = {}) {
  const start = performance.now();
  for (let i = from; i < parts.length; i++) {
    const wait = start + ((i - from) * 100) / speed - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await client.connection.send('SendAudio', sessionId, i, parts[i].toString('base64'));
  }
}

// Final transcript events for a session, in arrival order (duplicates kept: the test looks for them).
function finalEvents(client, sessionId) {
  return client.of('transcript').filter((t) => t.sessionId === sessionId && !t.isPartial);
}

function assertExactlyOnce(finals, label) {
  const ids = finals.map((f) => f.segmentId);
  assert.deepEqual(ids, [...ids.keys()], `${label}: finals are 0..n-1, each once, in order (got ${ids.join(',')})`);
}

// Every archive object of the session, concatenated (first object, then its continuations).
async function archivedAudio(cluster, gatewayUrl, sessionId) {
  const record = await (await fetch(`${gatewayUrl}/api/sessions/${sessionId}`)).json();
  const keys = record.audioKeys ?? [record.audioKey];
  const parts = [];
  for (const key of keys) {
    let object;
    for (let i = 0; i < 100 && !object; i++) {
      try { object = await cluster.s3.get(key); } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    assert.ok(object, `archive object ${key} exists`);
    parts.push(wavData(object.body));
  }
  return { record, keys, audio: Buffer.concat(parts) };
}

let cluster;
before(async () => {
  cluster = await startCluster({ silos: 2, gateways: 1, settings: synthetic });
});
after(async () => {
  await cluster?.stop();
});

test('cluster: a session runs on a silo through a gateway; transcript, record and archive agree', { timeout: 60000 }, async () => {
  const [gateway] = cluster.gateways;
  const client = await connect(gateway.url);
  const sessionId = randomUUID();
  const ack = await client.invoke('StartSession', { sessionId, quality: 'medium' });
  assert.equal(ack.engine, 'synthetic');
  const owner = await cluster.ownerOf(sessionId);
  assert.ok(cluster.silos.some((s) => s.id === owner.owner), `owned by a silo (${owner.owner})`);
  const pcm = noise(4, 7);
  const parts = chunks(pcm, 16000, 100);
  await send(client, sessionId, parts, { speed: 4 });
  await waitForAck(client, sessionId, parts.length - 1, 15000);
  const complete = await client.invoke('EndSession', sessionId);
  assert.equal(complete.state, 'completed');
  const finals = finalEvents(client, sessionId);
  assert.ok(finals.length >= 3, `finals arrived (${finals.length})`);
  assertExactlyOnce(finals, 'single silo');
  const { audio, record } = await archivedAudio(cluster, gateway.url, sessionId);
  assert.equal(record.status, 'COMPLETED');
  assert.ok(audio.equals(pcm), 'the archive is the audio sent');
  const stored = await (await fetch(`${gateway.url}/api/sessions/${sessionId}/transcript?format=json`)).json();
  assert.deepEqual(stored.segments.map((s) => s.text), finals.map((f) => f.text));
  await client.stop();
});
