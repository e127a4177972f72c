// Starts a real server binary (chatd or socketio_echo) for a test file, on a free port, and
// stops it afterwards. The binary announces its address on stderr with a line containing
// "listening on http://HOST:PORT"; we wait for that line, not for a fixed time.
// In a sanitized build (CHAT_SANITIZE) the server's stderr carries the sanitizer reports: stop()
// rejects when it finds one, so a data race, leak or UB in the server fails the test file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshDatabase } from './database.mjs';

const LISTENING = /listening on (http:\/\/[^\s]+)/;
// A sanitized build (scripts/test-sanitizers sets *SAN_OPTIONS) runs several times slower, and
// its I/O threads run late for that reason, not because clients overload it: there chatd's
// I/O-lag shedding (--shed-io-lag, tested by http_tests and actors.event_admission) would refuse
// the tests' own events "overloaded". Off unless a test sets it.
const SANITIZED = Boolean(process.env.ASAN_OPTIONS || process.env.TSAN_OPTIONS);
// First lines of ASan/LSan/TSan/UBSan reports (UBSan's "file:line:col: runtime error: ...").
const SANITIZER_REPORT = /^(==\d+==ERROR: \w+Sanitizer|WARNING: ThreadSanitizer|.*: runtime error: )/m;

/** The sanitizer report in a server's stderr (from its first line on), or null. */
export function sanitizerReport(stderr) {
  const m = SANITIZER_REPORT.exec(stderr);
  return m ? stderr.slice(m.index) : null;
}

/**
 * @param {string} bin   path of the binary (tests get it from CHATD_BIN / ECHO_BIN)
 * @param {string[]} args extra arguments
 * @param {{withDb?: boolean, timeoutMs?: number, port?: number}} opts withDb adds --db <a fresh
 *   database of the backend under test: support/database.mjs>, dropped by stop(); port (default 0:
 *   any free one) lets a restarted server come back where clients expect it
 * @returns {Promise<{url: string, port: number, dir: string, proc: import('node:child_process').ChildProcess, stderr: () => string, stop: (opts?: {graceMs?: number}) => Promise<number|null>, stoppedCleanly: () => boolean|null}>}
 */
export async function startServer(bin, args = [], { withDb = true, timeoutMs = 15000, port = 0 } = {}) {
  if (!bin) throw new Error('no server binary given (set CHATD_BIN / ECHO_BIN)');
  const dir = mkdtempSync(path.join(tmpdir(), 'chatd-test-'));
  const db = withDb ? await freshDatabase(dir) : null;
  const unshed = SANITIZED && path.basename(bin) === 'chatd' && !args.includes('--shed-io-lag');
  const fullArgs = ['--port', String(port), '--bind', '127.0.0.1', ...(db ? ['--db', db.location] : []),
                    ...(unshed ? ['--shed-io-lag', '0'] : []), ...args];
  const proc = spawn(bin, fullArgs, { stdio: ['ignore', 'inherit', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');  // a server that never announced itself must not outlive the test
      reject(new Error(`${bin} did not announce its address in ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    proc.stderr.on('data', (chunk) => {
      log += chunk;
      const m = LISTENING.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${bin} exited with ${code} before listening:\n${log}`));
    });
  });
  // SIGTERM, then SIGKILL after `graceMs` so a server that hangs on shutdown cannot hang the
  // test run; `stoppedCleanly()` tells afterwards whether SIGTERM sufficed.
  let clean = null;
  let stopping = false;
  // 'close' comes after 'exit', once stderr is drained: a report written at exit (LSan) is in
  // `log` by then. A server that dies on its own mid-test (abort_on_error) says why at once.
  const closed = new Promise((resolve) =>
    proc.once('close', (code, signal) => {
      if (!stopping) process.stderr.write(`${bin} exited by itself (${signal ?? code}):\n${log}\n`);
      resolve(code);
    }));
  const stop = async ({ graceMs = 5000 } = {}) => {
    if (!stopping && proc.exitCode === null && proc.signalCode === null) {
      const killer = setTimeout(() => {
        clean = false;
        process.stderr.write(`${bin} did not exit within ${graceMs} ms of SIGTERM: killed\n`);
        proc.kill('SIGKILL');
      }, graceMs);
      stopping = true;
      proc.kill('SIGTERM');
      await closed;
      clearTimeout(killer);
      if (clean === null) clean = true;
    }
    stopping = true;
    const code = await closed;
    rmSync(dir, { recursive: true, force: true });
    if (db) await db.drop();
    const report = sanitizerReport(log);
    if (report) throw new Error(`${bin} reported a sanitizer error:\n${report}`);
    return code;
  };
  return { url, port: Number(new URL(url).port), dir, proc, stderr: () => log, stop, stoppedCleanly: () => clean };
}
