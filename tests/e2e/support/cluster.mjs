// A cluster for a test file: a throwaway redis-server (support/redis.mjs), one fresh database on
// the PostgreSQL fixture, and `nodes` chatd processes on both, each on a free port. stop() ends
// the nodes, Redis and the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import { startRedis } from './redis.mjs';
import { freshDatabase } from './database.mjs';
import { clientOptions, connect, restClient } from './client.mjs';

export const CHATD = process.env.CHATD_BIN;

/**
 * @param {{nodes?: number, args?: string[]}} opts args: extra chatd flags for every node
 */
export async function startCluster({ nodes = 3, args = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatd-cluster-'));
  const db = await freshDatabase(dir);
  const redis = await startRedis();
  const nodeArgs = ['--db', db.location, '--redis', redis.url, '--auth', 'pseudo', '--threads', '2', ...args];
  const startNode = () => startServer(CHATD, nodeArgs, { withDb: false });
  // One at a time: the first migrates the schema (the others would wait for its lock anyway).
  const servers = [];
  for (let i = 0; i < nodes; i++) servers.push(await startNode());
  return {
    redis,
    db,
    servers,
    startNode,
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop().catch(() => {})));
      await redis.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Users and sockets on the nodes of `cluster()` (read when called: the cluster starts in a
 * before hook). user(node, name) signs up on that node (pseudo-auth, a unique name);
 * open(u, node) connects in client `mode`; every socket opened is kept in `sockets`.
 */
export function clusterClients(cluster, mode) {
  const sockets = [];
  let n = 0;
  return {
    sockets,
    user: async (node, name) => {
      const res = await restClient(cluster().servers[node].url)('POST', '/api/users', { body: { username: `${name}-${++n}` } });
      if (res.status !== 200) throw new Error(`sign-up on node ${node}: ${res.status} ${res.text}`);
      return { ...res.json.user, token: res.json.token };
    },
    open: async (u, node) => {
      const s = await connect(cluster().servers[node].url, u.token, clientOptions(mode));
      sockets.push(s);
      return s;
    },
  };
}
