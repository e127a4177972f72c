// A cluster for a test file: a throwaway redis-server (support/redis.mjs), one fresh database on
// the PostgreSQL fixture, and `nodes` chatd processes on both, each on a free port. stop() ends
// the nodes, Redis and the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import { startRedis } from './redis.mjs';
import { freshDatabase } from './database.mjs';

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
