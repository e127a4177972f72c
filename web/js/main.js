// Boots the web client: restores the session (or shows sign-in), then wires the state, the
// socket and the views. The open room lives in the URL (#room-12): reload and Back work.
import * as api from './api.js';
import { showLogin } from './auth_view.js';
import { Chat } from './chat.js';
import { mountComposer } from './composer.js';
import { Connection } from './connection.js';
import { byId } from './dom.js';
import { mountGroupDialog } from './group_dialog.js';
import { mountMessages } from './messages_view.js';
import { mountNotifications } from './notifications.js';
import { Outbox } from './outbox.js';
import { mountPeople } from './people_view.js';
import { mountRooms } from './rooms_view.js';
import { ChatState } from './state.js';

const SESSION_KEY = 'chatd.session';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Signed out',
};

async function boot() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(SESSION_KEY));
  } catch {
    // unreadable: sign in again
  }
  if (!saved?.token) return showLogin(start);
  try {
    const { user } = await api.me(saved.token);
    start({ user, token: saved.token });
  } catch (err) {
    if (err.status === 401) signOut();
    else start(saved);  // the server is away: start offline, the socket keeps trying
  }
}

function start(session) {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('me-name').textContent = session.user.username;

  const state = new ChatState(session.user);
  const conn = new Connection(session.token);
  const chat = new Chat(state, conn, new Outbox(session.user.id), session.token);
  const report = (err) => toast(err.message ?? String(err));
  const roomFromHash = () => Number(/^#room-(\d+)$/.exec(location.hash)?.[1] ?? NaN);
  const openRoom = (id) => {
    if (roomFromHash() !== id) location.hash = `room-${id}`;  // hashchange opens it
    else chat.openRoom(id).catch(report);
  };

  const composer = mountComposer(state, chat);
  const messages = mountMessages(state, chat, composer, report);
  composer.hooks.onSent = messages.scrollToEnd;
  mountRooms(state, openRoom);
  mountPeople(state, (userId) => chat.openDirect(userId).catch(report), () => chat.loadPeople().catch(report));
  mountGroupDialog(state, chat);
  mountNotifications(state, chat, openRoom);
  // Rooms opened by an action (a direct chat, a new group) get their URL too.
  state.addEventListener('open', () => {
    const id = state.openRoomId;
    if (id !== null && roomFromHash() !== id) history.pushState(null, '', `#room-${id}`);
  });
  const follow = () => {
    const id = roomFromHash();
    if (Number.isInteger(id)) chat.openRoom(id).catch(report);
    else state.open(null);
  };
  window.addEventListener('hashchange', follow);
  byId('back').addEventListener('click', () => (location.hash = ''));

  const connection = byId('connection');
  const showConnection = () => {
    connection.textContent = CONNECTION_TEXT[conn.state];
    connection.dataset.state = conn.state;
    byId('offline-banner').hidden = conn.state !== 'reconnecting';
    if (conn.state === 'signed-out') signOut();
  };
  conn.addEventListener('state', showConnection);
  showConnection();

  document.addEventListener('visibilitychange', () => state.openRoomId !== null && chat.markRead(state.openRoomId));
  byId('logout').addEventListener('click', async () => {
    conn.close();
    await api.logout(session.token).catch(() => {});  // the token is forgotten here either way
    chat.outbox.clear();
    signOut();
  });

  chat.loadPeople().catch(report);
  chat.loadRooms().then(follow, report);
}

/** Forgets the session and starts over at the sign-in screen. */
function signOut() {
  localStorage.removeItem(SESSION_KEY);
  location.hash = '';
  location.reload();
}

let toastTimer;
function toast(text) {
  const node = byId('toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), 5000);
}

boot();
