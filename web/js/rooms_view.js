// The room list: newest activity first, each with its last message, its unread count and,
// for a direct chat, the other person's online dot. Choosing one opens it (via the URL hash).
import { byId, el, reconcile, shortTime } from './dom.js';

export function mountRooms(state, openRoom) {
  const list = byId('room-list');

  function render() {
    const rooms = state.sortedRooms();
    byId('rooms-empty').hidden = rooms.length > 0;
    reconcile(list, rooms, (r) => String(r.id), build, update);
  }

  function build(room) {
    const li = el('li', { className: 'room' });
    const parts = {
      dot: el('span', { className: 'dot', 'aria-hidden': 'true' }),
      status: el('span', { className: 'visually-hidden' }),
      name: el('span', { className: 'room-name' }),
      time: el('time', { className: 'room-time' }),
      preview: el('span', { className: 'room-preview' }),
      badge: el('span', { className: 'badge' }),
    };
    const button = el('button', { type: 'button', className: 'room-button', onclick: () => openRoom(li.roomId) },
      parts.dot, parts.status, parts.name, parts.time, parts.preview, parts.badge);
    li.append(button);
    li.parts = parts;
    update(li, room);
    return li;
  }

  function update(li, room) {
    const p = li.parts;
    li.roomId = room.id;
    const peer = state.directPeer(room);
    const online = peer ? Boolean(state.users.get(peer.id)?.online) : null;
    p.dot.hidden = peer === null;
    p.dot.classList.toggle('online', online === true);
    p.status.textContent = online === null ? '' : online ? ' (online)' : ' (offline)';
    p.name.textContent = state.roomTitle(room);
    const last = room.lastMessage;
    p.time.textContent = last ? shortTime(last.createdAt) : '';
    p.time.dateTime = last ? last.createdAt : '';
    const typists = state.typists(room.id);
    p.preview.textContent = typists.length
      ? 'typing…'
      : last
        ? `${last.senderId === state.me.id ? 'You' : state.name(last.senderId)}: ${last.body}`
        : room.kind === 'group' ? `${room.members.length} members` : 'No messages yet';
    p.preview.classList.toggle('is-typing', typists.length > 0);
    p.badge.hidden = !room.unread;
    p.badge.textContent = room.unread ? `${room.unread}` : '';
    p.badge.setAttribute('aria-label', `${room.unread} unread`);
    li.classList.toggle('unread', room.unread > 0);
    const current = room.id === state.openRoomId;
    li.firstChild.setAttribute('aria-current', current ? 'true' : 'false');
    li.classList.toggle('current', current);
  }

  for (const topic of ['rooms', 'people', 'open', 'typing']) state.addEventListener(topic, render);
  render();
}
