// Cluster numbers (docs/benchmarks.md), on loopback with real processes: 3 silos + 1 gateway (cluster mode),
// dynalite behind a counting proxy, s3rver, the synthetic engine (so CPU goes to the cluster, not to speech).
//  - link overhead: SendAudio round trip through gateway → silo → ack, against embedded mode in the same run;
//  - DynamoDB calls per session start and per minute of a steady session (counted by operation and table);
//  - failover: kill -9 → first result from the new owner, per moved session, over several trials;
//  - drain: SIGTERM → sessions handed over, the process's exit, and the gap a speaker sees.
// Usage: node bench/cluster.mjs   (after building Release)
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { startCluster } from '../tests/e2e/helpers/cluster.mjs';
import { startServer } from '../tests/e2e/helpers/server.mjs';
import { connect, chunks } from '../tests/e2e/helpers/client.mjs';

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const synthetic = { 'Engines:Synthetic:Enabled': 'true', 'Engines:Default': 'synthetic', 'Engines:Synthetic:WordLength': '00:00:00.250' };

function noise(seconds, seed) {
  const pcm = Buffer.alloc(Math.round(seconds * 16000) * 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < pcm.length / 2; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; pcm.writeInt16LE((x % 8000) - 4000, i * 2); }
  return pcm;
}

