// A complete chat client in a few lines: register two users, open a direct room, talk.
// Run against a server: node docs/examples/quickstart.mjs http://localhost:3000
// (needs socket.io-client: `npm i socket.io-client`, or run from tests/e2e where it is installed)
import { io } from 'socket.io-client';

const url = process.argv[2] ?? 'http://localhost:3000';
const post = (path, body) =>
  fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then((r) => r.json());

const name = `user${Date.now()}`;
const alice = await post('/api/auth/register', { username: `${name}-alice`, password: 'correct horse' });
const bob = await post('/api/auth/register', { username: `${name}-bob`, password: 'battery staple' });

// Default options: HTTP long-polling first, then an upgrade to WebSocket.
const a = io(url, { auth: { token: alice.token } });
const b = io(url, { auth: { token: bob.token } });
b.on('message:new', ({ message }) => console.log(`bob got #${message.seq}: ${message.body}`));
// Online means connected: a message sent before bob's 'connect' is history, not a live event.
await Promise.all([a, b].map((s) => new Promise((resolve) => s.once('connect', resolve))));

const { room } = await a.emitWithAck('room:direct', { userId: bob.user.id });
const sent = await a.emitWithAck('message:send', { roomId: room.id, body: 'hi bob!', clientMsgId: 'm1' });
console.log(`alice's message is stored as #${sent.message.seq}`); // acked only after commit

const reply = await b.emitWithAck('message:send', { roomId: room.id, body: 'hi alice', parentId: sent.message.id });
const history = await a.emitWithAck('messages:history', { roomId: room.id, limit: 50 });
console.log(`history, newest first: ${history.messages.map((m) => m.body).join(' | ')}`);
console.log(`reply ${reply.message.id} answers ${reply.message.parentId}`);
a.close();
b.close();
