// chat_load against a real chatd for a few seconds: direct rooms, then a group, at a modest
// rate. Every message must be acked and delivered once — nothing lost, refused or doubled —
// and the JSON line must carry the figures the comparison table is made of.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer } from '../e2e/support/server.mjs';

const CHATD = process.env.CHATD_BIN;
const LOAD = process.env.CHAT_LOAD_BIN;

/** Runs chat_load to the end; its JSON line, or a rejection with its stderr. */
function chatLoad(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(LOAD, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c) => { out += c; });
    proc.stderr.on('data', (c) => { err += c; });
    proc.once('close', (code) => {
      if (code !== 0) reject(new Error(`chat_load ${args.join(' ')} exited ${code}:\n${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

for (const [scenario, extra] of [['direct', ['--users', '40']], ['group', ['--users', '40', '--group-size', '10']]]) {
  test(`${scenario}: every message acked and delivered exactly once`, async () => {
    const server = await startServer(CHATD, ['--auth', 'pseudo']);
    try {
      const result = await chatLoad(['--url', server.url, '--server-pid', String(server.proc.pid),
        '--scenario', scenario, ...extra, '--rate', '200', '--seconds', '2', '--warmup', '0.5', '--check']);
      assert.equal(result.scenario, scenario);
      assert.equal(result.sent, 400);
      assert.equal(result.acked, 400);
      assert.equal(result.lost, 0);
      assert.equal(result.duplicated, 0);
      assert.equal(result.refused, 0);
      const recipients = scenario === 'direct' ? 1 : 9;
      assert.equal(result.delivered, 400 * recipients);
      assert.ok(result.ack_ms.p99 > 0 && result.ack_ms.p50 <= result.ack_ms.p99);
      assert.ok(result.delivery_ms.p999 >= result.delivery_ms.p99);
      assert.ok(result.server.cpu_seconds > 0, 'server CPU sampled from /proc');
      assert.ok(result.server.rss_kib > 0);
      assert.ok(result.generator.cpu_seconds > 0);
    } finally {
      await server.stop();
    }
  });
}

test('a server that refuses the token fails setup with the reason', async () => {
  const server = await startServer(CHATD, ['--auth', 'password']);
  try {
    // Password mode: POST /api/users is 403, so no user can be made.
    await assert.rejects(chatLoad(['--url', server.url, '--users', '2', '--seconds', '1']), /403/);
  } finally {
    await server.stop();
  }
});
