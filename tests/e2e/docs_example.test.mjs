// The README's client example (docs/examples/quickstart.mjs) runs as written against a real
// chatd: documentation that cannot silently rot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from './support/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

test('the quickstart example chats end to end', async (t) => {
  const server = await startServer(process.env.CHATD_BIN);
  t.after(() => server.stop());
  // Run a copy placed here so that `import 'socket.io-client'` resolves to tests/e2e/node_modules.
  const copy = path.join(here, `.quickstart-${process.pid}.mjs`);
  copyFileSync(path.join(here, '../../docs/examples/quickstart.mjs'), copy);
  t.after(() => rmSync(copy, { force: true }));

  const { stdout } = await promisify(execFile)(process.execPath, [copy, server.url], { timeout: 20000 });
  assert.match(stdout, /alice's message is stored as #1/);
  assert.match(stdout, /bob got #1: hi bob!/);
  assert.match(stdout, /history, newest first: hi alice \| hi bob!/);
  assert.match(stdout, /reply \d+ answers \d+/);
});
