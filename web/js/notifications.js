// Desktop notifications for messages that arrive while the tab is hidden. The browser asks
// the person only after they pressed "Enable desktop notifications" (a user gesture).
import { byId } from './dom.js';

export function mountNotifications(state, chat, openRoom) {
  const button = byId('enable-notifications');
  const supported = 'Notification' in window;
  const refresh = () => (button.hidden = !supported || Notification.permission !== 'default');
  button.addEventListener('click', async () => {
    await Notification.requestPermission();
    refresh();
  });
  refresh();

  chat.addEventListener('incoming', ({ detail: { room, message } }) => {
    if (!supported || Notification.permission !== 'granted' || document.visibilityState === 'visible') return;
    const title = room.kind === 'group' ? `${state.name(message.senderId)} in ${room.name}` : state.name(message.senderId);
    const n = new Notification(title, { body: message.body, tag: `room-${room.id}` });
    n.onclick = () => {
      window.focus();
      openRoom(room.id);
      n.close();
    };
  });
}
