// Dictation through the offline engine, end to end: a real server process, the official SignalR
// client, flite speech. The transcript is within the WER bound; a listener who joins late sees
// exactly the speaker's finals; records, REST API and archive agree with what was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer } from './helpers/server.mjs';
import { connect, chunks, stream, waitForAck, finalsOf } from './helpers/client.mjs';
import { dictation, wer, wavData, DICTATION } from './helpers/speech.mjs';
import { opusenc, opusFile, opusChunks, decodedSeconds } from './helpers/opus.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('speaker and late listener get the same finals, within 35% WER; record, REST and archive agree', { timeout: 120000 }, async () => {
  const speech = dictation();
  const pcm = speech.raw(16000);
  const speaker = await connect(server.url);
  const listener = await connect(server.url);
  const sessionId = randomUUID();

  const ack = await speaker.invoke('StartSession', { sessionId, quality: 'medium', encoding: 'pcm16' });
  assert.equal(ack.status, 'ready');
  assert.equal(ack.sampleRate, 16000);
  assert.equal(ack.engine, 'offline');
  assert.equal(ack.lastSequence, -1);

  const parts = chunks(pcm, 16000, 100);
  const third = Math.floor(parts.length / 3);
  await stream(speaker, sessionId, parts.slice(0, third), { sampleRate: 16000, speed: 2 });
  await speaker.waitFor('transcript', (t) => !t.isPartial && t.text.length > 0, 30000); // a final exists before the listener joins
  const join = await listener.invoke('JoinSession', sessionId, {});
  await stream(speaker, sessionId, parts.slice(third), { sampleRate: 16000, speed: 2, firstSequence: third });
  await waitForAck(speaker, sessionId, parts.length - 1);
  const complete = await speaker.invoke('EndSession', sessionId);
  await listener.waitFor('sessionComplete', (c) => c.sessionId === sessionId);

  // Speaker: the WER bound.
  const speakerFinals = finalsOf(speaker, sessionId);
  const text = speakerFinals.map(([, t]) => t).join(' ');
  const score = wer(speech.text, text);
  console.log(`offline engine WER ${(score * 100).toFixed(1)}% over ${DICTATION.length} sentences: "${text}"`);
  assert.ok(score <= 0.35, `WER ${score}`);
  assert.deepEqual(speakerFinals.map(([id]) => id), speakerFinals.map((_, i) => i), 'segment ids are 0, 1, 2, …');

  // Listener: the finals so far from the join, the rest live, each exactly once.
  assert.ok(join.finals.length >= 1);
  const live = listener.of('transcript').filter((t) => !t.isPartial);
  const liveIds = live.map((t) => t.segmentId);
  assert.equal(new Set(liveIds).size, liveIds.length, 'no final delivered twice');
  for (const f of join.finals) assert.ok(!liveIds.includes(f.segmentId), `final ${f.segmentId} came in the join and again live`);
  const listenerFinals = [...join.finals, ...live].map((t) => [t.segmentId, t.text]).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(listenerFinals, speakerFinals);

  // The completion, the record and the REST API.
  assert.equal(complete.state, 'completed');
  assert.equal(complete.totalDuration, Math.round((parts.reduce((n, c) => n + c.length, 0) / 32000) * 1000) / 1000);
  const record = await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json();
  assert.equal(record.status, 'COMPLETED');
  assert.equal(record.wordCount, complete.wordCount);
  assert.equal(record.segmentCount, speakerFinals.length);
  assert.equal(record.transcript, text);
  const plain = await (await fetch(`${server.url}/api/sessions/${sessionId}/transcript`)).text();
  assert.equal(plain, text);
  const json = await (await fetch(`${server.url}/api/sessions/${sessionId}/transcript?format=json`)).json();
  assert.deepEqual(json.segments.map((s) => [s.segmentId, s.text]), speakerFinals);
  assert.ok(json.segments.every((s, i) => s.startTime < s.endTime && (i === 0 || s.startTime >= json.segments[i - 1].startTime)));
  const vtt = await fetch(`${server.url}/api/sessions/${sessionId}/transcript?format=vtt`);
  assert.match(vtt.headers.get('content-type'), /^text\/vtt/);
  const cues = (await vtt.text()).split('\n\n').slice(1, -1);
  assert.equal(cues.length, speakerFinals.length);
  assert.match(cues[0], /^1\n\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n/);
  assert.match(await (await fetch(`${server.url}/api/sessions/${sessionId}/transcript?format=srt`)).text(), /^1\n\d\d:\d\d:\d\d,\d{3} --> /);
  assert.equal((await fetch(`${server.url}/api/sessions/${sessionId}/transcript?format=doc`)).status, 400);
  const mine = await (await fetch(`${server.url}/api/users/anonymous/sessions?limit=1`)).json();
  assert.deepEqual(mine.sessions.map((r) => r.sessionId), [sessionId]); // the newest first
  assert.equal((await fetch(`${server.url}/api/users/anonymous/sessions?limit=0`)).status, 400);

  // The archive holds exactly the audio sent.
  const archived = wavData(fs.readFileSync(path.join(server.dataDir, complete.audioKey)));
  assert.ok(Buffer.concat(parts).equals(archived), 'archive equals the audio sent');
  assert.match(complete.audioKey, /^audio\/anonymous\/\d{8}_\d{6}_[0-9a-f-]{36}\.wav$/);
  await speaker.stop();
  await listener.stop();
});

