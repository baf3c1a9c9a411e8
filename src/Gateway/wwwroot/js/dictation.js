// Dictation page: capture -> (WebCodecs Opus, when the browser has it) -> AudioSender (sequence
// numbers, pacing, resends) -> SendAudio. Acks release buffered audio; after a dropped connection the
// session is resumed (StartSession with the resume token) and every chunk the server has not
// acknowledged is sent again.
import { createConnection, errorCodeOf, errorTextOf } from './connection.js';
import { AudioCapture } from './audio-capture.js';
import { AudioSender } from './audio-sender.js';
import { toBase64 } from './unacked-audio.js';
import { TranscriptView } from './transcript-view.js';
import { OpusChunker, opusSupported, OPUS_BITRATE } from './opus-chunker.js';

const CHUNK_MS = 100;
const OPUS_PACKETS_PER_CHUNK = CHUNK_MS / 20;
const WARN_UNACKED_SECONDS = 30;   // the product asks to keep at least 5 s
const MAX_UNACKED_SECONDS = 120;   // beyond this, with no connection, recording stops
const $ = (id) => document.getElementById(id);
const view = new TranscriptView($('transcript'));
let connection = null;
let session = null;        // { id, resumeToken, sampleRate, quality, encoding }
let sender = null;
let capture = null;
let opus = null;           // OpusChunker while an Opus session captures
let capturedSamples = 0;
let retryAction = null;

const connected = () => !!connection && connection.state === 'Connected';
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

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
  const live = ['starting', 'active', 'paused'].includes(state);
  $('start').disabled = !!session && live;
  $('pause').disabled = !['active', 'paused'].includes(state);
  $('pause').textContent = state === 'paused' ? 'Resume' : 'Pause';
  $('stop').disabled = !['active', 'paused'].includes(state);
  $('quality').disabled = $('start').disabled;
  $('encoding').disabled = $('start').disabled;
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
  if (connected()) return;
  if (!connection) {
    connection = createConnection(setConnectionStatus);
    connection.on('transcript', (e) => {
      if (!session || e.sessionId !== session.id) return;
      view.apply(e);
      if (!e.isPartial) $('words').textContent = view.wordCount;
    });
    connection.on('audioAck', (e) => { if (session && e.sessionId === session.id) { sender.ack(e.sequence); updateBuffer(); } });
    connection.on('sessionState', (e) => { if (session && e.sessionId === session.id) setState(e.state, e.reason); });
    connection.on('sessionStatus', (e) => { if (session && e.sessionId === session.id) $('listeners').textContent = e.listenerCount; });
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
  let ack = null;
  try {
    await connect();
    const quality = $('quality').value;
    const rate = { low: 8000, medium: 16000, high: 48000 }[quality];
    const canOpus = $('encoding').value === 'auto' && await opusSupported(rate);
    const encoding = canOpus ? 'opus' : 'pcm16';
    ack = await connection.invoke('StartSession', { sessionId: crypto.randomUUID(), quality, encoding });
    session = { id: ack.sessionId, resumeToken: ack.resumeToken, sampleRate: ack.sampleRate, quality, encoding };
    sender = new AudioSender(ack.sessionId, (id, seq, b64) => {
      connection.send('SendAudio', id, seq, b64).catch(() => { /* resent after reconnecting */ });
    }, connected);
    capturedSamples = 0;
    view.clear();
    for (const id of ['summary-box', 'buffer-warning']) $(id).hidden = true;
    $('words').textContent = 0;
    $('listeners').textContent = 0;
    const codec = encoding === 'opus' ? `Opus ${OPUS_BITRATE / 1000} kbps (WebCodecs)`
      : `PCM 16-bit${$('encoding').value === 'auto' ? ' (this browser cannot encode Opus here)' : ''}`;
    $('format').textContent = `${codec}, ${ack.sampleRate / 1000} kHz, engine ${ack.engine}`;
    document.body.dataset.encoding = encoding;
    opus = encoding === 'opus'
      ? new OpusChunker(ack.sampleRate, OPUS_PACKETS_PER_CHUNK, (bytes, seconds) => queue(toBase64(bytes), seconds),
        (e) => { showError(`The Opus encoder failed: ${e.message}. Recording stopped; what was sent is kept.`, false); stop(); })
      : null;
    const link = new URL(`listen.html?session=${ack.sessionId}`, location.href).href;
    $('share').href = link;
    $('share').textContent = link;
    $('share-box').hidden = false;
    setState(ack.state);
    capture = new AudioCapture(ack.sampleRate, CHUNK_MS, onChunk);
    const { contextRate } = await capture.start();
    if (contextRate !== ack.sampleRate) $('format').textContent += ` (resampled from ${contextRate / 1000} kHz)`;
  } catch (err) {
    if (ack) {
      // The session exists but the microphone could not start: end it rather than leave it open.
      connection.invoke('EndSession', ack.sessionId).catch(() => {});
    }
    session = null;
    capture = null;
    setState('idle');
    const code = errorCodeOf(err);
    showError(code ? errorTextOf(err) : `Could not start: ${err.message}`, true, start);
  }
}

