// The `aws` engine (Amazon Transcribe streaming over WebSocket, SigV4-presigned) through the gateway,
// against the local Transcribe-protocol endpoint: transcripts within the WER bound, and the faults
// Transcribe produces (dropped connections, retryable and fatal exceptions) handled without losing audio.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer } from './helpers/server.mjs';
import { startTranscribeLocal, localCredentials } from './helpers/transcribe.mjs';
import { connect, chunks, stream, waitForAck, finalsOf } from './helpers/client.mjs';
import { dictation, wer, DICTATION } from './helpers/speech.mjs';

let transcribe;
let server;
before(async () => {
  transcribe = await startTranscribeLocal();
  server = await startServer(transcribe.settings, { env: localCredentials });
});
after(async () => {
  await server?.stop();
  await transcribe?.stop();
});

async function dictate(client, engine, { short = false, sessionId = randomUUID() } = {}) {
  const speech = short ? dictation(DICTATION.slice(0, 2), 'short') : dictation();
  const ack = await client.invoke('StartSession', { sessionId, quality: 'medium', engine });
  assert.equal(ack.engine, engine);
  const parts = chunks(speech.raw(16000), 16000, 100);
  await stream(client, sessionId, parts, { speed: short ? 4 : 2 });
  await waitForAck(client, sessionId, parts.length - 1, 30000);
  const complete = await client.invoke('EndSession', sessionId);
  const finals = finalsOf(client, sessionId);
  const events = client.of('transcript').filter((t) => t.sessionId === sessionId && !t.isPartial);
  return { speech, complete, finals, events, parts };
}

test('dictation through the aws engine arrives within the WER bound, with monotonic segment times', { timeout: 120000 }, async () => {
  const client = await connect(server.url);
  const { speech, complete, finals, events } = await dictate(client, 'aws');
  const text = finals.map(([, t]) => t).join(' ');
  const score = wer(speech.text, text);
  console.log(`aws engine (local endpoint) WER ${(score * 100).toFixed(1)}%: "${text}"`);
  assert.equal(complete.state, 'completed', `${complete.reason}\n${server.output.slice(-3000)}`);
  assert.ok(score <= 0.35, `WER ${score}`);
  assert.ok(events.every((e, i) => e.startTime <= e.endTime && (i === 0 || e.startTime >= events[i - 1].startTime)), 'times are monotonic');
  await client.stop();
});

test('a connection dropped mid-stream is reopened: the session continues, no audio lost, no final duplicated', { timeout: 120000 }, async () => {
  const sessionId = randomUUID();
  await transcribe.fault(sessionId, 'drop', 8);
  const client = await connect(server.url);
  const { speech, complete, finals, events } = await dictate(client, 'aws', { sessionId });
  const text = finals.map(([, t]) => t).join(' ');
  const score = wer(speech.text, text);
  console.log(`after a mid-stream drop: WER ${(score * 100).toFixed(1)}%: "${text}"`);
  assert.equal(complete.state, 'completed', `${complete.reason}\n${server.output.slice(-3000)}`);
  assert.ok(score <= 0.35, `WER ${score}`);
  const ids = events.map((e) => e.segmentId);
  assert.equal(new Set(ids).size, ids.length, 'no final twice');
  assert.ok(events.every((e, i) => i === 0 || e.startTime >= events[i - 1].startTime), 'times stay monotonic across the reconnect');
  assert.match(transcribe.output, /Injecting drop/);
  await client.stop();
});

test('retryable Transcribe exceptions (each type once, in a row) are retried on new streams and the session completes', { timeout: 120000 }, async () => {
  const sessionId = randomUUID();
  for (const type of ['LimitExceededException', 'InternalFailureException', 'ServiceUnavailableException', 'ConflictException']) await transcribe.fault(sessionId, type, 1);
  const client = await connect(server.url);
  const { speech, complete, finals } = await dictate(client, 'aws', { short: true, sessionId });
  const text = finals.map(([, t]) => t).join(' ');
  console.log(`after four retryable exceptions: WER ${(wer(speech.text, text) * 100).toFixed(1)}%: "${text}"`);
  assert.equal(complete.state, 'completed', complete.reason);
  assert.ok(wer(speech.text, text) <= 0.35);
  for (const type of ['LimitExceededException', 'InternalFailureException', 'ServiceUnavailableException', 'ConflictException']) {
    assert.match(transcribe.output, new RegExp(`Injecting ${type}`));
  }
  await client.stop();
});

