// Attacks from the open internet on the network layer (issue 12), each while a bystander keeps
// chatting: binary placeholder amplification before and after login; JSON that JSON.parse
// accepts but no field holds (1e400, lone surrogates); what one connection can make the server
// hold (docs/limits.md); sessions that never CONNECT; connection floods; and the settings that
// would expose users (CORS credentials for any origin, /metrics on the public port).
// Hand-made clients (support/raw_engineio.mjs, raw TCP) attack; the bystanders are the
// unmodified socket.io-client. Memory is read from /proc/<pid>/status.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import WebSocket from 'ws';
import { startServer } from './support/server.mjs';
import { call, connect, eventually, restClient, waitFor } from './support/client.mjs';
import { nextText, once, rawPolling, rawWebSocket } from './support/raw_engineio.mjs';

const BIN = process.env.CHATD_BIN;
const MiB = 1024 * 1024;
// A sanitized chatd (scripts/test-sanitizers) keeps freed memory in quarantine and shadows the
// rest: its RSS says nothing about ours. The attacks still run; only the figures are not checked.
const SANITIZED = Boolean(process.env.ASAN_OPTIONS || process.env.TSAN_OPTIONS);

/** Fails when the server grew by `grown` bytes, `limit` or more (not in a sanitized build). */
function assertGrowth(grown, limit, what) {
  process.stderr.write(`${what}: +${(grown / MiB).toFixed(1)} MiB\n`);
  if (!SANITIZED) assert.ok(grown < limit, `${what}: grew by ${(grown / MiB).toFixed(1)} MiB`);
}

/** A memory figure of the server from /proc/<pid>/status (VmHWM: peak, VmRSS: now), in bytes. */
function memory(server, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8'));
  assert.ok(m, `no ${field} in /proc/<pid>/status`);
  return Number(m[1]) * 1024;
}
const peakRss = (server) => memory(server, 'VmHWM');
const rss = (server) => memory(server, 'VmRSS');

/** A WebSocket Engine.IO session that has done nothing but the handshake. */
async function rawOpen(url) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  });
  ws.on('error', () => {});
  ws.closed = once(ws, 'close', 8000);
  await once(ws, 'message');  // the open packet
  return ws;
}

/** `n` placeholders, all naming attachment 0: "451-[...]" before, "451-1[...]" with an ack id. */
function amplifyingEvent(n, ackId = '') {
  const placeholders = Array.from({ length: n }, () => '{"_placeholder":true,"num":0}');
  return `451-${ackId}["message:send",${placeholders.join(',')}]`;
}

/**
 * chatd with `args` for one describe block: {server, rest, user(name), open(user), bystanders()}.
 * bystanders(): Zoe and Yan, connected, in a direct room; the returned check() shows that a
 * message between them still arrives.
 */
function chatdFor(args) {
  const ctx = { sockets: [] };
  let n = 0;
  before(async () => {
    ctx.server = await startServer(BIN, ['--auth', 'pseudo', ...args]);
    ctx.rest = restClient(ctx.server.url);
  });
  after(async () => {
    for (const s of ctx.sockets) s.close();
    await ctx.server?.stop();
  });
  ctx.user = async (name) => {
    const res = await ctx.rest('POST', '/api/users', { body: { username: `${name}-${++n}` } });
    assert.equal(res.status, 200, res.text);
    return { ...res.json.user, token: res.json.token };
  };
  ctx.open = async (u) => {
    const s = await connect(ctx.server.url, u.token, { forceNew: true, reconnection: false, timeout: 5000, transports: ['websocket'] });
    ctx.sockets.push(s);
    return s;
  };
  ctx.bystanders = async () => {
    const [zoe, yan] = [await ctx.user('zoe'), await ctx.user('yan')];
    const [z, y] = [await ctx.open(zoe), await ctx.open(yan)];
    const room = ok(await call(z, 'room:direct', { userId: yan.id })).room;
    return async () => {
      const got = waitFor(y, 'message:new', (p) => p.message.roomId === room.id);
      ok(await call(z, 'message:send', { roomId: room.id, body: 'still here' }));
      assert.equal((await got).message.body, 'still here');
    };
  };
  return ctx;
}

function ok(ack) {
  assert.equal(ack?.ok, true, JSON.stringify(ack));
  return ack;
}

/** A raw TCP connection that asks GET /healthz: 'served' (answered) or 'refused' (closed unanswered). */
function probeConnection(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let answer = '';
    sock.on('data', (d) => {
      answer += d;
      if (answer.includes('\r\n\r\n')) resolve({ sock, outcome: 'served' });
    });
    sock.on('error', () => {});
    sock.on('close', () => resolve({ sock, outcome: answer ? 'served' : 'refused' }));
    sock.on('connect', () => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
  });
}

