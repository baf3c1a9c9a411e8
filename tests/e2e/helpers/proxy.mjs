// A TCP proxy on a free loopback port that a test can cut: drop() destroys every open connection
// (a network failure as the browser sees it) and refuse(ms) also refuses new ones for a while.
import net from 'node:net';

export async function startProxy(targetUrl) {
  const target = new URL(targetUrl);
  const sockets = new Set();
  let refusingUntil = 0;
  const server = net.createServer((client) => {
    if (Date.now() < refusingUntil) { client.destroy(); return; }
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    drop() { for (const s of sockets) s.destroy(); },
    refuse(ms) { refusingUntil = Date.now() + ms; this.drop(); },
    close() { this.drop(); return new Promise((r) => server.close(r)); },
  };
}