function onChunk(pcm) {
  if (!session) return;
  capturedSamples += pcm.length;
  if (!opus) queue(toBase64(pcm), pcm.length / session.sampleRate);
  else if (opus.encoder.state === 'configured') opus.encode(pcm); // after an encoder error, stop() ends the session
  document.body.dataset.captured = (capturedSamples / session.sampleRate).toFixed(2);
}

function queue(base64, seconds) {
  if (!session) return;
  sender.push(base64, seconds);
  updateBuffer();
  if (!connected() && sender.unacked.seconds > MAX_UNACKED_SECONDS) {
    stopCapture();
    showError(`Recording stopped: not connected for ${MAX_UNACKED_SECONDS} s. Retry to deliver what was recorded.`, true, reconnectAndResume);
  }
}

function updateBuffer() {
  const seconds = sender.unacked.seconds;
  $('unacked').textContent = seconds.toFixed(1);
  $('buffer-warning').hidden = seconds <= WARN_UNACKED_SECONDS;
}

function onServerError(e) {
  if (e.sessionId && (!session || e.sessionId !== session.id)) return; // about another or a finished session
  if (session && e.sequence != null && !sender.isCurrent(e.sequence)) return; // about a send that was since redone
  const resendFrom = e.expectedSequence ?? sender.unacked.lastAck + 1;
  if (session && e.recoverable && ['RATE_LIMITED', 'BUFFER_OVERFLOW', 'STORAGE_ERROR', 'INVALID_SESSION_STATE'].includes(e.errorCode) && e.sequence != null) {
    sender.rewind(resendFrom, Math.max(250, (e.retryAfter || 1) * 1000));
    return;
  }
  if (session && e.errorCode === 'INVALID_AUDIO_FORMAT' && e.expectedSequence != null && e.sequence != null) {
    if (e.expectedSequence < e.sequence) {
      sender.rewind(resendFrom, 100); // a gap behind a refused chunk
    } else {
      // This chunk's content was refused: resending it would be refused again. Drop it and go on.
      sender.drop(e.sequence);
      showError(`${e.errorCode}: ${e.message} (${CHUNK_MS} ms of audio dropped)`, false);
    }
    return;
  }
  if (e.sequence == null || !e.recoverable) showError(`${e.errorCode}: ${e.message}`, false);
}

async function resumeSession() {
  if (!session || !session.resumeToken) return;
  try {
    const ack = await connection.invoke('StartSession', {
      sessionId: session.id, resumeToken: session.resumeToken, quality: session.quality, encoding: session.encoding,
    });
    sender.ack(ack.lastSequence);
    view.loadFinals(ack.finals, ack.partial);
    $('words').textContent = view.wordCount;
    setState(ack.state);
    clearErrors();
    sender.rewind(ack.lastSequence + 1);
  } catch (err) {
    showError(`Could not resume the session: ${errorTextOf(err)}`, false);
    await stopCapture();
    sender.stop();
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

// Waits until every captured chunk is acknowledged, while acknowledgements keep coming.
async function drainAudio(stallMs) {
  let last = sender.unacked.lastAck;
  let since = Date.now();
  while (!sender.unacked.empty && Date.now() - since < stallMs) {
    await delay(50);
    if (sender.unacked.lastAck !== last) { last = sender.unacked.lastAck; since = Date.now(); }
  }
  return sender.unacked.empty;
}

async function togglePause() {
  const paused = document.body.dataset.state === 'paused';
  try {
    if (!paused) {
      await capture.setPaused(true);
      if (opus) opus.emitPending();
      await drainAudio(3000); // what was said before the pause is transcribed, not discarded
    }
    await connection.invoke(paused ? 'ResumeSession' : 'PauseSession', session.id);
    if (paused) await capture.setPaused(false);
  } catch (err) {
    showError(errorTextOf(err), false);
  }
}

async function stop() {
  $('stop').disabled = true;
  $('pause').disabled = true;
  await stopCapture();
  if (!(await drainAudio(15000))) {
    showError(`${sender.unacked.seconds.toFixed(1)} s of audio could not be delivered before the end.`, false);
  }
  try {
    const complete = await connection.invoke('EndSession', session.id);
    onComplete(complete);
  } catch (err) {
    showError(errorTextOf(err), false);
  }
}

async function stopCapture() {
  if (capture) { const c = capture; capture = null; await c.stop(); }
  if (opus) { const o = opus; opus = null; await o.finish().catch(() => {}); }
}

function onComplete(e) {
  if (!session || e.sessionId !== session.id) return;
  $('summary').textContent = `Session ${e.state}: ${e.totalDuration.toFixed(1)} s of audio, ${e.wordCount} words.`;
  $('words').textContent = e.wordCount;
  $('transcript-link').href = `api/sessions/${e.sessionId}/transcript`;
  $('summary-box').hidden = false;
  setState(e.state, e.reason);
  stopCapture();
  sender.stop();
  session = null;
}

$('start').onclick = start;
$('pause').onclick = togglePause;
$('stop').onclick = stop;
$('retry').onclick = () => retryAction && retryAction();
$('copy').onclick = () => navigator.clipboard && navigator.clipboard.writeText($('share').href);
setState('idle');
window.liveTranscription = { view, get session() { return session; } };