test('48 kHz input is resampled for the engine; 8 kHz input works (with the model\'s known lower accuracy)', { timeout: 120000 }, async () => {
  const speech = dictation(DICTATION.slice(0, 2), 'short');
  const client = await connect(server.url);
  const results = {};
  for (const [quality, rate] of [['high', 48000], ['low', 8000]]) {
    const { sessionId, sampleRate } = await client.invoke('StartSession', { quality });
    assert.equal(sampleRate, rate);
    const parts = chunks(speech.raw(rate), rate, 100);
    await stream(client, sessionId, parts, { sampleRate: rate, speed: 4 });
    await waitForAck(client, sessionId, parts.length - 1);
    const complete = await client.invoke('EndSession', sessionId);
    const text = finalsOf(client, sessionId).map(([, t]) => t).join(' ');
    results[quality] = wer(speech.text, text);
    const wav = fs.readFileSync(path.join(server.dataDir, complete.audioKey));
    assert.equal(wav.readUInt32LE(24), rate, 'archived at the rate it was sent');
    assert.ok(text.split(' ').length >= 5, `${quality}: "${text}"`);
  }
  console.log(`WER at 48 kHz ${(results.high * 100).toFixed(1)}%, at 8 kHz ${(results.low * 100).toFixed(1)}%`);
  assert.ok(results.high <= 0.35, `48 kHz WER ${results.high}`);
  await client.stop();
});

test('Opus from an independent encoder (opusenc, 48 kHz): same WER bound as PCM; the archive is Ogg Opus holding exactly the packets sent', { timeout: 120000 }, async () => {
  const speech = dictation();
  const { packets } = opusenc(speech.wav, speech.wav.replace(/\.wav$/, '-24k.opus'), 24);
  const client = await connect(server.url);
  const sessionId = randomUUID();
  const ack = await client.invoke('StartSession', { sessionId, quality: 'high', encoding: 'opus' });
  assert.equal(ack.encoding, 'opus');
  assert.equal(ack.sampleRate, 48000);

  const parts = opusChunks(packets, 5);
  await stream(client, sessionId, parts.slice(0, 20), { speed: 4 });
  // A truncated chunk is refused without ending the session, and does not consume its sequence number.
  const refused = client.waitFor('error', (e) => e.sessionId === sessionId && e.sequence === 20);
  await client.connection.send('SendAudio', sessionId, 20, parts[20].subarray(0, parts[20].length - 4).toString('base64'));
  const error = await refused;
  assert.equal(error.errorCode, 'INVALID_AUDIO_FORMAT');
  assert.equal(error.expectedSequence, 20);
  assert.match(error.message, /truncated/);
  await stream(client, sessionId, parts.slice(20), { speed: 4, firstSequence: 20 });
  await waitForAck(client, sessionId, parts.length - 1);
  const complete = await client.invoke('EndSession', sessionId);

  const text = finalsOf(client, sessionId).map(([, t]) => t).join(' ');
  const score = wer(speech.text, text);
  console.log(`offline engine WER over Opus 24 kbps at 48 kHz ${(score * 100).toFixed(1)}%: "${text}"`);
  assert.ok(score <= 0.35, `WER ${score}`);
  assert.equal(complete.totalDuration, Math.round(packets.length * 0.02 * 1000) / 1000);
  assert.match(complete.audioKey, /^audio\/anonymous\/\d{8}_\d{6}_[0-9a-f-]{36}\.opus$/);
  const file = path.join(server.dataDir, complete.audioKey);
  const archived = opusFile(file);
  assert.equal(archived.packets.length, packets.length);
  assert.ok(archived.packets.every((p, i) => p.equals(packets[i])), 'archived packets are the packets sent');
  assert.equal(archived.preSkip, 312);
  const seconds = decodedSeconds(file);
  assert.ok(Math.abs(seconds - packets.length * 0.02) <= 0.02, `decoded ${seconds} s for ${packets.length} packets`);
  await client.stop();
});
