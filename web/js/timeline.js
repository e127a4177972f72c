// One room's messages as this page holds them: a run of seqs without holes, from the oldest
// page loaded up to the newest message seen, and whether the start of history is reached.
export class Timeline {
  constructor(roomId) {
    this.roomId = roomId;
    this.byId = new Map();
    this.bySeq = new Map();
    this.loaded = false;        // the newest page arrived
    this.reachedStart = false;  // seq 1 (or the oldest kept) is loaded
    this.nextBefore = null;     // `before` of the next older page
    this.loadingOlder = null;   // the promise of a page being fetched
    this.newestSeq = 0;
    this.oldestSeq = Infinity;
  }

  /** Adds messages (any order, duplicates ignored); returns the ones that were new. */
  add(messages) {
    const fresh = [];
    for (const m of messages) {
      if (this.byId.has(m.id)) continue;
      this.byId.set(m.id, m);
      this.bySeq.set(m.seq, m);
      this.newestSeq = Math.max(this.newestSeq, m.seq);
      this.oldestSeq = Math.min(this.oldestSeq, m.seq);
      fresh.push(m);
    }
    return fresh;
  }

  /** True when `m` does not directly follow what is loaded: the messages between are missing. */
  leavesGap(m) {
    return this.loaded && m.seq > this.newestSeq + 1;
  }

  /** Messages by seq, oldest first. */
  sorted() {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  get(id) {
    return this.byId.get(id);
  }

  /** The message with this client id from `senderId`, if loaded (an ack lost in a reconnect). */
  findClientMsg(senderId, clientMsgId) {
    for (const m of this.byId.values()) if (m.senderId === senderId && m.clientMsgId === clientMsgId) return m;
    return undefined;
  }
}
