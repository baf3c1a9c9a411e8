// Headless Debian Chromium through playwright-core (no browser download), with a fake microphone.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export const chromiumPath = process.env.LT_CHROMIUM || '/usr/bin/chromium';

export async function launch(fakeMicWav) {
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install the Debian package 'chromium'.`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${fakeMicWav}%noloop`, '--autoplay-policy=no-user-gesture-required',
    ],
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e.message));
      return page;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Seconds of audio in a 16-bit mono WAV.
export function wavSeconds(file) {
  const b = fs.readFileSync(file);
  return (b.length - 44) / 2 / b.readUInt32LE(24);
}
