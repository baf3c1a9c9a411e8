// A cluster on loopback: dynalite (membership, directory, records), s3rver (audio), N silo processes and
// M gateway processes (cluster mode), from the build output. Every process gets free ports; the silos share one
// spool directory (what an EFS volume is in ECS). Processes are stopped by PID, including on test failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDynalite, startS3rver, freePort } from './aws-local.mjs';
import { spawnListening, gatewayDll } from './server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const siloDll = process.env.LT_SILO_DLL || path.join(repo, 'src/Silo/bin/Release/net10.0/LiveTranscription.Silo.dll');

// s3rver only accepts this pair; dynalite accepts any.
export const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_SESSION_TOKEN: '' };

function args(settings) {
  const out = [];
  for (const [k, v] of Object.entries(settings)) out.push(`--${k}`, String(v));
  return out;
}

async function waitForLog(proc, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(proc.log.text)) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited with ${proc.child.exitCode}:\n${proc.log.text}`);
    if (Date.now() > deadline) throw new Error(`${proc.name}: no ${pattern} within ${timeoutMs} ms:\n${proc.log.text}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode ?? child.signalCode)
    : new Promise((r) => child.once('exit', (c, s) => r(c ?? s)));
}

// options: { silos, gateways, settings (both), siloSettings, gatewaySettings, dynamoVia (url → url the processes use) }
export async function startCluster({ silos = 3, gateways = 2, settings = {}, siloSettings = {}, gatewaySettings = {}, dynamoVia = async (url) => url } = {}) {
  for (const dll of [siloDll, gatewayDll]) if (!fs.existsSync(dll)) throw new Error(`${dll} is missing: build first (scripts/test.sh does).`);
  const [dynamo, s3] = await Promise.all([startDynalite(), startS3rver()]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-cluster-'));
  const common = {
    'Cluster:CreateTablesIfMissing': 'true',
    'Storage:DynamoDb:ServiceUrl': await dynamoVia(dynamo.url),
    'Storage:DynamoDb:CreateTablesIfMissing': 'true',
    'Logging:LogLevel:Default': 'Warning',
    'Logging:LogLevel:Microsoft.Hosting.Lifetime': 'Information',
    'Logging:LogLevel:LiveTranscription.Silo': 'Information',
    'Logging:LogLevel:LiveTranscription.Cluster': 'Information',
    'Logging:LogLevel:LiveTranscription.Grains.Sessions.SessionGrain': 'Information',
    'Logging:LogLevel:LiveTranscription.Gateway.Cluster': 'Information',
    'Logging:Console:FormatterName': 'simple',
    'Logging:Console:FormatterOptions:TimestampFormat': 'HH:mm:ss.fff ',
    ...settings,
  };
  const cluster = {
    dynamo, s3, dataDir, silos: [], gateways: [],
    async startSilo(extra = {}) {
      const index = cluster.silos.length;
      const port = await freePort();
      const name = `silo-${index}`;
      const child = spawn('dotnet', [siloDll, ...args({
        ...common,
        'Cluster:Silo:Name': name,
        'Cluster:Silo:Port': port,
        'Storage:Provider': 'Aws',
        'Storage:DataDirectory': dataDir,
        'Storage:S3:ServiceUrl': s3.url,
        'Storage:S3:Bucket': s3.bucket,
        'Storage:S3:ForcePathStyle': 'true',
        'Storage:S3:UseChunkEncoding': 'false',
        'Storage:S3:CopyObjectSupported': 'false',
        'Storage:S3:CompleteTimeout': '00:00:05',
        ...siloSettings,
        ...extra,
      })], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...credentials } });
      const log = { text: '' };
      child.stdout.on('data', (d) => { log.text += d; });
      child.stderr.on('data', (d) => { log.text += d; });
      const silo = { name, port, child, log, pid: child.pid, get output() { return log.text; }, exited: exited(child) };
      cluster.silos.push(silo);
      await waitForLog({ name, child, log }, /Now listening on/, 30000);
      await waitForLog({ name, child, log }, /joined the cluster/, 30000);
      silo.id = /Silo (\S+) joined the cluster/.exec(log.text)[1];
      return silo;
    },
    async startGateway(extra = {}) {
      const { child, url, log } = await spawnListening(`gateway-${cluster.gateways.length}`, [gatewayDll, '--urls', 'http://127.0.0.1:0', ...args({
        ...common,
        'Cluster:Mode': 'Cluster',
        'Gateway:GatewayId': `gw-${cluster.gateways.length}`,
        ...gatewaySettings,
        ...extra,
      })], { env: credentials });
      const gateway = { url, child, pid: child.pid, log, get output() { return log.text; }, exited: exited(child) };
      cluster.gateways.push(gateway);
      return gateway;
    },
    // The silo owning a session, from the directory table.
    async ownerOf(sessionId) {
      const res = await dynamoCall(dynamo.url, 'GetItem', { TableName: 'LiveTranscriptionDirectory', Key: { sessionId: { S: sessionId } }, ConsistentRead: true });
      return res.Item ? { owner: res.Item.owner.S, epoch: Number(res.Item.epoch.N) } : null;
    },
    async membership() {
      const res = await dynamoCall(dynamo.url, 'Scan', { TableName: 'LiveTranscriptionSilos', ConsistentRead: true });
      return res.Items.map((i) => ({ siloId: i.siloId.S, status: i.status.S, heartbeatAt: Number(i.heartbeatAt.N) }));
    },
    async stop() {
      for (const p of [...cluster.gateways, ...cluster.silos]) {
        if (p.child.exitCode === null && p.child.signalCode === null) {
          try { process.kill(p.pid, 'SIGCONT'); } catch { /* gone */ }
          p.child.kill('SIGKILL');
          await p.exited;
        }
      }
      await Promise.all([dynamo.stop(), s3.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < silos; i++) await cluster.startSilo();
    for (let i = 0; i < gateways; i++) await cluster.startGateway();
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

// A raw DynamoDB JSON call to dynalite (it accepts any credentials and does not check signatures).
export async function dynamoCall(url, target, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${target}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      'x-amz-date': '20260101T000000Z',
    },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${target}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
