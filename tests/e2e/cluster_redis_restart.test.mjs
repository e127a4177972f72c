// Redis restarted mid-stream under three nodes. Alice (node 0) and bob (node 1) keep sending
// to a room carol (node 2) is in; Redis goes away and comes back empty. Sends keep being
// acknowledged (the database has them), each node reconnects with backoff and registers its
// presence again, and the rooms read what Redis lost: in the end every socket has every message
// of the others exactly once, in seq order, presence never flickered, and each node counted
// its reconnects (/metrics).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster } from './support/cluster.mjs';
import { call, clientOptions, connect, restClient, waitFor } from './support/client.mjs';
import { onPostgres } from './support/database.mjs';

const skip = !onPostgres && 'needs PostgreSQL (ctest: cluster_redis_restart)';
const PER_SENDER = 60;
let cluster;
const sockets = [];

before(async () => {
  if (!skip) cluster = await startCluster({ nodes: 3 });
});
after(async () => {
  for (const s of sockets) s.close();
  await cluster?.stop();
});

const ok = (ack) => {
  assert.equal(ack?.ok, true, JSON.stringify(ack));
  return ack;
};

test('Redis restarted mid-stream: delivery resumes, nothing lost or doubled, presence holds', { skip }, async () => {
  const mk = async (node, name) => {
    const res = await restClient(cluster.servers[node].url)('POST', '/api/users', { body: { username: name } });
    assert.equal(res.status, 200, res.text);
    return { ...res.json.user, token: res.json.token };
  };
  const people = [await mk(0, 'alice'), await mk(1, 'bob'), await mk(2, 'carol')];
  const socks = [];
  for (let i = 0; i < 3; i++) {
    const s = await connect(cluster.servers[i].url, people[i].token, clientOptions('websocket'));
    sockets.push(s);
    socks.push(s);
  }
  const [a, b, c] = socks;
  const room = ok(await call(a, 'room:create', { name: 'restart', memberIds: [people[1].id, people[2].id] })).room;
  await waitFor(b, 'room:new');
  await waitFor(c, 'room:new');
  ok(await call(c, 'presence:watch', { userIds: [people[0].id] }));

  const acked = [];
  const sender = async (s, who) => {
    for (let k = 0; k < PER_SENDER; k++) {
      acked.push({ who, message: ok(await call(s, 'message:send', { roomId: room.id, body: `${who} ${k}` }, 15000)).message });
      if (k === 15 && who === 0) await cluster.redis.restart();  // mid-stream, while bob keeps sending
    }
  };
  await Promise.all([sender(a, 0), sender(b, 1)]);
  assert.equal(acked.length, 2 * PER_SENDER);

  // Every socket ends up with every message it did not send, once, in seq order.
  const all = acked.map((x) => x.message).sort((x, y) => x.seq - y.seq);
  assert.deepEqual(all.map((m) => m.seq), Array.from({ length: all.length }, (_, i) => i + 1));
  for (const [i, s] of socks.entries()) {
    const expected = acked.filter((x) => x.who !== i).map((x) => x.message.seq).sort((x, y) => x - y);
    const got = () => s.inbox.filter((e) => e.event === 'message:new').map((e) => e.data.message.seq);
    const deadline = Date.now() + 15000;
    while (got().length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(got(), expected, `socket ${i}: all, once, in order`);
    // What a client would fetch to fill a gap agrees with what it got.
    const synced = ok(await call(s, 'messages:sync', { roomId: room.id, afterSeq: 0, limit: 200 })).messages;
    assert.deepEqual(synced.map((m) => m.seq), all.map((m) => m.seq));
  }
  // Alice stayed online for carol throughout, and the nodes counted their reconnects.
  assert.deepEqual(c.inbox.filter((e) => e.event === 'presence' && e.data.userId === people[0].id).map((e) => e.data.online), []);
  const flag = await restClient(cluster.servers[2].url)('GET', '/api/users?limit=50', { token: people[2].token });
  assert.equal(flag.json.users.find((u) => u.id === people[0].id).online, true);
  for (const server of cluster.servers) {
    // A publisher with nothing to send notices the loss at its next heartbeat (2 s).
    let metrics;
    const reconnects = () => Number(/^redis_reconnects_total (\d+)/m.exec(metrics)?.[1]);
    const deadline = Date.now() + 8000;
    do metrics = await (await fetch(`${server.url}/metrics`)).text();
    while (reconnects() < 2 && Date.now() < deadline && (await new Promise((r) => setTimeout(r, 100)), true));
    assert.ok(reconnects() >= 2, `publisher and listener reconnected: ${reconnects()}\n${metrics}`);
    assert.ok(Number(/^redis_published_total (\d+)/m.exec(metrics)?.[1]) > 0);
    assert.ok(Number(/^redis_received_total (\d+)/m.exec(metrics)?.[1]) > 0);
  }
});
