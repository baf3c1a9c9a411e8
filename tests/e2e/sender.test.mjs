// The page's send queue (src/Gateway/wwwroot/js), without a browser: sequence numbers stay contiguous
// through resends and through dropping a chunk the server refused for its content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioSender } from '../../src/Gateway/wwwroot/js/audio-sender.js';

const tick = () => new Promise((r) => setTimeout(r, 20));

function sender() {
  const sent = [];
  const s = new AudioSender('s1', (id, seq, b64) => sent.push([seq, b64]), () => true);
  return { s, sent };
}

test('a dropped chunk is removed and the later chunks are renumbered and resent from its place', async () => {
  const { s, sent } = sender();
  for (const name of ['a', 'b', 'c', 'd']) s.push(name, 0.1);
  s.ack(0);
  sent.length = 0;

  s.drop(1); // 'b' was refused for its content
  await tick(); // resends go through the paced pump

  assert.deepEqual(sent, [[1, 'c'], [2, 'd']]);
  assert.equal(s.nextSeq, 3);
  assert.ok(Math.abs(s.unacked.seconds - 0.2) < 1e-9);
  s.push('e', 0.1);
  await tick();
  assert.deepEqual(sent.at(-1), [3, 'e']);
  s.stop();
});

test('an error about a chunk of an earlier send round is recognized as stale', () => {
  const { s } = sender();
  for (const name of ['a', 'b', 'c']) s.push(name, 0.1);
  assert.equal(s.isCurrent(2), true);
  s.rewind(1);
  assert.equal(s.isCurrent(2), false); // sent before the rewind; the resend of round 1 is pending
  s.stop();
});

test('dropping a chunk that is no longer buffered changes nothing', async () => {
  const { s, sent } = sender();
  s.push('a', 0.1);
  s.ack(0);
  sent.length = 0;
  s.drop(0);
  s.drop(7);
  await tick();
  assert.deepEqual(sent, []);
  assert.equal(s.nextSeq, 1);
  s.stop();
});
