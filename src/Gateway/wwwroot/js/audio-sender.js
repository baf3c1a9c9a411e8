// Sends a session's audio: every chunk goes out through one pump, in sequence order, paced below the
// server's limit (50 chunks/s). A rewind (after a reconnect or a recoverable refusal) moves the
// cursor back and starts a new round; an error about a chunk sent in an earlier round is stale and
// ignored, so refusals never multiply into resend storms.
import { UnackedAudio } from './unacked-audio.js';

const PER_SECOND = 40;
const BURST = 20;

export class AudioSender {
  constructor(sessionId, send, isConnected) {
    this.sessionId = sessionId;
    this.unacked = new UnackedAudio();
    this.send = send;                 // (sessionId, seq, base64) => void
    this.isConnected = isConnected;   // () => boolean
    this.nextSeq = 0;
    this.sentUpTo = -1;
    this.round = 0;
    this.holdUntil = 0;
    this.timer = null;
  }

  push(base64, seconds) {
    this.unacked.add(this.nextSeq++, base64, seconds);
    this.pump();
  }

  ack(seq) {
    if (this.unacked.ack(seq) && this.sentUpTo < seq) this.sentUpTo = seq;
  }

  // Resend from `seq` after `holdMs`.
  rewind(seq, holdMs = 0) {
    this.round++;
    this.sentUpTo = Math.max(this.unacked.lastAck, seq - 1);
    this.holdUntil = Math.max(this.holdUntil, Date.now() + holdMs);
    this.reschedule(0);
  }

  // The server refused chunk `seq` for its content (resending it cannot help): remove it, renumber the
  // chunks after it so the sequence stays contiguous, and send on from `seq`.
  drop(seq) {
    if (!this.unacked.remove(seq)) return;
    this.nextSeq--;
    this.rewind(seq);
  }

  // Whether an error about chunk `seq` concerns a send of the current round.
  isCurrent(seq) {
    const chunk = this.unacked.get(seq);
    return !!chunk && chunk.round === this.round;
  }

  pump() {
    if (this.timer) return;
    if (!this.isConnected()) return;   // resumed by a rewind after reconnecting
    const wait = this.holdUntil - Date.now();
    if (wait > 0) { this.reschedule(wait); return; }
    const pending = this.unacked.from(this.sentUpTo + 1);
    const batch = pending.slice(0, BURST);
    for (const c of batch) {
      c.round = this.round;
      this.send(this.sessionId, c.seq, c.base64);
      this.sentUpTo = c.seq;
    }
    if (pending.length > batch.length) this.reschedule((batch.length * 1000) / PER_SECOND);
  }

  reschedule(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; this.pump(); }, ms);
  }

  stop() { clearTimeout(this.timer); this.timer = null; }
}
