// docs/protocol.md, the repository's copy of the wire contract, kept honest: the events and
// error codes it lists are the ones in the source (both ways), and every REST route and client
// event it lists is known to a running chatd. PROTOCOL_DOC=<file> checks another copy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './support/server.mjs';
import { call, connect, disconnect, restClient } from './support/client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const doc = readFileSync(process.env.PROTOCOL_DOC ?? path.join(root, 'docs/protocol.md'), 'utf8');

// -- what the doc lists ---------------------------------------------------------------------

/** The text of the doc's `## <title>` section, up to the next `## ` heading. */
function section(title) {
  const hit = doc.split(/^## /m).find((s) => s.startsWith(`${title}\n`));
  assert.ok(hit, `docs/protocol.md has no "## ${title}" section`);
  return hit;
}

/** Table rows of a section whose first cell is one code span: [{name, cells}]. */
function tableRows(text) {
  return text.split('\n').flatMap((line) => {
    const m = /^\|\s*`([^`]+)`\s*\|(.*)$/.exec(line);
    return m ? [{ name: m[1], cells: m[2] }] : [];
  });
}

const clientEvents = [...section('Client → server events').matchAll(/^### `([^`]+)`/gm)].map((m) => m[1]);
const serverEvents = tableRows(section('Server → client events')).map((r) => r.name);
const errorRows = tableRows(section('Errors'));
const routes = tableRows(section('REST API')).map(({ name, cells }) => {
  const m = /^(GET|POST|PUT|PATCH|DELETE) (\/\S*)$/.exec(name);
  assert.ok(m, `the REST API table lists "${name}", not "METHOD /path"`);
  // The statuses its row names: the call must answer one of them.
  return { method: m[1], path: m[2], statuses: [...cells.matchAll(/\b([1-5]\d\d)\b/g)].map((s) => Number(s[1])) };
});

// -- what the source holds ------------------------------------------------------------------

/** Every .cpp/.hpp under `dir` (recursively: files may move into subfolders) -> its text. */
function sources(dir) {
  return readdirSync(path.join(root, dir), { recursive: true })
    .filter((f) => /\.(cpp|hpp)$/.test(f))
    .map((f) => ({ file: path.join(dir, f), text: readFileSync(path.join(root, dir, f), 'utf8') }));
}

/** The text of the one source file called `name` under `dir`. */
function sourceNamed(dir, name) {
  const hits = sources(dir).filter((s) => path.basename(s.file) === name);
  assert.equal(hits.length, 1, `expected one ${name} under ${dir}/, found ${hits.map((h) => h.file)}`);
  return hits[0].text;
}

const stringLiterals = (text) => new Set([...text.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => m[1]));
const matches = (text, re) => [...text.matchAll(re)].map((m) => m[1]);
const missing = (names, present) => [...new Set(names)].filter((n) => !present.has(n));

describe('docs/protocol.md against the source', () => {
  test('it lists every event the session dispatches, and nothing it does not', () => {
    const dispatcher = sourceNamed('actors', 'session_actor.cpp');
    const dispatched = matches(dispatcher, /==\s*"([^"]+)"/g);
    assert.ok(dispatched.length >= 5, 'found no `name == "…"` in session_actor.cpp: teach this test the new dispatch');
    assert.ok(clientEvents.length >= 5, `too few client events parsed from the doc: ${clientEvents}`);
    assert.deepEqual(missing(clientEvents, stringLiterals(dispatcher)), [],
                     'listed in the doc but not in session_actor.cpp');
    assert.deepEqual(missing(dispatched, new Set(clientEvents)), [],
                     'dispatched by session_actor.cpp but missing from "## Client → server events"');
  });

  test('it lists every event the actors push to clients, and nothing they do not', () => {
    // make_frame("…"), emit("…"), and the room's broadcast(self, "…") (fan-out plus Redis).
    const pushed = sources('actors').flatMap((s) => matches(s.text, /\b(?:make_frame|emit|broadcast)\(\s*(?:self,\s*)?"([^"]+)"/g));
    assert.ok(pushed.length >= 3, 'found no make_frame("…") / emit("…") / broadcast(self, "…") under actors/');
    assert.deepEqual(missing(serverEvents, new Set(pushed)), [], 'listed in the doc but never pushed');
    assert.deepEqual(missing(pushed, new Set(serverEvents)), [],
                     'pushed by the actors but missing from "## Server → client events"');
  });

  test('its error codes are those of messages/chat_error.cpp, with the same HTTP statuses', () => {
    const errors = sourceNamed('messages', 'chat_error.cpp');
    const sent = matches(errors, /return\s+"([a-z_]+)"/g);
    assert.ok(sent.length >= 5 && errorRows.length >= 5, 'too few error codes found');
    const reserved = errorRows.filter((r) => /reserved/i.test(r.cells)).map((r) => r.name);
    const live = errorRows.map((r) => r.name).filter((n) => !reserved.includes(n));
    assert.deepEqual(missing(live, new Set(sent)), [], 'listed as sent but chat_error.cpp has no such code');
    assert.deepEqual(reserved.filter((n) => sent.includes(n)), [], 'listed as reserved but chatd sends it now');
    assert.deepEqual(missing(sent, new Set(live)), [], 'chat_error.cpp has codes missing from "## Errors"');
    for (const { name, cells } of errorRows) {
      const status = new RegExp(`case chat_errc::${name}: return (\\d{3});`).exec(errors);
      if (status) assert.match(`|${cells}`, new RegExp(`\\|\\s*${status[1]}\\s*\\|`), `${name} is HTTP ${status[1]} in chat_error.cpp`);
    }
  });

  test('it lists every REST path the actors route', () => {
    // A path parameter (":id") stands for one path segment.
    const templates = routes.map((r) => new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`));
    const routed = sources('actors').flatMap((s) => [...stringLiterals(s.text)])
      .filter((l) => /^\/(api\/\S*[^/]|healthz|metrics)$/.test(l));
    assert.ok(routed.length >= 5, 'found no REST path literals under actors/');
    assert.deepEqual([...new Set(routed)].filter((l) => !templates.some((t) => t.test(l))), [],
                     'routed by the actors but missing from "## REST API"');
  });
});

describe('docs/protocol.md against a running chatd', () => {
  let server;
  let rest;
  let token;

  before(async () => {
    server = await startServer(process.env.CHATD_BIN, ['--auth', 'password']);
    rest = restClient(server.url);
    const res = await rest('POST', '/api/auth/register', { body: { username: 'doc-reader', password: 'pw' } });
    assert.equal(res.status, 201, res.text);
    token = res.json.token;
  });
  after(async () => server?.stop());

  const noRoute = (res) => res.status === 404 && /^no (route|such resource|such file)/.test(res.json?.error?.message ?? '');

  test('a route the doc does not list answers "no route" (what the next story looks for)', async () => {
    assert.ok(noRoute(await rest('GET', '/api/not-in-the-doc', { token })));
    assert.ok(noRoute(await rest('GET', '/not-in-the-doc')));
  });

  test('every REST route it lists is served, with one of the statuses its row names', async () => {
    assert.ok(routes.length >= 5, `too few routes parsed from the doc: ${routes.map((r) => r.path)}`);
    // Logout last: it revokes the token the others use.
    const ordered = [...routes].sort((a, b) => a.path.endsWith('/logout') - b.path.endsWith('/logout'));
    for (const { method, path: template, statuses } of ordered) {
      const url = template.replace(/:\w+/g, '1');
      const res = await rest(method, url, { token, body: method === 'POST' ? {} : undefined });
      assert.ok(!noRoute(res), `${method} ${url}: no route (${res.text})`);
      assert.ok(statuses.includes(res.status), `${method} ${url} answered ${res.status}, the doc names ${statuses}: ${res.text}`);
    }
  });

  test('every client event it lists is known to chatd: an empty payload lacks a required field', async () => {
    const socket = await connect(server.url, (await login()).token);
    try {
      for (const event of clientEvents) {
        const ack = await call(socket, event, {});
        assert.equal(ack?.ok, false, `${event} accepted an empty payload: ${JSON.stringify(ack)}`);
        assert.doesNotMatch(ack.error.message, /^unknown event/, `${event} is unknown to chatd`);
        assert.equal(ack.error.code, 'bad_request', `${event}: ${JSON.stringify(ack)}`);
      }
      const unknown = await call(socket, 'not:in-the-doc', {});
      assert.match(unknown.error.message, /^unknown event/, 'chatd no longer says "unknown event": update this test');
    } finally {
      await disconnect(socket);
    }
  });

  /** A fresh token for the user (the route story logged the first one out). */
  async function login() {
    const res = await rest('POST', '/api/auth/login', { body: { username: 'doc-reader', password: 'pw' } });
    assert.equal(res.status, 200, res.text);
    return res.json;
  }
});
