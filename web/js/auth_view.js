// The sign-in screen: log in, create an account, or (on a server run with --auth pseudo)
// sign in by name alone. The page learns which kind of server it talks to from the answer
// to a name-only sign-in: 200 means pseudo-auth, 403 means a password is needed.
import * as api from './api.js';
import { byId } from './dom.js';

const MODE_KEY = 'chatd.authMode';  // 'pseudo' | 'password', as last learned

/** Shows the screen; calls onSession({user, token}) once someone signed in. */
export function showLogin(onSession) {
  const form = byId('login-form');
  const username = byId('login-username');
  const password = byId('login-password');
  const error = byId('login-error');
  byId('app').hidden = true;
  byId('login').hidden = false;
  showMode(localStorage.getItem(MODE_KEY));
  username.focus();

  form.onsubmit = (e) => {
    e.preventDefault();
    attempt('sign-in');
  };
  byId('register').onclick = () => attempt('register');

  async function attempt(kind) {
    const name = username.value.trim();
    const pass = password.value;
    error.textContent = '';
    if (!name) return fail('Enter a username.', username);
    if (kind === 'register' && !pass) return fail('Choose a password for the new account.', password);
    setBusy(true);
    try {
      let session;
      if (kind === 'register') session = await api.register(name, pass);
      else if (pass) session = await api.login(name, pass);
      else {
        session = await api.signInByName(name);
        learn('pseudo');
      }
      byId('login').hidden = true;
      onSession(session);
    } catch (err) {
      if (!(err instanceof api.ApiError)) throw err;
      if (kind === 'sign-in' && !pass && (err.status === 403 || err.status === 404)) {
        learn('password');
        return fail('This server needs a password.', password);
      }
      fail(explain(err), err.status === 409 ? username : password);
    } finally {
      setBusy(false);
    }
  }

  function fail(text, focus) {
    error.textContent = text;
    focus.focus();
  }

  function setBusy(busy) {
    for (const b of form.querySelectorAll('button')) b.disabled = busy;
  }
}

function learn(mode) {
  localStorage.setItem(MODE_KEY, mode);
  showMode(mode);
}

function showMode(mode) {
  const hint = byId('login-hint');
  hint.hidden = mode === 'password';
  hint.textContent =
    mode === 'pseudo'
      ? 'This server signs you in by name alone: the password is optional.'
      : 'On a server that signs in by name alone, leave the password empty.';
}

function explain(err) {
  switch (err.status) {
    case 0: return 'The server cannot be reached.';
    case 401: return 'Wrong username or password.';
    case 409: return 'That username is taken.';
    case 429: return 'Too many attempts: wait a moment.';
    default: return err.message;
  }
}
