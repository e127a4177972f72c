// The page's side of the conversation: server events into the state, user actions into
// requests. Every socket event of PROTOCOL.md appears here once, by name.
import * as api from './api.js';
import { RequestError } from './connection.js';

const PAGE = 30;            // messages per history page
const SYNC_PAGE = 100;      // messages per messages:sync round
const WATCH_CHUNK = 500;    // user ids per presence:watch (the server allows 1000)

export class Chat extends EventTarget {
  constructor(state, conn, outbox, token) {
    super();
    Object.assign(this, { state, conn, outbox, token });
    this.readSent = new Map();  // roomId -> seq last sent with message:read
    this.syncing = new Map();   // roomId -> promise of a running catch-up

    conn.on('message:new', ({ message }) => this.#onMessage(message, true));
    conn.on('room:new', ({ room }) => this.#addRoom(room));
    conn.on('message:read', ({ roomId, userId, seq }) => state.setRead(roomId, userId, seq));
    conn.on('typing', ({ roomId, userId, typing }) => state.setTyping(roomId, userId, typing));
    conn.on('presence', ({ userId, online }) => state.setOnline(userId, online));
    conn.addEventListener('connect', () => this.#caughtUp = this.#catchUp());
  }

  #caughtUp = Promise.resolve();

  /** Resolves once the catch-up of the latest (re)connect is done. */
  get caughtUp() {
    return this.#caughtUp;
  }

  // -- after every (re)connect: the world may have moved on while we were away ----------------

  async #catchUp() {
    try {
      await Promise.all([this.loadRooms(), this.#watch([...this.state.users.keys()])]);
      for (const t of this.state.timelines.values()) if (t.loaded) await this.syncRoom(t.roomId);
      const open = this.state.openRoomId;
      if (open && !this.state.timeline(open).loaded) await this.#loadNewest(open);
      if (open) this.markRead(open);
      await this.flushOutbox();
    } catch (err) {
      // Dropped again mid-way: the next connect does it all again.
      if (!(err instanceof RequestError || err instanceof api.ApiError)) throw err;
    }
  }

  /** Rooms with their last message and unread count, from REST (authoritative after a gap). */
  async loadRooms() {
    for (const room of await api.allRooms(this.token)) {
      if (room.id === this.state.openRoomId) room.unread = 0;
      this.#addRoom(room);
    }
  }

  /** Records a room; its members we did not know yet join the people, watched for presence. */
  #addRoom(room) {
    this.state.upsertRoom(room);
    const unknown = room.members.filter((m) => m.id !== this.state.me.id && !this.state.users.has(m.id));
    if (unknown.length === 0) return;
    this.state.upsertUsers(unknown.map((m) => ({ ...m, online: false })));
    if (this.conn.connected) this.#watch(unknown.map((m) => m.id)).catch(() => {});
  }

  /** The first page of people again (someone may have signed up since). */
  refreshPeople() {
    this.state.usersCursor = null;
    return this.loadPeople();
  }

  /** The first page of people, or the next one. */
  async loadPeople() {
    const page = await api.users(this.token, this.state.usersCursor);
    this.state.usersCursor = page.nextCursor;
    this.state.upsertUsers(page.users);
    if (this.conn.connected) await this.#watch(page.users.map((u) => u.id));
  }

  async #watch(ids) {
    for (let i = 0; i < ids.length; i += WATCH_CHUNK) {
      const ack = await this.conn.request('presence:watch', { userIds: ids.slice(i, i + WATCH_CHUNK) });
      for (const u of ack.users) this.state.setOnline(u.userId, u.online);
    }
  }

  /** Fetches what a room missed after its newest loaded seq (messages:sync, page by page). */
  syncRoom(roomId) {
    const running = this.syncing.get(roomId);
    if (running) return running.then(() => this.syncRoom(roomId));  // again: it may have started too early
    const t = this.state.timeline(roomId);
    const p = (async () => {
      for (let round = 0; round < 100; round++) {
        const ack = await this.conn.request('messages:sync', { roomId, afterSeq: t.newestSeq, limit: SYNC_PAGE });
        this.#ingest(roomId, ack.messages, false);
        if (!ack.hasMore || ack.messages.length === 0) break;
      }
    })().finally(() => this.syncing.delete(roomId));
    this.syncing.set(roomId, p);
    return p;
  }

  // -- incoming messages ----------------------------------------------------------------------

  #onMessage(m, live) {
    if (!this.state.rooms.has(m.roomId)) this.loadRooms().catch(() => {});
    const t = this.state.timeline(m.roomId);
    if (t.leavesGap(m)) {
      this.syncRoom(m.roomId).catch(() => {});  // brings m along with what came before it
      return;
    }
    this.#ingest(m.roomId, [m], live);
  }

  /** Adds messages of a room: settles our own pending ones, counts unread, notifies. */
  #ingest(roomId, messages, live) {
    for (const m of messages) if (m.senderId === this.state.me.id && m.clientMsgId) this.outbox.remove(m.clientMsgId);
    const fresh = this.state.addMessages(roomId, messages);
    const theirs = fresh.filter((m) => m.senderId !== this.state.me.id);
    const room = this.state.rooms.get(roomId);
    if (!theirs.length || !room) return;
    if (this.#watching(roomId)) this.markRead(roomId);
    else if (live) {
      room.unread += theirs.length;
      this.state.changed('rooms');
    }
    if (live) for (const m of theirs) this.dispatchEvent(new CustomEvent('incoming', { detail: { room, message: m } }));
  }

  #watching(roomId) {
    return this.state.openRoomId === roomId && document.visibilityState === 'visible';
  }

