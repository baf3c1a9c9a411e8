// Audio chunks not yet acknowledged by the server, in sequence order (contiguous). They are resent
// after a reconnect or a recoverable refusal; the server acknowledges replays and ignores them.

export class UnackedAudio {
  constructor() {
    this.chunks = [];      // { seq, base64, seconds, round }
    this.seconds = 0;
    this.lastAck = -1;
  }

  add(seq, base64, seconds) {
    this.chunks.push({ seq, base64, seconds, round: -1 });
    this.seconds += seconds;
  }

  ack(seq) {
    if (seq <= this.lastAck) return false;
    this.lastAck = seq;
    while (this.chunks.length && this.chunks[0].seq <= seq) this.seconds -= this.chunks.shift().seconds;
    if (!this.chunks.length) this.seconds = 0; // no drift from adding and subtracting fractions
    return true;
  }

  // Removes chunk `seq`; the chunks after it move down by one sequence number.
  remove(seq) {
    const first = this.chunks.length ? this.chunks[0].seq : 0;
    const i = seq - first;
    if (i < 0 || i >= this.chunks.length) return false;
    this.seconds -= this.chunks[i].seconds;
    this.chunks.splice(i, 1);
    for (let j = i; j < this.chunks.length; j++) this.chunks[j].seq--;
    return true;
  }

  get(seq) {
    const first = this.chunks.length ? this.chunks[0].seq : 0;
    return this.chunks[seq - first];
  }

  from(seq) {
    const first = this.chunks.length ? this.chunks[0].seq : 0;
    return this.chunks.slice(Math.max(0, seq - first));
  }

  get empty() { return this.chunks.length === 0; }
}

// Base64 of a typed array's bytes (Int16Array PCM or Uint8Array Opus chunks).
export function toBase64(view) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
