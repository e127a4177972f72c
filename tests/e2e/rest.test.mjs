// The REST API of PROTOCOL.md against the real chatd: every call, its answers and its errors.
// One server in password mode for most stories, one in pseudo-auth mode for POST /api/users.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { call, connect, disconnect, eventually, restClient } from './support/client.mjs';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function assertError(res, status, code) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  assert.equal(res.json?.error?.code, code, res.text);
  assert.equal(typeof res.json.error.message, 'string');
  assert.doesNotMatch(res.json.error.message, /exception|std::|what\(\)/i);
}

describe('REST in password mode', () => {
  let server;
  let rest;
  let n = 0;
  const unique = (name) => `${name}-${++n}`;
  const register = async (name, password = 'pw-' + name) => {
    const res = await rest('POST', '/api/auth/register', { body: { username: name, password } });
    assert.equal(res.status, 201, res.text);
    return { ...res.json.user, token: res.json.token, password };
  };

  before(async () => {
    server = await startServer(process.env.CHATD_BIN, ['--auth', 'password']);
    rest = restClient(server.url);
  });
  after(async () => server?.stop());

  test('healthz answers ok', async () => {
    const res = await rest('GET', '/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'ok' });
  });

  test('alice registers, gets a user and a 256-bit token, and /api/me knows her', async () => {
    const name = unique('alice');
    const res = await rest('POST', '/api/auth/register', { body: { username: name, password: 's3cret' } });
    assert.equal(res.status, 201, res.text);
    assert.ok(Number.isInteger(res.json.user.id));
    assert.equal(res.json.user.username, name);
    assert.equal(res.json.user.online, false);
    assert.match(res.json.token, /^[A-Za-z0-9_-]{43}$/);
    const me = await rest('GET', '/api/me', { token: res.json.token });
    assert.equal(me.status, 200);
    assert.deepEqual(me.json, { user: { id: res.json.user.id, username: name, online: false } });
  });

  test('a taken username is 409 conflict', async () => {
    const name = unique('bob');
    await register(name);
    assertError(await rest('POST', '/api/auth/register', { body: { username: name, password: 'other' } }), 409, 'conflict');
  });

  test('register refuses bad JSON, missing fields, wrong types and bad names', async () => {
    const bad = async (init) => assertError(await rest('POST', '/api/auth/register', init), 400, 'bad_request');
    await bad({ raw: '{"username":' });
    await bad({ raw: '' });
    await bad({ raw: '["alice","pw"]' });
    await bad({ raw: '"alice"' });
    await bad({ body: { username: unique('carol') } });
    await bad({ body: { password: 'pw' } });
    await bad({ body: { username: 42, password: 'pw' } });
    await bad({ body: { username: unique('carol'), password: ['pw'] } });
    await bad({ body: { username: '', password: 'pw' } });
    await bad({ body: { username: ' padded', password: 'pw' } });
    await bad({ body: { username: 'bell\u0007', password: 'pw' } });
    await bad({ body: { username: 'x'.repeat(65), password: 'pw' } });
    await bad({ body: { username: unique('carol'), password: '' } });
    await bad({ body: { username: unique('carol'), password: 'p'.repeat(1025) } });
  });

  test('a 64-character name with non-ASCII letters is fine', async () => {
    const name = 'ü'.repeat(60) + String(++n).padStart(4, '0');
    const user = await register(name);
    assert.equal(user.username, name);
  });

  test('login with the right password works; a wrong password or unknown user is 401', async () => {
    const dave = await register(unique('dave'), 'right');
    const ok = await rest('POST', '/api/auth/login', { body: { username: dave.username, password: 'right' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.user.id, dave.id);
    assert.notEqual(ok.json.token, dave.token, 'every login gets a fresh token');
    assert.equal((await rest('GET', '/api/me', { token: ok.json.token })).status, 200);
    assertError(await rest('POST', '/api/auth/login', { body: { username: dave.username, password: 'wrong' } }), 401, 'unauthorized');
    assertError(await rest('POST', '/api/auth/login', { body: { username: unique('nobody'), password: 'x' } }), 401, 'unauthorized');
    assertError(await rest('POST', '/api/auth/login', { body: { username: dave.username } }), 400, 'bad_request');
    assertError(await rest('POST', '/api/auth/login', { raw: 'nope' }), 400, 'bad_request');
  });

  test('a missing, malformed or unknown token is 401', async () => {
    assertError(await rest('GET', '/api/me'), 401, 'unauthorized');
    assertError(await rest('GET', '/api/me', { token: 'not-a-token' }), 401, 'unauthorized');
    assertError(await rest('GET', '/api/me', { headers: { authorization: 'Basic YTpi' } }), 401, 'unauthorized');
    assertError(await rest('GET', '/api/users', { token: '' }), 401, 'unauthorized');
    assertError(await rest('GET', '/api/rooms', { token: 'x'.repeat(43) }), 401, 'unauthorized');
  });

  test('logout: 204, then the token fails on REST and on a socket; other tokens live on', async () => {
    const erin = await register(unique('erin'));
    const second = await rest('POST', '/api/auth/login', { body: { username: erin.username, password: erin.password } });
    const socket = await connect(server.url, erin.token);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));

    const out = await rest('POST', '/api/auth/logout', { token: erin.token });
    assert.equal(out.status, 204);
    assert.equal(out.text, '');
    await closed; // the socket opened with that token is closed by the server
    assertError(await rest('GET', '/api/me', { token: erin.token }), 401, 'unauthorized');
    assertError(await rest('POST', '/api/auth/logout', { token: erin.token }), 401, 'unauthorized');
    await assert.rejects(connect(server.url, erin.token), (err) => err.message === 'unauthorized');
    assert.equal((await rest('GET', '/api/me', { token: second.json.token })).status, 200);
    assertError(await rest('POST', '/api/auth/logout'), 401, 'unauthorized');
  });

  test('pseudo-auth is 403 forbidden in password mode', async () => {
    assertError(await rest('POST', '/api/users', { body: { username: unique('pseudo') } }), 403, 'forbidden');
  });

  test('users: everyone but the caller, by username, paged with a cursor, online flags', async () => {
    const prefix = unique('page');
    const names = ['c', 'a', 'e', 'b', 'd'].map((x) => `${prefix}-${x}`);
    const users = [];
    for (const name of names) users.push(await register(name));
    const me = users[0]; // "-c"
    const socket = await connect(server.url, users[1].token); // "-a" is online
    try {
      // the socket's session registers with presence just after the handshake
      await eventually(async () => {
        const res = await rest('GET', `/api/users?limit=1&after=${encodeURIComponent(`${prefix}-`)}`, { token: me.token });
        return res.json.users[0]?.online === true;
      });
      const seen = [];
      let cursor = `${prefix}-`; // start just before our names, leaving earlier tests' users out
      for (let page = 0; page < 3; page++) {
        const res = await rest('GET', `/api/users?limit=2&after=${encodeURIComponent(cursor)}`, { token: me.token });
        assert.equal(res.status, 200, res.text);
        const mine = res.json.users.filter((u) => u.username.startsWith(prefix));
        seen.push(...mine);
        if (mine.length < res.json.users.length || res.json.nextCursor === null) break;
        cursor = res.json.nextCursor;
      }
      assert.deepEqual(seen.map((u) => u.username), [`${prefix}-a`, `${prefix}-b`, `${prefix}-d`, `${prefix}-e`]);
      assert.deepEqual(seen.map((u) => u.online), [true, false, false, false]);
      const all = await rest('GET', '/api/users?limit=200', { token: me.token });
      assert.ok(!all.json.users.some((u) => u.id === me.id), 'the caller is not listed');
      const sorted = [...all.json.users.map((u) => u.username)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      assert.deepEqual(all.json.users.map((u) => u.username), sorted);
    } finally {
      await disconnect(socket);
    }
  });

  test('limit must be 1..200: 0, 201, abc, -1 and 1.5 are 400', async () => {
    const frank = await register(unique('frank'));
    for (const limit of ['0', '201', 'abc', '-1', '1.5', '']) {
      assertError(await rest('GET', `/api/users?limit=${limit}`, { token: frank.token }), 400, 'bad_request');
      assertError(await rest('GET', `/api/rooms?limit=${limit}`, { token: frank.token }), 400, 'bad_request');
    }
    assert.equal((await rest('GET', '/api/users?limit=200', { token: frank.token })).status, 200);
    assert.equal((await rest('GET', '/api/users?limit=1', { token: frank.token })).json.users.length, 1);
  });

  test('rooms: newest activity first, lastMessage and unread, paged with a cursor', async () => {
    const gina = await register(unique('gina'));
    const friends = [await register(unique('hal')), await register(unique('ida')), await register(unique('jo'))];
    const empty = await rest('GET', '/api/rooms', { token: gina.token });
    assert.deepEqual(empty.json, { rooms: [], nextCursor: null });

    const g = await connect(server.url, gina.token);
    const others = await Promise.all(friends.map((f) => connect(server.url, f.token)));
    try {
      const roomIds = [];
      for (const [i, f] of friends.entries()) {
        const ack = await call(g, 'room:direct', { userId: f.id });
        assert.equal(ack.ok, true, JSON.stringify(ack));
        roomIds.push(ack.room.id);
        const sent = await call(others[i], 'message:send', { roomId: ack.room.id, body: `hello from ${f.username}` });
        assert.equal(sent.ok, true, JSON.stringify(sent));
      }
      // activity order: jo's room is newest, then ida's, then hal's
      const first = await rest('GET', '/api/rooms?limit=2', { token: gina.token });
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.json.rooms.map((r) => r.id), [roomIds[2], roomIds[1]]);
      assert.equal(typeof first.json.nextCursor, 'string');
      const room = first.json.rooms[0];
      assert.equal(room.kind, 'direct');
      assert.equal(room.lastSeq, 1);
      assert.match(room.createdAt, ISO_MS);
      assert.deepEqual(room.members.map((m) => m.id).sort(), [gina.id, friends[2].id].sort());
      assert.equal(room.lastMessage.body, `hello from ${friends[2].username}`);
      assert.equal(room.lastMessage.seq, 1);
      assert.equal(room.unread, 1);
      const second = await rest('GET', `/api/rooms?limit=2&after=${encodeURIComponent(first.json.nextCursor)}`, { token: gina.token });
      assert.deepEqual(second.json.rooms.map((r) => r.id), [roomIds[0]]);
      assert.equal(second.json.nextCursor, null);

      // the sender has nothing unread in their own room
      const hal = await rest('GET', '/api/rooms', { token: friends[0].token });
      assert.equal(hal.json.rooms[0].unread, 0);
    } finally {
      await Promise.all([g, ...others].map(disconnect));
    }
  });

  test('message history: members only, newest first, nextBefore pages back to the first', async () => {
    const kim = await register(unique('kim'));
    const lee = await register(unique('lee'));
    const mallory = await register(unique('mallory'));
    const k = await connect(server.url, kim.token);
    try {
      const room = (await call(k, 'room:direct', { userId: lee.id })).room;
      for (let i = 1; i <= 5; i++) assert.equal((await call(k, 'message:send', { roomId: room.id, body: `m${i}` })).ok, true);

      const page1 = await rest('GET', `/api/rooms/${room.id}/messages?limit=2`, { token: lee.token });
      assert.equal(page1.status, 200, page1.text);
      assert.deepEqual(page1.json.messages.map((m) => m.seq), [5, 4]);
      assert.equal(page1.json.messages[0].body, 'm5');
      assert.equal(page1.json.messages[0].senderId, kim.id);
      assert.equal(page1.json.messages[0].parentId, null);
      assert.match(page1.json.messages[0].createdAt, ISO_MS);
      assert.equal(page1.json.nextBefore, 4);
      const page2 = await rest('GET', `/api/rooms/${room.id}/messages?limit=2&before=4`, { token: lee.token });
      assert.deepEqual(page2.json.messages.map((m) => m.seq), [3, 2]);
      const page3 = await rest('GET', `/api/rooms/${room.id}/messages?limit=2&before=${page2.json.nextBefore}`, { token: lee.token });
      assert.deepEqual(page3.json.messages.map((m) => m.seq), [1]);
      assert.equal(page3.json.nextBefore, null);
      const all = await rest('GET', `/api/rooms/${room.id}/messages`, { token: kim.token });
      assert.equal(all.json.messages.length, 5);

      assertError(await rest('GET', `/api/rooms/${room.id}/messages`, { token: mallory.token }), 403, 'forbidden');
      assertError(await rest('GET', '/api/rooms/999999/messages', { token: mallory.token }), 403, 'forbidden');
      assertError(await rest('GET', `/api/rooms/${room.id}/messages`), 401, 'unauthorized');
      assertError(await rest('GET', `/api/rooms/${room.id}/messages?limit=0`, { token: kim.token }), 400, 'bad_request');
      assertError(await rest('GET', `/api/rooms/${room.id}/messages?before=abc`, { token: kim.token }), 400, 'bad_request');
      assertError(await rest('GET', '/api/rooms/abc/messages', { token: kim.token }), 400, 'bad_request');
    } finally {
      await disconnect(k);
    }
  });

  test('unknown routes and wrong methods get the JSON error shape, never a stack trace', async () => {
    const nina = await register(unique('nina'));
    assertError(await rest('GET', '/api/nope', { token: nina.token }), 404, 'not_found');
    assertError(await rest('GET', '/api/rooms/1/messages/extra', { token: nina.token }), 404, 'not_found');
    const wrongMethod = await rest('DELETE', '/api/me', { token: nina.token });
    assert.ok([404, 405].includes(wrongMethod.status), wrongMethod.text);
    assert.ok(['not_found', 'method_not_allowed'].includes(wrongMethod.json?.error?.code), wrongMethod.text);
    const getLogin = await rest('GET', '/api/auth/login');
    assert.ok([404, 405].includes(getLogin.status), getLogin.text);
    assert.equal(typeof getLogin.json?.error?.message, 'string');
  });

  test('metrics: Prometheus text, and the request counter moves', async () => {
    const scrape = async () => {
      const res = await rest('GET', '/metrics');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
      return res.text;
    };
    const count = (text) => {
      const m = /^http_requests_total\{route="\/healthz",status="200"\} (\d+)$/m.exec(text);
      return m ? Number(m[1]) : 0;
    };
    const before = await scrape();
    assert.match(before, /^# TYPE http_requests_total counter$/m);
    assert.match(before, /^# HELP http_requests_total /m);
    assert.match(before, /^# TYPE http_open_connections gauge$/m);
    await rest('GET', '/healthz');
    await rest('GET', '/healthz');
    const afterText = await scrape();
    assert.ok(count(afterText) >= count(before) + 2, `healthz count did not move:\n${afterText}`);
  });
});

describe('REST in pseudo-auth mode', () => {
  let server;
  let rest;

  before(async () => {
    server = await startServer(process.env.CHATD_BIN, ['--auth', 'pseudo']);
    rest = restClient(server.url);
  });
  after(async () => server?.stop());

  test('POST /api/users is get-or-create by name, with a fresh token each time', async () => {
    const first = await rest('POST', '/api/users', { body: { username: 'olga' } });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.user.username, 'olga');
    assert.equal(first.json.user.online, false);
    const again = await rest('POST', '/api/users', { body: { username: 'olga' } });
    assert.equal(again.json.user.id, first.json.user.id);
    assert.notEqual(again.json.token, first.json.token);
    for (const t of [first.json.token, again.json.token]) {
      assert.equal((await rest('GET', '/api/me', { token: t })).json.user.id, first.json.user.id);
    }
  });

  test('POST /api/users refuses bad input', async () => {
    assertError(await rest('POST', '/api/users', { raw: '{"username":' }), 400, 'bad_request');
    assertError(await rest('POST', '/api/users', { body: { username: 42 } }), 400, 'bad_request');
    assertError(await rest('POST', '/api/users', { body: {} }), 400, 'bad_request');
    assertError(await rest('POST', '/api/users', { body: { username: 'trailing ' } }), 400, 'bad_request');
  });

  test('a pseudo-auth user (no password) cannot log in with one', async () => {
    await rest('POST', '/api/users', { body: { username: 'pete' } });
    assertError(await rest('POST', '/api/auth/login', { body: { username: 'pete', password: 'guess' } }), 401, 'unauthorized');
  });
});
