// Protocol contract against a real server (synthetic engine: fast and deterministic): bad input
// gets its error code and never disturbs another session; only the speaker controls a session;
// floods are rate limited; capacity and lifecycle limits; disconnect, resume and grace.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer } from './helpers/server.mjs';
import { connect, chunks, stream, waitForAck, errorCode, finalsOf } from './helpers/client.mjs';
import { tone, wavData } from './helpers/speech.mjs';

const SYNTHETIC = { 'Engines:Synthetic:Enabled': 'true' };

async function startSynthetic(client, extra = {}) {
  return client.invoke('StartSession', { sessionId: randomUUID(), engine: 'synthetic', ...extra });
}

async function rejects(promise) {
  try { await promise; } catch (err) { return errorCode(err); }
  assert.fail('expected the call to fail');
}

function archiveOf(server, complete) {
  return wavData(fs.readFileSync(path.join(server.dataDir, complete.audioKey)));
}

describe('default limits', () => {
  let server;
  before(async () => { server = await startServer(SYNTHETIC); });
  after(async () => { await server?.stop(); });

  test('bad input gets its error code, loses nothing, and another session is undisturbed', { timeout: 60000 }, async () => {
    const a = await connect(server.url);
    const b = await connect(server.url);
    const stranger = await connect(server.url);
    const sa = await startSynthetic(a);
    const sb = await startSynthetic(b);
    const audioB = chunks(tone(4, 16000, 7), 16000);
    const streamingB = stream(b, sb.sessionId, audioB, { sampleRate: 16000, speed: 4 });

    const good = chunks(tone(1), 16000);
    await stream(a, sa.sessionId, good.slice(0, 3), { speed: 100 });
    await waitForAck(a, sa.sessionId, 2);
    const sent = (seq, bytes) => a.invoke('SendAudio', sa.sessionId, seq, Buffer.from(bytes).toString('base64'));
    assert.equal(await rejects(sent(3, Buffer.alloc(3201))), 'INVALID_AUDIO_FORMAT');          // odd byte count
    assert.equal(await rejects(sent(3, Buffer.alloc(40000))), 'INVALID_AUDIO_FORMAT');         // over 32 KiB
    assert.equal(await rejects(sent(3, Buffer.alloc(100))), 'INVALID_AUDIO_FORMAT');           // under 20 ms
    assert.equal(await rejects(sent(9, good[3])), 'INVALID_AUDIO_FORMAT');                     // gap
    assert.equal(await rejects(a.invoke('SendAudio', sa.sessionId, 3, '%%not base64%%')), 'INVALID_AUDIO_FORMAT');
    await sent(1, good[1]);                                                                    // replay: acknowledged, ignored
    assert.equal(await rejects(stranger.invoke('SendAudio', sa.sessionId, 3, good[3].toString('base64'))), 'NOT_SESSION_OWNER');
    assert.equal(await rejects(stranger.invoke('PauseSession', sa.sessionId)), 'NOT_SESSION_OWNER');
    assert.equal(await rejects(stranger.invoke('EndSession', sa.sessionId)), 'NOT_SESSION_OWNER');
    assert.equal(await rejects(stranger.invoke('StartSession', { sessionId: sa.sessionId })), 'NOT_SESSION_OWNER');
    assert.equal(await rejects(stranger.invoke('SendAudio', randomUUID(), 0, good[0].toString('base64'))), 'SESSION_NOT_FOUND');
    assert.equal(await rejects(stranger.invoke('JoinSession', randomUUID(), {})), 'SESSION_NOT_FOUND');
    assert.equal(await rejects(stranger.invoke('GetSessionStatus', 'not-a-session')), 'SESSION_NOT_FOUND');
    assert.equal(await rejects(stranger.invoke('StartSession', { quality: 'ultra' })), 'INVALID_AUDIO_FORMAT');
    assert.equal(await rejects(stranger.invoke('StartSession', { sessionId: 'nope' })), 'INVALID_REQUEST');
    assert.equal(await rejects(stranger.invoke('StartSession', { engine: 'nope' })), 'INVALID_REQUEST');

    // Each failure also arrived as an error event, with the session and where to resume.
    const gap = a.of('error').find((e) => /gap/.test(e.message));
    assert.equal(gap.sessionId, sa.sessionId);
    assert.equal(gap.expectedSequence, 3);
    assert.equal(gap.recoverable, true);
    assert.ok(stranger.of('error').some((e) => e.errorCode === 'NOT_SESSION_OWNER'));

    await stream(a, sa.sessionId, good.slice(3), { speed: 100, firstSequence: 3 });
    await waitForAck(a, sa.sessionId, good.length - 1);
    const completeA = await a.invoke('EndSession', sa.sessionId);
    assert.equal(await rejects(a.invoke('SendAudio', sa.sessionId, 10, good[0].toString('base64'))), 'INVALID_SESSION_STATE');
    assert.ok(Buffer.concat(good).equals(archiveOf(server, completeA)), 'session A lost or duplicated audio');

    await streamingB;
    await waitForAck(b, sb.sessionId, audioB.length - 1);
    const completeB = await b.invoke('EndSession', sb.sessionId);
    assert.equal(completeB.state, 'completed');
    assert.ok(Buffer.concat(audioB).equals(archiveOf(server, completeB)), 'session B was disturbed');
    assert.deepEqual(finalsOf(b, sb.sessionId).map(([id]) => id), [0, 1]);
    for (const c of [a, b, stranger]) await c.stop();
  });

  test('a flood beyond 50 chunks/s is rate limited; resending after retryAfter completes the audio', { timeout: 60000 }, async () => {
    const a = await connect(server.url);
    const s = await startSynthetic(a);
    const audio = chunks(tone(30, 16000, 3), 16000, 100);    // 300 chunks at once
    await Promise.all(audio.map((c, i) => a.connection.send('SendAudio', s.sessionId, i, c.toString('base64'))));
    const limited = await a.waitFor('error', (e) => e.errorCode === 'RATE_LIMITED');
    assert.equal(limited.recoverable, true);
    assert.ok(limited.retryAfter > 0 && limited.retryAfter <= 1);

    // A well-behaved client resumes from the last acknowledged chunk at a sustainable pace.
    await new Promise((r) => setTimeout(r, 500));
    const acked = Math.max(-1, ...a.of('audioAck').map((x) => x.sequence));
    assert.ok(acked >= 90 && acked < 299, `acked ${acked}`);
    await stream(a, s.sessionId, audio.slice(acked + 1), { speed: 4, firstSequence: acked + 1 });
    await waitForAck(a, s.sessionId, audio.length - 1);
    const complete = await a.invoke('EndSession', s.sessionId);
    assert.ok(Buffer.concat(audio).equals(archiveOf(server, complete)));

    // Other calls have their own budget (20/s, burst 40): a flood of status requests is refused too.
    const flood = await Promise.all(Array.from({ length: 120 }, () => a.invoke('GetSessionStatus', s.sessionId).then(() => 'ok', errorCode)));
    assert.ok(flood.filter((r) => r === 'RATE_LIMITED').length >= 60, `refused ${flood.filter((r) => r === 'RATE_LIMITED').length} of 120`);
    assert.ok(flood.filter((r) => r === 'ok').length >= 30, 'about a burst is served');
    await a.stop();
  });

  test('a speaker who loses the connection resumes with its token; no acknowledged audio is lost', { timeout: 60000 }, async () => {
    const audio = chunks(tone(5, 16000, 5), 16000);
    const first = await connect(server.url);
    const listener = await connect(server.url);
    const s = await startSynthetic(first);
    await listener.invoke('JoinSession', s.sessionId, {});
    await stream(first, s.sessionId, audio.slice(0, 30), { speed: 10 });
    await waitForAck(first, s.sessionId, 29);
    await stream(first, s.sessionId, audio.slice(30, 36), { speed: 100, firstSequence: 30 });
    await first.stop(); // gone, with chunks in flight

    const second = await connect(server.url);
    assert.equal(await rejects(second.invoke('StartSession', { sessionId: s.sessionId, resumeToken: 'wrong' })), 'NOT_SESSION_OWNER');
    const resumed = await second.invoke('StartSession', { sessionId: s.sessionId, resumeToken: s.resumeToken });
    assert.equal(resumed.resumed, true);
    assert.ok(resumed.lastSequence >= 29 && resumed.lastSequence <= 35, `lastSequence ${resumed.lastSequence}`);
    assert.ok(resumed.finals.length >= 1);
    await stream(second, s.sessionId, audio.slice(resumed.lastSequence + 1), { speed: 10, firstSequence: resumed.lastSequence + 1 });
    await waitForAck(second, s.sessionId, audio.length - 1);
    const complete = await second.invoke('EndSession', s.sessionId);

    assert.ok(Buffer.concat(audio).equals(archiveOf(server, complete)), 'archive equals the audio sent, once');
    assert.equal(complete.totalDuration, 5);
    await listener.waitFor('sessionComplete');
    const ids = listener.of('transcript').filter((t) => !t.isPartial).map((t) => t.segmentId);
    assert.deepEqual(ids, [...ids.keys()], 'the listener saw every final once, in order, across the speaker\'s reconnect');
    await second.stop();
    await listener.stop();
  });

  test('pause stops transcription and tells listeners; resume continues the transcript', { timeout: 60000 }, async () => {
    const speaker = await connect(server.url);
    const listener = await connect(server.url);
    const s = await startSynthetic(speaker);
    await listener.invoke('JoinSession', s.sessionId, { languageCode: 'fr-FR' });
    const status = await speaker.waitFor('sessionStatus', (x) => x.listenerCount === 1);
    assert.deepEqual(status.listenersByLanguage, { 'fr-FR': 1 });

    const audio = chunks(tone(4, 16000, 9), 16000);
    await stream(speaker, s.sessionId, audio.slice(0, 10), { speed: 20 });
    await waitForAck(speaker, s.sessionId, 9);
    await speaker.invoke('PauseSession', s.sessionId);
    await listener.waitFor('sessionState', (e) => e.state === 'paused');
    await stream(speaker, s.sessionId, audio.slice(10, 20), { speed: 20, firstSequence: 10 });
    await waitForAck(speaker, s.sessionId, 19);
    await speaker.invoke('ResumeSession', s.sessionId);
    await listener.waitFor('sessionState', (e) => e.state === 'active');
    await stream(speaker, s.sessionId, audio.slice(20), { speed: 20, firstSequence: 20 });
    await waitForAck(speaker, s.sessionId, audio.length - 1);
    const complete = await speaker.invoke('EndSession', s.sessionId);

    assert.equal(complete.totalDuration, 3, 'the paused second is not recorded');
    assert.ok(Buffer.concat([...audio.slice(0, 10), ...audio.slice(20)]).equals(archiveOf(server, complete)));
    assert.deepEqual(finalsOf(speaker, s.sessionId).map(([id]) => id), [0, 1]);
    const st = await speaker.invoke('GetSessionStatus', s.sessionId);
    assert.equal(st.state, 'completed');
    await speaker.stop();
    await listener.stop();
  });
});

