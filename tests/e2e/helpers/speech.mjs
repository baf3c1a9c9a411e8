// Test speech: flite's slt voice (natural enough for PocketSphinx, see REGISTRY.md), converted with sox.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.fixtures');

// A short clinical dictation: the test set for WER.
export const DICTATION = [
  'The patient is a fifty two year old man with a history of high blood pressure.',
  'He reports chest pain for three days.',
  'The pain is worse when he walks and better when he rests.',
  'He has no fever and no shortness of breath.',
  'Blood pressure today is one hundred forty over ninety.',
  'We will order an electrocardiogram and blood tests.',
];

// Returns { wav, raw(rate) } for the sentences, joined with 0.8 s pauses and 0.5 s lead/trail silence.
export function dictation(sentences = DICTATION, name = 'dictation') {
  fs.mkdirSync(fixtures, { recursive: true });
  const wav = path.join(fixtures, `${name}.wav`);
  if (!fs.existsSync(wav)) {
    const parts = sentences.map((s, i) => {
      const p = path.join(fixtures, `${name}-${i}.wav`);
      execFileSync('flite', ['-voice', 'slt', '-t', s, '-o', p]);
      return p;
    });
    const silence = path.join(fixtures, 'silence-0.8.wav');
    execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', silence, 'trim', '0', '0.8']);
    const list = parts.flatMap((p, i) => (i === 0 ? [p] : [silence, p]));
    execFileSync('sox', [...list, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', '0.5', '1.0']);
  }
  return {
    wav,
    text: sentences.join(' '),
    raw(rate) {
      const out = path.join(fixtures, `${name}-${rate}.raw`);
      if (!fs.existsSync(out)) execFileSync('sox', [wav, '-r', String(rate), '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', out]);
      return fs.readFileSync(out);
    },
    // For Chromium's fake microphone (it plays the file at 48 kHz). 3 s of silence before the speech: the page's
    // capture, encoder and the session's engine all start in that time, so a loaded machine does not garble the
    // first sentence (seen once in six CI runs with 1.5 s).
    wav48() {
      const out = path.join(fixtures, `${name}-48k-lead3.wav`);
      if (!fs.existsSync(out)) execFileSync('sox', [wav, '-r', '48000', out, 'pad', '2.5', '0']);
      return out;
    },
  };
}

// Word error rate (case and punctuation ignored).
export function wer(reference, hypothesis) {
  const words = (t) => t.toLowerCase().replace(/[^a-z0-9' ]/g, ' ').split(/\s+/).filter(Boolean);
  const r = words(reference);
  const h = words(hypothesis);
  const d = Array.from({ length: r.length + 1 }, (_, i) => [i, ...Array(h.length).fill(0)]);
  for (let j = 1; j <= h.length; j++) d[0][j] = j;
  for (let i = 1; i <= r.length; i++) {
    for (let j = 1; j <= h.length; j++) {
      d[i][j] = Math.min(d[i - 1][j - 1] + (r[i - 1] === h[j - 1] ? 0 : 1), d[i - 1][j] + 1, d[i][j - 1] + 1);
    }
  }
  return r.length === 0 ? (h.length ? 1 : 0) : d[r.length][h.length] / r.length;
}

// The data chunk of a PCM WAV file.
export function wavData(buffer) {
  let offset = 12;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('ascii', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    if (id === 'data') return buffer.subarray(offset + 8, offset + 8 + size);
    offset += 8 + size;
  }
  throw new Error('no data chunk');
}

// Deterministic, non-silent pcm16 (a 440 Hz tone with seeded noise): the synthetic engine turns each
// 0.5 s of it into a word derived from the samples, so different seeds give different words.
export function tone(seconds, rate = 16000, seed = 1) {
  const n = Math.round(seconds * rate);
  const b = Buffer.alloc(n * 2);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b.writeInt16LE(Math.round(3000 * Math.sin(2 * Math.PI * 440 * i / rate) + ((x % 400) - 200)), i * 2);
  }
  return b;
}
