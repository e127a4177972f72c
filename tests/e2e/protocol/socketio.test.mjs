// Socket.IO v5 protocol rules of the conformance echo server (conformance-server.md §4), one
// test per rule, over raw WebSocket frames; then an unmodified socket.io-client against it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startServer } from '../support/server.mjs';
import { RawClient } from './socketio_raw_client.mjs';

let server;
const clients = [];

before(async () => {
  server = await startServer(process.env.ECHO_BIN, [], { withDb: false });
});
after(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

async function open(opts) {
  const c = await RawClient.open(server.url, opts);
  clients.push(c);
  return c;
}

/** Checks a CONNECT answer `40<nsp,>{"sid":"..."}` with exactly the key sid. */
function assertConnectAnswer(frame, prefix) {
  assert.ok(frame.startsWith(prefix + '{'), `expected ${prefix}{...}, got ${frame}`);
  const body = JSON.parse(frame.slice(prefix.length));
  assert.deepEqual(Object.keys(body), ['sid']);
  assert.equal(typeof body.sid, 'string');
  return body.sid;
}

async function connectedClient(opts) {
  const c = await open(opts);
  await c.connect();
  return c;
}

// -- 4.2 connection life cycle --

test('nothing is sent before CONNECT: the first frame after the handshake is the ping', async () => {
  const c = await open({ keepPings: true });
  assert.equal(await c.next(), '2');
  c.send('3');
});

test('CONNECT to / gets {sid} then auth {}', async () => {
  const c = await open();
  const [answer, auth] = await c.connect();
  assertConnectAnswer(answer, '40');
  assert.equal(auth, '42["auth",{}]');
});

test('the CONNECT payload comes back in auth with its key order', async () => {
  const c = await open();
  const [answer, auth] = await c.connect('{"user":"u1","n":2,"a":[1.0,"é"]}');
  assertConnectAnswer(answer, '40');
  assert.equal(auth, '42["auth",{"user":"u1","n":2,"a":[1,"é"]}]');
});

test('CONNECT to /custom with a comma, without one, and with a payload', async () => {
  for (const [rest, expectedAuth] of [
    ['/custom,', '42/custom,["auth",{}]'],
    ['/custom', '42/custom,["auth",{}]'],
    ['/custom,{"k":"v"}', '42/custom,["auth",{"k":"v"}]'],
  ]) {
    const c = await open();
    const [answer, auth] = await c.connect(rest);
    assertConnectAnswer(answer, '40/custom,');
    assert.equal(auth, expectedAuth);
  }
});

test('each namespace socket gets its own sid; one connection joins several namespaces', async () => {
  const c = await open();
  const [root] = await c.connect();
  const [custom] = await c.connect('/custom');
  assert.notEqual(assertConnectAnswer(root, '40'), assertConnectAnswer(custom, '40/custom,'));
});

test('an unknown namespace gets "Invalid namespace" and the connection stays usable', async () => {
  const c = await open();
  c.send('40/other');
  assert.equal(await c.next(), '44/other,{"message":"Invalid namespace"}');
  const [answer] = await c.connect();
  assertConnectAnswer(answer, '40');
});

test('DISCONNECT from / is silent: the next frame is the regular ping', async () => {
  const c = await open({ keepPings: true });
  await c.connect();
  c.send('41');
  assert.equal(await c.next(), '2');
  c.send('3');
  const [answer] = await c.connect();  // still the same, working connection
  assertConnectAnswer(answer, '40');
});

test('DISCONNECT from /custom keeps / answering', async () => {
  const c = await connectedClient();
  await c.connect('/custom');
  c.send('41/custom');
  c.send('42["message","to main"]');
  assert.equal(await c.next(), '42["message-back","to main"]');
});

test('the connect timeout closes a session that never CONNECTs, at 1 s and not before', async () => {
  const c = await open();  // answers pings, so only the connect timeout can close it
  const { at } = await c.closedWithin(3000);
  const elapsed = at - c.openedAt;
  assert.ok(elapsed >= 980, `closed after ${elapsed} ms`);
  assert.ok(elapsed < 1600, `closed after ${elapsed} ms`);
});

// -- 4.3 application behaviour --

test('message comes back as message-back with the same arguments', async () => {
  const c = await connectedClient();
  c.send('42["message",7,"x",{"k":[null]},"q\\"\\u0001é😀",-0.5,1e21]');
  assert.equal(await c.next(), '42["message-back",7,"x",{"k":[null]},"q\\"\\u0001é😀",-0.5,1e+21]');
});

test('a binary message comes back as BINARY_EVENT with its attachment', async () => {
  const c = await connectedClient();
  c.send('451-["message",{"_placeholder":true,"num":0}]');
  c.send(Buffer.from([0xff]));
  const [text, bin] = await c.take(2);
  assert.equal(text, '451-["message-back",{"_placeholder":true,"num":0}]');
  assert.deepEqual(bin, Buffer.from([0xff]));
});

test('message-with-ack is answered with an ACK of the same id and arguments', async () => {
  const c = await connectedClient();
  c.send('4231["message-with-ack",true,{"z":0}]');
  assert.equal(await c.next(), '4331[true,{"z":0}]');
});

test('a binary message-with-ack gets a BINARY_ACK with both attachments in order', async () => {
  const c = await connectedClient();
  c.send('452-77["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
  c.send(Buffer.from([0x01]));
  c.send(Buffer.from([0x02, 0x03]));
  const [text, a, b] = await c.take(3);
  assert.equal(text, '462-77[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
  assert.deepEqual(a, Buffer.from([0x01]));
  assert.deepEqual(b, Buffer.from([0x02, 0x03]));
});

test('other events and unknown ack ids are ignored', async () => {
  const c = await connectedClient();
  c.send('42["something-else",1]');
  c.send('4399[1]');
  c.send('42["message","after"]');
  assert.equal(await c.next(), '42["message-back","after"]');
});

// -- 4.5 errors that close the Engine.IO connection --

const closingErrors = [
  ['an unknown packet type before CONNECT', false, ['4x']],
  ['an unknown packet type after CONNECT', true, ['4x["message"]']],
  ['an EVENT payload that is not an array', true, ['42{}']],
  ['an EVENT whose first element is not a string', true, ['42[{}]']],
  ['a reserved event name', true, ['42["disconnect"]']],
  ['garbage where the ack id goes', true, ['42xyz["message-with-ack",1]']],
  ['a payload that is not JSON', true, ['42["message",']],
  ['a CONNECT payload that is not an object', false, ['40[1]']],
  ['a DISCONNECT with a payload', true, ['41{}']],
  ['a bad attachment header', true, ['45x-["message",{"_placeholder":true,"num":0}]']],
  ['a binary frame nobody announced', true, [Buffer.from([1, 2])]],
  ['a text packet while attachments are missing', true, ['451-["message",{"_placeholder":true,"num":0}]', '42["message"]']],
  ['an EVENT before any CONNECT', false, ['42["message"]']],
  ['a CONNECT for a namespace already joined', true, ['40']],
  ['a CONNECT_ERROR from the client', true, ['44{"message":"x"}']],
];
for (const [what, afterConnect, frames] of closingErrors) {
  test(`${what} closes the connection`, async () => {
    const c = afterConnect ? await connectedClient() : await open();
    for (const f of frames) c.send(f);
    await c.closedWithin(2000);
  });
}

// -- the same layer over long-polling (SHOULD) --

test('Socket.IO over long-polling: CONNECT answer and auth in one poll', async () => {
  const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base)).text();
  const { sid } = JSON.parse(open.slice(1));
  const post = await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '40{"via":"polling"}' });
  assert.equal(await post.text(), 'ok');
  const poll = await (await fetch(`${base}&sid=${sid}`)).text();
  const [answer, auth] = poll.split('\x1e');
  assertConnectAnswer(answer, '40');
  assert.equal(auth, '42["auth",{"via":"polling"}]');
  await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '1' });
});

