// Chat stories with the unmodified socket.io-client against the real chatd, for the client
// mode in env CLIENT_MODE: websocket, polling, or default (polling, then upgrade).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { call, clientOptions, connect, disconnect, received, restClient, waitFor } from './support/client.mjs';

const MODE = process.env.CLIENT_MODE || 'default';

describe(`chat over socket.io-client (${MODE})`, () => {
  let server;
  let rest;
  const sockets = [];
  let n = 0;

  /** A fresh user (pseudo-auth): {id, username, token}. */
  const user = async (name) => {
    const res = await rest('POST', '/api/users', { body: { username: `${name}-${++n}` } });
    assert.equal(res.status, 200, res.text);
    return { ...res.json.user, token: res.json.token };
  };
  /** A connected socket of `u`, closed after the suite. */
  const open = async (u) => {
    const s = await connect(server.url, u.token, clientOptions(MODE));
    sockets.push(s);
    return s;
  };
  const ok = (ack) => {
    assert.equal(ack?.ok, true, JSON.stringify(ack));
    return ack;
  };
  const refused = (ack, code) => {
    assert.equal(ack?.ok, false, JSON.stringify(ack));
    assert.equal(ack.error?.code, code, JSON.stringify(ack));
    assert.equal(typeof ack.error.message, 'string');
  };
  const send = async (s, roomId, body, extra = {}) => ok(await call(s, 'message:send', { roomId, body, ...extra })).message;

  before(async () => {
    server = await startServer(process.env.CHATD_BIN, ['--auth', 'pseudo']);
    rest = restClient(server.url);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  test('alice and bob chat both ways; nobody gets their own echo', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const [a, b] = [await open(alice), await open(bob)];
    const room = ok(await call(a, 'room:direct', { userId: bob.id })).room;
    assert.equal(room.kind, 'direct');
    assert.deepEqual(room.members.map((m) => m.id).sort(), [alice.id, bob.id].sort());
    await waitFor(b, 'room:new', (p) => p.room.id === room.id);
    assert.equal(ok(await call(b, 'room:direct', { userId: alice.id })).room.id, room.id, 'one direct room per pair');

    const hi = await send(a, room.id, 'hi bob', { clientMsgId: 'a-1' });
    assert.equal(hi.seq, 1);
    assert.equal(hi.senderId, alice.id);
    assert.equal(hi.clientMsgId, 'a-1');
    const got = await waitFor(b, 'message:new', (p) => p.message.id === hi.id);
    assert.deepEqual(got.message, hi);

    const reply = await send(b, room.id, 'hi alice');
    assert.equal(reply.seq, 2);
    await waitFor(a, 'message:new', (p) => p.message.id === reply.id);
    // each saw the other's message, which came after their own: no echo of their own arrived
    assert.equal(received(a, 'message:new', (p) => p.message.id === hi.id), 0);
    assert.equal(received(b, 'message:new', (p) => p.message.id === reply.id), 0);
  });

  test('a group of three: everyone sees the others, not themselves', async () => {
    const us = [await user('ann'), await user('ben'), await user('cid')];
    const ss = await Promise.all(us.map(open));
    const room = ok(await call(ss[0], 'room:create', { name: 'trio', memberIds: [us[1].id, us[2].id] })).room;
    assert.equal(room.kind, 'group');
    assert.equal(room.name, 'trio');
    assert.equal(room.members.length, 3);
    await Promise.all(ss.slice(1).map((s) => waitFor(s, 'room:new', (p) => p.room.id === room.id)));

    const sent = [];
    for (const [i, s] of ss.entries()) sent.push(await send(s, room.id, `from ${us[i].username}`));
    for (const [i, s] of ss.entries()) {
      for (const [j, m] of sent.entries()) {
        if (i !== j) await waitFor(s, 'message:new', (p) => p.message.id === m.id);
      }
      assert.equal(received(s, 'message:new', (p) => p.message.id === sent[i].id), 0, `${us[i].username} got an echo`);
    }
  });

  test("a second tab of the same user gets the conversation too, including its other tab's sends", async () => {
    const [dan, eve] = [await user('dan'), await user('eve')];
    const [tab1, tab2, e] = [await open(dan), await open(dan), await open(eve)];
    const room = ok(await call(e, 'room:direct', { userId: dan.id })).room;
    await Promise.all([tab1, tab2].map((t) => waitFor(t, 'room:new', (p) => p.room.id === room.id)));
    const m = await send(e, room.id, 'to both tabs');
    await Promise.all([tab1, tab2].map((t) => waitFor(t, 'message:new', (p) => p.message.id === m.id)));
    const mine = await send(tab1, room.id, 'from tab 1');
    await waitFor(tab2, 'message:new', (p) => p.message.id === mine.id);
    await waitFor(e, 'message:new', (p) => p.message.id === mine.id);
  });

  test('presence: online and offline for room mates, and presence:watch for strangers', async () => {
    const [fay, gus, hank] = [await user('fay'), await user('gus'), await user('hank')];
    const f = await open(fay);
    const g1 = await open(gus);
    ok(await call(f, 'room:direct', { userId: gus.id }));
    await disconnect(g1);
    await waitFor(f, 'presence', (p) => p.userId === gus.id && p.online === false);

    const g2 = await open(gus);
    await waitFor(f, 'presence', (p) => p.userId === gus.id && p.online === true);

    // hank shares no room with gus: he watches him
    const h = await open(hank);
    const watched = ok(await call(h, 'presence:watch', { userIds: [gus.id] }));
    assert.equal(watched.users.length, 1);
    assert.equal(watched.users[0].userId ?? watched.users[0].id, gus.id);
    assert.equal(watched.users[0].online, true);
    await disconnect(g2);
    await waitFor(h, 'presence', (p) => p.userId === gus.id && p.online === false);
    await waitFor(f, 'presence', (p) => p.userId === gus.id && p.online === false);
  });

  test('a reply carries its parentId; a parent from another room is bad_request', async () => {
    const [ida, jon, kai] = [await user('ida'), await user('jon'), await user('kai')];
    const [i, j] = [await open(ida), await open(jon)];
    const room = ok(await call(i, 'room:direct', { userId: jon.id })).room;
    const other = ok(await call(i, 'room:direct', { userId: kai.id })).room;
    const question = await send(i, room.id, 'lunch?');
    const elsewhere = await send(i, other.id, 'unrelated');
    const answer = await send(j, room.id, 'yes', { parentId: question.id });
    assert.equal(answer.parentId, question.id);
    const got = await waitFor(i, 'message:new', (p) => p.message.id === answer.id);
    assert.equal(got.message.parentId, question.id);
    refused(await call(j, 'message:send', { roomId: room.id, body: 'wrong', parentId: elsewhere.id }), 'bad_request');
    refused(await call(j, 'message:send', { roomId: room.id, body: 'wrong', parentId: 987654321 }), 'bad_request');
  });

  test('history pages backwards to the first message', async () => {
    const [lia, max] = [await user('lia'), await user('max')];
    const l = await open(lia);
    const room = ok(await call(l, 'room:direct', { userId: max.id })).room;
    for (let k = 1; k <= 7; k++) await send(l, room.id, `line ${k}`);
    const seqs = [];
    let before;
    for (let page = 0; page < 5; page++) {
      const ack = ok(await call(l, 'messages:history', { roomId: room.id, limit: 3, ...(before ? { before } : {}) }));
      seqs.push(...ack.messages.map((m) => m.seq));
      if (ack.nextBefore === null) break;
      before = ack.nextBefore;
    }
    assert.deepEqual(seqs, [7, 6, 5, 4, 3, 2, 1]);
  });

  test('bob misses messages while disconnected and catches up with messages:sync', async () => {
    const [ned, ola] = [await user('ned'), await user('ola')];
    const nn = await open(ned);
    let o = await open(ola);
    const room = ok(await call(nn, 'room:direct', { userId: ola.id })).room;
    const seen = await send(nn, room.id, 'before the break');
    await waitFor(o, 'message:new', (p) => p.message.id === seen.id);
    await disconnect(o);
    const missed = [];
    for (let k = 1; k <= 3; k++) missed.push(await send(nn, room.id, `missed ${k}`));
    o = await open(ola);
    const sync = ok(await call(o, 'messages:sync', { roomId: room.id, afterSeq: seen.seq }));
    assert.deepEqual(sync.messages.map((m) => m.id), missed.map((m) => m.id));
    assert.deepEqual(sync.messages.map((m) => m.seq), [2, 3, 4]);
  });

  test('a non-member is refused with forbidden and learns nothing', async () => {
    const [pia, quinn, rex] = [await user('pia'), await user('quinn'), await user('rex')];
    const p = await open(pia);
    const r = await open(rex);
    const room = ok(await call(p, 'room:direct', { userId: quinn.id })).room;
    await send(p, room.id, 'private');
    for (const [event, payload] of [
      ['message:send', { roomId: room.id, body: 'let me in' }],
      ['messages:history', { roomId: room.id }],
      ['messages:sync', { roomId: room.id, afterSeq: 0 }],
    ]) {
      const ack = await call(r, event, payload);
      assert.equal(ack.ok, false, `${event}: ${JSON.stringify(ack)}`);
      assert.ok(['forbidden', 'not_found'].includes(ack.error.code), JSON.stringify(ack));
      assert.ok(!JSON.stringify(ack).includes('private'));
    }
  });

  test('malformed payloads get bad_request and the socket stays usable', async () => {
    const [sam, tia] = [await user('sam'), await user('tia')];
    const s = await open(sam);
    const room = ok(await call(s, 'room:direct', { userId: tia.id })).room;
    refused(await call(s, 'message:send', 'just a string'), 'bad_request');
    refused(await call(s, 'message:send', { roomId: 'one', body: 'x' }), 'bad_request');
    refused(await call(s, 'message:send', { roomId: room.id, body: 42 }), 'bad_request');
    refused(await call(s, 'message:send', { roomId: room.id, body: '' }), 'bad_request');
    refused(await call(s, 'message:send', { roomId: room.id }), 'bad_request');
    refused(await call(s, 'messages:history', { roomId: room.id, limit: 0 }), 'bad_request');
    refused(await call(s, 'room:direct', { userId: 'tia' }), 'bad_request');
    refused(await call(s, 'message:send', { roomId: room.id, body: 'x'.repeat(4001) }), 'payload_too_large');
    const fine = await send(s, room.id, 'still here');
    assert.equal(fine.seq, 1);
  });

  test('a bad or missing token: connect_error "unauthorized"', async () => {
    await assert.rejects(connect(server.url, 'not-a-real-token', clientOptions(MODE)), (err) => err.message === 'unauthorized');
    await assert.rejects(connect(server.url, undefined, clientOptions(MODE)), (err) => err.message === 'unauthorized');
  });

  test('a repeated clientMsgId acks the first message and is not broadcast twice', async () => {
    const [uma, vic] = [await user('uma'), await user('vic')];
    const [u, v] = [await open(uma), await open(vic)];
    const room = ok(await call(u, 'room:direct', { userId: vic.id })).room;
    const first = await send(u, room.id, 'once', { clientMsgId: 'dup-1' });
    const again = await send(u, room.id, 'once', { clientMsgId: 'dup-1' });
    assert.deepEqual(again, first);
    const next = await send(u, room.id, 'twice');
    assert.equal(next.seq, first.seq + 1, 'the duplicate used no seq');
    await waitFor(v, 'message:new', (p) => p.message.id === next.id); // ordered after any duplicate
    assert.equal(received(v, 'message:new', (p) => p.message.id === first.id), 1);
  });

  test('30 concurrent sends get gapless seqs and all arrive', async () => {
    const [wes, xia] = [await user('wes'), await user('xia')];
    const [w, x] = [await open(wes), await open(xia)];
    const room = ok(await call(w, 'room:direct', { userId: xia.id })).room;
    const acks = await Promise.all(Array.from({ length: 30 }, (_, k) => call(w, 'message:send', { roomId: room.id, body: `burst ${k}` }, 10000)));
    const seqs = acks.map((a) => ok(a).message.seq).sort((p, q) => p - q);
    assert.deepEqual(seqs, Array.from({ length: 30 }, (_, k) => k + 1));
    await Promise.all(acks.map((a) => waitFor(x, 'message:new', (p) => p.message.id === a.message.id, 8000)));
  });

  test('message:read and typing reach the other members; GET /api/rooms shows lastMessage and unread', async () => {
    const [yan, zoe] = [await user('yan'), await user('zoe')];
    const [y, z] = [await open(yan), await open(zoe)];
    const room = ok(await call(y, 'room:direct', { userId: zoe.id })).room;

    ok(await call(y, 'typing', { roomId: room.id, typing: true }));
    const typing = await waitFor(z, 'typing');
    assert.deepEqual(typing, { roomId: room.id, userId: yan.id, typing: true });

    const msgs = [];
    for (let k = 1; k <= 3; k++) msgs.push(await send(y, room.id, `note ${k}`));
    let rooms = await rest('GET', '/api/rooms', { token: zoe.token });
    let entry = rooms.json.rooms.find((r) => r.id === room.id);
    assert.equal(entry.lastMessage.id, msgs[2].id);
    assert.equal(entry.unread, 3);
    assert.equal((await rest('GET', '/api/rooms', { token: yan.token })).json.rooms.find((r) => r.id === room.id).unread, 0);

    ok(await call(z, 'message:read', { roomId: room.id, seq: 2 }));
    const read = await waitFor(y, 'message:read');
    assert.deepEqual(read, { roomId: room.id, userId: zoe.id, seq: 2 });
    rooms = await rest('GET', '/api/rooms', { token: zoe.token });
    entry = rooms.json.rooms.find((r) => r.id === room.id);
    assert.equal(entry.unread, 1);
    assert.equal(received(z, 'typing', (p) => p.userId === zoe.id), 0);
  });
});

describe(`shutdown with clients attached (${MODE})`, () => {
  test('chatd exits on SIGTERM within 5 s while a socket is still open', async () => {
    const server = await startServer(process.env.CHATD_BIN, ['--auth', 'pseudo']);
    const rest = restClient(server.url);
    const res = await rest('POST', '/api/users', { body: { username: 'stayer' } });
    const s = await connect(server.url, res.json.token, clientOptions(MODE));
    const closed = new Promise((resolve) => s.once('disconnect', resolve));
    await server.stop({ graceMs: 5000 });
    await closed;
    s.close();
    assert.equal(server.stoppedCleanly(), true, 'chatd had to be killed: it hangs on shutdown with open connections');
  });
});
