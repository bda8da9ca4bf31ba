// The client's state: who is logged in, their subscriptions and rooms, and a tiny event bus.
export const state = {
  me: null,          // the /me document
  ddp: null,         // the realtime connection
  subs: new Map(),   // rid -> subscription
  rooms: new Map(),  // rid -> room
  settings: {},      // public settings by id
  roomId: null,      // the open room
  navigate: () => {}, // set by main.js
  loadRooms: async () => {}, // set by main.js: re-reads subscriptions and rooms
};

const listeners = new Map();

export function on(event, fn) {
  if (!listeners.has(event)) listeners.set(event, new Set());
  listeners.get(event).add(fn);
  return () => listeners.get(event).delete(fn);
}

export function emit(event, data) {
  for (const fn of [...(listeners.get(event) || [])]) fn(data);
}

export function isAdmin() {
  return (state.me?.roles || []).includes('admin');
}

export function roomName(sub) {
  return sub.fname || sub.name || '';
}

export function roomPath(sub) {
  if (sub.t === 'c') return '/channel/' + encodeURIComponent(sub.name);
  if (sub.t === 'p') return '/group/' + encodeURIComponent(sub.name);
  return '/direct/' + encodeURIComponent(sub.rid);
}

export function findSub(kind, key) {
  for (const s of state.subs.values()) {
    if (kind === 'direct' ? s.rid === key : (s.name === key && s.t === (kind === 'channel' ? 'c' : 'p'))) return s;
  }
  return null;
}

/** Epoch millis of a REST (ISO string) or DDP-converted date. */
export function ms(d) {
  return d ? new Date(d).getTime() : 0;
}
