// Parley's web client: boots from the saved resume token, keeps the realtime connection, routes.
import * as api from './api.js';
import { Ddp } from './ddp.js';
import { state, emit } from './store.js';
import { h, clear } from './dom.js';
import { initLang } from './i18n.js';
import { setCustomEmoji } from './emoji.js';
import { renderLogin } from './views/login.js';
import { renderShell } from './views/shell.js';
import { renderResetPassword, renderVerifyEmail } from './views/account-link.js';
import { askSecondFactor } from './views/twofactor.js';

const TOKEN = 'Meteor.loginToken';
const USER = 'Meteor.userId';
const app = document.getElementById('app');

export function navigate(path, replace = false) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route();
}

function route() {
  if (!state.me) {
    showLogin();
    return;
  }
  emit('route', location.pathname);
}

// Links inside the app (channel links in messages, the sidebar) route without reloading.
document.addEventListener('click', (e) => {
  const a = e.target.closest?.('a[href^="/"]');
  if (!a || a.target === '_blank' || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', route);

/** Resolves once the public settings are in state.settings (views read them while rendering). */
let settingsReady = Promise.resolve();

async function loadSettings() {
  try {
    const { settings } = await api.get('settings.public', { count: 200 });
    for (const s of settings) state.settings[s._id] = s.value;
  } catch (e) { /* the client works with defaults */ }
}

function showLogin() {
  clear(app);
  const path = location.pathname;
  if (path !== '/login' && path !== '/register') history.replaceState(null, '', '/login');
  renderLogin(app, { register: location.pathname === '/register', onLoggedIn: startSession });
}

export async function startSession(authToken, userId) {
  localStorage.setItem(TOKEN, authToken);
  localStorage.setItem(USER, userId);
  api.setAuth({ authToken, userId });
  // Downloads (/file-upload/...) authenticate with Rocket.Chat's cookies, as its web client sets them.
  document.cookie = 'rc_uid=' + encodeURIComponent(userId) + '; path=/; SameSite=Strict';
  document.cookie = 'rc_token=' + encodeURIComponent(authToken) + '; path=/; SameSite=Strict';
  // me and the room lists are fetched together: one round trip less before the first render.
  const rooms = loadRooms().then(() => null, (e) => e);
  let me;
  try {
    me = await api.get('me');
  } catch (e) {
    if (e.status === 401 || e.status === 403) { endSession(); return; }
    throw e; // the server is unreachable: keep the saved session for the next load
  }
  state.me = me;
  performance.mark('parley:me'); // milestones for bench/web-first-render.sh
  state.navigate = navigate;
  state.ddp = new Ddp(authToken, { onAuthFailed: endSession, onStatus: (s) => emit('connection', s) });
  const roomsFailed = await rooms;
  if (roomsFailed) throw roomsFailed;
  // The room may render before this arrives: it re-renders its messages on 'emoji'.
  api.get('emoji-custom.list').then(r => { setCustomEmoji(r.emojis?.update); emit('emoji'); }).catch(() => {});
  const uid = me._id;
  state.ddp.subscribe('stream-notify-user', uid + '/subscriptions-changed', (action, sub) => {
    if (action === 'removed') state.subs.delete(sub.rid);
    else state.subs.set(sub.rid, { ...(state.subs.get(sub.rid) || {}), ...sub });
    emit('subs');
  });
  state.ddp.subscribe('stream-notify-user', uid + '/rooms-changed', (action, room) => {
    if (action === 'removed') state.rooms.delete(room._id);
    else state.rooms.set(room._id, { ...(state.rooms.get(room._id) || {}), ...room });
    emit('rooms', room);
  });
  // Every message in my rooms: unread counts and mention badges for the rooms not on screen,
  // counted as the server counts them (Unread_Count: mentions only in rooms, all in DMs).
  const seen = new Set();
  state.ddp.subscribe('stream-room-messages', '__my_messages__', (m) => {
    if (seen.has(m._id) || m.editedAt || Date.now() - new Date(m.ts).getTime() > 120000) return;
    seen.add(m._id);
    if (seen.size > 5000) seen.clear();
    const sub = state.subs.get(m.rid);
    if (!sub || m.u?._id === me._id || m.t) return;
    if (m.rid === state.roomId && document.visibilityState === 'visible') return;
    const mentioned = (m.mentions || []).some(x => x._id === me._id || x.username === me.username);
    const group = (m.mentions || []).some(x => x._id === 'all' || x._id === 'here');
    if (m.tmid && !m.tshow && !mentioned) return;
    if (sub.t === 'd' || mentioned || group) sub.unread = (sub.unread || 0) + 1;
    if (mentioned) sub.userMentions = (sub.userMentions || 0) + 1;
    if (group) sub.groupMentions = (sub.groupMentions || 0) + 1;
    sub.alert = true;
    emit('subs');
  });
  await settingsReady;
  clear(app);
  renderShell(app, { navigate, logout });
  performance.mark('parley:shell');
  if (['/', '/login', '/register'].includes(location.pathname)) history.replaceState(null, '', '/home' + location.search);
  route();
}

async function loadRooms() {
  const [subs, rooms] = await Promise.all([api.get('subscriptions.get'), api.get('rooms.get')]);
  state.subs = new Map(subs.update.map(s => [s.rid, s]));
  state.rooms = new Map(rooms.update.map(r => [r._id, r]));
  emit('subs');
}

export async function logout() {
  try { await api.post('logout'); } catch (e) { /* the token may already be gone */ }
  endSession();
}

/** The session is over (logged out, or the token was revoked): back to the login page. */
function endSession() {
  localStorage.removeItem(TOKEN);
  localStorage.removeItem(USER);
  document.cookie = 'rc_uid=; path=/; max-age=0';
  document.cookie = 'rc_token=; path=/; max-age=0';
  state.ddp?.stop();
  state.ddp = null;
  state.me = null;
  state.subs.clear();
  state.rooms.clear();
  api.setAuth(null);
  emit('ended');
  showLogin();
}

state.loadRooms = loadRooms;
api.whenUnauthorized(() => { if (state.me) endSession(); });
api.whenSecondFactorNeeded(askSecondFactor);

(async () => {
  initLang();
  // The links Parley mails (issue #6) open these pages whether or not someone is logged in here.
  const link = location.pathname.match(/^\/(reset-password|verify-email)\/([^/]+)$/);
  if (link) {
    settingsReady = loadSettings();
    const token = decodeURIComponent(link[2]);
    const onLoggedIn = (authToken, uid) => { history.replaceState(null, '', '/home'); return startSession(authToken, uid); };
    if (link[1] === 'reset-password') renderResetPassword(app, token, { onLoggedIn });
    else await renderVerifyEmail(app, token, { onLoggedIn });
    return;
  }
  const token = localStorage.getItem(TOKEN);
  const userId = localStorage.getItem(USER);
  // Public settings load alongside the session's first requests; the shell waits for them.
  settingsReady = loadSettings();
  if (token && userId) await startSession(token, userId);
  else {
    await settingsReady;
    showLogin();
  }
})().catch((e) => {
  clear(app).append(h('p', { class: 'boot error', role: 'alert' }, String(e.message || e)));
});