describe('hardening: the network layer under attack', () => {
  const ctx = chatdFor([]);

  test('binary placeholders reusing one attachment, before any CONNECT: closed at the text, nothing copied', async () => {
    const check = await ctx.bystanders();
    const before = peakRss(ctx.server);
    // 2,000 placeholders and a 200 KB attachment: copied once per placeholder, 400 MB.
    const attackers = await Promise.all([1, 2, 3].map(() => rawOpen(ctx.server.url)));
    for (const ws of attackers) {
      ws.send(amplifyingEvent(2000));
      ws.send(Buffer.alloc(200 * 1024, 7));
    }
    for (const ws of attackers) await ws.closed;
    await check();
    assertGrowth(peakRss(ctx.server) - before, 32 * MiB, 'peak RSS');
  });

  test('after login too, a placeholder may name an attachment only once', async () => {
    const check = await ctx.bystanders();
    const mallory = await ctx.user('mallory');
    const ws = await rawWebSocket(ctx.server.url, mallory.token);
    const closed = once(ws, 'close', 8000);
    const before = peakRss(ctx.server);
    ws.send(amplifyingEvent(2000, '1'));
    ws.send(Buffer.alloc(200 * 1024, 7));
    await closed;
    await check();
    assertGrowth(peakRss(ctx.server) - before, 32 * MiB, 'peak RSS');
  });

  test('JSON that JSON.parse accepts never closes the connection: a field it breaks is bad_request', async () => {
    const check = await ctx.bystanders();
    const [mallory, bob] = [await ctx.user('mallory'), await ctx.user('bob')];
    const m = await ctx.open(mallory);
    const room = ok(await call(m, 'room:direct', { userId: bob.id })).room;
    // socket.io-client writes lone surrogates as JSON.stringify does: "\ud800".
    for (const payload of [
      { roomId: room.id, body: 'broken \ud800' },
      { roomId: room.id, body: 'x', clientMsgId: '\udc00' },
    ]) {
      const ack = await call(m, 'message:send', payload);
      assert.equal(ack.error?.code, 'bad_request', JSON.stringify(ack));
    }
    assert.equal((await call(m, 'room:create', { name: '\ud83d', memberIds: [] })).error?.code, 'bad_request');
    // Numbers past double range only a hand-made client sends (JSON.stringify(1e400) is null).
    const raw = await rawWebSocket(ctx.server.url, mallory.token);
    const closed = once(raw, 'close', 8000).then(() => 'closed');
    // [payload, code]: EVENT "42<id>[...]" is answered by ACK "43<id>[...]".
    const sends = [
      [`["message:send",{"roomId":1e400,"body":"x"}]`, 'bad_request'],
      [`["messages:history",{"roomId":${room.id},"limit":-1e999}]`, 'bad_request'],
      [`["presence:watch",{"userIds":[1e400]}]`, 'bad_request'],
      [`["typing",{"roomId":${room.id},"typing":true,"extra":[1e400,"\\ud800"]}]`, null],  // not a contract field
    ];
    for (const [i, [event, code]] of sends.entries()) {
      const id = i + 1;
      raw.send(`42${id}${event}`);
      const answer = await Promise.race([nextText(raw, (t) => t.startsWith(`43${id}[`)), closed]);
      assert.notEqual(answer, 'closed', `${event} closed the connection`);
      const [ack] = JSON.parse(answer.slice(`43${id}`.length));
      if (code) assert.equal(ack.error?.code, code, answer);
      else assert.equal(ack.ok, true, answer);
    }
    ok(await call(m, 'message:send', { roomId: room.id, body: 'still up' }));
    raw.close();
    await check();
  });
});

