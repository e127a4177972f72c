// The REST half of the contract (PROTOCOL.md "Authentication", "REST"): one fetch wrapper
// and a function per call. Errors come back as ApiError with the server's code and message.

export class ApiError extends Error {
  /** @param {number} status HTTP status (0: the server could not be reached) */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the REST API; resolves with the parsed JSON body (null for 204). */
export async function call(method, path, { body, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'unreachable', 'The server cannot be reached.');
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A non-JSON answer (a proxy's error page) is reported by its status below.
  }
  if (!res.ok) {
    const err = json?.error ?? {};
    throw new ApiError(res.status, err.code ?? 'http_error', err.message ?? `HTTP ${res.status}`);
  }
  return json;
}

// -- sign-in: each resolves with {user, token} ------------------------------------------------

export const register = (username, password) => call('POST', '/api/auth/register', { body: { username, password } });
export const login = (username, password) => call('POST', '/api/auth/login', { body: { username, password } });
/** Sign-in by name alone; only servers run with --auth pseudo allow it (others answer 403). */
export const signInByName = (username) => call('POST', '/api/users', { body: { username } });
export const logout = (token) => call('POST', '/api/auth/logout', { token });

// -- reads ---------------------------------------------------------------------------------

export const me = (token) => call('GET', '/api/me', { token });

/** One page of the other users, by username: {users, nextCursor}. */
export function users(token, after) {
  const q = new URLSearchParams({ limit: '100' });
  if (after != null) q.set('after', after);
  return call('GET', `/api/users?${q}`, { token });
}

/** Every room of the caller (all pages), newest activity first, with lastMessage and unread. */
export async function allRooms(token) {
  const rooms = [];
  let after = null;
  for (let page = 0; page < 50; page++) {  // bound: 10,000 rooms
    const q = new URLSearchParams({ limit: '200' });
    if (after != null) q.set('after', after);
    const res = await call('GET', `/api/rooms?${q}`, { token });
    rooms.push(...res.rooms);
    after = res.nextCursor;
    if (after == null) break;
  }
  return rooms;
}
