// Three chatd nodes on one Redis and one PostgreSQL behave as one server, for the client mode
// in env CLIENT_MODE (websocket, polling, default). Alice, bob and carol each connect to a
// different node: a room made on one node reaches members on the others (room:new), and so do
// messages, typing and read receipts; then everyone sends to one room at once from every node,
// and every socket gets every message it did not send exactly once, with seqs 1..N.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterClients, startCluster } from './support/cluster.mjs';
import { call, waitFor } from './support/client.mjs';
import { onPostgres } from './support/database.mjs';

const MODE = process.env.CLIENT_MODE || 'default';
const PER_SOCKET = 25;  // messages each socket sends in the concurrent round

describe(`three nodes as one server (${MODE})`, { skip: !onPostgres && 'needs PostgreSQL (ctest: cluster_*)' }, () => {
  let cluster;
  const { sockets, user, open } = clusterClients(() => cluster, MODE);
  const ok = (ack) => {
    assert.equal(ack?.ok, true, JSON.stringify(ack));
    return ack;
  };

  before(async () => {
    cluster = await startCluster({ nodes: 3 });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await cluster?.stop();
  });

  test('a room made on one node reaches members on the others, and so do its events', async () => {
    const alice = await user(0, 'alice');
    const bob = await user(1, 'bob');
    const carol = await user(2, 'carol');
    const [a, b, c] = [await open(alice, 0), await open(bob, 1), await open(carol, 2)];
    const b2 = await open(bob, 2);  // bob's second tab, on carol's node

    const room = ok(await call(a, 'room:create', { name: 'trio', memberIds: [bob.id, carol.id] })).room;
    for (const s of [b, c, b2]) {
      const p = await waitFor(s, 'room:new', (x) => x.room.id === room.id);
      assert.deepEqual(p.room, room, 'room:new carries the room as created');
    }

    // A message sent on node 0 reaches nodes 1 and 2 with the acknowledged payload.
    const sent = ok(await call(a, 'message:send', { roomId: room.id, body: 'hello from node 0', clientMsgId: 'm1' })).message;
    for (const s of [b, c, b2]) assert.deepEqual((await waitFor(s, 'message:new')).message, sent);
    // ... and one sent on node 2 (by bob's second tab) reaches node 0 and node 1: bob's first tab too.
    const back = ok(await call(b2, 'message:send', { roomId: room.id, body: 'hi from node 2' })).message;
    assert.equal(back.seq, sent.seq + 1);
    for (const s of [a, b, c]) assert.deepEqual((await waitFor(s, 'message:new', (x) => x.message.id === back.id)).message, back);

    // Typing and read receipts skip the user's own sockets on every node.
    ok(await call(b, 'typing', { roomId: room.id, typing: true }));
    for (const s of [a, c]) assert.deepEqual(await waitFor(s, 'typing'), { roomId: room.id, userId: bob.id, typing: true });
    ok(await call(c, 'message:read', { roomId: room.id, seq: back.seq }));
    for (const s of [a, b, b2]) assert.deepEqual(await waitFor(s, 'message:read'), { roomId: room.id, userId: carol.id, seq: back.seq });

    // A member added on node 1 is told on node 2, and hears the room from then on.
    const dave = await user(2, 'dave');
    const d = await open(dave, 2);
    ok(await call(b, 'room:add', { roomId: room.id, userIds: [dave.id] }));
    await waitFor(d, 'room:new', (x) => x.room.id === room.id);
    const welcome = ok(await call(a, 'message:send', { roomId: room.id, body: 'welcome dave' })).message;
    assert.deepEqual((await waitFor(d, 'message:new')).message, welcome);

    // Nobody got an echo of their own send, nor an event twice.
    assert.equal(a.inbox.filter((e) => e.event === 'message:new' && e.data.message.id === sent.id).length, 0);
    assert.equal(b.inbox.filter((e) => e.event === 'typing').length, 0);
    assert.equal(b2.inbox.filter((e) => e.event === 'typing').length, 0);
    assert.equal(c.inbox.filter((e) => e.event === 'message:read').length, 0);
    for (const s of [b, c, b2])
      assert.equal(s.inbox.filter((e) => e.event === 'message:new' && e.data.message.id === sent.id).length, 1);
  });

  test('everyone sends to one room at once from every node: seqs 1..N, each message once on every other socket', async () => {
    const people = [await user(0, 'p'), await user(1, 'q'), await user(2, 'r')];
    // Every person has a socket on every node.
    const tabs = [];
    for (const p of people) for (let node = 0; node < 3; node++) tabs.push({ person: p, socket: await open(p, node) });
    const room = ok(await call(tabs[0].socket, 'room:create', { name: 'busy', memberIds: [people[1].id, people[2].id] })).room;
    for (const t of tabs.slice(1)) await waitFor(t.socket, 'room:new', (x) => x.room.id === room.id);

    const acks = await Promise.all(tabs.flatMap((t, i) => Array.from({ length: PER_SOCKET }, (_, k) =>
      call(t.socket, 'message:send', { roomId: room.id, body: `t${i} #${k}`, clientMsgId: `t${i}-${k}` }, 20000)
        .then((ack) => ({ tab: i, message: ok(ack).message })))));
    const total = tabs.length * PER_SOCKET;
    assert.deepEqual(acks.map((x) => x.message.seq).sort((x, y) => x - y), Array.from({ length: total }, (_, i) => i + 1), 'seqs exactly 1..N');

    // Each socket gets the messages of every other socket, once each.
    await Promise.all(tabs.map(async (t, i) => {
      const expected = acks.filter((x) => x.tab !== i).map((x) => x.message.id).sort((x, y) => x - y);
      const deadline = Date.now() + 15000;
      const got = () => t.socket.inbox.filter((e) => e.event === 'message:new' && e.data.message.roomId === room.id).map((e) => e.data.message.id);
      while (got().length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200));  // anything extra would have arrived by now
      assert.deepEqual([...got()].sort((x, y) => x - y), expected, `socket ${i} (node ${i % 3}): every other socket's message exactly once`);
      const seqs = t.socket.inbox.filter((e) => e.event === 'message:new' && e.data.message.roomId === room.id).map((e) => e.data.message.seq);
      assert.ok(seqs.every((q, k) => k === 0 || seqs[k - 1] < q), `socket ${i}: in seq order, whichever node sent them`);
    }));
  });
});
