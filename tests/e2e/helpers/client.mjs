// The official SignalR JS client under node, with event recording and audio streaming helpers.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const signalR = require('@microsoft/signalr');

const EVENTS = ['transcript', 'audioAck', 'sessionState', 'sessionStatus', 'sessionComplete', 'heartbeat', 'error'];

export async function connect(url) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${url}/hubs/transcription`)
    .configureLogging(signalR.LogLevel.None)
    .build();
  const events = [];
  const waiters = [];
  for (const name of EVENTS) {
    connection.on(name, (payload) => {
      events.push({ name, payload, at: performance.now() });
      for (const w of [...waiters]) {
        if (w.match(name, payload)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(payload); }
      }
    });
  }
  await connection.start();
  return {
    connection,
    events,
    of: (name) => events.filter((e) => e.name === name).map((e) => e.payload),
    // Resolves with the first event (already received or coming) that matches.
    waitFor(name, predicate = () => true, timeoutMs = 15000) {
      const found = events.find((e) => e.name === name && predicate(e.payload));
      if (found) return Promise.resolve(found.payload);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`no ${name} event within ${timeoutMs} ms`)); }, timeoutMs);
        const w = { match: (n, p) => n === name && predicate(p), resolve: (v) => { clearTimeout(timer); resolve(v); } };
        waiters.push(w);
      });
    },
    invoke: (...args) => connection.invoke(...args),
    stop: () => connection.stop(),
  };
}

// Splits pcm16 into chunks of chunkMs.
export function chunks(pcm, sampleRate, chunkMs = 100) {
  const size = Math.round(sampleRate * chunkMs / 1000) * 2;
  const out = [];
  for (let i = 0; i < pcm.length; i += size) out.push(pcm.subarray(i, Math.min(pcm.length, i + size)));
  if (out.length > 1 && out[out.length - 1].length < Math.ceil(sampleRate * 0.02) * 2) {
    const last = out.pop();             // keep every chunk ≥ 20 ms: pad the tail with silence
    const padded = Buffer.alloc(Math.ceil(sampleRate * 0.02) * 2);
    last.copy(padded);
    out.push(padded);
  }
  return out;
}

// Sends chunks as SendAudio (fire and forget, like the browser) paced at `speed` × real time.
export async function stream(client, sessionId, pcmChunks, { sampleRate, firstSequence = 0, speed = 1, chunkMs = 100 } = {}) {
  const start = performance.now();
  const sentAt = [];
  for (let i = 0; i < pcmChunks.length; i++) {
    const due = start + (i * chunkMs) / speed;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sentAt.push(performance.now());
    await client.connection.send('SendAudio', sessionId, firstSequence + i, pcmChunks[i].toString('base64'));
  }
  return sentAt;
}

export async function waitForAck(client, sessionId, sequence, timeoutMs = 15000) {
  return client.waitFor('audioAck', (a) => a.sessionId === sessionId && a.sequence >= sequence, timeoutMs);
}

export function errorCode(err) {
  const m = /HubException: ([A-Z_]+):/.exec(String(err && err.message));
  return m ? m[1] : String(err && err.message);
}

export function finalsOf(client, sessionId) {
  const byId = new Map();
  for (const t of client.of('transcript')) if (t.sessionId === sessionId && !t.isPartial) byId.set(t.segmentId, t.text);
  return [...byId.entries()].sort((a, b) => a[0] - b[0]);
}

// A synthetic-engine session on `url` with `audio` (100 ms chunks, at least two utterances) sent and acknowledged,
// and its first two finals shown and stored: the state a crash test kills the process in. { client, sessionId, seen }.
export async function sessionMidway(url, audio) {
  const client = await connect(url);
  const { sessionId } = await client.invoke('StartSession', { engine: 'synthetic' });
  await stream(client, sessionId, audio, { speed: 10 });
  await waitForAck(client, sessionId, audio.length - 1);
  await client.waitFor('transcript', (t) => !t.isPartial && t.segmentId === 1);
  await new Promise((r) => setTimeout(r, 500)); // finals are written behind, within milliseconds
  return { client, sessionId, seen: finalsOf(client, sessionId) };
}
