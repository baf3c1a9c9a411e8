// Cluster mode end to end: separate silo and gateway processes on loopback, DynamoDB (dynalite) for membership,
// directory and records, S3 (s3rver) for audio. Tries to break the guarantees: a silo killed mid-stream (kill -9),
// a silo drained (SIGTERM), an owner frozen past the suspicion timeout (SIGSTOP), the same session started through
// two gateways at once, a gateway lost, and sessions abandoned when their silo dies or drains.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startCluster } from './helpers/cluster.mjs';
import { connect, chunks, waitForAck } from './helpers/client.mjs';
import { wavData, dictation, wer, DICTATION } from './helpers/speech.mjs';

const synthetic = { 'Engines:Synthetic:Enabled': 'true', 'Engines:Default': 'synthetic', 'Engines:Synthetic:WordLength': '00:00:00.250' };
const offlineWords = (client, sessionId) => finalEvents(client, sessionId).map((f) => f.text).join(' ');

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
  // A short speaker grace and orphan sweep keep the abandoned-session test short; the others do not depend on them.
  cluster = await startCluster({ silos: 2, gateways: 1, settings: synthetic, siloSettings: { 'Sessions:DisconnectGrace': '00:00:05', 'Cluster:Silo:OrphanSweepDelay': '00:00:02' } });
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

// The process of a silo id (a silo that rejoined after an eviction has a new generation, same name).
const siloOf = (siloId) => cluster.silos.find((x) => x.name === siloId.split('@')[0]);

// Brings the cluster back to 3 running silos and 2 gateways (earlier tests kill and stop silos).
async function ensureCluster() {
  while (cluster.silos.filter((s) => s.child.exitCode === null && s.child.signalCode === null).length < 3) await cluster.startSilo();
  while (cluster.gateways.length < 2) await cluster.startGateway();
}

// Runs `count` sessions through the cluster's gateways (alternating), each with its own audio; returns their state.
// `speech`: the last session uses the offline engine (PocketSphinx) on synthesized dictation instead.
async function startSessions(count, seconds, seedBase, { speech = false } = {}) {
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const gateway = cluster.gateways[i % cluster.gateways.length];
    const client = await connect(gateway.url);
    const sessionId = randomUUID();
    const offline = speech && i === count - 1;
    await client.invoke('StartSession', { sessionId, quality: 'medium', engine: offline ? 'offline' : undefined });
    const pcm = offline ? dictation(DICTATION.slice(0, 2), 'cluster').raw(16000) : noise(seconds, seedBase + i);
    sessions.push({ client, sessionId, gateway, pcm, parts: chunks(pcm, 16000, 100) });
  }
  return sessions;
}

async function finishAndCheck(sessions, label) {
  for (const s of sessions) {
    await waitForAck(s.client, s.sessionId, s.parts.length - 1, 30000);
    const complete = await s.client.invoke('EndSession', s.sessionId);
    assert.equal(complete.state, 'completed', `${label}: ${s.sessionId} completed`);
    const finals = finalEvents(s.client, s.sessionId);
    assertExactlyOnce(finals, `${label} speaker ${s.sessionId}`);
    const { audio, record, keys } = await archivedAudio(cluster, s.gateway.url, s.sessionId);
    assert.equal(record.status, 'COMPLETED');
    assert.ok(audio.equals(s.pcm), `${label}: archive of ${s.sessionId} (${keys.length} objects, ${audio.length} bytes) is the audio sent (${s.pcm.length} bytes)`);
    const stored = await (await fetch(`${s.gateway.url}/api/sessions/${s.sessionId}/transcript?format=json`)).json();
    assert.deepEqual(stored.segments.map((x) => x.text), finals.map((f) => f.text), `${label}: stored finals are the ones shown`);
    s.keys = keys;
  }
}

