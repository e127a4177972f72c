// What the page knows, in one place: me, people and their presence, rooms with their last
// message and unread count, timelines, who is typing, who has read what. Views listen for
// the topic they draw ('people', 'rooms', 'timeline', 'typing', 'reads', 'open').
import { Timeline } from './timeline.js';

const TYPING_EXPIRY_MS = 6000;  // a lost "typing: false" must not leave "is typing…" forever

export class ChatState extends EventTarget {
  constructor(me) {
    super();
    this.me = me;
    this.users = new Map();       // id -> {id, username, online}
    this.rooms = new Map();       // id -> Room + {lastMessage, unread}
    this.timelines = new Map();   // roomId -> Timeline
    this.typing = new Map();      // roomId -> Map(userId -> expiry timer)
    this.reads = new Map();       // roomId -> Map(userId -> seq)
    this.openRoomId = null;
    this.usersCursor = null;      // more people to list when not null
  }

  changed(topic, detail) {
    this.dispatchEvent(new CustomEvent(topic, { detail }));
  }

  // -- people ------------------------------------------------------------------------------

  upsertUsers(list) {
    for (const u of list) if (u.id !== this.me.id) this.users.set(u.id, { ...this.users.get(u.id), ...u });
    this.changed('people');
  }

  setOnline(userId, online) {
    const u = this.users.get(userId);
    if (u && u.online !== online) {
      u.online = online;
      this.changed('people');
      this.changed('rooms');
    }
  }

  name(userId) {
    if (userId === this.me.id) return this.me.username;
    const u = this.users.get(userId);
    if (u) return u.username;
    for (const r of this.rooms.values()) for (const m of r.members) if (m.id === userId) return m.username;
    return `user ${userId}`;
  }

  // -- rooms -------------------------------------------------------------------------------

  /** Adds or refreshes a room; keeps lastMessage/unread this page already knows. */
  upsertRoom(room) {
    const old = this.rooms.get(room.id);
    this.rooms.set(room.id, { lastMessage: null, unread: 0, ...old, ...room });
    this.changed('rooms');
  }

  /** The title of a room: a group's name, or the other person of a direct chat. */
  roomTitle(room) {
    if (room.kind === 'group') return room.name;
    const other = room.members.find((m) => m.id !== this.me.id);
    return other ? other.username : this.me.username;
  }

  /** The other member of a direct room (null for groups). */
  directPeer(room) {
    if (room.kind !== 'direct') return null;
    return room.members.find((m) => m.id !== this.me.id) ?? null;
  }

  /** Rooms by latest activity, newest first. */
  sortedRooms() {
    const at = (r) => r.lastMessage?.createdAt ?? r.createdAt;
    return [...this.rooms.values()].sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : b.id - a.id));
  }

  timeline(roomId) {
    let t = this.timelines.get(roomId);
    if (!t) this.timelines.set(roomId, (t = new Timeline(roomId)));
    return t;
  }

  /** Records messages of a room; moves its lastMessage forward. Returns the new ones. */
  addMessages(roomId, messages) {
    const fresh = this.timeline(roomId).add(messages);
    const room = this.rooms.get(roomId);
    for (const m of fresh) if (room && (!room.lastMessage || m.seq > room.lastMessage.seq)) room.lastMessage = m;
    if (fresh.length) {
      this.changed('timeline', roomId);
      this.changed('rooms');
    }
    return fresh;
  }

  open(roomId) {
    this.openRoomId = roomId;
    this.changed('open', roomId);
    this.changed('rooms');
  }

  // -- typing and reads --------------------------------------------------------------------

  setTyping(roomId, userId, typing) {
    if (!this.typing.has(roomId)) this.typing.set(roomId, new Map());
    const map = this.typing.get(roomId);
    clearTimeout(map.get(userId));
    if (typing) map.set(userId, setTimeout(() => this.setTyping(roomId, userId, false), TYPING_EXPIRY_MS));
    else map.delete(userId);
    this.changed('typing', roomId);
  }

  typists(roomId) {
    return [...(this.typing.get(roomId)?.keys() ?? [])];
  }

  setRead(roomId, userId, seq) {
    if (!this.reads.has(roomId)) this.reads.set(roomId, new Map());
    const map = this.reads.get(roomId);
    if ((map.get(userId) ?? 0) >= seq) return;
    map.set(userId, seq);
    this.changed('reads', roomId);
  }

  readers(roomId) {
    return this.reads.get(roomId) ?? new Map();
  }
}
