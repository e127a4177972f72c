// chatd and a Node.js Socket.IO 4.8 server with the official Redis adapter
// (@socket.io/redis-adapter 8.3, pinned in package-lock.json) on the same Redis behave as one
// Socket.IO cluster: the Node server's sockets join chatd's rooms by name ("room:<id>"), a
// chatd broadcast reaches them with the payload chatd's own clients get, and the Node server's
// broadcasts — to a room, to one user's sockets, to everyone, with `except` — reach chatd's
// clients with the payload it emitted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { io as ioClient } from 'socket.io-client';
import { startCluster } from './support/cluster.mjs';
import { call, clientOptions, connect, restClient, waitFor } from './support/client.mjs';
import { onPostgres } from './support/database.mjs';

const skip = !onPostgres && 'needs PostgreSQL (ctest: cluster_interop)';
let cluster;
let nodeIo;
let httpServer;
let redisClients = [];
const sockets = [];

before(async () => {
  if (skip) return;
  cluster = await startCluster({ nodes: 2 });
  const pub = createClient({ url: cluster.redis.url });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  redisClients = [pub, sub];
  httpServer = createServer();
  nodeIo = new Server(httpServer);
  nodeIo.adapter(createAdapter(pub, sub));
  // A Node client says which chatd rooms it follows; the server puts its socket in them.
  nodeIo.on('connection', (socket) => socket.join(socket.handshake.auth.rooms ?? []));
  await new Promise((r) => httpServer.listen(0, '127.0.0.1', r));
});

after(async () => {
  for (const s of sockets) s.close();
  nodeIo?.close();
  await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
  await cluster?.stop();
});

const ok = (ack) => {
  assert.equal(ack?.ok, true, JSON.stringify(ack));
  return ack;
};

/** A client of the Node server that follows `rooms`; its events land in an inbox. */
async function nodeClient(rooms) {
  const s = ioClient(`http://127.0.0.1:${httpServer.address().port}`, { ...clientOptions('websocket'), auth: { rooms } });
  s.inbox = [];
  s.waiters = [];
  s.onAny((event, data) => {
    const entry = { event, data, taken: false };
    s.inbox.push(entry);
    for (const w of [...s.waiters])
      if (w.event === event && w.predicate(data)) {
        entry.taken = true;
        s.waiters.splice(s.waiters.indexOf(w), 1);
        w.resolve(data);
        break;
      }
  });
  sockets.push(s);
  await new Promise((resolve, reject) => { s.once('connect', resolve); s.once('connect_error', reject); });
  return s;
}

test('a Node.js Socket.IO server with the Redis adapter and chatd reach each other\'s clients', { skip }, async () => {
  const rest = [0, 1].map((i) => restClient(cluster.servers[i].url));
  const mk = async (i, name) => {
    const res = await rest[i]('POST', '/api/users', { body: { username: name } });
    assert.equal(res.status, 200, res.text);
    return { ...res.json.user, token: res.json.token };
  };
  const alice = await mk(0, 'alice');
  const bob = await mk(1, 'bob');
  const a = await connect(cluster.servers[0].url, alice.token, clientOptions('websocket'));
  const b = await connect(cluster.servers[1].url, bob.token, clientOptions('websocket'));
  sockets.push(a, b);
  const room = ok(await call(a, 'room:create', { name: 'bridge', memberIds: [bob.id] })).room;
  await waitFor(b, 'room:new');
  const follower = await nodeClient([`room:${room.id}`]);

  // chatd -> Node: a message and a typing notice, with the payloads chatd's clients get.
  const sent = ok(await call(a, 'message:send', { roomId: room.id, body: 'hello Node' })).message;
  const atBob = await waitFor(b, 'message:new');
  const atNode = await waitFor(follower, 'message:new');
  assert.deepEqual(atNode, atBob);
  assert.deepEqual(atNode.message, sent);
  ok(await call(b, 'typing', { roomId: room.id, typing: true }));
  assert.deepEqual(await waitFor(follower, 'typing'), await waitFor(a, 'typing'));

  // Node -> chatd: to the room (both chatd nodes), to one user, to everyone, and with except.
  const news = { text: 'from Node', n: 1.5, list: [1, 'two', null], nested: { ok: true } };
  nodeIo.to(`room:${room.id}`).emit('announcement', news);
  assert.deepEqual(await waitFor(a, 'announcement'), news);
  assert.deepEqual(await waitFor(b, 'announcement'), news);
  nodeIo.to(`user:${bob.id}`).emit('direct', { to: 'bob' });
  assert.deepEqual(await waitFor(b, 'direct'), { to: 'bob' });
  nodeIo.emit('everyone', 'hi', 2);  // several arguments: the first reaches the handler
  assert.equal(await waitFor(a, 'everyone'), 'hi');
  assert.equal(await waitFor(b, 'everyone'), 'hi');
  nodeIo.to(`room:${room.id}`).except(`user:${alice.id}`).emit('not-alice', { x: 1 });
  assert.deepEqual(await waitFor(b, 'not-alice'), { x: 1 });
  // Alice's socket skipped it: the next broadcast to her arrives, and nothing before it.
  nodeIo.to(`room:${room.id}`).emit('marker', {});
  await waitFor(a, 'marker');
  assert.equal(a.inbox.filter((e) => e.event === 'not-alice').length, 0);
  assert.equal(a.inbox.filter((e) => e.event === 'direct').length, 0);
});