test('BadRequestException fails the session with TRANSCRIBE_SERVICE_ERROR; the audio is archived', { timeout: 120000 }, async () => {
  const sessionId = randomUUID();
  await transcribe.fault(sessionId, 'BadRequestException', 1);
  const client = await connect(server.url);
  await client.invoke('StartSession', { sessionId, quality: 'medium', engine: 'aws' });
  const parts = chunks(dictation(DICTATION.slice(0, 2), 'short').raw(16000), 16000, 100);
  await stream(client, sessionId, parts.slice(0, 30), { speed: 4 });
  const error = await client.waitFor('error', (e) => e.sessionId === sessionId && e.errorCode === 'TRANSCRIBE_SERVICE_ERROR', 30000);
  const state = await client.waitFor('sessionState', (e) => e.sessionId === sessionId && e.state === 'failed', 30000);
  console.log(`BadRequestException: ${error.message} (${state.reason})`);
  const record = await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json();
  assert.equal(record.status, 'FAILED');
  assert.ok(record.audioKey);
  await client.stop();
});

test('aws-medical refuses 8 kHz and non-en-US at StartSession', async () => {
  const client = await connect(server.url);
  await assert.rejects(client.invoke('StartSession', { quality: 'low', engine: 'aws-medical' }), /INVALID_AUDIO_FORMAT: Transcribe Medical needs audio of at least 16 kHz/);
  await assert.rejects(client.invoke('StartSession', { languageCode: 'de-DE', engine: 'aws-medical' }), /INVALID_REQUEST/);
  const ack = await client.invoke('StartSession', { quality: 'medium', engine: 'aws-medical' });
  assert.equal(ack.engine, 'aws-medical');
  await client.invoke('EndSession', ack.sessionId);
  await client.stop();
});

test('LimitExceededException that persists ends the session with SESSION_LIMIT_EXCEEDED (retry later)', { timeout: 120000 }, async () => {
  const sessionId = randomUUID();
  await transcribe.fault(sessionId, 'LimitExceededException', 0.5, 6); // the first stream and all 5 reconnects
  const client = await connect(server.url);
  await client.invoke('StartSession', { sessionId, quality: 'medium', engine: 'aws' });
  // The speaker keeps talking (24 s at real time) while the engine retries: 0.4, 0.8, 1.6, 3.2, 6.4 s (+ jitter).
  const parts = chunks(dictation().raw(16000), 16000, 100);
  const limited = client.waitFor('error', (e) => e.sessionId === sessionId && e.errorCode === 'SESSION_LIMIT_EXCEEDED', 60000);
  stream(client, sessionId, parts, { speed: 1 }).catch(() => {});
  const error = await limited;
  assert.equal(error.recoverable, true);
  assert.ok(error.retryAfter > 0);
  await client.waitFor('sessionState', (e) => e.sessionId === sessionId && e.state === 'failed', 30000);
  await client.stop();
});

test('a stream reaching its maximum duration is rolled over to a new one; the transcript continues; speaker labels come through', { timeout: 120000 }, async () => {
  const rolling = await startServer({ ...transcribe.settings, 'Engines:Aws:MaxStreamDuration': '00:00:06', 'Engines:Aws:ShowSpeakerLabel': 'true' }, { env: localCredentials });
  try {
    const client = await connect(rolling.url);
    const { speech, complete, finals } = await dictate(client, 'aws');
    const text = finals.map(([, t]) => t).join(' ');
    const streams = (transcribe.output.match(new RegExp(`Stream ${complete.sessionId}: `, 'g')) || []).length;
    console.log(`rollover every 6 s: ${streams} streams, WER ${(wer(speech.text, text) * 100).toFixed(1)}%`);
    assert.equal(complete.state, 'completed');
    assert.ok(streams >= 2, `${streams} streams`); // ~12 s of streaming: at least one rollover (a second at 12 s is a matter of timing)
    assert.ok(client.of('transcript').filter((t) => t.text).every((t) => t.speaker === 'spk_0'), 'speaker labels on every result');
    assert.ok(wer(speech.text, text) <= 0.35);
    await client.stop();
  } finally {
    await rolling.stop();
  }
});
