// Opus for the e2e tests: packets from opus-tools' encoder (independent of the service's libopus
// binding), Ogg page parsing (RFC 3533) and the protocol's chunk framing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

// The packets of an Ogg stream, in order (packets spanning pages are joined), with the page granules.
export function oggPackets(buffer) {
  const packets = [];
  let pending = [];
  let offset = 0;
  while (offset < buffer.length) {
    if (buffer.toString('ascii', offset, offset + 4) !== 'OggS') throw new Error(`no Ogg page at byte ${offset}`);
    const segments = buffer[offset + 26];
    const lacing = buffer.subarray(offset + 27, offset + 27 + segments);
    let at = offset + 27 + segments;
    for (const l of lacing) {
      pending.push(buffer.subarray(at, at + l));
      at += l;
      if (l < 255) { packets.push(Buffer.concat(pending)); pending = []; }
    }
    offset = at;
  }
  return packets;
}

// Audio packets and pre-skip of an Ogg Opus file.
export function opusFile(file) {
  const [head, tags, ...audio] = oggPackets(fs.readFileSync(file));
  if (head.toString('ascii', 0, 8) !== 'OpusHead' || tags.toString('ascii', 0, 8) !== 'OpusTags') throw new Error('not Ogg Opus');
  return { packets: audio, preSkip: head.readUInt16LE(10), inputRate: head.readUInt32LE(12) };
}

// Encodes a WAV with opusenc: 20 ms packets, VBR at `kbps`.
export function opusenc(wav, out, kbps = 24) {
  if (!fs.existsSync(out)) execFileSync('opusenc', ['--quiet', '--bitrate', String(kbps), '--framesize', '20', wav, out]);
  return opusFile(out);
}

// The protocol's chunk: each packet preceded by its length, 16-bit big-endian.
export function frame(packets) {
  return Buffer.concat(packets.flatMap((p) => {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(p.length);
    return [len, p];
  }));
}

// Chunks of `perChunk` packets.
export function opusChunks(packets, perChunk = 5) {
  const out = [];
  for (let i = 0; i < packets.length; i += perChunk) out.push(frame(packets.slice(i, i + perChunk)));
  return out;
}

// Seconds of audio opusdec decodes from an Ogg Opus file (pre-skip and end trimming applied).
export function decodedSeconds(file) {
  const wav = `${file}.decoded.wav`;
  execFileSync('opusdec', ['--quiet', '--rate', '48000', file, wav]);
  const seconds = (fs.statSync(wav).size - 44) / 2 / 48000;
  fs.rmSync(wav);
  return seconds;
}