test('failover: kill -9 the silo owning the most sessions mid-stream; every session completes, no audio or final lost or doubled', { timeout: 120000 }, async () => {
  await ensureCluster();
  const sessions = await startSessions(10, 8, 100, { speech: true });
  // A listener on the other gateway for the first session.
  const listener = await connect(cluster.gateways[1].url);
  await listener.invoke('JoinSession', sessions[0].sessionId, {});

  const owners = await Promise.all(sessions.map((s) => cluster.ownerOf(s.sessionId)));
  const counts = new Map();
  for (const o of owners) counts.set(o.owner, (counts.get(o.owner) ?? 0) + 1);
  const [victimId, victimCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const victim = siloOf(victimId);
  console.log(`owners: ${JSON.stringify(Object.fromEntries(counts))}; killing ${victimId} (${victimCount} sessions)`);

  const sending = sessions.map((s) => send(s.client, s.sessionId, s.parts, { speed: 2 }));
  await new Promise((r) => setTimeout(r, 1500));
  const killedAt = performance.now();
  process.kill(victim.pid, 'SIGKILL');
  await victim.exited;
  await Promise.all(sending);

  await finishAndCheck(sessions, 'kill -9');
  // Failover time: from the kill to the first transcript event of each moved session.
  const moved = sessions.filter((s, i) => owners[i].owner === victimId);
  const gaps = moved.map((s) => {
    const first = s.client.events.find((e) => e.name === 'transcript' && e.at > killedAt && e.payload.sessionId === s.sessionId);
    return first ? first.at - killedAt : Infinity;
  });
  console.log(`failover: first result from the new owner ${gaps.map((g) => (g / 1000).toFixed(2)).join(', ')} s after kill -9`);
  assert.ok(gaps.every((g) => g < 10000), 'every moved session produced results again within 10 s');
  for (const s of moved) {
    const now = await cluster.ownerOf(s.sessionId);
    assert.ok(now.epoch >= 2, `moved session ${s.sessionId} has a new epoch (${now.epoch})`);
    assert.ok(s.keys.length >= 2, 'its archive continues in a numbered object');
  }

  const spoken = sessions[9];
  console.log(`failover: offline session ${owners[9].owner === victimId ? 'moved' : 'stayed'}: "${offlineWords(spoken.client, spoken.sessionId)}"`);
  const spokenWer = wer(DICTATION.slice(0, 2).join(' '), offlineWords(spoken.client, spoken.sessionId));
  console.log(`failover: offline session WER ${(spokenWer * 100).toFixed(1)}%`);
  assert.ok(spokenWer <= 0.35, 'the offline engine transcribed the dictation (the new owner re-hears the unfinished utterance)');
  const heard = finalEvents(listener, sessions[0].sessionId);
  assertExactlyOnce(heard, 'listener');
  assert.deepEqual(heard.map((f) => f.text), finalEvents(sessions[0].client, sessions[0].sessionId).map((f) => f.text), 'the listener saw the speaker\'s finals');
  for (const s of sessions) await s.client.stop();
  await listener.stop();
});

test('drain: SIGTERM a silo mid-stream; its sessions move without a disconnect or loss, and it exits before the deadline', { timeout: 120000 }, async () => {
  await ensureCluster();
  const sessions = await startSessions(6, 8, 200);
  const owners = await Promise.all(sessions.map((s) => cluster.ownerOf(s.sessionId)));
  const counts = new Map();
  for (const o of owners) counts.set(o.owner, (counts.get(o.owner) ?? 0) + 1);
  const [victimId, victimCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const victim = siloOf(victimId);
  let closed = 0;
  for (const s of sessions) s.client.connection.onclose(() => { closed++; });

  const sending = sessions.map((s) => send(s.client, s.sessionId, s.parts, { speed: 2 }));
  await new Promise((r) => setTimeout(r, 1500));
  const termAt = performance.now();
  process.kill(victim.pid, 'SIGTERM');
  const code = await victim.exited;
  const exitSeconds = (performance.now() - termAt) / 1000;
  await Promise.all(sending);
  const drained = /Drain done: (\d+) sessions handed over in ([\d.]+) s/.exec(victim.output);
  console.log(`drain: ${victimId} had ${victimCount} sessions; exited with ${code} after ${exitSeconds.toFixed(2)} s; ${drained?.[0]}`);
  assert.ok(drained, 'the silo logged its drain');
  assert.equal(code, 0, 'clean exit');
  assert.ok(exitSeconds < 25, 'exited before the 25 s deadline');

  await finishAndCheck(sessions, 'drain');
  assert.equal(closed, 0, 'no client connection closed');
  for (const s of sessions) {
    assert.deepEqual(s.client.of('error').filter((e) => e.sessionId === s.sessionId), [], 'no error reached the speaker');
    await s.client.stop();
  }
  const row = (await cluster.membership()).find((m) => m.siloId === victimId);
  assert.equal(row.status, 'Dead', 'the drained silo left the membership table');
});

test('fencing: an owner frozen past the suspicion timeout is replaced; resumed, its writes are refused and it drops the session', { timeout: 120000 }, async () => {
  await ensureCluster();
  const [s] = await startSessions(1, 10, 300);
  const before = await cluster.ownerOf(s.sessionId);
  const frozen = siloOf(before.owner);
  const sending = send(s.client, s.sessionId, s.parts, { speed: 2 });
  await new Promise((r) => setTimeout(r, 1000));
  process.kill(frozen.pid, 'SIGSTOP');
  try {
    // The gateway notices the silence (membership) and moves the session; new sessions avoid the frozen silo.
    let after = before;
    for (let i = 0; i < 100 && after.owner === before.owner; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await cluster.ownerOf(s.sessionId);
    }
    assert.notEqual(after.owner, before.owner, 'another silo took the session over');
    assert.equal(after.epoch, before.epoch + 1, 'with the next epoch');
    const others = await startSessions(4, 1, 400);
    for (const o of others) {
      assert.notEqual((await cluster.ownerOf(o.sessionId)).owner, before.owner, 'no placement on the frozen silo');
      await o.client.invoke('EndSession', o.sessionId);
      await o.client.stop();
    }
  } finally {
    process.kill(frozen.pid, 'SIGCONT');
  }

  await sending;
  await finishAndCheck([s], 'fencing');
  // Resumed, the old owner learns it was declared dead: it drops the session without writing and rejoins as a new generation.
  for (let i = 0; i < 100 && !/was evicted; its activations were dropped and it rejoined as/.test(frozen.output); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(frozen.output, new RegExp(`Session ${s.sessionId}: (dropped without writing|write with epoch \\d+ fenced)`), 'the old activation stopped without writing');
  const rejoined = /rejoined as (\S+)/.exec(frozen.output)[1];
  assert.notEqual(rejoined, before.owner, 'a new generation');
  const record = await (await fetch(`${s.gateway.url}/api/sessions/${s.sessionId}`)).json();
  assert.ok(record.epoch >= before.epoch + 1, 'the record was last written by the new owner');
  await s.client.stop();
});

test('single activation: the same session id started through two gateways at once ends with one owner', { timeout: 60000 }, async () => {
  await ensureCluster();
  const a = await connect(cluster.gateways[0].url);
  const b = await connect(cluster.gateways[1].url);
  for (let round = 0; round < 5; round++) {
    const sessionId = randomUUID();
    const results = await Promise.allSettled([
      a.invoke('StartSession', { sessionId, quality: 'medium' }),
      b.invoke('StartSession', { sessionId, quality: 'medium' }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1, `exactly one start wins (${results.map((r) => r.status === 'fulfilled' ? 'ok' : r.reason.message).join(' / ')})`);
    assert.match(results.find((r) => r.status === 'rejected').reason.message, /NOT_SESSION_OWNER/);
    const activations = cluster.silos.filter((x) => x.output.includes(`Session ${sessionId} started`)).length;
    assert.equal(activations, 1, 'started on one silo');
    const winner = results[0].status === 'fulfilled' ? a : b;
    await winner.invoke('EndSession', sessionId);
  }

  await a.stop();
  await b.stop();
});

test('gateway loss: a speaker whose gateway dies resumes through another gateway from its own unacknowledged audio', { timeout: 60000 }, async () => {
  await ensureCluster();
  const [lost, other] = cluster.gateways.slice(-2);
  const a = await connect(lost.url);
  const sessionId = randomUUID();
  const ack = await a.invoke('StartSession', { sessionId, quality: 'medium' });
  const pcm = noise(6, 500);
  const parts = chunks(pcm, 16000, 100);
  const half = parts.length / 2;
  await send(a, sessionId, parts.slice(0, half), { speed: 2 });
  await waitForAck(a, sessionId, half - 1, 15000);
  process.kill(lost.pid, 'SIGKILL');
  await lost.exited;
  cluster.gateways.splice(cluster.gateways.indexOf(lost), 1);

  // The browser reconnects (a load balancer would pick any gateway) and resumes with its token.
  const b = await connect(other.url);
  const resumed = await b.invoke('StartSession', { sessionId, quality: 'medium', resumeToken: ack.resumeToken });
  assert.equal(resumed.resumed, true);
  assert.equal(resumed.lastSequence, half - 1, 'the session kept every chunk the old gateway had acknowledged');
  const seen = [...resumed.finals];
  await send(b, sessionId, parts, { from: resumed.lastSequence + 1, speed: 2 });
  await waitForAck(b, sessionId, parts.length - 1, 15000);
  const complete = await b.invoke('EndSession', sessionId);
  assert.equal(complete.state, 'completed');
  const finals = [...seen, ...finalEvents(b, sessionId)];
  assertExactlyOnce(finals, 'resumed speaker');
  const { audio } = await archivedAudio(cluster, other.url, sessionId);
  assert.ok(audio.equals(pcm), 'the archive is the audio sent through both gateways');
  await a.stop().catch(() => {});
  await b.stop();
});

test('orphans: a session whose silo dies after its speaker left is taken over and ends FAILED with its transcript and audio', { timeout: 90000 }, async () => {
  await ensureCluster();
  const [s] = await startSessions(1, 3, 600);
  await send(s.client, s.sessionId, s.parts, { speed: 4 });
  await waitForAck(s.client, s.sessionId, s.parts.length - 1, 15000);
  const shown = finalEvents(s.client, s.sessionId).length;
  await s.client.stop(); // the speaker is gone (grace running on its silo)...
  const { owner } = await cluster.ownerOf(s.sessionId);
  const silo = siloOf(owner);
  process.kill(silo.pid, 'SIGKILL'); // ...and so is the silo: nobody will reopen the session
  await silo.exited;

  let record;
  for (let i = 0; i < 300; i++) {
    record = await (await fetch(`${s.gateway.url}/api/sessions/${s.sessionId}`)).json();
    if (record.status !== 'IN_PROGRESS') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(record.status, 'FAILED', 'the orphan was finalized by another silo');
  assert.equal(record.reason, 'speaker did not reconnect');
  const stored = await (await fetch(`${s.gateway.url}/api/sessions/${s.sessionId}/transcript?format=json`)).json();
  assert.ok(stored.segments.length >= shown, `its finals are kept (${stored.segments.length} ≥ ${shown} shown)`);
  const { audio } = await archivedAudio(cluster, s.gateway.url, s.sessionId);
  assert.ok(audio.equals(s.pcm), 'its audio is archived');
});

test('orphans after a drain: a session whose gateway dies as its silo drains is resumed by another silo and ends FAILED with its transcript and audio', { timeout: 90000 }, async () => {
  await ensureCluster();
  const doomed = cluster.gateways.at(-1);
  const client = await connect(doomed.url);
  const sessionId = randomUUID();
  await client.invoke('StartSession', { sessionId, quality: 'medium' });
  const pcm = noise(3, 700);
  const parts = chunks(pcm, 16000, 100);
  await send(client, sessionId, parts, { speed: 4 });
  await waitForAck(client, sessionId, parts.length - 1, 15000);
  const shown = finalEvents(client, sessionId).length;
  const { owner } = await cluster.ownerOf(sessionId);
  const silo = siloOf(owner);

  // A deployment replacing gateways and silos together: the speaker's gateway dies, then its silo drains.
  process.kill(doomed.pid, 'SIGKILL');
  await doomed.exited;
  cluster.gateways.splice(cluster.gateways.indexOf(doomed), 1);
  process.kill(silo.pid, 'SIGTERM');
  assert.equal(await silo.exited, 0);
  assert.match(silo.output, new RegExp(`Session ${sessionId} handed over \\(drain\\)`));

  const reader = cluster.gateways[0];
  let record;
  for (let i = 0; i < 300; i++) {
    record = await (await fetch(`${reader.url}/api/sessions/${sessionId}`)).json();
    if (record.status !== 'IN_PROGRESS') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(record.status, 'FAILED', 'the abandoned session was finalized by another silo');
  assert.equal(record.reason, 'speaker did not reconnect');
  assert.ok(cluster.silos.some((s) => s !== silo && new RegExp(`Took over 1 sessions that dead silo ${owner} left`).test(s.output)), 'the coordinator swept it');
  const stored = await (await fetch(`${reader.url}/api/sessions/${sessionId}/transcript?format=json`)).json();
  assert.ok(stored.segments.length >= shown, `its finals are kept (${stored.segments.length} ≥ ${shown} shown)`);
  const { audio } = await archivedAudio(cluster, reader.url, sessionId);
  assert.ok(audio.equals(pcm), 'its audio is archived');
  await client.stop().catch(() => {});
});
