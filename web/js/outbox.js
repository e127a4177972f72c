// Messages typed but not yet acknowledged. Each keeps its clientMsgId for life, so sending it
// again (after a timeout, a reconnect or a reload) can never store it twice: the server
// answers a repeated clientMsgId with the message it stored the first time.
// Kept in localStorage per user, so a reload does not lose what was typed.
export class Outbox {
  constructor(userId) {
    this.key = `chatd.outbox.${userId}`;
    this.entries = new Map();
    try {
      for (const e of JSON.parse(localStorage.getItem(this.key) ?? '[]')) this.entries.set(e.clientMsgId, { ...e, state: 'pending' });
    } catch {
      // A damaged entry in storage is dropped, not fatal.
    }
  }

  /** A new pending message. */
  add(roomId, body, parentId) {
    const entry = { clientMsgId: crypto.randomUUID(), roomId, body, parentId, state: 'pending', error: null, createdAt: new Date().toISOString() };
    this.entries.set(entry.clientMsgId, entry);
    this.#save();
    return entry;
  }

  get(clientMsgId) {
    return this.entries.get(clientMsgId);
  }

  /** Pending and failed messages of a room, oldest first. */
  forRoom(roomId) {
    return [...this.entries.values()].filter((e) => e.roomId === roomId);
  }

  /** Everything still to send, oldest first. */
  pending() {
    return [...this.entries.values()].filter((e) => e.state === 'pending');
  }

  setState(clientMsgId, state, error = null) {
    const e = this.entries.get(clientMsgId);
    if (!e) return;
    e.state = state;
    e.error = error;
  }

  /** The server has it: forget it. */
  remove(clientMsgId) {
    if (this.entries.delete(clientMsgId)) this.#save();
  }

  clear() {
    this.entries.clear();
    localStorage.removeItem(this.key);
  }

  #save() {
    const list = [...this.entries.values()].map(({ clientMsgId, roomId, body, parentId, createdAt }) => ({ clientMsgId, roomId, body, parentId, createdAt }));
    localStorage.setItem(this.key, JSON.stringify(list));
  }
}
