// Moving to PostgreSQL: alice and bob chat on chatd with SQLite; chatd is stopped and
// `chatd --export-to postgresql://…` copies the file; chatd on PostgreSQL then knows their
// tokens and passwords, shows the same history and unread counts, and keeps counting seqs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startServer } from './support/server.mjs';
import { restClient, connect, call, clientOptions } from './support/client.mjs';
import { freshDatabase, onPostgres } from './support/database.mjs';

const CHATD = process.env.CHATD_BIN;
const run = promisify(execFile);

test('an SQLite database moves to PostgreSQL with tokens, history and read markers', { skip: !onPostgres && 'PostgreSQL only (ctest: export_postgres)' }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatd-export-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'chat.db');

  let server = await startServer(CHATD, ['--db', file], { withDb: false });
  let rest = restClient(server.url);
  const register = async (username, password) => (await rest('POST', '/api/auth/register', { body: { username, password } })).json;
  const alice = await register('alice', 'correct horse');
  const bob = await register('bob', 'battery staple');
  const a = await connect(server.url, alice.token, clientOptions('websocket'));
  const { room } = await call(a, 'room:direct', { userId: bob.user.id });
  for (const body of ['one', 'two', 'three']) assert.equal((await call(a, 'message:send', { roomId: room.id, body, clientMsgId: body })).ok, true);
  const b = await connect(server.url, bob.token, clientOptions('websocket'));
  assert.equal((await call(b, 'message:read', { roomId: room.id, seq: 1 })).ok, true);
  a.close();
  b.close();
  const before = {
    history: (await rest('GET', `/api/rooms/${room.id}/messages`, { token: bob.token })).json,
    rooms: (await rest('GET', '/api/rooms', { token: bob.token })).json,
  };
  await server.stop();

  const refused = await run(CHATD, ['--db', file, '--export-to', path.join(dir, 'other.db')]).catch((e) => e);
  assert.equal(refused.code, 2, 'an --export-to that is no postgresql:// URL is a usage error');

  const db = await freshDatabase(dir);
  t.after(() => db.drop());
  const { stdout } = await run(CHATD, ['--db', file, '--export-to', db.location]);
  assert.match(stdout, /2 users, 2 tokens, 1 rooms, 2 memberships, 3 messages, 1 read markers/);
  const again = await run(CHATD, ['--db', file, '--export-to', db.location]).catch((e) => e);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already holds chat data/);

  server = await startServer(CHATD, ['--db', db.location], { withDb: false });
  t.after(() => server.stop());
  rest = restClient(server.url);
  const me = await rest('GET', '/api/me', { token: alice.token });
  assert.equal(me.status, 200, 'the old token still signs alice in');
  assert.equal(me.json.user.id, alice.user.id);
  const login = await rest('POST', '/api/auth/login', { body: { username: 'bob', password: 'battery staple' } });
  assert.equal(login.status, 200, 'so does the old password');
  assert.deepEqual((await rest('GET', `/api/rooms/${room.id}/messages`, { token: bob.token })).json, before.history);
  assert.deepEqual((await rest('GET', '/api/rooms', { token: bob.token })).json, before.rooms, 'same rooms, same unread');

  const a2 = await connect(server.url, alice.token, clientOptions('websocket'));
  t.after(() => a2.close());
  const next = await call(a2, 'message:send', { roomId: room.id, body: 'four', clientMsgId: 'four' });
  assert.equal(next.message.seq, 4);
  const resent = await call(a2, 'message:send', { roomId: room.id, body: 'one again', clientMsgId: 'one' });
  assert.equal(resent.message.seq, 1, 'a clientMsgId from before the move is still deduplicated');
});
