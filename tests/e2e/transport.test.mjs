// Transport stories under chat traffic, with the unmodified socket.io-client against the real
// chatd: the polling -> WebSocket upgrade loses and duplicates nothing, and idle long-polling
// sessions cost neither a thread nor a busy loop. Limits (slow client, maxPayload, ping
// timeout) are in transport_limits.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { startServer } from './support/server.mjs';
import { call, connect, restClient } from './support/client.mjs';
import { once, startUpgradeGate } from './support/raw_engineio.mjs';

const BIN = process.env.CHATD_BIN;
const base = { forceNew: true, reconnection: false, timeout: 10000 };
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
/** `promise`, or a failure with `what()` after `ms`. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(what())), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts chatd with `args`; returns {server, user(name)} (pseudo-auth users). */
async function chatd(args = []) {
  const server = await startServer(BIN, ['--auth', 'pseudo', ...args]);
  const rest = restClient(server.url);
  let n = 0;
  const user = async (name) => {
    const res = await rest('POST', '/api/users', { body: { username: `${name}-${++n}` } });
    assert.equal(res.status, 200, res.text);
    return { ...res.json.user, token: res.json.token };
  };
  return { server, user };
}

const ok = (ack) => {
  assert.equal(ack?.ok, true, JSON.stringify(ack));
  return ack;
};

describe('the polling -> WebSocket upgrade under a stream of messages', () => {
  let server, user, gate;
  before(async () => {
    ({ server, user } = await chatd());
    // A local client upgrades within a millisecond or two, before anything could arrive on
    // polling. The gate holds bob's WebSocket back until alice has sent k messages (a
    // different k each round), so that his upgrade happens in the middle of the stream.
    gate = await startUpgradeGate(server.port);
  });
  after(async () => {
    await gate?.close();
    await server?.stop();
  });

  test('bob receives every seq exactly once, in order, though he upgrades mid-stream', async () => {
    const alice = await user('alice');
    const COUNT = 200; // at least; the stream goes on until bob has been on WebSocket a while
    const AFTER = 20; // sends after bob's upgrade
    const TABS = 8; // the per-socket rate limit (burst 100) is for humans, not for this stream
    for (const [round, k] of [25, 60, 100, 140, 175].entries()) {
      gate.hold();
      const tabs = await Promise.all(range(1, TABS).map(() => connect(server.url, alice.token, { ...base, transports: ['websocket'] })));
      const bob = await user('bob');
      const room = ok(await call(tabs[0], 'room:direct', { userId: bob.id })).room;

      // Default options: polling first, then the upgrade to WebSocket.
      const b = io(gate.url, { ...base, auth: { token: bob.token } });
      const seqs = [];
      let onPolling = -1; // how many had arrived when the engine switched transports
      b.io.engine.once('upgrade', () => {
        onPolling = seqs.length;
      });
      let total = Infinity;
      let gotAll;
      const all = new Promise((resolve) => (gotAll = resolve));
      b.on('message:new', ({ message }) => {
        seqs.push(message.seq);
        if (seqs.length >= total) gotAll();
      });
      await once(b, 'connect', 5000, `bob's connect (round ${round})`);
      assert.equal(b.io.engine.transport.name, 'polling', 'bob starts on polling');

      // A steady stream, acks awaited concurrently at the end. bob's WebSocket is let through
      // after k sends once something reached him on polling; the stream ends AFTER sends
      // after his upgrade.
      const acks = [];
      let sinceUpgrade = 0;
      for (let i = 0; acks.length < COUNT || sinceUpgrade < AFTER; i++) {
        assert.ok(i < 4 * COUNT, `round ${round}: no upgrade after ${i} sends (${seqs.length} received on polling)`);
        acks.push(call(tabs[i % TABS], 'message:send', { roomId: room.id, body: `m${i + 1}`, clientMsgId: `r${round}-${i}` }));
        if (i + 1 >= k && seqs.length > 0) gate.release();
        if (onPolling >= 0) sinceUpgrade++;
        await pause(1);
      }
      const sent = (await Promise.all(acks)).map((a) => ok(a).message.seq);
      total = sent.length;
      assert.deepEqual(sent.sort((x, y) => x - y), range(1, total), 'every send stored once');
      if (seqs.length >= total) gotAll();

      await within(all, 10000, () => `round ${round}: bob got ${seqs.length} of ${total}: ${seqs}`);
      // Whatever the server queued for bob before this ack is on the wire before it: a
      // duplicate or a straggler would be in `seqs` by now.
      ok(await call(b, 'presence:watch', { userIds: [] }));
      assert.deepEqual(seqs, range(1, total), `round ${round} (WebSocket let through after ${k} sends)`);
      assert.equal(b.io.engine.transport.name, 'websocket', `round ${round}: bob upgraded`);
      assert.ok(onPolling > 0 && onPolling < total,
        `round ${round}: some messages on polling, the rest on WebSocket (${onPolling} of ${total} before the upgrade)`);
      b.close();
      for (const t of tabs) t.close();
    }
  });
});

