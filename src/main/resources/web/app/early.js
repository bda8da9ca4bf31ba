// The first screen's REST calls, started by the first module to run while the rest of the client
// is still loading. It imports nothing, so the browser runs it as soon as it has arrived. api.js
// hands each answer to the first caller asking for the same thing (once); nothing else reads them.
const token = localStorage.getItem('Meteor.loginToken');
const userId = localStorage.getItem('Meteor.userId');
const started = new Map(); // key -> {response: Promise<Response>, authed, at}
const FRESH_MS = 10000; // older answers are not handed out: the data may have moved on

function start(key, path, authed) {
  const headers = { Accept: 'application/json' };
  if (authed) { headers['X-User-Id'] = userId; headers['X-Auth-Token'] = token; }
  const response = fetch('/api/v1/' + path, { headers });
  response.catch(() => {}); // whoever takes it sees the failure
  started.set(key, { response, authed, at: performance.now() });
}

start('settings.public?count=200', 'settings.public?count=200', false);
if (token && userId) {
  start('me', 'me', true);
  start('subscriptions.get', 'subscriptions.get', true);
  start('rooms.get', 'rooms.get', true);
  // The open room's newest page (room.js asks for it by path: the room id is not known yet).
  const [, kind, raw] = location.pathname.split('/');
  if (raw && (kind === 'channel' || kind === 'group' || kind === 'direct')) {
    const key = encodeURIComponent(decodeURIComponent(raw));
    const path = kind === 'direct' ? 'im.history?roomId=' + key
      : (kind === 'channel' ? 'channels' : 'groups') + '.history?roomName=' + key;
    start('history:' + location.pathname, path + '&count=50', true);
  }
}

/**
 * The response started early under key, once, or null; an authenticated one only for the same
 * session it was made with, and none once it is more than a few seconds old.
 */
export function takeEarly(key, auth) {
  const e = started.get(key);
  if (!e) return null;
  started.delete(key);
  if (performance.now() - e.at > FRESH_MS) return null;
  if (e.authed && (!auth || auth.userId !== userId || auth.authToken !== token)) return null;
  return e.response;
}
