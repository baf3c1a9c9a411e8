// Storage:Provider=Aws end to end: a gateway process with the aws engine (local Transcribe endpoint),
// records in DynamoDB (dynalite) and audio in S3 (s3rver). The transcript arrives; the archive object
// holds exactly the audio sent; the record is COMPLETED with the right counts; the REST API reads
// segments in order and lists the user's sessions from DynamoDB. Faults: DynamoDB and S3 frozen, and the
// process killed mid-session (the next start finalizes the session from DynamoDB and the spool).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer } from './helpers/server.mjs';
import { startTranscribeLocal } from './helpers/transcribe.mjs';
import { startDynalite, startS3rver } from './helpers/aws-local.mjs';
import { connect, chunks, stream, waitForAck, finalsOf, sessionMidway } from './helpers/client.mjs';
import { dictation, wer, wavData, tone, DICTATION } from './helpers/speech.mjs';

// s3rver only accepts this pair; dynalite accepts any; the local Transcribe endpoint is told to accept it.
const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_SESSION_TOKEN: '' };
let dynamo;
let s3;
let transcribe;
let server;
const storage = () => ({
  'Storage:Provider': 'Aws',
  'Storage:DynamoDb:ServiceUrl': dynamo.url,
  'Storage:DynamoDb:CreateTablesIfMissing': 'true',
  'Storage:S3:ServiceUrl': s3.url,
  'Storage:S3:Bucket': s3.bucket,
  'Storage:S3:ForcePathStyle': 'true',
  'Storage:S3:UseChunkEncoding': 'false',
  'Storage:S3:CopyObjectSupported': 'false',
  'Storage:S3:CompleteTimeout': '00:00:02',
});
before(async () => {
  [dynamo, s3, transcribe] = await Promise.all([startDynalite(), startS3rver(), startTranscribeLocal({ credentials })]);
  server = await startServer({ ...transcribe.settings, 'Engines:Default': 'aws', ...storage() }, { env: credentials });
});
after(async () => {
  await server?.stop();
  await Promise.all([transcribe?.stop(), dynamo?.stop(), s3?.stop()]);
});

test('aws engine + DynamoDB + S3: transcript, archive object, record and REST API agree with what was sent', { timeout: 120000 }, async () => {
  const speech = dictation(DICTATION.slice(0, 3), 'three');
  const pcm = speech.raw(16000);
  const client = await connect(server.url);
  const sessionId = randomUUID();
  const ack = await client.invoke('StartSession', { sessionId, quality: 'medium' });
  assert.equal(ack.engine, 'aws');
  const parts = chunks(pcm, 16000, 100);
  await stream(client, sessionId, parts, { speed: 4 });
  await waitForAck(client, sessionId, parts.length - 1, 30000);
  const complete = await client.invoke('EndSession', sessionId);

  const finals = finalsOf(client, sessionId);
  const text = finals.map(([, t]) => t).join(' ');
  console.log(`aws storage: WER ${(wer(speech.text, text) * 100).toFixed(1)}%: "${text}"`);
  assert.equal(complete.state, 'completed');
  assert.ok(wer(speech.text, text) <= 0.35);

  const object = await s3.get(complete.audioKey);
  assert.ok(Buffer.concat(parts).equals(wavData(object.body)), 'the S3 object is the WAV of the audio sent');
  assert.equal(object.headers.get('x-amz-meta-session-id'), sessionId);
  assert.ok(Math.abs(Number(object.headers.get('x-amz-meta-duration')) - complete.totalDuration) < 0.01, 'the object carries its duration');

  const record = await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json();
  assert.equal(record.status, 'COMPLETED');
  assert.equal(record.audioKey, complete.audioKey);
  assert.equal(record.wordCount, complete.wordCount);
  assert.equal(record.segmentCount, finals.length);
  assert.equal(record.durationSeconds, complete.totalDuration);
  const json = await (await fetch(`${server.url}/api/sessions/${sessionId}/transcript?format=json`)).json();
  assert.deepEqual(json.segments.map((s) => [s.segmentId, s.text]), finals);
  const listed = await (await fetch(`${server.url}/api/users/anonymous/sessions`)).json();
  assert.ok(listed.sessions.some((r) => r.sessionId === sessionId));
  await client.stop();
});

