// scripts/cluster as a user runs it: redis-server, PostgreSQL, three chatd nodes and HAProxy
// in front on one port. Clients of every mode connect through HAProxy only: new connections
// spread over the nodes, a polling session's requests stay on its node (the sid prefix), and
// everyone hears everyone. SIGTERM stops every process of the cluster.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './support/redis.mjs';
import { call, clientOptions, connect, restClient, waitFor } from './support/client.mjs';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/cluster');
let proc;
let url;
let output = '';
const sockets = [];

/** The pids of the processes listening on `port`, from ss(8). */
async function listening(port) {
  const ss = spawn('ss', ['-Htlnp', `sport = :${port}`]);
  let out = '';
  ss.stdout.on('data', (d) => { out += d; });
  await new Promise((r) => ss.once('exit', r));
  return out.trim();
}

before(async () => {
  // Ports port..port+4 (HAProxy, three nodes, Redis): a free one and the four after it.
  let port;
  for (;;) {
    port = await freePort();
    if (port < 60000 && (await Promise.all([1, 2, 3, 4].map((i) => listening(port + i)))).every((x) => x === '')) break;
  }
  proc = spawn(SCRIPT, ['--port', String(port), '--nodes', '3', '--', '--auth', 'pseudo', '--threads', '2'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`scripts/cluster did not get ready:\n${output}`)), 60000);
    const check = () => { if (output.includes('cluster ready')) { clearTimeout(timer); resolve(); } };
    proc.stdout.on('data', check);
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`scripts/cluster exited with ${code}:\n${output}`)); });
  });
  url = `http://127.0.0.1:${port}`;
});

after(async () => {
  for (const s of sockets) s.close();
  if (proc && proc.exitCode === null) {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
});

for (const mode of ['polling', 'websocket', 'default']) {
  test(`${mode} clients through HAProxy land on several nodes and all hear each other`, async () => {
    const rest = restClient(url);
    const people = [];
    for (let i = 0; i < 6; i++) {
      const res = await rest('POST', '/api/users', { body: { username: `${mode}-${i}` } });
      assert.equal(res.status, 200, res.text);
      people.push({ ...res.json.user, token: res.json.token });
    }
    const clients = [];
    for (const p of people) {
      const s = await connect(url, p.token, clientOptions(mode));
      sockets.push(s);
      clients.push(s);
    }
    // The node of each session is in its Engine.IO id ("n2.…").
    const nodes = new Set(clients.map((s) => s.io.engine.id.split('.')[0]));
    assert.ok(nodes.size >= 2, `six connections spread over the nodes: ${[...nodes]}`);

    const room = (await call(clients[0], 'room:create', { name: mode, memberIds: people.slice(1).map((p) => p.id) })).room;
    for (const s of clients.slice(1)) await waitFor(s, 'room:new', (x) => x.room.id === room.id);
    const sent = [];
    for (const [i, s] of clients.entries()) {
      const ack = await call(s, 'message:send', { roomId: room.id, body: `${mode} from ${i}` });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      sent.push({ from: i, message: ack.message });
    }
    for (const [i, s] of clients.entries())
      for (const m of sent.filter((x) => x.from !== i))
        assert.deepEqual((await waitFor(s, 'message:new', (x) => x.message.id === m.message.id)).message, m.message);
    // Long-polling sessions kept their node: still the same id, still connected.
    for (const s of clients) assert.ok(s.connected);
  });
}

test('SIGTERM stops HAProxy, the nodes, Redis and PostgreSQL', async () => {
  const port = Number(new URL(url).port);
  proc.kill('SIGTERM');
  const code = await new Promise((r) => proc.once('exit', (c, sig) => r(c ?? sig)));
  assert.equal(code, 143, output);
  assert.match(output, /cluster: stopped/);
  for (let i = 0; i <= 4; i++) assert.equal(await listening(port + i), '', `port ${port + i} is free again`);
});
