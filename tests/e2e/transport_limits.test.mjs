// Transport limits under chat traffic, against the real chatd: a client that stops reading is
// cut off without hurting the room, an oversized packet closes only its own connection, and a
// client that stops answering pings is dropped (its user goes offline for the others).
// Hand-made clients (support/raw_engineio.mjs) play the misbehaving side; everyone else is
// the unmodified socket.io-client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { call, connect, restClient, waitFor } from './support/client.mjs';
import { nextText, once, rawPolling, rawWebSocket } from './support/raw_engineio.mjs';

const BIN = process.env.CHATD_BIN;
const websocket = { forceNew: true, reconnection: false, timeout: 5000, transports: ['websocket'] };
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Starts chatd with `args` for one describe block: {server, user(name), open(user, opts)}. */
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
  ctx.open = async (u, opts = websocket) => {
    const s = await connect(ctx.server.url, u.token, opts);
    ctx.sockets.push(s);
    return s;
  };
  return ctx;
}

const ok = (ack) => {
  assert.equal(ack?.ok, true, JSON.stringify(ack));
  return ack;
};
/** A round trip on `s`: the socket is up and served. */
const roundTrip = async (s) => ok(await call(s, 'presence:watch', { userIds: [] }));

describe('a client that stops reading', () => {
  // A small bound keeps the story short: the kernel's socket buffers (several MB on loopback)
  // fill first, then chatd's pending output grows past --max-buffered-bytes.
  const ctx = chatdFor(['--max-buffered-bytes', String(256 * 1024)]);

  test('is cut off once its pending output passes the bound; the room keeps flowing', async () => {
    const [alice, bob, sloth] = [await ctx.user('alice'), await ctx.user('bob'), await ctx.user('sloth')];
    // alice floods from 8 tabs: the per-socket rate limit (burst 100, 50/s) is per tab.
    const tabs = await Promise.all(range(1, 8).map(() => ctx.open(alice)));
    const b = await ctx.open(bob);
    const room = ok(await call(tabs[0], 'room:create', { name: 'busy', memberIds: [bob.id, sloth.id] })).room;
    await waitFor(b, 'room:new', (p) => p.room.id === room.id);

    const slow = await rawWebSocket(ctx.server.url, sloth.token);
    const slowClosed = once(slow, 'close', 60000, "the slow socket's close");
    await waitFor(b, 'presence', (p) => p.userId === sloth.id && p.online === true);
    slow._socket.pause(); // reads nothing from now on

    const gone = waitFor(b, 'presence', (p) => p.userId === sloth.id && p.online === false, 60000);
    let cut = false;
    gone.then(() => (cut = true), () => {});
    const body = 'x'.repeat(3990);
    const seqs = [];
    // Rounds of 8 concurrent sends until chatd gives up on sloth (bounded: 3000 × 4 KB = 12 MB).
    while (!cut && seqs.length < 3000) {
      const acks = await Promise.all(tabs.map((t) => call(t, 'message:send', { roomId: room.id, body })));
      for (const a of acks) seqs.push(ok(a).message.seq);
    }
    assert.ok(cut, `sloth is still online after ${seqs.length} messages of 4 KB`);
    await gone;
    // The room goes on after the cut: alice's acks keep coming, bob keeps receiving.
    for (const a of await Promise.all(tabs.map((t) => call(t, 'message:send', { roomId: room.id, body: 'after the cut' }))))
      seqs.push(ok(a).message.seq);
    assert.deepEqual([...seqs].sort((x, y) => x - y), range(1, seqs.length), 'every send acked and stored once');
    await waitFor(b, 'message:new', (p) => p.message.seq === seqs.length, 10000);
    await roundTrip(b); // anything still queued for bob is on the wire before this ack
    const got = b.inbox.filter((e) => e.event === 'message:new').map((e) => e.data.message.seq);
    assert.deepEqual(got, range(1, seqs.length), 'bob got every message once, in order');

    // Reading again, sloth finds what the kernel had buffered, then the end of the connection.
    slow._socket.resume();
    await slowClosed;
    const received = slow.texts.filter((t) => t.startsWith('42["message:new"')).length;
    assert.ok(received < seqs.length, `sloth was cut off, yet received all ${received} messages`);
  });
});

describe('maxPayload', () => {
  const ctx = chatdFor(['--max-payload', '20000']);

  test('a WebSocket message over it closes only that connection', async () => {
    const [alice, bob] = [await ctx.user('alice'), await ctx.user('bob')];
    const tab2 = await ctx.open(alice);
    const b = await ctx.open(bob);
    const raw = await rawWebSocket(ctx.server.url, alice.token);
    const closed = once(raw, 'close', 4000, 'close of the oversized sender');
    raw.send(`42${JSON.stringify(['typing', { roomId: 1, typing: true, pad: 'x'.repeat(30000) }])}`);
    const [code] = await closed;
    assert.equal(code, 1009, 'closed as "message too big"');
    await roundTrip(tab2);
    await roundTrip(b);

    // Just under the limit is served (ack id 7).
    const fine = await rawWebSocket(ctx.server.url, alice.token);
    fine.send(`427${JSON.stringify(['presence:watch', { userIds: [], pad: 'x'.repeat(19000) }])}`);
    assert.match(await nextText(fine, (t) => t.startsWith('437')), /"ok":true/);
    fine.close();
  });

  test('a polling POST over it gets 413 and ends only that session', async () => {
    const alice = await ctx.user('alice');
    const other = await ctx.open(alice, { ...websocket, transports: ['polling'] });
    const p = await rawPolling(ctx.server.url).open();
    assert.equal(p.handshake.maxPayload, 20000);
    await p.join(alice.token);
    const big = await p.post(`42${JSON.stringify(['typing', { roomId: 1, typing: true, pad: 'x'.repeat(30000) }])}`);
    assert.equal(big.status, 413);
    assert.equal((await p.get()).status, 400, 'the session is gone');
    await roundTrip(other);
  });
});

describe('a client that stops answering pings', () => {
  const PING_INTERVAL = 300;
  const PING_TIMEOUT = 500;
  const ctx = chatdFor(['--ping-interval', String(PING_INTERVAL), '--ping-timeout', String(PING_TIMEOUT)]);

  for (const transport of ['polling', 'websocket']) {
    test(`is dropped after pingInterval + pingTimeout (${transport}); its user goes offline`, async () => {
      const [mute, bob] = [await ctx.user('mute'), await ctx.user('bob')];
      const b = await ctx.open(bob, { ...websocket, transports: ['polling', 'websocket'] });
      ok(await call(b, 'room:direct', { userId: mute.id }));

      const t0 = Date.now();
      let raw, closed;
      if (transport === 'polling') {
        raw = await rawPolling(ctx.server.url).open();
        await raw.join(mute.token); // then silence: no GET, no pong
      } else {
        raw = await rawWebSocket(ctx.server.url, mute.token, { pong: false });
        closed = once(raw, 'close', 5000, 'close of the mute socket');
      }
      await waitFor(b, 'presence', (p) => p.userId === mute.id && p.online === true);
      await waitFor(b, 'presence', (p) => p.userId === mute.id && p.online === false, 5000);
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= PING_INTERVAL + PING_TIMEOUT - 50, `dropped too early: ${elapsed} ms`);
      if (transport === 'websocket') await closed;
      else assert.equal((await raw.get()).status, 400, 'the polling session is gone');

      // bob, who answers his pings, has been through several cycles and is still served.
      assert.ok(b.connected);
      await roundTrip(b);
    });
  }
});
