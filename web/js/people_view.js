// Everyone else, by name, with a dot that turns green while they are online (presence events
// of the people we watch). Choosing a person opens the direct chat with them.
import { byId, el, reconcile } from './dom.js';

export function mountPeople(state, openDirect, loadMore) {
  const list = byId('people-list');
  const more = byId('more-people');
  more.onclick = loadMore;

  function render() {
    const people = [...state.users.values()].sort((a, b) => a.username.localeCompare(b.username));
    reconcile(list, people, (u) => String(u.id), build, update);
    more.hidden = state.usersCursor == null;
  }

  function build(user) {
    const li = el('li', { className: 'person' });
    li.dot = el('span', { className: 'dot', 'aria-hidden': 'true' });
    li.name = el('span', { className: 'person-name' });
    li.status = el('span', { className: 'person-status' });
    li.append(el('button', { type: 'button', onclick: () => openDirect(li.userId) }, li.dot, li.name, li.status));
    update(li, user);
    return li;
  }

  function update(li, user) {
    li.userId = user.id;
    li.dataset.userId = user.id;
    li.classList.toggle('online', Boolean(user.online));
    li.dot.classList.toggle('online', Boolean(user.online));
    li.name.textContent = user.username;
    li.status.textContent = user.online ? 'online' : 'offline';
  }

  state.addEventListener('people', render);
  render();
}
