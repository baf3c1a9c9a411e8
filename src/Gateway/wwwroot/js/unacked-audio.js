// Audio chunks not yet acknowledged by the server, in sequence order (contiguous). They are resent
// after a reconnect or a recoverable refusal; the server acknowledges replays and ignores them.

export class UnackedAudio {
  constructor(bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
    this.chunks = [];      // { seq, base64, bytes, round }
    this.bytes = 0;
    this.lastAck = -1;
  }

  add(seq, base64, bytes) {
    this.chunks.push({ seq, base64, bytes, round: -1 });
    this.bytes += bytes;
  }

  ack(seq) {
    if (seq <= this.lastAck) return false;
    this.lastAck = seq;
    while (this.chunks.length && this.chunks[0].seq <= seq) this.bytes -= this.chunks.shift().bytes;
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

  get seconds() { return this.bytes / this.bytesPerSecond; }
}

export function toBase64(int16) {
  const bytes = new Uint8Array(int16.buffer, int16.byteOffset, int16.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
