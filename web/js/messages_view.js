// The open room: its header, its messages (scroll up for older pages), replies that jump to
// their parent, "Seen by" under our messages, pending/failed sends with Retry, and who types.
import { byId, el, reconcile, replaceChildren, shortTime } from './dom.js';

const NEAR_TOP_PX = 150;     // start loading the older page this close to the top
const AT_BOTTOM_PX = 40;     // closer than this to the end counts as "reading the latest"

export function mountMessages(state, chat, composer, report) {
  const scroller = byId('scroller');
  const list = byId('messages');
  let roomId = null;

  // -- header ---------------------------------------------------------------------------------

  function renderHeader() {
    const room = state.rooms.get(roomId);
    byId('app').classList.toggle('room-open', Boolean(room));
    byId('placeholder').hidden = Boolean(room);
    scroller.hidden = byId('composer').hidden = !room;
    byId('add-people').hidden = !room || room.kind !== 'group';
    byId('room-title').textContent = room ? state.roomTitle(room) : 'No room open';
    const peer = room && state.directPeer(room);
    byId('room-members').textContent = !room
      ? ''
      : peer
        ? (state.users.get(peer.id)?.online ? 'online' : 'offline')
        : room.members.map((m) => (m.id === state.me.id ? 'you' : m.username)).join(', ');
  }

  // -- messages -------------------------------------------------------------------------------

  /** Confirmed messages by seq, then our pending and failed ones. */
  function items() {
    const t = state.timeline(roomId);
    const sent = t.sorted().map((m) => ({ kind: 'sent', m, key: keyOf(m.senderId, m.clientMsgId, m.id) }));
    const queued = chat.outbox.forRoom(roomId).map((e) => ({ kind: e.state, e, key: keyOf(state.me.id, e.clientMsgId) }));
    return [...sent, ...queued];
  }

  // A pending message and its acknowledged self share a key: the same node turns solid.
  const keyOf = (senderId, clientMsgId, id) => (clientMsgId ? `c${senderId}:${clientMsgId}` : `m${id}`);

  /** "Seen by" lines: each reader under the newest of our messages they have read. */
  function seenBySeq() {
    const mine = state.timeline(roomId).sorted().filter((m) => m.senderId === state.me.id);
    const out = new Map();
    for (const [userId, seq] of state.readers(roomId)) {
      const last = mine.filter((m) => m.seq <= seq).pop();
      if (!last) continue;
      if (!out.has(last.seq)) out.set(last.seq, []);
      out.get(last.seq).push(state.name(userId));
    }
    return out;
  }

  function renderMessages({ keepBottom = false } = {}) {
    if (roomId === null) return;
    const t = state.timeline(roomId);
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < AT_BOTTOM_PX;
    const anchor = list.firstElementChild;
    const anchorTop = anchor?.offsetTop;
    const seen = seenBySeq();
    const room = state.rooms.get(roomId);
    reconcile(list, items(), (i) => i.key, (i) => draw(el('li'), i, seen, room), (node, i) => draw(node, i, seen, room));
    byId('history-status').textContent = !t.loaded ? 'Loading…' : t.reachedStart ? 'Start of the conversation' : t.loadingOlder ? 'Loading older messages…' : '';
    if (keepBottom || atBottom) scroller.scrollTop = scroller.scrollHeight;
    else if (anchor?.isConnected) scroller.scrollTop += anchor.offsetTop - anchorTop;  // older page above: stay put
    // A first page too short to scroll cannot be scrolled up: fetch the next one now.
    if (t.loaded && !t.reachedStart && !t.loadingOlder && scroller.scrollHeight <= scroller.clientHeight) loadOlder();
  }

  /** (Re)draws one message into `li` when anything it shows changed. */
  function draw(li, item, seen, room) {
    const m = item.m ?? item.e;
    const parent = m.parentId ? state.timeline(roomId).get(m.parentId) : null;
    const seenBy = item.kind === 'sent' ? seen.get(m.seq) ?? [] : [];
    const sig = JSON.stringify([item.kind, m.id, m.body, m.error, parent?.id, seenBy]);
    if (li.dataset.sig === sig) return li;
    li.dataset.sig = sig;
    const mine = item.kind !== 'sent' || m.senderId === state.me.id;
    const sender = mine ? 'You' : state.name(m.senderId);
    li.className = `message ${mine ? 'mine' : 'theirs'} ${item.kind}`;
    li.id = m.id ? `msg-${m.id}` : '';
    li.tabIndex = -1;
    replaceChildren(li,
      el('div', { className: 'bubble' },
        m.parentId && quote(m.parentId, parent),
        el('div', { className: 'meta' },
          room?.kind === 'group' || !mine ? el('span', { className: 'sender' }, sender) : null,
          m.createdAt && el('time', { dateTime: m.createdAt, title: new Date(m.createdAt).toLocaleString() }, shortTime(m.createdAt))),
        el('p', { className: 'body' }, m.body),
        item.kind === 'pending' && el('p', { className: 'state' }, 'Sending…'),
        item.kind === 'failed' && el('p', { className: 'state' }, `Not sent: ${m.error} `,
          el('button', { type: 'button', onclick: () => chat.retry(m.clientMsgId) }, 'Retry'))),
      item.kind === 'sent' && el('button', {
        type: 'button', className: 'reply-button', 'aria-label': `Reply to ${sender}`,
        onclick: () => composer.replyTo(m),
      }, 'Reply'),
      seenBy.length > 0 && el('p', { className: 'seen' }, `Seen by ${seenBy.join(', ')}`));
    return li;
  }

  function quote(parentId, parent) {
    const text = parent ? `${state.name(parent.senderId)}: ${parent.body}` : 'an earlier message';
    return el('button', { type: 'button', className: 'quote', onclick: () => jumpTo(parentId) },
      el('span', { className: 'visually-hidden' }, 'In reply to '), text);
  }

  async function jumpTo(id) {
    const room = roomId;
    if (!(await chat.reveal(room, id)) || room !== roomId) return;
    const target = document.getElementById(`msg-${id}`);
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
    target.classList.remove('highlight');
    void target.offsetWidth;  // restart the animation when jumping to the same message again
    target.classList.add('highlight');
  }

  function loadOlder() {
    chat.loadOlder(roomId).catch(report);
    renderMessages();  // shows "Loading older messages…"
  }

  function renderTyping() {
    const names = roomId === null ? [] : state.typists(roomId).map((id) => state.name(id));
    byId('typing').textContent =
      names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : `${names.join(' and ')} are typing…`;
  }

  // -- wiring ---------------------------------------------------------------------------------

  scroller.addEventListener('scroll', () => {
    if (roomId === null) return;
    const t = state.timeline(roomId);
    if (scroller.scrollTop < NEAR_TOP_PX && t.loaded && !t.reachedStart && !t.loadingOlder) loadOlder();
    if (scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < AT_BOTTOM_PX) chat.markRead(roomId);
  });
  state.addEventListener('open', () => {
    roomId = state.openRoomId;
    list.replaceChildren();
    renderHeader();
    renderTyping();
    renderMessages({ keepBottom: true });
  });
  state.addEventListener('rooms', renderHeader);
  state.addEventListener('people', renderHeader);
  state.addEventListener('timeline', (e) => e.detail === roomId && renderMessages());
  state.addEventListener('reads', (e) => e.detail === roomId && renderMessages());
  state.addEventListener('typing', (e) => e.detail === roomId && renderTyping());
  renderHeader();
  return { scrollToEnd: () => (scroller.scrollTop = scroller.scrollHeight) };
}