describe('configured limits', () => {
  let server;
  before(async () => {
    server = await startServer({
      ...SYNTHETIC,
      'Silo:MaxActiveSessions': 2,
      'Silo:RetryAfter': '00:00:05',
      'Sessions:IdleTimeout': '00:00:03',
      'Sessions:MaxDuration': '00:00:03',
      'Sessions:DisconnectGrace': '00:00:01',
    });
  });
  after(async () => { await server?.stop(); });

  test('beyond capacity: SESSION_LIMIT_EXCEEDED with retryAfter; a slot frees when a session ends', { timeout: 30000 }, async () => {
    const c = await connect(server.url);
    const one = await startSynthetic(c);
    await startSynthetic(c);
    const err = await rejects(startSynthetic(c));
    assert.equal(err, 'SESSION_LIMIT_EXCEEDED');
    const event = await c.waitFor('error', (e) => e.errorCode === 'SESSION_LIMIT_EXCEEDED');
    assert.equal(event.retryAfter, 5);
    assert.equal(event.recoverable, true);
    await c.invoke('EndSession', one.sessionId);
    await startSynthetic(c);
    await c.stop(); // the grace period then ends the other two
  });

  test('idle timeout: SESSION_TIMEOUT, then the session completes', { timeout: 30000 }, async () => {
    await new Promise((r) => setTimeout(r, 2000)); // the previous test's sessions free their slots (grace 1 s)
    const c = await connect(server.url);
    const s = await startSynthetic(c);
    await stream(c, s.sessionId, chunks(tone(0.5), 16000), { speed: 10 });
    const timeout = await c.waitFor('error', (e) => e.errorCode === 'SESSION_TIMEOUT', 10000);
    assert.equal(timeout.sessionId, s.sessionId);
    const complete = await c.waitFor('sessionComplete', (x) => x.sessionId === s.sessionId);
    assert.equal(complete.state, 'completed');
    assert.equal(complete.reason, 'idle timeout');
    await c.stop();
  });

  test('maximum duration: BUFFER_OVERFLOW "Maximum recording duration reached", then the session completes', { timeout: 30000 }, async () => {
    const c = await connect(server.url);
    const s = await startSynthetic(c);
    await stream(c, s.sessionId, chunks(tone(3.5), 16000), { speed: 5 });
    const overflow = await c.waitFor('error', (e) => e.errorCode === 'BUFFER_OVERFLOW');
    assert.equal(overflow.message, 'Maximum recording duration reached');
    const complete = await c.waitFor('sessionComplete', (x) => x.sessionId === s.sessionId);
    assert.equal(complete.totalDuration, 3);
    assert.ok(c.of('error').some((e) => e.errorCode === 'INVALID_SESSION_STATE'), 'audio after the end is refused');
    await c.stop();
  });

  test('a speaker who does not come back within the grace: FAILED, transcript kept', { timeout: 30000 }, async () => {
    const c = await connect(server.url);
    const s = await startSynthetic(c);
    const audio = chunks(tone(1.5), 16000);
    await stream(c, s.sessionId, audio, { speed: 10 });
    await waitForAck(c, s.sessionId, audio.length - 1);
    await c.waitFor('transcript', (t) => t.isPartial);
    await c.stop();
    await new Promise((r) => setTimeout(r, 2000));

    const record = await (await fetch(`${server.url}/api/sessions/${s.sessionId}`)).json();
    assert.equal(record.status, 'FAILED');
    assert.equal(record.reason, 'speaker did not reconnect');
    assert.ok(record.transcript.split(' ').length === 3, `transcript kept: "${record.transcript}"`);
    const late = await connect(server.url);
    assert.equal(await rejects(late.invoke('StartSession', { sessionId: s.sessionId, resumeToken: s.resumeToken })), 'INVALID_SESSION_STATE');
    await late.stop();
  });

  test('a speaker who calls LeaveSession stays the speaker: it keeps its events and its disconnect grace', { timeout: 30000 }, async () => {
    const c = await connect(server.url);
    const s = await startSynthetic(c);
    await c.invoke('LeaveSession', s.sessionId);
    const audio = chunks(tone(2.5), 16000);
    await stream(c, s.sessionId, audio, { speed: 10 });
    await c.waitFor('transcript', (t) => !t.isPartial && t.sessionId === s.sessionId);
    await c.stop();
    await new Promise((r) => setTimeout(r, 2000));
    const record = await (await fetch(`${server.url}/api/sessions/${s.sessionId}`)).json();
    assert.equal(record.status, 'FAILED');
    assert.equal(record.reason, 'speaker did not reconnect');
  });
});