// -- a real client --

for (const [label, opts] of [
  ['WebSocket only', { transports: ['websocket'] }],
  ['default options (polling, then upgrade)', {}],
]) {
  test(`socket.io-client (${label}) gets auth, message-back and acks`, async () => {
    const socket = io(server.url, { ...opts, forceNew: true, reconnection: false, auth: { token: 'abc' } });
    try {
      const auth = await new Promise((resolve, reject) => {
        socket.once('auth', resolve);
        socket.once('connect_error', reject);
      });
      assert.deepEqual(auth, { token: 'abc' });

      const back = new Promise((resolve) => socket.once('message-back', (...args) => resolve(args)));
      socket.emit('message', 1, 'two', { three: [true] }, Buffer.from([4, 5]));
      const args = await back;
      assert.deepEqual(args.slice(0, 3), [1, 'two', { three: [true] }]);
      assert.deepEqual(Buffer.from(args[3]), Buffer.from([4, 5]));

      const acked = await new Promise((resolve) =>
        socket.emit('message-with-ack', 'a', Buffer.from([9]), (...ackArgs) => resolve(ackArgs)),
      );
      assert.equal(acked[0], 'a');
      assert.deepEqual(Buffer.from(acked[1]), Buffer.from([9]));
    } finally {
      socket.close();
    }
  });
}
