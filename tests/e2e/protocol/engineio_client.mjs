// Raw Engine.IO test clients for the protocol tests: HTTP requests on fresh connections with
// Connection: close (like the official suite), and a WebSocket that hands out frames one by one.
import http from 'node:http';
import WebSocket from 'ws';

/**
 * One HTTP request on its own TCP connection.
 * @returns {Promise<{status: number, headers: object, body: string}>}
 */
export function request(baseUrl, method, pathAndQuery, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${pathAndQuery}`, {
      method,
      agent: false,
      headers: { Connection: 'close', ...headers },
    });
    req.on('response', (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** Polling helpers bound to one server and path. */
export function polling(baseUrl, path = '/engine.io/') {
  const q = (sid) => `${path}?EIO=4&transport=polling${sid ? `&sid=${sid}` : ''}`;
  return {
    handshake: async () => {
      const res = await request(baseUrl, 'GET', q());
      return { ...res, open: JSON.parse(res.body.slice(1)) };
    },
    get: (sid) => request(baseUrl, 'GET', `${q(sid)}&t=${Math.random().toString(36).slice(2)}`),
    post: (sid, body) => request(baseUrl, 'POST', q(sid), body),
  };
}

/** A WebSocket whose frames are read one at a time: text as strings, binary as Buffers. */
export class FrameSocket {
  constructor(url) {
    this.ws = new WebSocket(url);
    this.frames = [];
    this.waiters = [];
    this.ws.on('message', (data, isBinary) => {
      const frame = isBinary ? Buffer.from(data) : data.toString();
      const w = this.waiters.shift();
      if (w) w.resolve(frame);
      else this.frames.push(frame);
    });
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { status: res.statusCode })));
      this.ws.once('close', () => reject(new Error('closed before open')));
    });
    this.opened.catch(() => {});
  }

  /** The next frame, or a rejection after `ms`. */
  next(ms = 2000) {
    if (this.frames.length) return Promise.resolve(this.frames.shift());
    return new Promise((resolve, reject) => {
      const w = { resolve: (f) => { clearTimeout(timer); resolve(f); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no frame within ${ms} ms`));
      }, ms);
      this.waiters.push(w);
    });
  }

  /** Resolves with the close code, or rejects after `ms`. */
  waitClosed(ms = 2000) {
    return Promise.race([
      this.closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`not closed within ${ms} ms`)), ms).unref()),
    ]);
  }

  send(data) {
    this.ws.send(data);
  }

  close() {
    this.ws.terminate();
  }
}
