// The web client in a real browser: Debian's chromium, headless, driven by playwright-core.
// Story: bob (on a phone-sized screen), alice and carol sign up in their own browser contexts;
// alice and bob open a direct chat, talk both ways, watch each other type, read and come and
// go; carol joins a group; a page reload keeps the conversation; chatd restarts
// mid-conversation and nothing is lost or doubled; markup in a body stays text; history pages
// in as you scroll up.
// Every wait is on a DOM state or an event; any console error fails the test, except the
// refused connections while the server is down on purpose.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './support/server.mjs';
import { freshDatabase } from './support/database.mjs';
import { connect } from './support/client.mjs';
import * as ui from './support/web_page.mjs';

const CHATD = process.env.CHATD_BIN;
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(tmpdir(), 'chatd-web-screenshots');
const BROWSER = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const XSS = '<img src=x onerror=alert(1)>';

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: BROWSER, headless: true });
});
after(() => browser?.close());

test('two people chat in the web client; a third joins a group; chatd restarts mid-conversation', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'chatd-web-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = await freshDatabase(dir);
  t.after(() => db.drop());
  const args = ['--db', db.location];
  let server = await startServer(CHATD, args, { withDb: false });
  t.after(() => server.stop());
  const url = server.url;

  const console = ui.consoleWatch();
  const open = async (name, viewport) => {
    const page = await (await browser.newContext({ viewport })).newPage();
    console.attach(name, page);
    await page.goto(url);
    return page;
  };
  const [bob, alice, carol] = await Promise.all([
    open('bob', { width: 390, height: 780 }),  // a phone
    open('alice', { width: 1180, height: 760 }),
    open('carol', { width: 900, height: 700 }),
  ]);
  let roomHash;

  await t.test('bob, then alice and carol create their accounts; alice sees bob online', async () => {
    await ui.signUp(bob, 'bob', 'battery staple');
    await Promise.all([ui.signUp(alice, 'alice', 'correct horse'), ui.signUp(carol, 'carol', 'purple monkey')]);
    await ui.person(alice, 'bob', { online: true }).waitFor();
  });

  await t.test('alice opens a direct chat with bob and writes; bob sees it unread, opens it, alice sees "Seen"', async () => {
    await ui.person(alice, 'bob').click();
    await alice.locator('#room-title', { hasText: 'bob' }).waitFor();
    roomHash = new URL(alice.url()).hash;
    assert.match(roomHash, /^#room-\d+$/, 'the open room is in the URL');
    await ui.send(alice, 'hi bob!');
    await ui.message(alice, 'hi bob!', { state: 'sent' }).waitFor();
    await ui.room(bob, 'alice').locator('.badge', { hasText: '1' }).waitFor();
    await ui.room(bob, 'alice').click();
    await ui.message(bob, 'hi bob!').waitFor();
    await alice.locator('.seen', { hasText: 'Seen by bob' }).waitFor();
    await bob.locator('#room-members', { hasText: 'online' }).waitFor();  // bob sees alice online
  });

  await t.test('each sees the other typing; bob answers, alice replies to that answer', async () => {
    await alice.locator('#composer-input').pressSequentially('typing to bob');
    await bob.locator('#typing', { hasText: 'alice is typing…' }).waitFor();
    await alice.locator('#composer-input').fill('');
    await bob.locator('#typing:empty').waitFor();
    await bob.locator('#composer-input').pressSequentially('hello alice');
    await alice.locator('#typing', { hasText: 'bob is typing…' }).waitFor();
    await bob.locator('#composer-input').press('Enter');
    await ui.message(alice, 'hello alice').waitFor();
    await alice.locator('#typing:empty').waitFor();  // sending ends "typing"
    await ui.message(alice, 'hello alice').hover();
    await ui.message(alice, 'hello alice').getByRole('button', { name: 'Reply to bob' }).click();
    await alice.locator('#reply-text', { hasText: 'Replying to bob: hello alice' }).waitFor();
    await ui.send(alice, 'nice to see you here');
    const reply = ui.message(bob, 'nice to see you here');
    await reply.locator('.quote', { hasText: 'bob: hello alice' }).waitFor();
  });

  await t.test('markup in a message body is shown as text, never run', async () => {
    await ui.send(alice, XSS);
    await ui.message(bob, XSS).waitFor();
    assert.equal(await bob.locator('#messages img').count(), 0, 'no <img> element was made');
    assert.equal(await bob.locator('#messages .body', { hasText: XSS }).innerText(), XSS);
  });

  let groupHash;
  await t.test('alice makes a group with bob, then adds carol, who sees it live', async () => {
    await alice.getByRole('button', { name: 'New group' }).click();
    await alice.getByLabel('Group name').fill('<b>Launch</b> team');
    await alice.getByRole('checkbox', { name: 'bob' }).check();
    await alice.getByRole('button', { name: 'Create', exact: true }).click();
    await alice.locator('#room-title', { hasText: '<b>Launch</b> team' }).waitFor();
    groupHash = new URL(alice.url()).hash;
    await alice.getByRole('button', { name: 'Add people' }).click();
    await alice.getByRole('checkbox', { name: 'carol' }).check();
    await alice.getByRole('button', { name: 'Add', exact: true }).click();
    await alice.locator('#room-members', { hasText: 'carol' }).waitFor();
    await ui.room(carol, '<b>Launch</b> team').click();
    await ui.send(alice, 'welcome carol');
    await ui.message(carol, 'welcome carol').waitFor();
    await ui.message(bob, 'hi bob!').waitFor();  // bob's phone still shows the direct chat
  });

  await t.test('the chat view, as the README shows it (bob typing in the direct chat)', async () => {
    await alice.goto(url + roomHash);
    await ui.message(alice, 'nice to see you here').waitFor();
    await bob.locator('#composer-input').pressSequentially('see you at the launch');
    await alice.locator('#typing', { hasText: 'bob is typing…' }).waitFor();
    await alice.screenshot({ path: path.join(SHOTS, 'chat.png') });
    await bob.screenshot({ path: path.join(SHOTS, 'chat-phone.png') });
    await bob.locator('#composer-input').fill('');
  });

  await t.test('bob goes away and comes back: alice sees him offline, then online; the reload restores his chat', async () => {
    await bob.goto('about:blank');
    await ui.person(alice, 'bob', { online: false }).waitFor();
    await bob.goto(url + roomHash);
    await ui.person(alice, 'bob', { online: true }).waitFor();
    for (const text of ['hi bob!', 'hello alice', 'nice to see you here', XSS]) await ui.message(bob, text).waitFor();
    assert.deepEqual(await ui.bodies(bob), ['hi bob!', 'hello alice', 'nice to see you here', XSS], 'in order, once each');
  });

  await t.test('bob loses the network while alice writes; back online, his page catches up (messages:sync)', async () => {
    console.allowRefusedConnections(true);
    await bob.context().setOffline(true);
    await bob.locator('#offline-banner').waitFor();
    await ui.person(alice, 'bob', { online: false }).waitFor();
    for (const text of ['while you were away', 'and one more']) {
      await ui.send(alice, text);
      await ui.message(alice, text, { state: 'sent' }).waitFor();
    }
    await bob.context().setOffline(false);
    await ui.connection(bob, 'Connected');
    console.allowRefusedConnections(false);
    await ui.message(bob, 'and one more').waitFor();
    assert.deepEqual((await ui.bodies(bob)).slice(-3), [XSS, 'while you were away', 'and one more']);
  });

  await t.test('chatd restarts mid-conversation: a message written meanwhile goes out once, nothing is lost', async () => {
    console.allowRefusedConnections(true);
    await server.stop();
    await ui.connection(alice, 'Reconnecting…');
    await ui.connection(bob, 'Reconnecting…');
    await bob.locator('#offline-banner').waitFor();  // what bob's phone shows in the open room
    await ui.send(alice, 'sent while the server was down');
    await ui.message(alice, 'sent while the server was down', { state: 'pending' }).waitFor();
    server = await startServer(CHATD, args, { withDb: false, port: server.port });
    await ui.connection(alice, 'Connected');
    await ui.connection(bob, 'Connected');
    await bob.locator('#offline-banner').waitFor({ state: 'hidden' });
    console.allowRefusedConnections(false);
    await ui.message(alice, 'sent while the server was down', { state: 'sent' }).waitFor();
    await ui.message(bob, 'sent while the server was down').waitFor();
    await ui.send(bob, 'back again');
    await ui.message(alice, 'back again').waitFor();
    const expected = ['hi bob!', 'hello alice', 'nice to see you here', XSS, 'while you were away', 'and one more',
      'sent while the server was down', 'back again'];
    assert.deepEqual(await ui.bodies(alice), expected, 'alice: every message once, in order');
    assert.deepEqual(await ui.bodies(bob), expected, 'bob: every message once, in order');
  });

  await t.test('a long history pages in while scrolling up, and a reply jumps to its far-away parent', async () => {
    // carol fills the group from a plain socket.io client (her token is in her browser).
    const token = await carol.evaluate(() => JSON.parse(localStorage.getItem('chatd.session')).token);
    const roomId = Number(groupHash.slice('#room-'.length));
    const s = await connect(url, token, { forceNew: true, reconnection: false, transports: ['websocket'] });
    t.after(() => s.close());
    let first;
    for (let i = 1; i <= 70; i++) {
      const ack = await s.timeout(5000).emitWithAck('message:send', { roomId, body: `history ${i}` });
      first ??= ack.message;
    }
    await s.timeout(5000).emitWithAck('message:send', { roomId, body: 'about the first one', parentId: first.id });

    await alice.goto(url + groupHash);
    await alice.reload();  // a fresh page: only the newest page of history is loaded
    await ui.message(alice, 'about the first one').waitFor();
    assert.equal(await ui.message(alice, 'history 1').count(), 0, 'only the newest page at first');
    await ui.scrollToStart(alice);
    const bodies = await ui.bodies(alice);
    assert.deepEqual(bodies.filter((b) => b.startsWith('history ')), Array.from({ length: 70 }, (_, i) => `history ${i + 1}`));

    await bob.goto(url + groupHash);
    await bob.reload();
    await ui.message(bob, 'about the first one').locator('.quote').click();
    await bob.locator(`#msg-${first.id}:focus`).waitFor();
    await bob.screenshot({ path: path.join(SHOTS, 'jump-to-parent-phone.png') });
  });

  await t.test('no console errors, and no alert ran', () => {
    assert.deepEqual(console.errors(), []);
  });
});

