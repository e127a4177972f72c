// A raw Socket.IO-over-WebSocket client for protocol tests: sends exact frames and reads the
// server's frames one by one (text as strings, binary as Buffers), answering pings itself.
import WebSocket from 'ws';

export class RawClient {
  /**
   * Opens `/socket.io/` over WebSocket and waits for the Engine.IO open packet.
   * @param {string} baseUrl http://host:port
   * @param {{keepPings?: boolean}} opts keepPings: hand pings to the test instead of answering
   */
  static async open(baseUrl, { keepPings = false } = {}) {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const client = new RawClient(ws, keepPings);
    client.handshake = await client.next();
    client.openedAt = Date.now();
    return client;
  }

  constructor(ws, keepPings) {
    this.ws = ws;
    this.queue = [];
    this.waiters = [];
    this.isClosed = false;
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      const msg = isBinary ? Buffer.from(data) : data.toString();
      if (!isBinary && msg === '2' && !keepPings) return ws.send('3');
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(msg);
      else this.queue.push(msg);
    });
    /** Resolves with {code, at} when the server closed the WebSocket. */
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        this.isClosed = true;
        for (const w of this.waiters.splice(0)) w.reject(new Error('connection closed'));
        resolve({ code, at: Date.now() });
      }),
    );
  }

  /** The next frame from the server (a ping '2' only with keepPings). */
  next(timeoutMs = 2000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.isClosed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  /** The next `n` frames. */
  async take(n) {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await this.next());
    return out;
  }

  send(frame) {
    this.ws.send(frame);
  }

  /** Sends CONNECT `40<rest>` and returns [connect answer, auth event]. */
  async connect(rest = '') {
    this.send(`40${rest}`);
    return this.take(2);
  }

  /** Resolves with the close once it happened, or rejects after `timeoutMs`. */
  closedWithin(timeoutMs = 2000) {
    return Promise.race([
      this.closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  }

  close() {
    this.ws.close();
  }
}
