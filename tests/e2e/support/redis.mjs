// A throwaway redis-server for one test file: on a free local port, nothing saved to disk,
// stopped (SIGTERM, then SIGKILL) afterwards. `restart()` stops it and starts it again on the
// same port, empty, as a Redis that crashed and came back would be.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function launch(port) {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--loglevel', 'notice'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`redis-server did not start:\n${log}`)); }, 10000);
    const onData = (chunk) => {
      log += chunk;
      if (/Ready to accept connections/.test(log)) {
        clearTimeout(timer);
        resolve(proc);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with ${code}:\n${log}`)); });
  });
}

async function stopProc(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const closed = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await closed;
  clearTimeout(killer);
}

/** @returns {Promise<{url: string, port: number, stop: () => Promise<void>, kill: () => Promise<void>, restart: () => Promise<void>, cli: (...args: string[]) => Promise<string>}>} */
export async function startRedis() {
  const port = await freePort();
  let proc = await launch(port);
  const cli = (...args) => new Promise((resolve, reject) => {
    const c = spawn('redis-cli', ['-p', String(port), ...args]);
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`redis-cli ${args.join(' ')}: ${code}`))));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    cli,
    stop: () => stopProc(proc),
    /** Gone at once, as in a crash (SIGKILL). */
    kill: async () => {
      const closed = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await closed;
    },
    restart: async () => {
      await stopProc(proc);
      proc = await launch(port);
    },
  };
}
