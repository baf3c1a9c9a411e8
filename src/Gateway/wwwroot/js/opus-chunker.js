// WebCodecs Opus: 16-bit PCM chunks from the capture worklet -> 20 ms Opus packets -> protocol chunks of
// `packetsPerChunk` packets, each packet preceded by its length as a 16-bit big-endian integer.

export const OPUS_BITRATE = 24000;

function config(sampleRate) {
  return {
    codec: 'opus', sampleRate, numberOfChannels: 1, bitrate: OPUS_BITRATE,
    opus: { frameDuration: 20000, complexity: 5, application: 'voip', signal: 'voice' },
  };
}

// Whether this browser can encode Opus at `sampleRate` (the server takes Opus at 16 and 48 kHz).
export async function opusSupported(sampleRate) {
  if (!window.AudioEncoder || !window.AudioData || ![16000, 48000].includes(sampleRate)) return false;
  try {
    const { supported } = await AudioEncoder.isConfigSupported(config(sampleRate));
    return !!supported;
  } catch {
    return false;
  }
}

export class OpusChunker {
  constructor(sampleRate, packetsPerChunk, onChunk, onError) {
    this.sampleRate = sampleRate;
    this.packetsPerChunk = packetsPerChunk;
    this.onChunk = onChunk;           // (Uint8Array framed chunk, seconds) => void
    this.packets = [];
    this.samples = 0;
    this.encoder = new AudioEncoder({
      output: (chunk) => {
        const packet = new Uint8Array(chunk.byteLength);
        chunk.copyTo(packet);
        this.packets.push(packet);
        if (this.packets.length >= this.packetsPerChunk) this.emit();
      },
      error: (e) => onError(e),
    });
    this.encoder.configure(config(sampleRate));
  }

  encode(int16) {
    const data = new AudioData({
      format: 's16', sampleRate: this.sampleRate, numberOfChannels: 1, numberOfFrames: int16.length,
      timestamp: Math.round((this.samples * 1e6) / this.sampleRate), data: int16,
    });
    this.samples += int16.length;
    this.encoder.encode(data);
    data.close();
  }

  // Sends the packets encoded so far without waiting for a full chunk (before a pause).
  emitPending() { if (this.packets.length) this.emit(); }

  // Encodes what the encoder still holds (padding the last frame) and sends it; the encoder is closed.
  async finish() {
    if (this.encoder.state === 'configured') await this.encoder.flush();
    this.emitPending();
    if (this.encoder.state !== 'closed') this.encoder.close();
  }

  emit() {
    const packets = this.packets;
    this.packets = [];
    const framed = new Uint8Array(packets.reduce((n, p) => n + 2 + p.length, 0));
    let at = 0;
    for (const p of packets) {
      framed[at] = p.length >> 8;
      framed[at + 1] = p.length & 0xff;
      framed.set(p, at + 2);
      at += 2 + p.length;
    }
    this.onChunk(framed, packets.length * 0.02);
  }
}
