// Presence across three nodes, and a node killed with -9. Online means a socket on any node:
// watchers and room members on every node see each change once, and REST's online flags are
// the cluster's. When a node dies its users go offline everywhere within the stated bound
// (heartbeat 2 s, expiry 8 s: at most ~12 s; the bound is 15 s), nothing it
// acknowledged is lost, and its clients reconnect to another node and catch up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterClients, startCluster } from './support/cluster.mjs';
import { call, clientOptions, connect, disconnect, restClient, waitFor } from './support/client.mjs';
import { onPostgres } from './support/database.mjs';

const skip = !onPostgres && 'needs PostgreSQL (ctest: cluster_presence)';
const BOUND_MS = 15000;
let cluster;
const { sockets, user, open } = clusterClients(() => cluster, 'websocket');
const ok = (ack) => {
  assert.equal(ack?.ok, true, JSON.stringify(ack));
  return ack;
};
/** `who`'s online flag as node `node`'s REST API tells `asker`. */
const onlineFlag = async (node, asker, who) => {
  const res = await restClient(cluster.servers[node].url)('GET', '/api/users?limit=200', { token: asker.token });
  assert.equal(res.status, 200, res.text);
  return res.json.users.find((u) => u.id === who.id)?.online;
};
/** The value of metric line `name` (labels included) on node `node`'s /metrics. */
const metric = async (node, name) => {
  const text = await (await fetch(`${cluster.servers[node].url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};
const presences = (s, who) => s.inbox.filter((e) => e.event === 'presence' && e.data.userId === who.id).map((e) => e.data.online);

before(async () => {
  if (!skip) cluster = await startCluster({ nodes: 3 });
});
after(async () => {
  for (const s of sockets) s.close();
  await cluster?.stop();
});

test('online means a socket on any node; watchers and members on every node see each change once', { skip }, async () => {
  const alice = await user(0, 'alice');
  const bob = await user(1, 'bob');
  const carol = await user(2, 'carol');
  const eve = await user(1, 'eve');
  const a = await open(alice, 0);
  const c = await open(carol, 2);
  ok(await call(a, 'room:direct', { userId: bob.id }));
  const watched = ok(await call(c, 'presence:watch', { userIds: [bob.id, eve.id] })).users;
  assert.deepEqual(watched, [{ userId: bob.id, online: false }, { userId: eve.id, online: false }].sort((x, y) => x.userId - y.userId));

  // bob connects to node 1: carol (watcher, node 2) and alice (room member, node 0) see it.
  const b1 = await open(bob, 1);
  assert.deepEqual(await waitFor(c, 'presence', (p) => p.userId === bob.id), { userId: bob.id, online: true });
  assert.deepEqual(await waitFor(a, 'presence', (p) => p.userId === bob.id), { userId: bob.id, online: true });
  assert.equal(await onlineFlag(2, carol, bob), true, 'REST on node 2 knows bob is online on node 1');
  assert.equal(await onlineFlag(0, alice, bob), true);

  // A second tab on node 2, then the first closes: bob is still online, nobody hears otherwise.
  const b2 = await open(bob, 2);
  await disconnect(b1);
  // eve connects on node 1 after bob's tab there closed: once carol sees eve, node 1's news
  // about bob's tab has had its chance to arrive too.
  const e1 = await open(eve, 1);
  await waitFor(c, 'presence', (p) => p.userId === eve.id && p.online);
  assert.equal(await onlineFlag(0, alice, bob), true);
  assert.deepEqual(presences(c, bob), [true], 'no offline for bob while his node-2 tab is open');

  // The last tab closes: offline everywhere, once.
  await disconnect(b2);
  assert.deepEqual(await waitFor(c, 'presence', (p) => p.userId === bob.id && !p.online), { userId: bob.id, online: false });
  await waitFor(a, 'presence', (p) => p.userId === bob.id && !p.online);
  assert.equal(await onlineFlag(1, eve, bob), false);
  assert.deepEqual(presences(c, bob), [true, false]);
  assert.deepEqual(presences(a, bob), [true, false]);
  e1.close();
});

test('a logout on one node closes the token\'s sockets on every node', { skip }, async () => {
  const erin = await user(0, 'erin');
  const tabs = [await open(erin, 1), await open(erin, 2)];
  const closed = tabs.map((s) => new Promise((r) => s.once('disconnect', r)));
  const res = await restClient(cluster.servers[0].url)('POST', '/api/auth/logout', { token: erin.token });
  assert.equal(res.status, 204, res.text);
  await Promise.all(closed);
  await assert.rejects(connect(cluster.servers[2].url, erin.token, clientOptions('websocket')), /unauthorized/);
});

test('kill -9 of a node: its users go offline elsewhere in bounded time, acked messages stay, clients catch up on another node', { skip }, async () => {
  const alice = await user(0, 'alice');
  const dave = await user(1, 'dave');
  const carol = await user(2, 'carol');
  const a = await open(alice, 0);
  const c = await open(carol, 2);
  const room = ok(await call(a, 'room:direct', { userId: dave.id })).room;
  ok(await call(c, 'presence:watch', { userIds: [dave.id] }));
  const d = await open(dave, 1);
  await waitFor(c, 'presence', (p) => p.userId === dave.id && p.online);
  await waitFor(a, 'presence', (p) => p.userId === dave.id && p.online);

  for (const node of [0, 2]) {
    assert.equal(await metric(node, 'redis_connected{link="publisher"}'), 1);
    assert.equal(await metric(node, 'redis_connected{link="listener"}'), 1);
    assert.equal(await metric(node, 'cluster_other_nodes'), 2);
  }
  const acked = [];
  for (let i = 0; i < 5; i++) acked.push(ok(await call(d, 'message:send', { roomId: room.id, body: `dave ${i}`, clientMsgId: `d${i}` })).message);
  for (const m of acked) assert.deepEqual((await waitFor(a, 'message:new', (x) => x.message.id === m.id)).message, m);
  const lastSeen = acked.at(-1).seq;

  // Node 1 dies without a word.
  const killedAt = Date.now();
  cluster.servers[1].proc.kill('SIGKILL');
  await waitFor(c, 'presence', (p) => p.userId === dave.id && !p.online, BOUND_MS);
  const carolSaw = Date.now() - killedAt;
  await waitFor(a, 'presence', (p) => p.userId === dave.id && !p.online, BOUND_MS);
  const aliceSaw = Date.now() - killedAt;
  console.log(`# kill -9: dave offline for the watcher after ${carolSaw} ms, for the room member after ${aliceSaw} ms (bound ${BOUND_MS} ms)`);
  assert.ok(aliceSaw < BOUND_MS);
  assert.equal(await onlineFlag(0, alice, dave), false, 'REST on node 0: dave is offline');
  for (const node of [0, 2]) {
    assert.equal(await metric(node, 'cluster_nodes_expired_total'), 1, `node ${node} counted the dead node`);
    assert.equal(await metric(node, 'cluster_other_nodes'), 1);
  }

  // Alice writes while dave is away; dave's client reconnects to node 2 and syncs.
  const missed = [];
  for (let i = 0; i < 3; i++) missed.push(ok(await call(a, 'message:send', { roomId: room.id, body: `while away ${i}` })).message);
  const d2 = await open(dave, 2);
  await waitFor(c, 'presence', (p) => p.userId === dave.id && p.online);
  const sync = ok(await call(d2, 'messages:sync', { roomId: room.id, afterSeq: lastSeen }));
  assert.deepEqual(sync.messages, missed, 'the sync brings exactly what was missed');
  const history = ok(await call(d2, 'messages:history', { roomId: room.id, limit: 50 })).messages;
  for (const m of acked) assert.deepEqual(history.find((h) => h.id === m.id), m, `acked ${m.clientMsgId} is stored`);
  // Live again through node 2.
  const more = ok(await call(a, 'message:send', { roomId: room.id, body: 'welcome back' })).message;
  assert.deepEqual((await waitFor(d2, 'message:new')).message, more);
});
