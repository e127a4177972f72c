// The Socket.IO half of the contract: one socket with the token in the handshake, a state the
// page shows (connecting, online, reconnecting, signed-out), requests that wait for their ack
// with a timeout, and a 'connect' event on every (re)connect so the page can catch up.
import { io } from '/vendor/socket.io.esm.min.js';

/** An ack of {ok: false, error}, or no ack at all (code 'timeout' / 'offline'). */
export class RequestError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Connection extends EventTarget {
  constructor(token) {
    super();
    this.state = 'connecting';
    this.connects = 0;
    // Default transports (long-polling first, then the upgrade to WebSocket); reconnect soon
    // after a restart of the server, and back off to a few seconds while it stays away.
    this.socket = io({ auth: { token }, reconnectionDelay: 500, reconnectionDelayMax: 4000 });
    this.socket.on('connect', () => {
      this.connects += 1;
      this.#set('online');
      this.dispatchEvent(new CustomEvent('connect', { detail: { first: this.connects === 1 } }));
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.#set('reconnecting');
      // The server ended this session on purpose (e.g. a logout elsewhere); socket.io does not
      // retry that by itself. A revoked token then fails the handshake: 'signed-out'.
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        this.socket.disconnect();
        this.#set('signed-out');
      } else {
        this.#set('reconnecting');
      }
    });
  }

  /** Listens to a server event (message:new, presence, …). */
  on(event, handler) {
    this.socket.on(event, handler);
  }

  get connected() {
    return this.socket.connected;
  }

  /**
   * Emits `event` and resolves with its ack ({ok: true, …}); rejects with RequestError on an
   * {ok: false} ack, when offline, or when no ack came within `timeoutMs`. Never buffers:
   * an event emitted while disconnected would be sent later without the caller knowing.
   */
  async request(event, payload, timeoutMs = 10000) {
    if (!this.socket.connected) throw new RequestError('offline', 'Not connected.');
    let ack;
    try {
      ack = await this.socket.timeout(timeoutMs).emitWithAck(event, payload);
    } catch {
      throw new RequestError('timeout', 'No answer from the server.');
    }
    if (!ack?.ok) throw new RequestError(ack?.error?.code ?? 'bad_ack', ack?.error?.message ?? 'Refused.');
    return ack;
  }

  /** Sends without waiting for the ack (typing, read markers): losing one is harmless. */
  notify(event, payload) {
    if (this.socket.connected) this.socket.emit(event, payload, () => {});
  }

  close() {
    this.socket.disconnect();
  }

  #set(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }
}
