// Audio chunks not yet acknowledged by the server, in sequence order. They are resent after a
// reconnect or a recoverable rejection; the server acknowledges replays and ignores them.
// Holds up to maxSeconds of audio (default 30 s, the product asks for at least 5 s).

export class UnackedAudio {
  constructor(bytesPerSecond, maxSeconds = 30) {
    this.maxBytes = bytesPerSecond * maxSeconds;
    this.chunks = [];      // { seq, base64, bytes }
    this.bytes = 0;
    this.lastAck = -1;
  }

  add(seq, base64, bytes) {
    this.chunks.push({ seq, base64, bytes });
    this.bytes += bytes;
    return this.bytes <= this.maxBytes; // false: the connection is too far behind to keep everything
  }

  ack(seq) {
    if (seq <= this.lastAck) return;
    this.lastAck = seq;
    while (this.chunks.length && this.chunks[0].seq <= seq) this.bytes -= this.chunks.shift().bytes;
  }

  from(seq) { return this.chunks.filter((c) => c.seq >= seq); }

  get empty() { return this.chunks.length === 0; }

  get seconds() { return this.bytes / (this.maxBytes / 30); }
}

export function toBase64(int16) {
  const bytes = new Uint8Array(int16.buffer, int16.byteOffset, int16.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
