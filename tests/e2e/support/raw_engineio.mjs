// Hand-made Engine.IO v4 / Socket.IO v5 clients for what socket.io-client will not do on
// purpose (stop reading, stop answering pings, send oversized packets), and a TCP proxy that
// holds back WebSocket connections so that a real client upgrades exactly when a story wants.
import net from 'node:net';
import WebSocket from 'ws';

/** Resolves with the value of `emitter`'s next `event` (args array) within `ms`; rejects otherwise. */
export function once(emitter, event, ms = 4000, what = event) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`no '${what}' within ${ms} ms`));
    }, ms);
    const on = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, on);
  });
}

/**
 * A WebSocket-only Engine.IO session that joins namespace "/" with `token`. Resolves once the
 * CONNECT answer ("40{...}") arrived. `ws.texts` holds every text frame received; pings are
 * answered unless `pong` is false.
 */
export function rawWebSocket(baseUrl, token, { pong = true, ms = 4000 } = {}) {
  const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.texts = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString();
    ws.texts.push(text);
    if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`);
    else if (text === '2' && pong) ws.send('3');
  });
  ws.on('error', () => {}); // the stories look at 'close'
  const connected = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`raw websocket: no CONNECT within ${ms} ms`)), ms);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('40')) {
        clearTimeout(timer);
        resolve(ws);
      } else if (text.startsWith('44')) {
        clearTimeout(timer);
        reject(new Error(`raw websocket: connect refused: ${text}`));
      }
    });
  });
  return connected;
}

/** The first text frame of a rawWebSocket matching `predicate` (received or coming) within `ms`. */
export function nextText(ws, predicate, ms = 4000) {
  const hit = ws.texts.find(predicate);
  if (hit !== undefined) return Promise.resolve(hit);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', on);
      reject(new Error(`no matching frame within ${ms} ms`));
    }, ms);
    const on = (data, isBinary) => {
      const text = data.toString();
      if (isBinary || !predicate(text)) return;
      clearTimeout(timer);
      ws.off('message', on);
      resolve(text);
    };
    ws.on('message', on);
  });
}

/**
 * A polling Engine.IO session, one request at a time. `open()` does the handshake;
 * `get()` / `post(body)` resolve with {status, text}; `join(token)` connects namespace "/".
 */
export function rawPolling(baseUrl) {
  const base = `${baseUrl}/socket.io/?EIO=4&transport=polling`;
  const self = {
    sid: undefined,
    handshake: undefined,
    async open() {
      const res = await fetch(base, { signal: AbortSignal.timeout(5000) });
      const text = await res.text();
      if (res.status !== 200 || text[0] !== '0') throw new Error(`polling handshake: ${res.status} ${text}`);
      self.handshake = JSON.parse(text.slice(1));
      self.sid = self.handshake.sid;
      return self;
    },
    async get() {
      const res = await fetch(`${base}&sid=${self.sid}`, { signal: AbortSignal.timeout(5000) });
      return { status: res.status, text: await res.text() };
    },
    async post(body) {
      const res = await fetch(`${base}&sid=${self.sid}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body,
        signal: AbortSignal.timeout(5000),
      });
      return { status: res.status, text: await res.text() };
    },
    /** Sends the Socket.IO CONNECT and long-polls until its answer came (other packets are dropped). */
    async join(token) {
      const sent = await self.post(`40${JSON.stringify({ token })}`);
      if (sent.status !== 200) throw new Error(`polling CONNECT: ${sent.status} ${sent.text}`);
      for (;;) {
        const { status, text } = await self.get();
        if (status !== 200) throw new Error(`polling GET: ${status} ${text}`);
        const packets = text.split('\x1e');
        if (packets.some((p) => p.startsWith('44'))) throw new Error(`connect refused: ${text}`);
        if (packets.some((p) => p.startsWith('40'))) return self;
      }
    },
  };
  return self;
}

/**
 * A TCP proxy in front of `port` with a gate for WebSocket connections: after `hold()`,
 * connections whose request asks for transport=websocket wait until `release()`; everything
 * else passes at once. A real client behind it stays on polling until the test lets its
 * upgrade through.
 */
export async function startUpgradeGate(port) {
  const conns = new Set();
  let gate = Promise.resolve();
  let open = () => {};
  const server = net.createServer((client) => {
    conns.add(client);
    client.on('error', () => {});
    client.on('close', () => conns.delete(client));
    client.once('data', (first) => {
      client.pause();
      const wait = first.toString('latin1', 0, 200).includes('transport=websocket') ? gate : Promise.resolve();
      wait.then(() => {
        if (client.destroyed) return;
        const upstream = net.connect(port, '127.0.0.1', () => {
          upstream.write(first);
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
        });
        conns.add(upstream);
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => {
          conns.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      open();
    },
    close() {
      open();
      for (const c of conns) c.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