describe('hardening: what one connection can make the server hold', () => {
  const ctx = chatdFor([]);

  test('the costliest packets, as fast as one connection can send them: peak RSS stays within the stated bound', async () => {
    const check = await ctx.bystanders();
    const mallory = await ctx.user('mallory');
    const ws = await rawWebSocket(ctx.server.url, mallory.token);
    const closed = once(ws, 'close', 60000).then(() => 'closed');
    // docs/limits.md: one connection holds at most 16 MiB with default limits.
    const bound = 16 * MiB;
    const before = peakRss(ctx.server);
    // The shapes that cost most once decoded (tests/net/socketio/packet_memory_test.cpp):
    // ~1 MB of 96-character strings, and 1 MB of binary attachments; 60 of them back to back.
    const text = `["typing",${Array.from({ length: 9900 }, () => `"${'x'.repeat(96)}"`).join(',')}]`;
    assert.ok(text.length < 1000000 - 10, `${text.length}`);
    const rounds = 30;
    for (let i = 1; i <= rounds; ++i) {
      ws.send(`42${i}${text}`);
      ws.send(`451-${rounds + i}["typing",{"_placeholder":true,"num":0}]`);
      ws.send(Buffer.alloc(999000, i));
    }
    // Every one is answered (bad_request or rate_limited): all of it went through the server.
    const last = await Promise.race([nextText(ws, (t) => t.startsWith(`43${2 * rounds}[`), 60000), closed]);
    assert.notEqual(last, 'closed', 'the connection was closed');
    // 1 MB of "[[[]]]": 3 values per 7 bytes, ~27 MB once parsed. Past max_json_values it is
    // refused at the parser, and the connection closed.
    const bomb = `["typing",${Array.from({ length: 142000 }, () => '[[[]]]').join(',')}]`;
    ws.send(`42${2 * rounds + 1}${bomb}`);
    assert.equal(await Promise.race([nextText(ws, (t) => t.startsWith(`43${2 * rounds + 1}[`), 60000), closed]), 'closed');
    assertGrowth(peakRss(ctx.server) - before, bound, `one connection, ${2 * rounds + 1} packets of ~1 MB: peak RSS`);
    await check();
  });
  test('a connection that once sent a ~1 MB message does not keep a buffer that large', async () => {
    const check = await ctx.bystanders();
    const before = rss(ctx.server);
    const text = `["typing","${'x'.repeat(990000)}"]`;
    const held = [];
    for (let i = 0; i < 40; ++i) {
      const ws = await rawWebSocket(ctx.server.url, (await ctx.user('big')).token);
      ws.send(`421${text}`);
      await nextText(ws, (t) => t.startsWith('431['), 10000);
      held.push(ws);
    }
    // Each read buffer once grew to the message; kept, that was ~40 MiB for 40 idle sockets.
    assertGrowth(rss(ctx.server) - before, 16 * MiB, '40 connections after one ~1 MB message each: RSS');
    for (const ws of held) ws.close();
    await check();
  });
});

