// Test clients for chatd: a REST caller and socket.io-client sockets whose events land in an
// inbox, so a story can await "bob got message:new" without racing the event's arrival.
import { io } from 'socket.io-client';

/** Options of the client mode under test (env CLIENT_MODE): websocket | polling | default. */
export function clientOptions(mode = process.env.CLIENT_MODE || 'default') {
  const base = { forceNew: true, reconnection: false, timeout: 5000 };
  if (mode === 'websocket') return { ...base, transports: ['websocket'] };
  if (mode === 'polling') return { ...base, transports: ['polling'] };
  if (mode === 'default') return base;
  throw new Error(`unknown CLIENT_MODE ${mode}`);
}

/**
 * A REST caller bound to a server URL.
 * rest('POST', '/api/auth/login', {body, token, raw, headers}) -> {status, headers, text, json}
 * `body` is JSON-encoded unless `raw` (a string sent as is) is given.
 */
export function restClient(baseUrl) {
  return async function rest(method, path, { body, raw, token, headers = {} } = {}) {
    const h = { ...headers };
    if (body !== undefined || raw !== undefined) h['content-type'] ??= 'application/json';
    if (token !== undefined) h.authorization = `Bearer ${token}`;
    const res = await fetch(baseUrl + path, {
      method,
      headers: h,
      body: raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

/**
 * Connects a socket with `token` (undefined: no auth at all). Resolves with the connected
 * socket; rejects with the connect_error. Every event the socket receives goes to its inbox.
 */
export function connect(url, token, options = clientOptions()) {
  const opts = { ...options };
  if (token !== undefined) opts.auth = { token };
  const socket = io(url, opts);
  socket.inbox = [];
  socket.waiters = [];
  socket.onAny((event, data) => {
    const entry = { event, data, taken: false };
    socket.inbox.push(entry);
    for (const w of [...socket.waiters]) {
      if (w.event === event && w.predicate(data)) {
        entry.taken = true;
        socket.waiters.splice(socket.waiters.indexOf(w), 1);
        w.resolve(data);
        break;
      }
    }
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/**
 * The next not yet awaited `event` on `socket` whose payload satisfies `predicate`, already
 * received or arriving within `ms`; rejects with a description otherwise.
 */
export function waitFor(socket, event, predicate = () => true, ms = 4000) {
  const hit = socket.inbox.find((e) => !e.taken && e.event === event && predicate(e.data));
  if (hit) {
    hit.taken = true;
    return Promise.resolve(hit.data);
  }
  return new Promise((resolve, reject) => {
    // The timer goes when the event comes: a pending one would keep the test process alive.
    const waiter = { event, predicate, resolve: (data) => (clearTimeout(timer), resolve(data)) };
    socket.waiters.push(waiter);
    const timer = setTimeout(() => {
      const i = socket.waiters.indexOf(waiter);
      if (i >= 0) {
        socket.waiters.splice(i, 1);
        const seen = socket.inbox.map((e) => e.event).join(', ');
        reject(new Error(`no matching '${event}' within ${ms} ms (received: ${seen || 'nothing'})`));
      }
    }, ms);
  });
}

/** How many `event`s matching `predicate` the socket has received so far. */
export function received(socket, event, predicate = () => true) {
  return socket.inbox.filter((e) => e.event === event && predicate(e.data)).length;
}

/** Emits `event` with `payload` (omitted when undefined) and resolves with the ack. */
export function call(socket, event, payload, ms = 5000) {
  const s = socket.timeout(ms);
  return payload === undefined ? s.emitWithAck(event) : s.emitWithAck(event, payload);
}

/** Resolves once the socket is closed on the client side and the server had time to see it. */
export function disconnect(socket) {
  if (socket.disconnected) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('disconnect', () => resolve());
    socket.disconnect();
  });
}

/** Resolves once `check()` resolves truthy, retrying every 20 ms; rejects after `ms`. */
export async function eventually(check, ms = 4000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
