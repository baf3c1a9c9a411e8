// Listener page: joins a session by id (from the share link), shows the finals so far and then the
// live transcript. After a reconnect it joins again; finals are keyed by segment id, so none repeats.
import { createConnection, errorTextOf } from './connection.js';
import { TranscriptView } from './transcript-view.js';

const $ = (id) => document.getElementById(id);
const sessionId = new URLSearchParams(location.search).get('session');
const view = new TranscriptView($('transcript'));
let connection = null;

function setStatus(status) {
  $('connection').textContent = status;
  $('connection').className = 'badge ' + status;
  document.body.dataset.connection = status;
  if (status === 'connected') join();
  if (status === 'disconnected') showError('Connection lost.', true);
}

function setState(state, reason) {
  $('state').textContent = state + (reason ? ` (${reason})` : '');
  document.body.dataset.state = state;
}

function showError(message, retryable) {
  $('error').textContent = message;
  $('error-box').hidden = false;
  $('retry').hidden = !retryable;
}

async function join() {
  try {
    const ack = await connection.invoke('JoinSession', sessionId, { languageCode: null });
    view.loadFinals(ack.finals, ack.partial);
    setState(ack.state);
    $('error-box').hidden = true;
  } catch (err) {
    showError(errorTextOf(err), true);
  }
}

async function connect() {
  $('error-box').hidden = true;
  try {
    await connection.start();
    setStatus('connected');
  } catch (err) {
    showError(`Cannot reach the server: ${err.message}`, true);
  }
}

if (!sessionId) {
  showError('No session in the link: open the share link from a dictation page.', false);
} else {
  $('session').textContent = sessionId;
  connection = createConnection(setStatus);
  connection.on('transcript', (e) => { if (e.sessionId === sessionId) view.apply(e); });
  connection.on('sessionState', (e) => { if (e.sessionId === sessionId) setState(e.state, e.reason); });
  connection.on('sessionComplete', (e) => { if (e.sessionId === sessionId) setState(e.state, e.reason); });
  connection.on('heartbeat', () => { $('heartbeat').textContent = new Date().toLocaleTimeString(); });
  $('retry').onclick = connect;
  connect();
}
window.liveTranscription = { view };