  // -- rooms ----------------------------------------------------------------------------------

  async openRoom(roomId) {
    const room = this.state.rooms.get(roomId);
    if (room) room.unread = 0;
    this.state.open(roomId);
    if (!this.state.timeline(roomId).loaded && this.conn.connected) await this.#loadNewest(roomId);
    this.markRead(roomId);
  }

  async #loadNewest(roomId) {
    const t = this.state.timeline(roomId);
    const ack = await this.conn.request('messages:history', { roomId, limit: PAGE });
    t.loaded = true;
    t.nextBefore = ack.nextBefore;
    t.reachedStart = ack.nextBefore === null;
    this.#ingest(roomId, ack.messages, false);
    this.state.changed('timeline', roomId);
  }

  /** The next older page of the room (scroll-back); one request at a time. */
  loadOlder(roomId) {
    const t = this.state.timeline(roomId);
    if (!t.loaded || t.reachedStart) return Promise.resolve();
    t.loadingOlder ??= (async () => {
      let ack;
      try {
        ack = await this.conn.request('messages:history', { roomId, before: t.nextBefore, limit: PAGE });
      } finally {
        t.loadingOlder = null;  // before the redraw below, which may ask for the next page
      }
      t.nextBefore = ack.nextBefore;
      t.reachedStart = ack.nextBefore === null;
      this.#ingest(roomId, ack.messages, false);
      this.state.changed('timeline', roomId);
    })();
    return t.loadingOlder;
  }

  /** Loads older pages until message `id` is there (a reply's parent); false if it is not. */
  async reveal(roomId, id) {
    const t = this.state.timeline(roomId);
    while (!t.get(id) && !t.reachedStart) await this.loadOlder(roomId);
    return Boolean(t.get(id));
  }

  async openDirect(userId) {
    const { room } = await this.conn.request('room:direct', { userId });
    this.#addRoom(room);
    await this.openRoom(room.id);
  }

  async createGroup(name, memberIds) {
    const { room } = await this.conn.request('room:create', { name, memberIds });
    this.#addRoom(room);
    await this.openRoom(room.id);
  }

  async addMembers(roomId, userIds) {
    const { room } = await this.conn.request('room:add', { roomId, userIds });
    this.#addRoom(room);
  }

  // -- what we say ----------------------------------------------------------------------------

  /** Tells the others how far we have read, when we are looking at the room. */
  markRead(roomId) {
    if (!this.#watching(roomId)) return;
    const room = this.state.rooms.get(roomId);
    if (room?.unread) {
      room.unread = 0;
      this.state.changed('rooms');
    }
    const seq = this.state.timeline(roomId).newestSeq;
    if (!this.conn.connected || seq <= (this.readSent.get(roomId) ?? 0)) return;
    this.readSent.set(roomId, seq);
    this.conn.notify('message:read', { roomId, seq });
  }

  typing(roomId, typing) {
    this.conn.notify('typing', { roomId, typing });
  }

  /** Queues a message and sends it; it shows as pending until acknowledged. */
  send(roomId, body, parentId = null) {
    const entry = this.outbox.add(roomId, body, parentId);
    this.state.changed('timeline', roomId);
    if (this.conn.connected) this.#attempt(entry);
  }

  /** Sends a failed message again, with the same clientMsgId. */
  retry(clientMsgId) {
    const entry = this.outbox.get(clientMsgId);
    if (!entry) return;
    this.outbox.setState(clientMsgId, 'pending');
    this.state.changed('timeline', entry.roomId);
    if (this.conn.connected) this.#attempt(entry);
  }

  /** Sends everything pending, oldest first (after a reconnect or a reload). */
  async flushOutbox() {
    for (const entry of this.outbox.pending()) await this.#attempt(entry);
  }

  async #attempt(entry) {
    const attempt = (entry.attempt = (entry.attempt ?? 0) + 1);
    const { roomId, body, parentId, clientMsgId } = entry;
    try {
      const payload = { roomId, body, clientMsgId, ...(parentId ? { parentId } : {}) };
      const { message } = await this.conn.request('message:send', payload);
      this.#ingest(roomId, [message], false);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      if (entry.attempt !== attempt || !this.outbox.get(clientMsgId)) return;  // superseded or settled
      // Cut off by a disconnect: stays pending and goes again after the reconnect.
      if (!this.conn.connected || err.code === 'offline') return;
      this.outbox.setState(clientMsgId, 'failed', err.message);
    }
    this.state.changed('timeline', roomId);
  }
}
