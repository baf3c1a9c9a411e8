// Dictation page: capture -> SendAudio with sequence numbers; acks release buffered audio; after a
// dropped connection the session is resumed (StartSession with the resume token) and every chunk the
// server has not acknowledged is sent again.
import { createConnection, errorCodeOf, errorTextOf } from './connection.js';
import { AudioCapture } from './audio-capture.js';
import { UnackedAudio, toBase64 } from './unacked-audio.js';
import { TranscriptView } from './transcript-view.js';

const CHUNK_MS = 100;
const $ = (id) => document.getElementById(id);
const view = new TranscriptView($('transcript'));
let connection = null;
let session = null;        // { id, resumeToken, sampleRate, quality }
let capture = null;
let unacked = null;
let nextSeq = 0;
let holdUntil = 0;         // after RATE_LIMITED / BUFFER_OVERFLOW: pause sending until then
let lastRewind = { from: -1, at: 0 };
let capturedSamples = 0;
let retryAction = null;

function setConnectionStatus(status) {
  $('connection').textContent = status;
  $('connection').className = 'badge ' + status;
  document.body.dataset.connection = status;
  if (status === 'connected' && session) resumeSession();
  if (status === 'disconnected' && session) {
    showError('Connection lost after 3 attempts (1 s, 2 s, 4 s). Unsent audio is kept; retry to resume the session.', true, reconnectAndResume);
  }
}

function setState(state, reason) {
  $('state').textContent = state + (reason ? ` (${reason})` : '');
  document.body.dataset.state = state;
  $('start').disabled = !!session && !['completed', 'failed'].includes(state);
  $('pause').disabled = !['active', 'paused'].includes(state);
  $('pause').textContent = state === 'paused' ? 'Resume' : 'Pause';
  $('stop').disabled = !['active', 'paused'].includes(state);
  $('quality').disabled = $('start').disabled;
}

function showError(message, retryable, action) {
  const item = document.createElement('li');
  item.textContent = message;
  $('errors').prepend(item);
  while ($('errors').children.length > 5) $('errors').lastChild.remove();
  retryAction = retryable ? action : null;
  $('retry').hidden = !retryAction;
}

function clearErrors() { $('errors').replaceChildren(); $('retry').hidden = true; retryAction = null; }

async function connect() {
  if (connection && connection.state === 'Connected') return;
  if (!connection) {
    connection = createConnection(setConnectionStatus);
    connection.on('transcript', (e) => { if (session && e.sessionId === session.id) view.apply(e); });
    connection.on('audioAck', (e) => { if (session && e.sessionId === session.id) unacked.ack(e.sequence); updateStats(); });
    connection.on('sessionState', (e) => { if (session && e.sessionId === session.id) setState(e.state, e.reason); });
    connection.on('sessionStatus', (e) => { $('listeners').textContent = e.listenerCount; $('words').textContent = e.wordCount; });
    connection.on('sessionComplete', (e) => onComplete(e));
    connection.on('heartbeat', () => { $('heartbeat').textContent = new Date().toLocaleTimeString(); });
    connection.on('error', onServerError);
  }
  setConnectionStatus('connecting');
  await connection.start();
  setConnectionStatus('connected');
}

async function start() {
  clearErrors();
  try {
    await connect();
    const quality = $('quality').value;
    const id = crypto.randomUUID();
    const ack = await connection.invoke('StartSession', { sessionId: id, quality, encoding: 'pcm16' });
    session = { id: ack.sessionId, resumeToken: ack.resumeToken, sampleRate: ack.sampleRate, quality };
    unacked = new UnackedAudio(ack.sampleRate * 2);
    nextSeq = 0;
    capturedSamples = 0;
    view.clear();
    $('format').textContent = `PCM 16-bit, ${ack.sampleRate / 1000} kHz, engine ${ack.engine}`;
    const link = new URL(`listen.html?session=${ack.sessionId}`, location.href).href;
    $('share').href = link;
    $('share').textContent = link;
    $('share-box').hidden = false;
    setState(ack.state);
    capture = new AudioCapture(ack.sampleRate, CHUNK_MS, onChunk);
    const { contextRate } = await capture.start();
    if (contextRate !== ack.sampleRate) $('format').textContent += ` (resampled from ${contextRate / 1000} kHz)`;
  } catch (err) {
    const code = errorCodeOf(err);
    session = null;
    setState('idle');
    showError(code ? errorTextOf(err) : `Could not start: ${err.message}`, true, start);
  }
}

