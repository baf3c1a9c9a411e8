// The browser client in headless Chromium: the dictation page captures the (fake) microphone with
// an AudioWorklet, streams PCM, and shows a final transcript within the WER bound; the share link
// opens a listener page that shows the same finals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers/server.mjs';
import { launch, wavSeconds } from './helpers/browser.mjs';
import { dictation, wer } from './helpers/speech.mjs';

let server;
let browser;
const speech = dictation();
before(async () => {
  server = await startServer();
  browser = await launch(speech.wav48());
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('dictation page transcribes the microphone within 35% WER; the listener page shows the same finals', { timeout: 120000 }, async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.selectOption('#quality', 'medium');
  await page.click('#start');
  await page.waitForSelector('body[data-state="active"]', { timeout: 15000 });
  assert.match(await page.innerText('#format'), /16 kHz/);

  const share = await page.getAttribute('#share', 'href');
  assert.match(share, /listen\.html\?session=[0-9a-f-]{36}$/);
  const listener = await browser.newPage();
  await listener.goto(share);
  await listener.waitForSelector('body[data-state="active"]', { timeout: 15000 });

  // A partial is shown in place while the speaker talks.
  await page.waitForSelector('#transcript .partial', { timeout: 20000 });
  // Stop once the page has captured the whole recording (the fake microphone runs late under load).
  const seconds = wavSeconds(speech.wav48());
  await page.waitForFunction((s) => Number(document.body.dataset.captured || 0) >= s, seconds - 0.3, { timeout: 90000 });
  await page.click('#stop');
  await page.waitForSelector('body[data-state="completed"]', { timeout: 30000 });
  await listener.waitForSelector('body[data-state="completed"]', { timeout: 10000 });

  const spoken = (await page.locator('#transcript .final').allInnerTexts()).map((t) => t.trim());
  const heard = (await listener.locator('#transcript .final').allInnerTexts()).map((t) => t.trim());
  const score = wer(speech.text, spoken.join(' '));
  console.log(`browser WER ${(score * 100).toFixed(1)}%: "${spoken.join(' ')}"`);
  assert.ok(score <= 0.35, `WER ${score}`);
  assert.deepEqual(heard, spoken);
  assert.equal(await page.locator('#transcript .partial').count(), 0);
  assert.match(await page.innerText('#summary'), /Session completed: \d+\.\d s of audio, \d+ words\./);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(listener.errors, []);
});
