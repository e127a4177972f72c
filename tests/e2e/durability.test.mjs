// Every acknowledged message survives kill -9: the ack is sent only after the store's commit.
// Story: alice streams messages into a room; once some acks are in, chatd is killed with
// SIGKILL mid-stream; a new chatd on the same database must hold every acknowledged message,
// with gapless seqs, and keep counting from there. Both --durability levels promise that much
// (normal leaves the commit to the OS, which outlives the process); a third level is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './support/server.mjs';
import { freshDatabase } from './support/database.mjs';
import { restClient, connect } from './support/client.mjs';

const CHATD = process.env.CHATD_BIN;

async function killNineStory(t, extraArgs) {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatd-durability-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = await freshDatabase(dir);
  t.after(() => db.drop());
  const args = ['--db', db.location, '--auth', 'pseudo', ...extraArgs];

  let server = await startServer(CHATD, args, { withDb: false });
  let rest = restClient(server.url);
  const alice = (await rest('POST', '/api/users', { body: { username: 'alice' } })).json;
  const bob = (await rest('POST', '/api/users', { body: { username: 'bob' } })).json;
  const a = await connect(server.url, alice.token, { forceNew: true, reconnection: false, transports: ['websocket'] });
  const { room } = await a.timeout(5000).emitWithAck('room:direct', { userId: bob.user.id });

  // Fire 400 sends without waiting; kill the server as soon as 50 acks are in.
  const acked = [];
  let killed = false;
  const killedAfter = new Promise((resolve) => {
    for (let i = 0; i < 400; i++) {
      a.timeout(5000).emitWithAck('message:send', { roomId: room.id, body: `m${i}`, clientMsgId: `c${i}` })
        .then((ack) => {
          if (killed || !ack?.ok) return;
          acked.push(ack.message);
          if (acked.length === 50) {
            killed = true;
            server.proc.kill('SIGKILL');
            resolve();
          }
        })
        .catch(() => {}); // sends cut off by the kill get no ack: they were never promised
    }
  });
  await killedAfter;
  a.close();
  await server.stop();

  server = await startServer(CHATD, args, { withDb: false });
  t.after(() => server.stop());
  rest = restClient(server.url);
  const stored = [];
  let before;
  for (;;) {
    const q = before === undefined ? '?limit=200' : `?limit=200&before=${before}`;
    const page = await rest('GET', `/api/rooms/${room.id}/messages${q}`, { token: alice.token });
    assert.equal(page.status, 200, page.text);
    stored.push(...page.json.messages);
    if (page.json.nextBefore === null) break;
    before = page.json.nextBefore;
  }
  const byId = new Map(stored.map((m) => [m.id, m]));
  for (const m of acked) assert.deepEqual(byId.get(m.id), m, `acknowledged message ${m.id} (seq ${m.seq}) is stored as acked`);
  const seqs = stored.map((m) => m.seq).sort((x, y) => x - y);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'seqs are gapless after the crash');

  // The room keeps counting after the last stored seq, and a resent clientMsgId is deduped.
  const a2 = await connect(server.url, alice.token, { forceNew: true, reconnection: false, transports: ['websocket'] });
  t.after(() => a2.close());
  const next = await a2.timeout(5000).emitWithAck('message:send', { roomId: room.id, body: 'after the crash' });
  assert.equal(next.message.seq, seqs.length + 1);
  const first = acked[0];
  const again = await a2.timeout(5000).emitWithAck('message:send', { roomId: room.id, body: first.body, clientMsgId: first.clientMsgId });
  assert.deepEqual(again.message, first, 'a resent clientMsgId gets its stored message, no new seq');
}

test('kill -9 mid-stream loses no acknowledged message', (t) => killNineStory(t, []));

test('with --durability normal, kill -9 mid-stream loses no acknowledged message either',
     (t) => killNineStory(t, ['--durability', 'normal']));

test('--durability takes full or normal, nothing else', async () => {
  await assert.rejects(startServer(CHATD, ['--durability', 'off']),
                       /exited with 2 before listening[\s\S]*--durability must be full or normal, not off/);
});