/** Threads and CPU time (clock ticks, utime + stime) of a process, from /proc. */
function threadsOf(pid) {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}
function cpuTicksOf(pid) {
  // Fields after "(comm) ": state is field 3, utime 14, stime 15 (proc(5)).
  const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(rest[11]) + Number(rest[12]);
}
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

describe('idle long-polling sessions', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  const PING_INTERVAL = 300;
  let server, user;
  const sockets = [];
  before(async () => {
    ({ server, user } = await chatd(['--ping-interval', String(PING_INTERVAL), '--ping-timeout', '2000']));
  });
  /** Requests chatd has answered on /socket.io/ so far (its own counter, from /metrics). */
  const pollingRequests = async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return [...text.matchAll(/^http_requests_total\{route="\/socket\.io",[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  };
  after(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  // A sanitized server is many times slower: fewer clients, and its CPU time says nothing.
  const sanitized = Boolean(process.env.ASAN_OPTIONS || process.env.TSAN_OPTIONS);
  const N = sanitized ? 100 : 300;

  test(`${N} idle polling clients cost no thread and no busy loop, and all still answer`, async (t) => {
    const pid = server.proc.pid;
    const idler = await user('idler');
    const polling = { ...base, transports: ['polling'] };
    sockets.push(await connect(server.url, idler.token, polling));
    const threadsWithOne = threadsOf(pid);

    for (let i = 1; i < N; i += 50) {
      const batch = range(1, Math.min(50, N - i)).map(() => connect(server.url, idler.token, polling));
      sockets.push(...(await Promise.all(batch)));
    }
    assert.equal(sockets.length, N);
    assert.ok(sockets.every((s) => s.io.engine.transport.name === 'polling'));

    // A couple of long-poll cycles: every session has been pinged, has ponged, polls again.
    await pause(3 * PING_INTERVAL);
    const threads = threadsOf(pid);
    assert.ok(threads <= threadsWithOne + 2, `threads grew with the sessions: ${threadsWithOne} with 1, ${threads} with ${N}`);

    const requests0 = await pollingRequests();
    const ticks0 = cpuTicksOf(pid);
    const t0 = process.hrtime.bigint();
    await pause(1500); // the idle window is what we measure
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const share = (cpuTicksOf(pid) - ticks0) / TICKS_PER_SECOND / seconds;
    const requests = (await pollingRequests()) - requests0;
    // A session costs one GET (answered by the ping) and one POST (the pong) per ping
    // interval; a poll answered at once, over and over, would be thousands.
    const cycles = (seconds * 1000) / PING_INTERVAL + 1;
    assert.ok(requests <= N * 2 * cycles, `${requests} polling requests in ${seconds.toFixed(1)} s from ${N} idle sessions`);
    // Idle is not free: ~1000 ping round trips/s here, each over two fresh TCP connections
    // (socket.io-client does not keep them alive): 25-45% of a core in an unoptimised build.
    // A spinning thread would add a whole core.
    t.diagnostic(`chatd used ${(share * 100).toFixed(0)}% of a core and answered ${requests} polling requests while ${N} sessions idled`);
    if (!sanitized) assert.ok(share < 0.75, `chatd used ${(share * 100).toFixed(0)}% of a core while ${N} sessions idled`);
    assert.ok(threadsOf(pid) <= threadsWithOne + 2);

    assert.equal(sockets.filter((s) => s.connected).length, N, 'every client is still connected');
    const acks = await Promise.all(sockets.map((s) => call(s, 'presence:watch', { userIds: [] }, 10000)));
    assert.equal(acks.filter((a) => a?.ok === true).length, N, 'every client got its ack');
  });
});
