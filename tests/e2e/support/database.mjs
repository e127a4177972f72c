// A fresh database for one chatd under test, on the backend under test: an SQLite file in the
// test's temp dir, or — CHATD_TEST_BACKEND=postgres, set by ctest for the *_postgres tests — a
// new database on the throwaway PostgreSQL server (CHATD_TEST_PG_HOST: its socket directory,
// tests/support/postgres_cluster), created and dropped with psql.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';

const run = promisify(execFile);
let counter = 0;

export const onPostgres = process.env.CHATD_TEST_BACKEND === 'postgres';

/** The URL of database `name` on the test server. */
export function postgresUrl(name) {
  const host = process.env.CHATD_TEST_PG_HOST;
  if (!host) throw new Error('CHATD_TEST_PG_HOST is not set: run through ctest (fixture postgres)');
  return `postgresql://postgres@/${name}?host=${host}`;
}

/** Runs SQL on the test server's maintenance database (or `db`); resolves to psql's output. */
export async function psql(sql, db = 'postgres') {
  const { stdout } = await run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', postgresUrl(db), '-c', sql]);
  return stdout.trim();
}

/**
 * @param {string} dir the test's temp dir (for an SQLite file)
 * @returns {Promise<{location: string, name: string|null, drop: () => Promise<void>}>} location is
 *   what chatd takes as --db
 */
export async function freshDatabase(dir) {
  if (!onPostgres) return { location: path.join(dir, 'chat.db'), name: null, drop: async () => {} };
  const name = `chatd_e2e_${process.pid}_${++counter}`;
  await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await psql(`CREATE DATABASE ${name}`);
  return { location: postgresUrl(name), name, drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => {}) };
}
