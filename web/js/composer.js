// The message box: Enter sends (Shift+Enter: a new line), Escape drops the reply being
// written, and typing tells the others "typing" at most every few seconds, then "stopped".
import { byId } from './dom.js';

const TYPING_REPEAT_MS = 3000;  // resend "typing: true" this often while keys are pressed
const TYPING_IDLE_MS = 3000;    // no key for this long: "typing: false"

export function mountComposer(state, chat) {
  const form = byId('composer');
  const input = byId('composer-input');
  const preview = byId('reply-preview');
  let replyTo = null;
  let typingRoom = null;
  let typingSentAt = 0;
  let idleTimer = null;
  let draftRoom = null;
  const drafts = new Map();  // roomId -> unsent text, kept while switching rooms
  const hooks = { onSent: () => {} };

  function stopTyping() {
    clearTimeout(idleTimer);
    if (typingRoom !== null) chat.typing(typingRoom, false);
    typingRoom = null;
  }

  function noteTyping() {
    const roomId = state.openRoomId;
    if (roomId === null) return;
    if (typingRoom !== roomId) stopTyping();
    if (typingRoom !== roomId || Date.now() - typingSentAt > TYPING_REPEAT_MS) {
      chat.typing(roomId, true);
      typingRoom = roomId;
      typingSentAt = Date.now();
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function setReply(message) {
    replyTo = message;
    preview.hidden = !message;
    byId('reply-text').textContent = message ? `Replying to ${state.name(message.senderId)}: ${message.body}` : '';
  }

  function grow() {
    // CSSOM, not a style attribute: allowed under the page's Content-Security-Policy.
    // Empty: back to the stylesheet's height (also right while the box is hidden and has none).
    input.style.height = '';
    const border = input.offsetHeight - input.clientHeight;  // border-box: height includes it
    if (input.value) input.style.height = `${Math.min(input.scrollHeight + border, 160)}px`;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = input.value;
    if (!body.trim() || state.openRoomId === null) return;
    stopTyping();
    chat.send(state.openRoomId, body, replyTo?.id ?? null);
    input.value = '';
    grow();
    setReply(null);
    hooks.onSent();
    input.focus();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    } else if (e.key === 'Escape' && replyTo) {
      e.preventDefault();
      setReply(null);
    }
  });
  input.addEventListener('input', () => {
    grow();
    if (input.value) noteTyping();
    else stopTyping();
  });
  byId('reply-cancel').addEventListener('click', () => {
    setReply(null);
    input.focus();
  });
  state.addEventListener('open', () => {
    stopTyping();
    setReply(null);
    if (draftRoom !== null) drafts.set(draftRoom, input.value);
    draftRoom = state.openRoomId;
    input.value = drafts.get(draftRoom) ?? '';
    grow();
    if (state.openRoomId !== null) input.focus();
  });

  return {
    hooks,
    /** Starts a reply to `message` and puts the cursor in the box. */
    replyTo(message) {
      setReply(message);
      input.focus();
    },
  };
}
