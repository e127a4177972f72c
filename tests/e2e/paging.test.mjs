// Catch-up and history are paged: messages:sync answers at most `limit` messages with
// `hasMore`, and no page — however big its messages — can pass the bytes that would cut its
// reader off as a slow client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { call, connect, restClient } from './support/client.mjs';

describe('paged catch-up', () => {
  let server;
  let rest;
  const sockets = [];

  const user = async (name) => {
    const res = await rest('POST', '/api/users', { body: { username: name } });
    assert.equal(res.status, 200, res.text);
    return { ...res.json.user, token: res.json.token };
  };
  const open = async (u) => {
    const s = await connect(server.url, u.token, { transports: ['websocket'] });
    sockets.push(s);
    return s;
  };
  const ok = (ack) => {
    assert.equal(ack?.ok, true, JSON.stringify(ack));
    return ack;
  };

  before(async () => {
    // A small slow-client bound, and pages well below it.
    server = await startServer(process.env.CHATD_BIN, [
      '--auth', 'pseudo', '--max-buffered-bytes', '200000', '--max-page-bytes', '100000']);
    rest = restClient(server.url);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  test('sync pages by limit: hasMore until the last page, seqs exactly once', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const a = await open(alice);
    const room = ok(await call(a, 'room:direct', { userId: bob.id })).room;
    for (let i = 1; i <= 5; ++i)
      ok(await call(a, 'message:send', { roomId: room.id, body: `m${i}` }));
    const b = await open(bob);
    const first = ok(await call(b, 'messages:sync', { roomId: room.id, afterSeq: 0, limit: 2 }));
    assert.deepEqual(first.messages.map((m) => m.seq), [1, 2]);
    assert.equal(first.hasMore, true);
    const last = ok(await call(b, 'messages:sync', { roomId: room.id, afterSeq: 4, limit: 2 }));
    assert.deepEqual(last.messages.map((m) => m.seq), [5]);
    assert.equal(last.hasMore, false);
    const bad = await call(b, 'messages:sync', { roomId: room.id, afterSeq: 0, limit: 201 });
    assert.equal(bad.error?.code, 'bad_request');
    const missing = await call(b, 'messages:sync', { roomId: room.id });
    assert.equal(missing.error?.code, 'bad_request', 'afterSeq is required');
  });

  test('big messages of control characters: every page stays small and the reader stays up', async () => {
    const carol = await user('carol');
    const dan = await user('dan');
    const c = await open(carol);
    const room = ok(await call(c, 'room:direct', { userId: dan.id })).room;
    // 4000 control characters escape to 24,000 bytes of JSON: twelve are ~288 KB, more than
    // the 200 KB slow-client bound if answered at once.
    const body = '\u0001'.repeat(4000);
    for (let i = 0; i < 12; ++i)
      ok(await call(c, 'message:send', { roomId: room.id, body }));
    const d = await open(dan);
    const seen = [];
    let after = 0;
    for (let page = 0; page < 20; ++page) {
      const ack = ok(await call(d, 'messages:sync', { roomId: room.id, afterSeq: after, limit: 200 }));
      assert.ok(JSON.stringify(ack).length <= 100000 + 1000, 'a page passed --max-page-bytes');
      seen.push(...ack.messages.map((m) => m.seq));
      if (!ack.hasMore) break;
      after = ack.messages.at(-1).seq;
    }
    assert.deepEqual(seen, Array.from({ length: 12 }, (_, i) => i + 1));
    const history = ok(await call(d, 'messages:history', { roomId: room.id, limit: 200 }));
    assert.ok(history.messages.length < 12, 'history is cut short too');
    assert.equal(history.nextBefore, history.messages.at(-1).seq);
    assert.equal(d.connected, true, 'dan was cut off as a slow client');
  });
});