// An HTTP proxy in front of dynalite counting calls by "Operation table".
async function countingProxy(target) {
  const counts = new Map();
  const server = http.createServer((req, res) => {
    const body = [];
    req.on('data', (d) => body.push(d));
    req.on('end', () => {
      const buf = Buffer.concat(body);
      let table = '?';
      try { table = JSON.parse(buf).TableName ?? '?'; } catch { /* not json */ }
      const key = `${(req.headers['x-amz-target'] ?? '?').split('.').pop()} ${table}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const up = http.request(target + req.url, { method: req.method, headers: req.headers }, (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
      up.end(buf);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    reset() { counts.clear(); },
    snapshot() { return new Map(counts); },
    close() { return new Promise((r) => server.close(r)); },
  };
}

const total = (m, filter = () => true) => [...m.entries()].filter(([k]) => filter(k)).reduce((a, [, v]) => a + v, 0);
const isMembership = (k) => k.endsWith('LiveTranscriptionSilos');

async function roundTrips(url, n) {
  const client = await connect(url);
  const sessionId = randomUUID();
  await client.invoke('StartSession', { sessionId, quality: 'medium' });
  const parts = chunks(noise(n / 10, 3), 16000, 100);
  const times = [];
  for (let i = 0; i < parts.length; i++) {
    const t = performance.now();
    await client.invoke('SendAudio', sessionId, i, parts[i].toString('base64'));
    times.push(performance.now() - t);
    await sleep(20);
  }
  await client.invoke('EndSession', sessionId);
  await client.stop();
  return times.slice(10); // warm
}

async function stream(client, sessionId, parts, speed = 1) {
  const start = performance.now();
  for (let i = 0; i < parts.length; i++) {
    const wait = start + (i * 100) / speed - performance.now();
    if (wait > 0) await sleep(wait);
    await client.connection.send('SendAudio', sessionId, i, parts[i].toString('base64'));
  }
}

async function main() {
  const lines = [];
  const say = (s) => { console.log(s); lines.push(s); };

  // Link overhead against embedded mode.
  const embedded = await startServer(synthetic);
  const base = await roundTrips(embedded.url, 300);
  await embedded.stop();

  let proxy;
  const cluster = await startCluster({ silos: 3, gateways: 1, settings: synthetic, dynamoVia: async (url) => (proxy = await countingProxy(url)).url });
  try {
    const [gateway] = cluster.gateways;
    const linked = await roundTrips(gateway.url, 300);
    say(`SendAudio round trip: embedded p50 ${pct(base, 50).toFixed(2)} ms p95 ${pct(base, 95).toFixed(2)} ms; cluster p50 ${pct(linked, 50).toFixed(2)} ms p95 ${pct(linked, 95).toFixed(2)} ms; extra p50 ${(pct(linked, 50) - pct(base, 50)).toFixed(2)} ms (ratio ${(pct(linked, 50) / pct(base, 50)).toFixed(2)})`);

    // DynamoDB calls per session start.
    await sleep(500);
    proxy.reset();
    const t0 = performance.now();
    const clients = [];
    for (let i = 0; i < 10; i++) {
      const c = await connect(gateway.url);
      const sessionId = randomUUID();
      await c.invoke('StartSession', { sessionId, quality: 'medium' });
      clients.push({ c, sessionId });
    }
    await sleep(300);
    const startCalls = proxy.snapshot();
    const startSeconds = (performance.now() - t0) / 1000;
    const membershipDuringStart = total(startCalls, isMembership);
    say(`DynamoDB calls per session start: ${((total(startCalls) - membershipDuringStart) / 10).toFixed(1)} (${[...startCalls.entries()].filter(([k]) => !isMembership(k)).map(([k, v]) => `${k} ${(v / 10).toFixed(1)}`).join(', ')}); membership meanwhile ${membershipDuringStart} in ${startSeconds.toFixed(1)} s`);

    // Steady sessions: 10 streaming at real time for 30 s.
    proxy.reset();
    const steadyStart = performance.now();
    await Promise.all(clients.map(({ c, sessionId }, i) => stream(c, sessionId, chunks(noise(30, 10 + i), 16000, 100))));
    const steady = proxy.snapshot();
    const minutes = (performance.now() - steadyStart) / 60000;
    const sessionCalls = total(steady, (k) => !isMembership(k));
    say(`DynamoDB calls per minute of a steady session: ${(sessionCalls / 10 / minutes).toFixed(1)} (${[...steady.entries()].filter(([k]) => !isMembership(k)).map(([k, v]) => `${k} ${(v / 10 / minutes).toFixed(1)}`).join(', ')}); membership: ${(total(steady, isMembership) / minutes).toFixed(0)} per minute for 3 silos + 1 gateway`);
    for (const { c, sessionId } of clients) { await c.invoke('EndSession', sessionId); await c.stop(); }

    // Failover trials.
    const gaps = [];
    for (let trial = 0; trial < 3; trial++) {
      while (cluster.silos.filter((s) => s.child.exitCode === null && s.child.signalCode === null).length < 3) await cluster.startSilo();
      await sleep(1500);
      const sessions = [];
      for (let i = 0; i < 6; i++) {
        const c = await connect(gateway.url);
        const sessionId = randomUUID();
        await c.invoke('StartSession', { sessionId, quality: 'medium' });
        sessions.push({ c, sessionId, parts: chunks(noise(10, 100 + i), 16000, 100) });
      }
      const owners = await Promise.all(sessions.map((s) => cluster.ownerOf(s.sessionId)));
      const counts = new Map();
      for (const o of owners) counts.set(o.owner, (counts.get(o.owner) ?? 0) + 1);
      const victimId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
      const victim = cluster.silos.find((s) => s.name === victimId.split("@")[0]);
      const sending = sessions.map((s) => stream(s.c, s.sessionId, s.parts, 1));
      await sleep(2000);
      const killedAt = performance.now();
      process.kill(victim.pid, 'SIGKILL');
      await Promise.all(sending);
      for (const [i, s] of sessions.entries()) {
        if (owners[i].owner !== victimId) continue;
        const first = s.c.events.find((e) => e.name === 'transcript' && e.at > killedAt && e.payload.sessionId === s.sessionId);
        gaps.push(((first?.at ?? Infinity) - killedAt) / 1000);
      }
      for (const s of sessions) { await s.c.invoke('EndSession', s.sessionId); await s.c.stop(); }
    }
    say(`failover (kill -9 → first result from the new owner): p50 ${pct(gaps, 50).toFixed(2)} s, max ${Math.max(...gaps).toFixed(2)} s (n=${gaps.length} moved sessions, 3 trials; heartbeat 1 s, suspicion 3 s)`);

    // Drain.
    for (const n of [5, 20]) {
      while (cluster.silos.filter((s) => s.child.exitCode === null && s.child.signalCode === null).length < 3) await cluster.startSilo();
      await sleep(1500);
      const victim = cluster.silos.filter((s) => s.child.exitCode === null && s.child.signalCode === null).at(-1);
      const sessions = [];
      while (sessions.filter((s) => s.owner === victim.id).length < n) {
        const c = await connect(gateway.url);
        const sessionId = randomUUID();
        await c.invoke('StartSession', { sessionId, quality: 'medium' });
        sessions.push({ c, sessionId, owner: (await cluster.ownerOf(sessionId)).owner, parts: chunks(noise(8, 300 + sessions.length), 16000, 100) });
      }
      const sending = sessions.map((s) => stream(s.c, s.sessionId, s.parts, 1));
      await sleep(2000);
      const termAt = performance.now();
      process.kill(victim.pid, 'SIGTERM');
      await victim.exited;
      const exitSeconds = (performance.now() - termAt) / 1000;
      await Promise.all(sending);
      const moved = sessions.filter((s) => s.owner === victim.id);
      const drainGaps = moved.map((s) => ((s.c.events.find((e) => e.name === 'transcript' && e.at > termAt && e.payload.sessionId === s.sessionId)?.at ?? Infinity) - termAt) / 1000);
      const drained = /Drain done: (\d+) sessions handed over in ([\d.]+) s/.exec(victim.output);
      say(`drain of ${moved.length} sessions: handed over in ${drained?.[2]} s (${(Number(drained?.[2]) / moved.length * 1000).toFixed(0)} ms per session), process exit ${exitSeconds.toFixed(2)} s after SIGTERM; speaker gap to the next result p50 ${pct(drainGaps, 50).toFixed(2)} s, max ${Math.max(...drainGaps).toFixed(2)} s`);
      for (const s of sessions) { await s.c.invoke('EndSession', s.sessionId); await s.c.stop(); }
    }
  } finally {
    await cluster.stop();
    await proxy.close();
  }
}

await main();