test('DynamoDB frozen mid-session and S3 frozen at the end: the session completes, records catch up, the upload finishes after S3 returns', { timeout: 120000 }, async () => {
  const speech = dictation(DICTATION.slice(0, 3), 'three');
  const parts = chunks(speech.raw(16000), 16000, 100);
  const client = await connect(server.url);
  const sessionId = randomUUID();
  await client.invoke('StartSession', { sessionId, quality: 'medium' });
  const third = Math.floor(parts.length / 3);
  await stream(client, sessionId, parts.slice(0, third), { speed: 4 });
  process.kill(dynamo.pid, 'SIGSTOP'); // DynamoDB stops answering
  try {
    await stream(client, sessionId, parts.slice(third), { speed: 4, firstSequence: third });
    await waitForAck(client, sessionId, parts.length - 1, 30000); // audio keeps being accepted
  } finally {
    process.kill(dynamo.pid, 'SIGCONT');
  }
  process.kill(s3.pid, 'SIGSTOP'); // S3 stops answering before the upload at the end
  let complete;
  try {
    complete = await client.invoke('EndSession', sessionId); // does not wait for S3 beyond CompleteTimeout
    assert.equal(complete.state, 'completed');
  } finally {
    process.kill(s3.pid, 'SIGCONT');
  }

  const finals = finalsOf(client, sessionId);
  let record;
  for (let i = 0; i < 100 && record?.status !== 'COMPLETED'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    record = await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json();
  }
  assert.equal(record.status, 'COMPLETED', 'the record caught up');
  assert.equal(record.segmentCount, finals.length);
  let object;
  for (let i = 0; i < 100 && !object; i++) {
    object = await s3.get(complete.audioKey).catch(() => null);
    if (!object) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(object, 'the spool was uploaded once S3 answered again');
  assert.ok(Buffer.concat(parts).equals(wavData(object.body)));
  await client.stop();
});

test('after kill -9, the restarted service finalizes the session in DynamoDB and uploads its audio from the spool', { timeout: 120000 }, async () => {
  const settings = { ...storage(), 'Engines:Synthetic:Enabled': 'true' };
  const first = await startServer(settings, { env: credentials });
  const audio = chunks(tone(4.5), 16000);
  const { client, sessionId, seen } = await sessionMidway(first.url, audio);
  await first.stop({ keepData: true, signal: 'SIGKILL' });
  await client.stop().catch(() => {});

  const second = await startServer(settings, { dataDir: first.dataDir, env: credentials });
  try {
    let record;
    for (let i = 0; i < 150 && record?.status !== 'FAILED'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      record = await (await fetch(`${second.url}/api/sessions/${sessionId}`)).json();
    }
    assert.equal(record.status, 'FAILED', `finalized at the next start\n${second.output}`);
    assert.equal(record.reason, 'the server stopped before the session ended');
    assert.equal(record.lastSequence, audio.length - 1);
    const stored = (await (await fetch(`${second.url}/api/sessions/${sessionId}/transcript?format=json`)).json()).segments;
    assert.deepEqual(stored.map((s) => [s.segmentId, s.text]).slice(0, seen.length), seen, 'every final the client saw was stored');
    let object;
    for (let i = 0; i < 100 && !object; i++) {
      object = await s3.get(record.audioKey).catch(() => null);
      if (!object) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(object, 'the archive object was finished from the spool');
    assert.ok(Buffer.concat(audio).equals(wavData(object.body)), 'it holds every acknowledged chunk');
  } finally {
    await second.stop();
  }
});