function onChunk(pcm) {
  if (!session) return;
  const seq = nextSeq++;
  const base64 = toBase64(pcm);
  capturedSamples += pcm.length;
  document.body.dataset.captured = (capturedSamples / session.sampleRate).toFixed(2);
  if (!unacked.add(seq, base64, pcm.byteLength)) {
    $('buffer-warning').hidden = false;
  }
  if (canSend()) send(seq, base64);
  updateStats();
}

function canSend() {
  return connection && connection.state === 'Connected' && Date.now() >= holdUntil;
}

function send(seq, base64) {
  connection.send('SendAudio', session.id, seq, base64).catch(() => { /* resent after reconnect */ });
}

function resendFrom(seq) {
  lastRewind = { from: seq, at: Date.now() };
  for (const c of unacked.from(seq)) send(c.seq, c.base64);
}

function onServerError(e) {
  if (session && e.sessionId && e.sessionId !== session.id) return;
  const resend = e.expectedSequence ?? (unacked ? unacked.lastAck + 1 : 0);
  switch (e.errorCode) {
    case 'RATE_LIMITED':
    case 'BUFFER_OVERFLOW':
      if (e.recoverable) {
        holdUntil = Date.now() + (e.retryAfter || 1) * 1000;
        setTimeout(() => { if (session) resendFrom(unacked.lastAck + 1); }, (e.retryAfter || 1) * 1000);
        return;
      }
      break;
    case 'INVALID_AUDIO_FORMAT':
      // A gap: chunks after a rejected one. Rewind once per expected sequence (stale errors may follow).
      if (e.expectedSequence != null) {
        if (!(lastRewind.from === resend && Date.now() - lastRewind.at < 1000)) resendFrom(resend);
        return;
      }
      break;
    default:
      break;
  }
  showError(`${e.errorCode}: ${e.message}`, e.recoverable && !session, start);
}

async function resumeSession() {
  if (!session || !session.resumeToken) return;
  try {
    const ack = await connection.invoke('StartSession', {
      sessionId: session.id, resumeToken: session.resumeToken, quality: session.quality, encoding: 'pcm16',
    });
    unacked.ack(ack.lastSequence);
    view.loadFinals(ack.finals, ack.partial);
    setState(ack.state);
    clearErrors();
    resendFrom(ack.lastSequence + 1);
  } catch (err) {
    showError(`Could not resume the session: ${errorTextOf(err)}`, false);
    await stopCapture();
    session = null;
    setState('failed');
  }
}

async function reconnectAndResume() {
  clearErrors();
  try {
    await connection.start();
    setConnectionStatus('connected'); // resumes the session
  } catch (err) {
    showError(`Still cannot reach the server: ${err.message}`, true, reconnectAndResume);
  }
}

async function togglePause() {
  const paused = document.body.dataset.state === 'paused';
  try {
    await connection.invoke(paused ? 'ResumeSession' : 'PauseSession', session.id);
    await capture.setPaused(!paused);
  } catch (err) {
    showError(errorTextOf(err), false);
  }
}

async function stop() {
  $('stop').disabled = true;
  await stopCapture();
  // Everything captured must be acknowledged before the session is ended.
  const deadline = Date.now() + 5000;
  while (!unacked.empty && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  try {
    const complete = await connection.invoke('EndSession', session.id);
    onComplete(complete);
  } catch (err) {
    showError(errorTextOf(err), false);
  }
}

async function stopCapture() {
  if (capture) { const c = capture; capture = null; await c.stop(); }
}

function onComplete(e) {
  if (!session || e.sessionId !== session.id) return;
  $('summary').textContent = `Session ${e.state}: ${e.totalDuration.toFixed(1)} s of audio, ${e.wordCount} words.`;
  $('transcript-link').href = `api/sessions/${e.sessionId}/transcript`;
  $('summary-box').hidden = false;
  setState(e.state, e.reason);
  stopCapture();
  session = null;
}

function updateStats() {
  if (!unacked) return;
  $('unacked').textContent = unacked.seconds.toFixed(1);
}

$('start').onclick = start;
$('pause').onclick = togglePause;
$('stop').onclick = stop;
$('retry').onclick = () => retryAction && retryAction();
$('copy').onclick = () => navigator.clipboard && navigator.clipboard.writeText($('share').href);
setState('idle');
window.liveTranscription = { view, get session() { return session; } };