test('--auth pseudo: a name alone signs in; a message to a hidden tab becomes a desktop notification; log out', async (t) => {
  const server = await startServer(CHATD, ['--auth', 'pseudo']);
  t.after(() => server.stop());
  const console = ui.consoleWatch();
  const open = async (name) => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    await context.grantPermissions(['notifications'], { origin: server.url });
    const page = await context.newPage();
    console.attach(name, page);
    await page.goto(server.url);
    return page;
  };
  const [dana, eve] = await Promise.all([open('dana'), open('eve')]);
  for (const [page, name] of [[eve, 'eve'], [dana, 'dana']]) {  // dana's people list then has eve
    await page.getByLabel('Username').fill(name);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await ui.connection(page, 'Connected');
  }
  await dana.locator('#login-hint', { hasText: 'signs you in by name alone' }).waitFor({ state: 'attached' });

  // eve's tab goes to the background: headless chromium cannot hide a tab, so the page is told
  // so, and the Notification constructor records what it was asked to show.
  await eve.evaluate(() => {
    window.shown = [];
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.shown.push({ title, body: options?.body });
      }
    };
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
  });
  await ui.person(dana, 'eve').click();
  await ui.send(dana, 'psst, eve');
  await eve.waitForFunction(() => window.shown.length === 1);
  assert.deepEqual(await eve.evaluate(() => window.shown), [{ title: 'dana', body: 'psst, eve' }]);

  await dana.getByRole('button', { name: 'Log out' }).click();
  await dana.getByRole('button', { name: 'Create account' }).waitFor();
  assert.deepEqual(console.errors(), []);
});
