// Hub connection shared by the dictation and listener pages.
// Reconnects with backoff 1 s, 2 s, 4 s, then gives up (the page shows a message and a retry button).
/* global signalR */

export const RECONNECT_DELAYS_MS = [1000, 2000, 4000];

export function createConnection(onStatus) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/transcription')
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: (ctx) => ctx.previousRetryCount < RECONNECT_DELAYS_MS.length
        ? RECONNECT_DELAYS_MS[ctx.previousRetryCount]
        : null,
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.onreconnecting(() => onStatus('reconnecting'));
  connection.onreconnected(() => onStatus('connected'));
  connection.onclose(() => onStatus('disconnected'));
  return connection;
}

// The server's invocation errors carry the protocol code after "HubException: ".
export function errorCodeOf(err) {
  const m = /HubException: ([A-Z_]+):/.exec(String(err && err.message));
  return m ? m[1] : null;
}

export function errorTextOf(err) {
  const m = /HubException: (.*)$/.exec(String(err && err.message));
  return m ? m[1] : String(err && err.message || err);
}
