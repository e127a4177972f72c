// Density: one chatd holds 19,000 authenticated idle sockets at once (issue 11), no error on
// either side. Each process has its own file descriptor limit (20,000 here: chatd and the
// generator both raise their soft limit to the hard one), and each end of a socket is one
// descriptor in its process, so 19,000 leaves ~1,000 for everything else in each. With a lower
// limit the test holds what fits (limit - 1,000) and says so. Prints chatd's RSS per socket.
// Sanitized builds (scripts/test-sanitizers) connect and shut down several times slower: they
// get a longer connecting window and shutdown grace (so LSan's exit check runs); the test's
// ctest timeout grows with them (tests/bench/CMakeLists.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { startServer } from '../e2e/support/server.mjs';

const CHATD = process.env.CHATD_BIN;
const LOAD = process.env.CHAT_LOAD_BIN;
const WANTED = 19000;
const SANITIZED = Boolean(process.env.ASAN_OPTIONS || process.env.TSAN_OPTIONS);

function hardFdLimit() {
  return Number(execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim()) || 1024;
}

function chatLoad(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(LOAD, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c) => { out += c; });
    proc.stderr.on('data', (c) => { err += c; });
    proc.once('close', (code) => {
      if (code !== 0) reject(new Error(`chat_load ${args.join(' ')} exited ${code}:\n${err.slice(-4000)}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

test(`chatd holds ${WANTED.toLocaleString('en-US')} idle authenticated sockets at once`, async () => {
  const sockets = Math.min(WANTED, hardFdLimit() - 1000);
  if (sockets < WANTED) console.log(`# the hard fd limit allows ${sockets} sockets per process, not ${WANTED}`);
  const server = await startServer(CHATD, ['--auth', 'pseudo', '--max-connections', String(sockets + 100)]);
  try {
    const r = await chatLoad(['--url', server.url, '--server-pid', String(server.proc.pid),
      '--scenario', 'idle', '--connections', String(sockets), '--hold', '2', '--check',
      '--setup', SANITIZED ? '720' : '120']);
    console.log(`# ${r.connected} sockets held; chatd RSS ${r.server.rss_before_kib} -> ${r.server.rss_after_kib} KiB, ` +
                `${r.server.rss_per_socket_kib} KiB per socket; generator ${r.generator.rss_per_socket_kib} KiB per socket`);
    assert.equal(r.connections, sockets);
    assert.equal(r.connected, sockets, r.first_failure);
    assert.equal(r.failures, 0, r.first_failure);
    assert.doesNotMatch(server.stderr(), /\berror\b/i, 'chatd logged no error while holding them');
  } finally {
    await server.stop({ graceMs: SANITIZED ? 120000 : 5000 });
  }
});
