// User-facing numbers over a real SignalR connection (docs/benchmarks.md):
//  - speech onset → first partial and speech end → final (p50/p95), offline engine, dictation
//    streamed at real time in 100 ms chunks, with 1 and with 4 concurrent sessions;
//  - WER of each session;
//  - SendAudio round trip (gateway + grain + SignalR over loopback) against a GetSessionStatus round
//    trip in the same run.
// Speech onset/end come from the audio itself (energy VAD); latencies are measured from the moment
// the chunk holding that instant was sent, so the capture's chunking (≤ 100 ms) is not included.
// LT_BENCH_ENGINES=offline,aws adds the aws engine against the local Transcribe-protocol endpoint
// (tools/TranscribeLocal, the same offline decoder behind a WebSocket): the difference is what the
// Transcribe protocol path (signing, event-stream framing, WebSocket hop) adds per event.
// Usage: node bench/latency.mjs   (after building Release; scripts/bench.sh does both)
import { randomUUID } from 'node:crypto';
import { startServer } from '../tests/e2e/helpers/server.mjs';
import { connect, chunks, stream, waitForAck } from '../tests/e2e/helpers/client.mjs';
import { dictation, tone, wer } from '../tests/e2e/helpers/speech.mjs';
import { startTranscribeLocal, localCredentials } from '../tests/e2e/helpers/transcribe.mjs';

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]; };
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms (n=${xs.length})`;

// Utterances [onset, end] in seconds: 10 ms frames above an energy threshold, gaps < 0.5 s merged.
function utterances(pcm, rate) {
  const frame = rate / 100;
  const active = [];
  for (let i = 0; i + frame * 2 <= pcm.length; i += frame * 2) {
    let sum = 0;
    for (let j = 0; j < frame; j++) { const s = pcm.readInt16LE(i + j * 2); sum += s * s; }
    active.push(Math.sqrt(sum / frame) > 300);
  }
  const out = [];
  for (let f = 0; f < active.length; f++) {
    if (!active[f]) continue;
    const t = f / 100;
    if (out.length && t - out[out.length - 1][1] < 0.5) out[out.length - 1][1] = t + 0.01;
    else out.push([t, t + 0.01]);
  }
  return out.filter(([a, b]) => b - a > 0.2);
}

async function dictate(url, speech, pcm, truth, engine = 'offline') {
  const client = await connect(url);
  const sessionId = randomUUID();
  await client.invoke('StartSession', { sessionId, quality: 'medium', engine });
  const parts = chunks(pcm, 16000, 100);
  const sentAt = await stream(client, sessionId, parts, { sampleRate: 16000, speed: 1 });
  await waitForAck(client, sessionId, parts.length - 1);
  await client.invoke('EndSession', sessionId);
  const events = client.events.filter((e) => e.name === 'transcript' && e.payload.sessionId === sessionId);
  const finals = events.filter((e) => !e.payload.isPartial && e.payload.text);
  const firstPartial = [];
  const final = [];
  for (const f of finals) {
    const { startTime, endTime, segmentId } = f.payload;
    const overlap = ([a, b]) => Math.max(0, Math.min(b, endTime) - Math.max(a, startTime));
    const u = truth.reduce((best, x) => (overlap(x) > overlap(best) ? x : best), truth[0]);
    const sent = (t) => sentAt[Math.min(sentAt.length - 1, Math.floor(t * 10))];
    final.push(f.at - sent(u[1]));
    const p = events.find((e) => e.payload.isPartial && e.payload.segmentId === segmentId && e.payload.text);
    if (p) firstPartial.push(p.at - sent(u[0]));
  }
  const text = finals.map((e) => e.payload.text).join(' ');
  await client.stop();
  return { firstPartial, final, wer: wer(speech.text, text) };
}

async function roundTrips(url) {
  const client = await connect(url);
  const { sessionId } = await client.invoke('StartSession', { engine: 'synthetic' });
  const chunk = tone(0.1);
  const audio = [];
  const status = [];
  for (let seq = 0; seq < 1200; seq++) {
    let t = performance.now();
    await client.invoke('SendAudio', sessionId, seq, chunk.toString('base64'));
    if (seq >= 200) audio.push(performance.now() - t);
    t = performance.now();
    await client.invoke('GetSessionStatus', sessionId);
    if (seq >= 200) status.push(performance.now() - t);
  }
  await client.invoke('EndSession', sessionId);
  await client.stop();
  return { audio, status };
}

// LT_BENCH_SETTINGS='{"Engines:Offline:ExtraArguments:0":"-vad_postspeech","Engines:Offline:ExtraArguments:1":"30"}' tries other settings.
const engines = (process.env.LT_BENCH_ENGINES || 'offline').split(',');
const transcribe = engines.includes('aws') ? await startTranscribeLocal() : null;
const server = await startServer({
  'Engines:Synthetic:Enabled': 'true', 'Gateway:ChunksPerSecond': 100000, 'Gateway:ChunkBurst': 100000, 'Sessions:MaxDuration': '01:00:00',
  'Gateway:ControlCallsPerSecond': 100000, 'Gateway:ControlCallBurst': 100000,
  ...(transcribe ? transcribe.settings : {}),
  ...JSON.parse(process.env.LT_BENCH_SETTINGS || '{}'),
}, { env: transcribe ? localCredentials : {} });
const sessionCounts = (process.env.LT_BENCH_SESSIONS || '1,4').split(',').map(Number);
try {
  const speech = dictation();
  const pcm = speech.raw(16000);
  const truth = utterances(pcm, 16000);
  console.log(`# ${truth.length} utterances in ${(pcm.length / 32000).toFixed(1)} s of speech`);
  for (const engine of engines) {
    for (const n of sessionCounts) {
      const runs = await Promise.all(Array.from({ length: n }, () => dictate(server.url, speech, pcm, truth, engine)));
      const fp = runs.flatMap((r) => r.firstPartial);
      const fl = runs.flatMap((r) => r.final);
      console.log(`| ${engine} engine, ${n} concurrent session(s), real time | onset → first partial ${fmt(fp)} | end → final ${fmt(fl)} | WER ${runs.map((r) => (r.wer * 100).toFixed(1) + ' %').join(', ')} |`);
    }
  }
  const rt = await roundTrips(server.url);
  console.log(`| SendAudio round trip (SignalR over loopback, 100 ms chunk, synthetic engine) | p50 ${pct(rt.audio, 50).toFixed(2)} ms, p99 ${pct(rt.audio, 99).toFixed(2)} ms | GetSessionStatus round trip p50 ${pct(rt.status, 50).toFixed(2)} ms, p99 ${pct(rt.status, 99).toFixed(2)} ms | ratio p50 ${(pct(rt.audio, 50) / pct(rt.status, 50)).toFixed(2)}x |`);
} finally {
  await server.stop();
  await transcribe?.stop();
}
