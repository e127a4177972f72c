// Attacks on accounts and on what a socket can make the server hold, each with a bystander who
// keeps chatting: pseudo-auth cannot take over a password account; presence:watch is bounded
// per socket and holds nothing for ids that do not exist.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { call, connect, restClient, waitFor } from './support/client.mjs';

describe('bounds and account safety', () => {
  let server;
  let rest;
  const sockets = [];

  const pseudo = async (name) => {
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
  /** Zoe and Yan keep chatting while an attack runs: a message still arrives. */
  const bystanders = async () => {
    const zoe = await pseudo(`zoe-${Date.now()}`);
    const yan = await pseudo(`yan-${Date.now()}`);
    const z = await open(zoe);
    const y = await open(yan);
    const room = ok(await call(z, 'room:direct', { userId: yan.id })).room;
    return async () => {
      const got = waitFor(y, 'message:new', (p) => p.message.roomId === room.id);
      ok(await call(z, 'message:send', { roomId: room.id, body: 'still here' }));
      assert.equal((await got).message.body, 'still here');
    };
  };

  before(async () => {
    server = await startServer(process.env.CHATD_BIN, ['--auth', 'pseudo', '--max-watched-users', '5']);
    rest = restClient(server.url);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  test('pseudo-auth never mints a token for an account that has a password', async () => {
    const check = await bystanders();
    const reg = await rest('POST', '/api/auth/register', { body: { username: 'alice', password: 'secret pw' } });
    assert.equal(reg.status, 201, reg.text);
    const takeover = await rest('POST', '/api/users', { body: { username: 'alice' } });
    assert.equal(takeover.status, 403, takeover.text);
    assert.equal(takeover.json.token, undefined);
    const login = await rest('POST', '/api/auth/login', { body: { username: 'alice', password: 'secret pw' } });
    assert.equal(login.status, 200, login.text);
    // A pseudo user still signs in by name, again and again.
    await pseudo('bob');
    await pseudo('bob');
    await check();
  });

  test('presence:watch: at most --max-watched-users per socket; unknown ids cost nothing', async () => {
    const check = await bystanders();
    const watcher = await pseudo('watcher');
    const w = await open(watcher);
    const users = [];
    for (let i = 0; i < 6; ++i) users.push(await pseudo(`watched-${i}`));
    // Ids that do not exist: answered (offline), never held, so they use none of the budget.
    for (let round = 0; round < 3; ++round) {
      const ghosts = Array.from({ length: 1000 }, (_, i) => 1_000_000 + round * 1000 + i);
      const ack = ok(await call(w, 'presence:watch', { userIds: ghosts }));
      assert.equal(ack.users.length, 1000);
      assert.ok(ack.users.every((u) => u.online === false));
    }
    ok(await call(w, 'presence:watch', { userIds: users.slice(0, 5).map((u) => u.id) }));
    // Watching the same users again is free; a sixth is over the bound.
    ok(await call(w, 'presence:watch', { userIds: [users[0].id] }));
    const over = await call(w, 'presence:watch', { userIds: [users[5].id] });
    assert.equal(over.error?.code, 'payload_too_large', JSON.stringify(over));
    // The watched still report: users[1] comes online.
    const seen = waitFor(w, 'presence', (p) => p.userId === users[1].id && p.online === true);
    await open(users[1]);
    await seen;
    await check();
  });
});
