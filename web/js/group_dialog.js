// One dialog for two jobs: create a group (a name and people: room:create) and add people to
// the open group (room:add). A native <dialog>: focus stays inside, Escape closes it.
import { byId, el, replaceChildren } from './dom.js';

export function mountGroupDialog(state, chat) {
  const dialog = byId('people-dialog');
  const form = byId('people-form');
  const name = byId('group-name');
  const error = byId('people-error');
  let mode = 'create';

  async function open(which) {
    await chat.refreshPeople().catch(() => {});  // whoever signed up since the page loaded
    mode = which;
    const room = which === 'add' ? state.rooms.get(state.openRoomId) : null;
    if (which === 'add' && !room) return;
    const members = new Set(room ? room.members.map((m) => m.id) : []);
    const candidates = [...state.users.values()]
      .filter((u) => !members.has(u.id))
      .sort((a, b) => a.username.localeCompare(b.username));
    byId('people-dialog-title').textContent = room ? `Add people to ${room.name}` : 'New group';
    byId('group-name-field').hidden = Boolean(room);
    byId('people-submit').textContent = room ? 'Add' : 'Create';
    name.value = '';
    error.textContent = '';
    replaceChildren(byId('people-choices'),
      candidates.length === 0 && el('li', { className: 'empty' }, 'Nobody else to add.'),
      candidates.map((u) => {
        const id = `choice-${u.id}`;
        return el('li', {},
          el('input', { type: 'checkbox', id, value: String(u.id) }),
          el('label', { htmlFor: id }, u.username));
      }));
    dialog.showModal();
    (room ? dialog.querySelector('input[type=checkbox]') ?? byId('people-cancel') : name).focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const ids = [...form.querySelectorAll('input[type=checkbox]:checked')].map((c) => Number(c.value));
    const groupName = name.value.trim();
    if (mode === 'create' && !groupName) return fail('Give the group a name.', name);
    if (ids.length === 0 && mode === 'add') return fail('Choose at least one person.');
    try {
      if (mode === 'create') await chat.createGroup(groupName, ids);
      else await chat.addMembers(state.openRoomId, ids);
      dialog.close();
    } catch (err) {
      fail(err.message);
    }
  });
  byId('people-cancel').addEventListener('click', () => dialog.close());
  byId('new-group').addEventListener('click', () => open('create'));
  byId('add-people').addEventListener('click', () => open('add'));

  function fail(text, focus) {
    error.textContent = text;
    focus?.focus();
  }
}
