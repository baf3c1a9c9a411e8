// The gateway↔silo link at the protocol level, driven by @grpc/grpc-js (a real gRPC runtime) against a silo
// process: interop of the wire format, order of replies, framing errors, and backpressure (a gateway that stops
// reading one session's stream loses that stream, and no other session stalls).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startCluster } from './helpers/cluster.mjs';

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const definition = protoLoader.loadSync(path.join(repo, 'src/Grains.Abstractions/Link/session_link.proto'), { longs: Number, defaults: true, oneofs: true });
const { SessionLink } = grpc.loadPackageDefinition(definition).livetranscription.link.v1;

const json = (v) => Buffer.from(JSON.stringify(v));
const parse = (b) => JSON.parse(Buffer.from(b).toString());
const caller = { gatewayId: 'gw-grpc-js', connectionId: 'conn-1', userId: 'interop' };

let cluster;
let client;
before(async () => {
  cluster = await startCluster({
    silos: 1,
    gateways: 0,
    settings: { 'Engines:Synthetic:Enabled': 'true', 'Engines:Default': 'synthetic', 'Engines:Synthetic:WordLength': '00:00:00.100', 'Engines:Synthetic:WordsPerUtterance': '1' },
    siloSettings: { 'Cluster:Silo:LinkQueueCapacity': '64' },
  });
  client = new SessionLink(`127.0.0.1:${cluster.silos[0].port}`, grpc.credentials.createInsecure());
});
after(async () => {
  client?.close();
  await cluster?.stop();
});

// One link stream: send messages, collect what comes down; replies resolve by id.
function open(sessionId) {
  const call = client.Open();
  const down = [];
  const waiting = new Map();
  let nextId = 0;
  const status = new Promise((resolve) => call.on('status', resolve));
  call.on('error', () => {});
  call.on('data', (m) => {
    down.push(m);
    if (m.reply && waiting.has(Number(m.reply.id))) waiting.get(Number(m.reply.id))(m.reply);
  });
  call.write({ open: { sessionId, gatewayId: caller.gatewayId } });
  const request = (msg) => {
    const id = ++nextId;
    const body = msg.audio ? { audio: { ...msg.audio, id } } : { call: { ...msg.call, id } };
    const reply = new Promise((resolve) => waiting.set(id, resolve));
    call.write(body);
    return reply;
  };
  return {
    call, down, status,
    request,
    invoke: (method, arg) => request({ call: { method, caller, json: arg === undefined ? Buffer.alloc(0) : json(arg) } }),
    audio: (sequence, data) => request({ audio: { caller, sequence, data } }),
  };
}

function noise(ms, seed) {
  const pcm = Buffer.alloc(16 * ms * 2);
  for (let i = 0; i < pcm.length / 2; i++) pcm.writeInt16LE(Math.round(Math.sin((i + seed) * 0.37) * 3000 + Math.sin(i * seed * 0.011) * 2000), i * 2);
  return pcm;
}

async function startSession(link, sessionId) {
  await link.invoke('Subscribe', { subscriptionId: `sub-${sessionId}` });
  const started = await link.invoke('Start', { caller, quality: 'medium', sampleRate: 16000, encoding: 'pcm16', languageCode: 'en-US' });
  assert.equal(started.error, null, JSON.stringify(started.error));
  return parse(started.json);
}

test('grpc-js interop: open, start, audio acknowledged in order, results pushed, end', { timeout: 30000 }, async () => {
  const sessionId = randomUUID();
  const link = open(sessionId);
  const result = await startSession(link, sessionId);
  assert.equal(link.down[0].opened.siloId, cluster.silos[0].id, 'the first message names the silo');
  assert.equal(result.ack.sessionId, sessionId);

  // 40 chunks written back to back: the acks come back in the same order.
  const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => link.audio(i, noise(100, i))));
  assert.deepEqual(replies.map((r) => parse(r.json).sequence), [...Array(40).keys()]);
  const complete = parse((await link.invoke('End')).json);
  assert.equal(complete.state, 'completed');
  const transcripts = link.down.filter((m) => m.notification?.method === 'transcript').map((m) => ({ seq: m.notification.sequence, evt: parse(m.notification.json) }));
  assert.ok(transcripts.some((t) => !t.evt.isPartial), 'finals were pushed down the stream');
  const seqs = link.down.filter((m) => m.notification).map((m) => m.notification.sequence);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'notifications in sequence order');

  // A protocol error comes back as a reply error with the protocol's code.
  const gap = await link.audio(100, noise(100, 1));
  assert.equal(gap.error.code, 'INVALID_SESSION_STATE');
  link.call.end();
  const status = await link.status;
  assert.equal(status.code, grpc.status.OK);
});

