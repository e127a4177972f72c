// Three chatd processes on one PostgreSQL database, as when chatd runs on several hosts.
// Story: the three start at once on an empty database (one migrates, the others wait for it);
// six people, each connected to one process and with a second tab on another, send to the same
// two rooms at the same time, and some messages are sent from both tabs with one clientMsgId.
// Every acknowledged message is stored as acknowledged, each room's seqs are exactly 1..N, and
// no clientMsgId is stored twice. Also: a database chatd cannot use is refused with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './support/server.mjs';
import { restClient, connect, call, clientOptions } from './support/client.mjs';
import { freshDatabase, onPostgres, postgresUrl, psql } from './support/database.mjs';

const CHATD = process.env.CHATD_BIN;
const PER_ROOM = 40;      // messages each person sends to each room
const TWICE_EVERY = 4;    // every 4th of them is also sent from the second tab

async function history(rest, token, roomId) {
  const out = [];
  let before;
  for (;;) {
    const q = before === undefined ? '?limit=200' : `?limit=200&before=${before}`;
    const page = await rest('GET', `/api/rooms/${roomId}/messages${q}`, { token });
    assert.equal(page.status, 200, page.text);
    out.push(...page.json.messages);
    if (page.json.nextBefore === null) return out;
    before = page.json.nextBefore;
  }
}

test('three chatd on one database: every ack durable, seqs 1..N per room, no clientMsgId twice', { skip: !onPostgres && 'PostgreSQL only (ctest: multi_writer_postgres)' }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatd-multi-'));
  const db = await freshDatabase(dir);
  const args = ['--db', db.location, '--auth', 'pseudo', '--threads', '2'];
  const servers = await Promise.all([0, 1, 2].map(() => startServer(CHATD, args, { withDb: false })));
  const sockets = [];
  t.after(async () => {
    for (const s of sockets) s.close();
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const migrations = servers.map((s) => (s.stderr().match(/database migrated to version/g) ?? []).length);
  assert.equal(migrations.reduce((a, b) => a + b), 4, `each schema step applied once in all: ${migrations}`);

  const rests = servers.map((s) => restClient(s.url));
  const people = [];
  for (let i = 0; i < 6; i++) {
    const made = await rests[i % 3]('POST', '/api/users', { body: { username: `p${i}` } });
    assert.equal(made.status, 200, made.text);
    people.push(made.json);
  }
  const open = async (person, server) => {
    const s = await connect(servers[server].url, person.token, clientOptions('websocket'));
    sockets.push(s);
    return s;
  };
  // The rooms first: a socket learns its rooms when it connects, and a room made on another
  // process is announced (room:new) only to the sockets of that process (fan-out is per process).
  const founder = await open(people[0], 0);
  const others = people.slice(1).map((p) => p.user.id);
  const rooms = [];
  for (const name of ['general', 'random']) {
    const ack = await call(founder, 'room:create', { name, memberIds: others });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    rooms.push(ack.room);
  }
  const tabs = await Promise.all(people.map(async (p, i) => [i === 0 ? founder : await open(p, i % 3), await open(p, (i + 1) % 3)]));

  // Everyone at once: each person to each room, some messages from both tabs (two processes).
  const sends = [];
  people.forEach((p, i) => rooms.forEach((room) => {
    for (let k = 0; k < PER_ROOM; k++) {
      const payload = { roomId: room.id, body: `p${i} #${k}`, clientMsgId: `p${i}-${room.id}-${k}` };
      const from = k % TWICE_EVERY === 0 ? tabs[i] : [tabs[i][0]];
      for (const tab of from) sends.push(call(tab, 'message:send', payload, 30000).then((ack) => ({ payload, ack })));
    }
  }));
  const answers = await Promise.all(sends);
  const byKey = new Map();
  for (const { payload, ack } of answers) {
    assert.equal(ack?.ok, true, `${payload.clientMsgId}: ${JSON.stringify(ack)}`);
    const first = byKey.get(payload.clientMsgId);
    if (first) assert.deepEqual(ack.message, first, `${payload.clientMsgId} answered alike from both processes`);
    else byKey.set(payload.clientMsgId, ack.message);
  }
  assert.equal(byKey.size, people.length * rooms.length * PER_ROOM);

  for (const room of rooms) {
    const stored = await history(rests[2], people[0].token, room.id);
    const seqs = stored.map((m) => m.seq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: people.length * PER_ROOM }, (_, i) => i + 1), `room ${room.id}: seqs exactly 1..N`);
    const keys = stored.map((m) => m.clientMsgId);
    assert.equal(new Set(keys).size, keys.length, `room ${room.id}: no clientMsgId stored twice`);
    const byId = new Map(stored.map((m) => [m.id, m]));
    for (const acked of byKey.values())
      if (acked.roomId === room.id) assert.deepEqual(byId.get(acked.id), acked, `acked message ${acked.clientMsgId} stored as acked`);
  }
  // And from the database itself, under the server: nothing more than what was acknowledged.
  assert.equal(await psql('SELECT count(*) FROM messages', db.name), String(byKey.size));
});

test('chatd refuses a database it cannot use, and says why', { skip: !onPostgres && 'PostgreSQL only' }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatd-refused-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await assert.rejects(startServer(CHATD, ['--db', postgresUrl('no_such_database')], { withDb: false }),
    /cannot open the database postgresql:\/\/postgres@\/no_such_database.*does not exist/s);

  const db = await freshDatabase(dir);
  t.after(() => db.drop());
  const first = await startServer(CHATD, ['--db', db.location], { withDb: false });
  await first.stop();
  await psql('UPDATE chatd_schema SET version = version + 1', db.name);  // as a newer chatd would leave it
  await assert.rejects(startServer(CHATD, ['--db', db.location], { withDb: false }), /newer than this build/);
});
