// What a person does and sees in chatd's web client, as playwright-core locators and actions,
// so the browser story reads as steps. Locators find things by label, role and the classes
// the client draws (li.message.sent|pending|failed, li.person.online, li.room).

const exact = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/**
 * Collects console errors, uncaught exceptions and dialogs (an alert() would mean injected
 * script ran) of every page attached. Refused connections are tolerated only while told so:
 * the browser logs them itself while the server (or the network) is down on purpose.
 */
export function consoleWatch() {
  const errors = [];
  let allowRefused = false;
  const refused = /ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|WebSocket connection to .* failed/;
  return {
    attach(name, page) {
      page.setDefaultTimeout(15000);
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        if (allowRefused && refused.test(m.text())) return;
        errors.push(`${name}: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => errors.push(`${name}: uncaught ${e.message}`));
      page.on('dialog', (d) => {
        errors.push(`${name}: a ${d.type()} opened: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
    },
    allowRefusedConnections(on) {
      allowRefused = on;
    },
    errors: () => errors,
  };
}

/** Creates an account on the sign-in screen and waits until the chat is connected. */
export async function signUp(page, username, password) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('#me-name', { hasText: exact(username) }).waitFor();
  await connection(page, 'Connected');
}

/** Waits until the connection state reads `text` (Connected, Reconnecting…); on a phone it
 *  sits in the sidebar, hidden while a room is open, so it need not be visible. */
export function connection(page, text) {
  return page.locator('#connection', { hasText: exact(text) }).waitFor({ state: 'attached' });
}

/** A person in the People list; `online` true/false also requires the dot's state. */
export function person(page, username, { online } = {}) {
  const state = online === true ? '.online' : online === false ? ':not(.online)' : '';
  return page.locator(`#people-list li.person${state}`).filter({ has: page.locator('.person-name', { hasText: exact(username) }) });
}

/** A room in the room list, by its title. */
export function room(page, title) {
  return page.locator('#room-list li.room').filter({ has: page.locator('.room-name', { hasText: exact(title) }) });
}

/** A message of the open room by its exact body; `state`: sent | pending | failed. */
export function message(page, body, { state } = {}) {
  return page.locator(`#messages li.message${state ? `.${state}` : ''}`).filter({ has: page.locator('.body', { hasText: exact(body) }) });
}

/** Types `text` in the message box and presses Enter. */
export async function send(page, text) {
  const box = page.locator('#composer-input');
  await box.fill(text);
  await box.press('Enter');
}

/** The bodies of the open room's messages, top to bottom. */
export function bodies(page) {
  return page.locator('#messages li.message .body').evaluateAll((nodes) => nodes.map((n) => n.textContent));
}

/** Scrolls the open room to the top until the client says the conversation starts there. */
export async function scrollToStart(page) {
  const atStart = () => document.getElementById('history-status').textContent === 'Start of the conversation';
  for (let page_ = 0; page_ < 50; page_++) {
    if (await page.evaluate(atStart)) return;
    const shown = await page.locator('#messages li').count();
    await page.locator('#scroller').evaluate((el) => el.scrollTo(0, 0));
    // The older page arrived (more messages), or there was none to fetch.
    await page.waitForFunction(
      (n) => document.querySelectorAll('#messages li').length > n
        || document.getElementById('history-status').textContent === 'Start of the conversation',
      shown);
  }
  throw new Error('scrolled 50 pages without reaching the start');
}
