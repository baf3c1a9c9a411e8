// The browser client in headless Chromium: the dictation page captures the (fake) microphone with
// an AudioWorklet, streams Opus (WebCodecs) or PCM, and shows a final transcript within the WER
// bound; the share link opens a listener page that shows the same finals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers/server.mjs';
import { launch, wavSeconds } from './helpers/browser.mjs';
import { startProxy } from './helpers/proxy.mjs';
import { dictation, wer } from './helpers/speech.mjs';
import { decodedSeconds } from './helpers/opus.mjs';
import path from 'node:path';

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

for (const [codec, choice] of [['Opus (WebCodecs)', 'auto'], ['PCM', 'pcm16']]) {
  test(`dictation page with ${codec} transcribes the microphone within 35% WER; the archive has the captured duration; the listener page shows the same finals`, { timeout: 120000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.selectOption('#quality', 'medium');
    await page.selectOption('#encoding', choice);
    await page.click('#start');
    await page.waitForSelector('body[data-state="active"]', { timeout: 15000 });
    const encoding = choice === 'auto' ? 'opus' : 'pcm16'; // Chromium has WebCodecs Opus (REGISTRY.md)
    assert.equal(await page.getAttribute('body', 'data-encoding'), encoding);
    assert.match(await page.innerText('#format'), encoding === 'opus' ? /^Opus 24 kbps \(WebCodecs\), 16 kHz/ : /^PCM 16-bit, 16 kHz/);

    const share = await page.getAttribute('#share', 'href');
    assert.match(share, /listen\.html\?session=[0-9a-f-]{36}$/);
    const sessionId = share.split('=')[1];
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
    console.log(`browser ${codec} WER ${(score * 100).toFixed(1)}%: "${spoken.join(' ')}"`);
    assert.ok(score <= 0.35, `WER ${score}`);
    assert.deepEqual(heard, spoken);
    assert.equal(await page.locator('#transcript .partial').count(), 0);
    assert.match(await page.innerText('#summary'), /Session completed: \d+\.\d s of audio, \d+ words\./);

    // The archive decodes to what the page captured: Opus adds at most the encoder's look-ahead and the
    // padding of the last 20 ms frame.
    const captured = Number(await page.getAttribute('body', 'data-captured'));
    const record = await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json();
    const file = path.join(server.dataDir, record.audioKey);
    const archived = encoding === 'opus' ? decodedSeconds(file) : wavSeconds(file);
    console.log(`${codec}: captured ${captured} s, archived ${archived.toFixed(3)} s (${record.audioKey})`);
    assert.match(record.audioKey, encoding === 'opus' ? /\.opus$/ : /\.wav$/);
    assert.ok(archived >= captured - 0.01 && archived <= captured + 0.04, `archived ${archived} s, captured ${captured} s`);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(listener.errors, []);
  });
}

test('the dictation page survives dropped connections: it reconnects (1 s, 2 s, 4 s), resends unacknowledged audio, and offers a retry after giving up', { timeout: 150000 }, async () => {
  const proxy = await startProxy(server.url);
  const page = await browser.newPage();
  const statuses = [];
  await page.exposeFunction('recordStatus', (s) => statuses.push(s));
  await page.goto(proxy.url);
  await page.evaluate(() => new MutationObserver(() => window.recordStatus(document.body.dataset.connection))
    .observe(document.body, { attributes: true, attributeFilter: ['data-connection'] }));
  await page.click('#start');
  await page.waitForSelector('body[data-state="active"]', { timeout: 15000 });
  const sessionId = (await page.getAttribute('#share', 'href')).split('=')[1];
  const captured = () => page.evaluate(() => Number(document.body.dataset.captured || 0));

  // A short outage: the first attempt (after 1 s) is refused, a later one gets through.
  await page.waitForFunction(() => Number(document.body.dataset.captured || 0) >= 6, null, { timeout: 30000 });
  proxy.refuse(1500);
  await page.waitForSelector('body[data-connection="reconnecting"]', { timeout: 5000 });
  await page.waitForSelector('body[data-connection="connected"]', { timeout: 15000 });

  // A long outage: three attempts fail, the page gives up and offers a retry; audio keeps being captured.
  await page.waitForFunction(() => Number(document.body.dataset.captured || 0) >= 12, null, { timeout: 30000 });
  proxy.refuse(9000);
  await page.waitForSelector('body[data-connection="disconnected"]', { timeout: 15000 });
  assert.equal(await page.isVisible('#retry'), true);
  assert.match(await page.innerText('#errors'), /Connection lost after 3 attempts/);
  const before = await captured();
  await page.waitForTimeout(Math.max(0, 9000 - 7000) + 500);
  assert.ok(await captured() > before, 'capture continues while disconnected');
  await page.click('#retry');
  await page.waitForSelector('body[data-connection="connected"]', { timeout: 15000 });

  const seconds = wavSeconds(speech.wav48());
  await page.waitForFunction((s) => Number(document.body.dataset.captured || 0) >= s, seconds - 0.3, { timeout: 90000 });
  await page.click('#stop');
  await page.waitForSelector('body[data-state="completed"]', { timeout: 30000 });

  const total = await captured();
  const record = await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json();
  const spoken = (await page.locator('#transcript .final').allInnerTexts()).map((t) => t.trim()).join(' ');
  const score = wer(speech.text, spoken);
  console.log(`after two outages: WER ${(score * 100).toFixed(1)}%, ${record.durationSeconds} s recorded of ${total} s captured; statuses ${statuses.join(' → ')}`);
  assert.equal(record.status, 'COMPLETED');
  assert.ok(Math.abs(record.durationSeconds - total) < 0.11, 'every captured chunk reached the session once');
  assert.ok(score <= 0.35, `WER ${score}`);
  assert.deepEqual(page.errors, []);
  await proxy.close();
});