describe('hardening: sessions that never CONNECT, and connection floods', () => {
  const ctx = chatdFor(['--max-pending-per-ip', '4', '--connect-timeout', '1500']);

  test('one address holds at most --max-pending-per-ip sessions before CONNECT; each lasts --connect-timeout', async () => {
    const check = await ctx.bystanders();  // connected before: admitted, not pending
    const idle = await Promise.all([1, 2, 3, 4].map(() => rawPolling(ctx.server.url).open()));
    const handshake = `${ctx.server.url}/socket.io/?EIO=4&transport=polling`;
    const over = await fetch(handshake);
    assert.equal(over.status, 429, await over.text());
    const ws = new WebSocket(`${ctx.server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    ws.on('error', () => {});
    const [, res] = await once(ws, 'unexpected-response');
    assert.equal(res.statusCode, 429);
    await check();
    // None of them CONNECTs: each is closed at the deadline (its held GET gets the close packet).
    const closes = await Promise.all(idle.map((p) => p.get()));
    for (const c of closes) assert.equal(c.text, '1', JSON.stringify(c));
    await eventually(async () => (await fetch(handshake)).status === 200);
    // A real client from the same address gets in again.
    const late = await ctx.user('late');
    ok(await call(await ctx.open(late), 'presence:watch', { userIds: [] }));
    await check();
  });
});

describe('hardening: --max-connections', () => {
  const max = 20;
  const ctx = chatdFor(['--max-connections', String(max)]);

  test('past it new connections are closed at once; open ones keep chatting; freed places are reused', async () => {
    const check = await ctx.bystanders();
    const held = [];
    let refused = false;
    // The bystanders and the test's own REST connections hold some of the places already.
    while (!refused) {
      assert.ok(held.length <= max, `${held.length} connections accepted, --max-connections is ${max}`);
      const { sock, outcome } = await probeConnection(ctx.server.port);
      if (outcome === 'refused') refused = true;
      else held.push(sock);
    }
    await check();
    for (const s of held) s.destroy();
    await eventually(async () => (await probeConnection(ctx.server.port)).outcome === 'served');
    const metrics = await ctx.rest('GET', '/metrics');
    assert.match(metrics.text, /^tcp_connections_refused_total [1-9]/m);
    await check();
  });
});

describe('hardening: sockets per user and members per group', () => {
  const ctx = chatdFor(['--max-sockets-per-user', '3', '--max-group-members', '4']);

  test('one account holds at most --max-sockets-per-user sockets: one more gets connect_error, a freed place is reused', async () => {
    const check = await ctx.bystanders();
    const mallory = await ctx.user('mallory');
    const held = [await ctx.open(mallory), await ctx.open(mallory), await ctx.open(mallory)];
    await assert.rejects(ctx.open(mallory), (err) => {
      assert.match(err.message, /too many sockets for this user \(3 at most\)/);
      return true;
    });
    await check();
    held[0].close();
    // The freed place is reused as soon as the server has seen the close.
    await eventually(async () => {
      try {
        await ctx.open(mallory);
        return true;
      } catch {
        return false;
      }
    });
    await check();
  });

  test('a group holds at most --max-group-members members: a bigger room:create or room:add is forbidden and changes nothing', async () => {
    const check = await ctx.bystanders();
    const owner = await ctx.user('owner');
    const others = [];
    for (let i = 0; i < 4; ++i) others.push(await ctx.user(`member${i}`));
    const s = await ctx.open(owner);
    const tooBig = await call(s, 'room:create', { name: 'crowd', memberIds: others.map((u) => u.id) });
    assert.equal(tooBig.ok, false);
    assert.equal(tooBig.error.code, 'forbidden');
    assert.match(tooBig.error.message, /at most 4 members/);
    const rooms = await ctx.rest('GET', '/api/rooms', { token: owner.token });
    assert.deepEqual(rooms.json.rooms.filter((r) => r.name === 'crowd'), [], 'nothing was created');
    // Repeats and the owner's own id do not count twice.
    const room = ok(await call(s, 'room:create', { name: 'crowd', memberIds: [others[0].id, others[0].id, owner.id, others[1].id] })).room;
    assert.equal(room.members.length, 3);
    ok(await call(s, 'room:add', { roomId: room.id, userIds: [others[2].id, room.members[1].id] }));
    const full = await call(s, 'room:add', { roomId: room.id, userIds: [others[3].id] });
    assert.equal(full.ok, false);
    assert.equal(full.error.code, 'forbidden');
    const after = await ctx.rest('GET', `/api/rooms`, { token: owner.token });
    assert.equal(after.json.rooms.find((r) => r.id === room.id).members.length, 4);
    await check();
  });
});

describe('hardening: settings that would expose users', () => {
  test('--cors-credentials with --cors-origins "*" is refused at start; listed origins get credentials', async () => {
    await assert.rejects(startServer(BIN, ['--cors-credentials']),
                         /exited with 2 before listening[\s\S]*--cors-credentials with --cors-origins "\*"/);
    const server = await startServer(BIN, ['--cors-origins', 'https://app.example', '--cors-credentials']);
    try {
      const handshake = `${server.url}/socket.io/?EIO=4&transport=polling`;
      const mine = await fetch(handshake, { headers: { origin: 'https://app.example' } });
      assert.equal(mine.headers.get('access-control-allow-origin'), 'https://app.example');
      assert.equal(mine.headers.get('access-control-allow-credentials'), 'true');
      const evil = await fetch(handshake, { headers: { origin: 'https://evil.example' } });
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      assert.equal(evil.headers.get('access-control-allow-credentials'), null);
    } finally {
      await server.stop();
    }
  });

  test('--metrics-bind serves /metrics on its own address, and only there', async () => {
    const server = await startServer(BIN, ['--metrics-bind', '127.0.0.1:0']);
    try {
      const m = /metrics on (http:\/\/\S+\/metrics)/.exec(server.stderr());
      assert.ok(m, `no "metrics on" line in:\n${server.stderr()}`);
      const metrics = await fetch(m[1]);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /^# TYPE tcp_connections gauge$/m);
      assert.equal((await fetch(`${server.url}/metrics`)).status, 404);  // not on the public port
      assert.equal((await fetch(m[1].replace(/\/metrics$/, '/api/me'))).status, 404);  // nothing else there
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.stop();
    }
    await assert.rejects(startServer(BIN, ['--metrics-bind', 'localhost']), /exited with 2[\s\S]*--metrics-bind wants host:port/);
  });

  test('--web-root "" (or --web-root=) serves no web client: an API-only server', async () => {
    for (const args of [['--web-root', ''], ['--web-root=']]) {
      const server = await startServer(BIN, args);
      try {
        assert.equal((await fetch(`${server.url}/`)).status, 404, args.join(' '));
        assert.equal((await fetch(`${server.url}/index.html`)).status, 404, args.join(' '));
        assert.equal((await fetch(`${server.url}/healthz`)).status, 200, args.join(' '));
      } finally {
        await server.stop();
      }
    }
  });
});
