// Attacks from the open internet on the network layer, each while a bystander keeps chatting:
// binary placeholder amplification before and after login; JSON that JSON.parse accepts but
// no field holds (1e400, lone surrogates). Hand-made clients
// (support/raw_engineio.mjs) attack; the bystanders are the unmodified socket.io-client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startServer } from './support/server.mjs';
import { call, connect, restClient, waitFor } from './support/client.mjs';
import { nextText, once, rawWebSocket } from './support/raw_engineio.mjs';

const BIN = process.env.CHATD_BIN;
const MiB = 1024 * 1024;

/** The server's peak resident memory so far (VmHWM), in bytes. */
function peakRss(server) {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8'));
  assert.ok(m, 'no VmHWM in /proc/<pid>/status');
  return Number(m[1]) * 1024;
}

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

describe('hardening: the network layer under attack', () => {
  let server;
  let rest;
  const sockets = [];
  let n = 0;

  const user = async (name) => {
    const res = await rest('POST', '/api/users', { body: { username: `${name}-${++n}` } });
    assert.equal(res.status, 200, res.text);
    return { ...res.json.user, token: res.json.token };
  };
  const open = async (u) => {
    const s = await connect(server.url, u.token, { forceNew: true, reconnection: false, timeout: 5000, transports: ['websocket'] });
    sockets.push(s);
    return s;
  };
  const ok = (ack) => {
    assert.equal(ack?.ok, true, JSON.stringify(ack));
    return ack;
  };
  /** Zoe and Yan keep chatting while an attack runs: `check()` shows a message still arrives. */
  const bystanders = async () => {
    const [zoe, yan] = [await user('zoe'), await user('yan')];
    const [z, y] = [await open(zoe), await open(yan)];
    const room = ok(await call(z, 'room:direct', { userId: yan.id })).room;
    return async () => {
      const got = waitFor(y, 'message:new', (p) => p.message.roomId === room.id);
      ok(await call(z, 'message:send', { roomId: room.id, body: 'still here' }));
      assert.equal((await got).message.body, 'still here');
    };
  };

  before(async () => {
    server = await startServer(BIN, ['--auth', 'pseudo']);
    rest = restClient(server.url);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  test('binary placeholders reusing one attachment, before any CONNECT: closed at the text, nothing copied', async () => {
    const check = await bystanders();
    const before = peakRss(server);
    // 2,000 placeholders and a 200 KB attachment: copied once per placeholder, 400 MB.
    const attackers = await Promise.all([1, 2, 3].map(() => rawOpen(server.url)));
    for (const ws of attackers) {
      ws.send(amplifyingEvent(2000));
      ws.send(Buffer.alloc(200 * 1024, 7));
    }
    for (const ws of attackers) await ws.closed;
    await check();
    const grown = peakRss(server) - before;
    assert.ok(grown < 32 * MiB, `peak RSS grew by ${(grown / MiB).toFixed(1)} MiB`);
  });

  test('after login too, a placeholder may name an attachment only once', async () => {
    const check = await bystanders();
    const mallory = await user('mallory');
    const ws = await rawWebSocket(server.url, mallory.token);
    const closed = once(ws, 'close', 8000);
    const before = peakRss(server);
    ws.send(amplifyingEvent(2000, '1'));
    ws.send(Buffer.alloc(200 * 1024, 7));
    await closed;
    await check();
    const grown = peakRss(server) - before;
    assert.ok(grown < 32 * MiB, `peak RSS grew by ${(grown / MiB).toFixed(1)} MiB`);
  });

  test('JSON that JSON.parse accepts never closes the connection: a field it breaks is bad_request', async () => {
    const check = await bystanders();
    const [mallory, bob] = [await user('mallory'), await user('bob')];
    const m = await open(mallory);
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
    const raw = await rawWebSocket(server.url, mallory.token);
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