test('framing: a stream that does not open a session, or sends a broken frame, ends with INVALID_ARGUMENT', { timeout: 15000 }, async () => {
  const bad = client.Open();
  bad.on('error', () => {});
  const status = new Promise((resolve) => bad.on('status', resolve));
  bad.write({ call: { id: 1, method: 'Status', caller, json: Buffer.alloc(0) } });
  assert.equal((await status).code, grpc.status.INVALID_ARGUMENT);

  // A raw HTTP/2 request with a truncated frame (length says 100, 3 bytes follow).
  const session = http2.connect(`http://127.0.0.1:${cluster.silos[0].port}`);
  const req = session.request({ ':method': 'POST', ':path': '/livetranscription.link.v1.SessionLink/Open', 'content-type': 'application/grpc', te: 'trailers' });
  const trailers = new Promise((resolve) => req.on('trailers', resolve));
  req.end(Buffer.from([0, 0, 0, 0, 100, 1, 2, 3]));
  req.resume();
  assert.equal((await trailers)['grpc-status'], String(grpc.status.INVALID_ARGUMENT));
  session.close();
});

// Raw gRPC frames of the link's messages (the serializers proto-loader generated from the .proto).
const service = definition['livetranscription.link.v1.SessionLink'];
const frame = (up) => {
  const body = service.Open.requestSerialize(up);
  const header = Buffer.alloc(5);
  header.writeUInt32BE(body.length, 1);
  return Buffer.concat([header, body]);
};

test('backpressure: a stream whose reader stops is cut off; another session on the same silo keeps its pace', { timeout: 60000 }, async () => {
  // The stalled gateway: a raw HTTP/2 stream with a small receive window that stops reading.
  const slowId = randomUUID();
  const session = http2.connect(`http://127.0.0.1:${cluster.silos[0].port}`, { settings: { initialWindowSize: 8192 } });
  const slow = session.request({ ':method': 'POST', ':path': '/livetranscription.link.v1.SessionLink/Open', 'content-type': 'application/grpc', te: 'trailers' });
  const ended = new Promise((resolve) => {
    let trailers = {};
    slow.on('trailers', (t) => { trailers = t; });
    slow.on('close', () => resolve({ status: trailers['grpc-status'], rst: slow.rstCode }));
    slow.on('error', () => {});
  });
  slow.write(frame({ open: { sessionId: slowId, gatewayId: 'gw-stalled' } }));
  slow.write(frame({ call: { id: 1, method: 'Subscribe', caller, json: json({ subscriptionId: 'sub-slow' }) } }));
  slow.write(frame({ call: { id: 2, method: 'Start', caller, json: json({ caller, quality: 'medium', sampleRate: 16000, encoding: 'pcm16', languageCode: 'en-US' }) } }));
  slow.pause(); // read nothing from here on
  for (let i = 0; i < 400; i++) slow.write(frame({ audio: { id: 10 + i, caller, sequence: i, data: noise(100, i) } }));

  const fastId = randomUUID();
  const fast = open(fastId);
  await startSession(fast, fastId);
  const times = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    const r = await fast.audio(i, noise(100, i + 7));
    assert.equal(r.error, null);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`backpressure: other session's ack p50 ${times[15].toFixed(1)} ms, max ${times[29].toFixed(1)} ms while one stream is not read`);
  assert.ok(times[29] < 1000, 'no ack of the other session waited on the stalled stream');

  slow.resume();
  const { status, rst } = await ended;
  assert.ok(status === String(grpc.status.RESOURCE_EXHAUSTED) || rst !== 0, `the stalled stream was cut off (grpc-status ${status}, rst ${rst})`);
  assert.match(cluster.silos[0].output, new RegExp(`Session ${slowId}: link stream of gateway gw-stalled overflowed`));
  assert.equal(parse((await fast.invoke('End')).json).state, 'completed');
  fast.call.end();
  session.close();
});
