// Engine.IO v4 rules of the conformance echo server (conformance-server.md §2 and §3), one test
// per rule, with raw HTTP requests (fresh connection, Connection: close) and raw WebSockets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { startServer } from '../support/server.mjs';
import { request, polling, FrameSocket } from './engineio_client.mjs';

let server;
let poll;
const sockets = [];

before(async () => {
  server = await startServer(process.env.ECHO_BIN, [], { withDb: false });
  poll = polling(server.url);
});
after(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

function ws(query) {
  const s = new FrameSocket(`${server.url.replace(/^http/, 'ws')}/engine.io/?${query}`);
  sockets.push(s);
  return s;
}

/** A WebSocket session, its open packet already read. */
async function wsSession() {
  const s = ws('EIO=4&transport=websocket');
  const open = JSON.parse((await s.next()).slice(1));
  return { s, open };
}

/** A polling session and an upgrade WebSocket for it, opened. */
async function upgradingSession() {
  const { open } = await poll.handshake();
  const s = ws(`EIO=4&transport=websocket&sid=${open.sid}`);
  await s.opened;
  return { sid: open.sid, s };
}

// -- 2.4 handshake --

test('polling handshake: 200 text/plain with exactly one open packet of five keys', async () => {
  const res = await request(server.url, 'GET', '/engine.io/?EIO=4&transport=polling');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(res.body[0], '0');
  const open = JSON.parse(res.body.slice(1));
  assert.deepEqual(Object.keys(open), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
  assert.match(open.sid, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(open.upgrades, ['websocket']);
  assert.equal(open.pingInterval, 300);
  assert.equal(open.pingTimeout, 200);
  assert.equal(open.maxPayload, 1000000);
});

test('WebSocket handshake: the first frame is the open packet with no upgrades', async () => {
  const { open } = await wsSession();
  assert.deepEqual(Object.keys(open), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
  assert.deepEqual(open.upgrades, []);
});

// -- 2.2 request validation --

test('EIO missing, not a number or 3 gets 400 with a JSON body', async () => {
  for (const eio of ['', '&EIO=abc', '&EIO=3']) {
    const res = await request(server.url, 'GET', `/engine.io/?transport=polling${eio}`);
    assert.equal(res.status, 400, `EIO ${eio}`);
    assert.equal(JSON.parse(res.body).code, 5);
  }
});

test('transport missing or unknown gets 400', async () => {
  for (const t of ['', '&transport=abc']) {
    const res = await request(server.url, 'GET', `/engine.io/?EIO=4${t}`);
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.body).code, 0);
  }
});

test('a handshake by any method but GET gets 400', async () => {
  for (const method of ['POST', 'PUT']) {
    const res = await request(server.url, method, '/engine.io/?EIO=4&transport=polling', '');
    assert.equal(res.status, 400, method);
  }
});

test('an unknown sid gets 400, on GET and on POST', async () => {
  assert.equal((await poll.get('nosuchsession')).status, 400);
  assert.equal((await poll.post('nosuchsession', '4x')).status, 400);
});

test('transport=websocket on a plain GET gets 400', async () => {
  const res = await request(server.url, 'GET', '/engine.io/?EIO=4&transport=websocket');
  assert.equal(res.status, 400);
});

test('a WebSocket upgrade with bad EIO or transport gets HTTP 400, never 101', async () => {
  for (const q of ['transport=websocket', 'EIO=abc&transport=websocket', 'EIO=3&transport=websocket', 'EIO=4', 'EIO=4&transport=abc']) {
    const err = await ws(q).opened.then(() => null, (e) => e);
    assert.equal(err?.status, 400, q);
  }
});

test('a WebSocket upgrade with an unknown sid gets HTTP 400', async () => {
  const err = await ws('EIO=4&transport=websocket&sid=unknown').opened.then(() => null, (e) => e);
  assert.equal(err?.status, 400);
});

test('a path outside the two endpoints gets 404', async () => {
  assert.equal((await request(server.url, 'GET', '/elsewhere')).status, 404);
});

// -- 3 echo over polling --

test('polling: one text message comes back in the next GET', async () => {
  const { open } = await poll.handshake();
  const posted = await poll.post(open.sid, '4abc');
  assert.equal(posted.status, 200);
  assert.equal(posted.body, 'ok');
  assert.equal((await poll.get(open.sid)).body, '4abc');
});

test('polling: several messages of one POST come back together in one GET', async () => {
  const { open } = await poll.handshake();
  await poll.post(open.sid, '4one\x1e4two\x1e4three');
  assert.equal((await poll.get(open.sid)).body, '4one\x1e4two\x1e4three');
});

test('polling: binary comes back as b+base64 next to text', async () => {
  const { open } = await poll.handshake();
  await poll.post(open.sid, '4hi\x1ebAAEC');
  const res = await poll.get(open.sid);
  assert.equal(res.body, '4hi\x1ebAAEC');
  assert.equal(res.headers['cache-control'], 'no-store');
});

test('polling: an undecodable body closes the session', async () => {
  const { open } = await poll.handshake();
  assert.equal((await poll.post(open.sid, 'abc')).status, 400);
  assert.equal((await poll.get(open.sid)).status, 400);
});

test('polling: a second GET while one is pending gets 400, the first gets 1, the sid dies', async () => {
  const { open } = await poll.handshake();
  const first = poll.get(open.sid);
  await delay(30); // the first GET must be held before the second arrives
  const second = await poll.get(open.sid);
  assert.equal(second.status, 400);
  const held = await first;
  assert.equal(held.status, 200);
  assert.equal(held.body, '1');
  assert.equal((await poll.get(open.sid)).status, 400);
});

test('polling: a body over maxPayload gets 413 and closes the session', async () => {
  const { open } = await poll.handshake();
  const res = await poll.post(open.sid, '4' + 'x'.repeat(1000000));
  assert.equal(res.status, 413);
  assert.equal((await poll.get(open.sid)).status, 400);
});

// -- 3 echo over WebSocket --

test('WebSocket: a text frame comes back as the same text frame', async () => {
  const { s } = await wsSession();
  s.send('4hey');
  assert.equal(await s.next(), '4hey');
});

test('WebSocket: a binary frame comes back as the same bytes in a binary frame', async () => {
  const { s } = await wsSession();
  s.send(Buffer.from([0x0a, 0x0b, 0x0c]));
  assert.deepEqual(await s.next(), Buffer.from([0x0a, 0x0b, 0x0c]));
});

test('WebSocket: an undecodable text frame closes the connection', async () => {
  const { s } = await wsSession();
  s.send('xyz');
  await s.waitClosed();
});

test('WebSocket: a message over maxPayload closes with 1009', async () => {
  const { s } = await wsSession();
  s.send('4' + 'x'.repeat(1000001));
  assert.equal(await s.waitClosed(), 1009);
});

// -- 2.5 heartbeat --

test('polling heartbeat: three ping/pong rounds keep the session', async () => {
  const { open } = await poll.handshake();
  for (let i = 0; i < 3; i++) {
    const ping = await poll.get(open.sid);
    assert.equal(ping.body, '2');
    assert.equal((await poll.post(open.sid, '3')).body, 'ok');
  }
});

test('WebSocket heartbeat: three ping/pong rounds keep the session', async () => {
  const { s } = await wsSession();
  for (let i = 0; i < 3; i++) {
    assert.equal(await s.next(1000), '2');
    s.send('3');
  }
  s.send('4still');
  assert.equal(await s.next(), '4still');
});

test('polling: without a pong the session is dead 500 ms after the handshake', async () => {
  const { open } = await poll.handshake();
  await delay(500); // pingInterval + pingTimeout: the rule itself is about this instant
  assert.equal((await poll.get(open.sid)).status, 400);
});

test('WebSocket: without a pong the server closes the connection', async () => {
  const { s } = await wsSession();
  assert.equal(await s.next(1000), '2');
  await s.waitClosed(1000);
});

// -- 2.6 / 2.7 close --

test('polling: a POSTed close answers the pending GET with a noop and ends the session', async () => {
  const { open } = await poll.handshake();
  const held = poll.get(open.sid);
  await delay(30); // the GET must be held first, as in the suite
  assert.equal((await poll.post(open.sid, '1')).status, 200);
  const res = await held;
  assert.equal(res.status, 200);
  assert.equal(res.body, '6');
  assert.equal((await poll.get(open.sid)).status, 400);
});

test('polling: a GET that races the closing POST and loses still gets the noop, once', async () => {
  const { open } = await poll.handshake();
  assert.equal((await poll.post(open.sid, '1')).status, 200);
  assert.equal((await poll.get(open.sid)).body, '6');
  assert.equal((await poll.get(open.sid)).status, 400);
});

test('WebSocket: a close packet closes the connection at once', async () => {
  const { s } = await wsSession();
  s.send('1');
  await s.waitClosed(1000);
});

// -- 2.8 upgrade --

test('upgrade: 2probe gets 3probe, the next poll gets 6, 5 switches and echoes go to the WebSocket', async () => {
  const { sid, s } = await upgradingSession();
  s.send('2probe');
  assert.equal(await s.next(), '3probe');
  const res = await poll.get(sid);
  assert.equal(res.body, '6');
  s.send('5');
  s.send('4hello');
  assert.equal(await s.next(), '4hello');
  assert.equal((await poll.get(sid)).status, 400);
});

test('upgrade: a GET already pending when the probe arrives is answered 6', async () => {
  const { open } = await poll.handshake();
  const held = poll.get(open.sid);
  await delay(30); // held before the probe
  const s = ws(`EIO=4&transport=websocket&sid=${open.sid}`);
  await s.opened;
  s.send('2probe');
  assert.equal(await s.next(), '3probe');
  assert.equal((await held).body, '6');
});

test('upgrade: 2probe and 5 back to back, then the WebSocket carries the session', async () => {
  const { sid, s } = await upgradingSession();
  s.send('2probe');
  s.send('5');
  assert.equal(await s.next(), '3probe');
  s.send('4after');
  assert.equal(await s.next(), '4after');
  assert.equal((await poll.post(sid, '4x')).status, 400);
});

test('upgrade: a message queued for polling is flushed to the WebSocket once', async () => {
  const { sid, s } = await upgradingSession();
  s.send('2probe');
  assert.equal(await s.next(), '3probe');
  await poll.post(sid, '4queued'); // its echo waits for a GET that never comes
  s.send('5');
  assert.equal(await s.next(), '4queued');
  s.send('4next');
  assert.equal(await s.next(), '4next');
});

test('upgrade: a second WebSocket with the sid of an upgraded session opens, then closes at once', async () => {
  const { sid, s } = await upgradingSession();
  s.send('2probe');
  s.send('5');
  assert.equal(await s.next(), '3probe');
  const second = ws(`EIO=4&transport=websocket&sid=${sid}`);
  await second.opened;
  await second.waitClosed();
  s.send('4alive');
  assert.equal(await s.next(), '4alive');
});

// -- 1 CORS --

test('CORS: a preflight gets 204 with the allowed methods and the asked headers', async () => {
  const res = await request(server.url, 'OPTIONS', '/engine.io/?EIO=4&transport=polling', undefined, {
    Origin: 'http://example.com',
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'content-type',
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal(res.headers['access-control-allow-methods'], 'GET,HEAD,PUT,PATCH,POST,DELETE');
  assert.equal(res.headers['access-control-allow-headers'], 'content-type');
  assert.match(res.headers.vary, /Access-Control-Request-Headers/);
});

test('CORS: answers on the endpoint carry Access-Control-Allow-Origin: *', async () => {
  const { headers } = await poll.handshake();
  assert.equal(headers['access-control-allow-origin'], '*');
});
