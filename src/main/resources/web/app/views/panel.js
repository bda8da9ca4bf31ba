// The room's side panel: a thread, the room's threads, search, members, room info.
import * as api from '../api.js';
import { h, clear, toast, modal } from '../dom.js';
import { t } from '../i18n.js';
import { state, ms, roomPath } from '../store.js';
import { messageView } from './message.js';
import { composer } from './composer.js';
import { icon } from '../icons.js';
import { presenceDot, whenOf, num, typingText, fileSize, dateTimeOf } from './common.js';

let current = null; // {kind, onMessage, onDelete, dispose}

export function onMessage(m) { current?.onMessage?.(m); }
export function onDelete(id) { current?.onDelete?.(id); }
/** Someone's activity in a thread (stream-notify-room user-activity with extras.tmid). */
export function onActivity(username, activities, tmid) { current?.onActivity?.(username, activities, tmid); }
export function dispose() { current?.dispose?.(); current = null; }

export function show(panel, kind, arg, ctx) {
  dispose();
  clear(panel);
  panel.hidden = false;
  const titles = { thread: t('Thread'), threads: t('Threads'), search: t('Search messages'), members: t('Members'), info: t('Room info') };
  const body = h('div', { class: 'panel-body' });
  panel.setAttribute('aria-label', titles[kind]);
  panel.append(h('header', null, h('h2', null, titles[kind]),
    h('button', { type: 'button', class: 'icon', 'aria-label': t('Close panel'), onclick: ctx.close }, icon('close'))), body);
  current = { kind };
  ({ thread, threads, search, members, info })[kind](body, arg, ctx, panel);
}

function thread(body, tmid, ctx, panel) {
  const me = state.me;
  let parent = null;
  const replies = new Map();
  const followBtn = h('button', { type: 'button', class: 'secondary' });
  const list = h('div', { class: 'thread-messages', role: 'log', 'aria-label': t('Thread messages') });
  const alsoSend = h('input', { type: 'checkbox', id: 'tshow' });
  const box = composer({
    id: 'thread', rid: ctx.rid, tmid, label: t('Reply in thread'), placeholder: t('Reply…'),
    extra: h('label', { class: 'check' }, alsoSend, ' ', t('Also send to room')),
    onSend: async (text) => {
      const { message } = await api.post('chat.sendMessage', { message: { rid: ctx.rid, msg: text, tmid, tshow: alsoSend.checked || undefined } });
      replies.set(message._id, message);
      alsoSend.checked = false;
      render(true);
    },
    onEditLast: () => [...replies.values()].reverse().find(m => m.u?._id === me._id),
    onSaveEdit: (m, text) => api.post('chat.update', { roomId: ctx.rid, msgId: m._id, text }),
    onError: (e) => toast(e.message),
  });
  const typingEl = h('div', { class: 'typing', 'aria-live': 'polite' });
  const typers = new Map(); // username -> timeout
  body.append(list, typingEl, followBtn, box.el);

  function renderTyping() { typingEl.textContent = typingText([...typers.keys()]); }

  function stopped(username) {
    if (!typers.has(username)) return;
    clearTimeout(typers.get(username));
    typers.delete(username);
    renderTyping();
  }

  function following() { return (parent?.replies || []).includes(me._id); }

  function render(bottom) {
    clear(list);
    if (parent) list.append(messageView(parent, { inThread: true, actions: ctx.actions }), h('div', { class: 'thread-count', role: 'status' },
      t(parent.tcount === 1 ? '{count} reply' : '{count} replies', { count: num(parent.tcount || 0) })));
    [...replies.values()].sort((a, b) => ms(a.ts) - ms(b.ts))
      .forEach(m => list.append(messageView(m, { inThread: true, actions: { ...ctx.actions, openThread: null } })));
    followBtn.textContent = following() ? t('Unfollow thread') : t('Follow thread');
    followBtn.setAttribute('aria-pressed', String(following()));
    if (bottom) list.scrollTop = list.scrollHeight;
  }

  followBtn.addEventListener('click', async () => {
    const was = following();
    try {
      await api.post(was ? 'chat.unfollowMessage' : 'chat.followMessage', { mid: tmid });
      parent.replies = was ? parent.replies.filter(id => id !== me._id) : [...(parent.replies || []), me._id];
      render();
    } catch (e) { toast(e.message); }
  });

  current.onMessage = (m) => {
    if (m._id === tmid) { parent = m; render(); } else if (m.tmid === tmid) { replies.set(m._id, m); stopped(m.u?.username); render(true); }
  };
  current.onDelete = (id) => { if (replies.delete(id)) render(); };
  // Typing in this thread; as in the room, an activity lasts 15 s unless renewed.
  current.onActivity = (username, activities, id) => {
    if (id !== tmid || username === me.username) return;
    if (!activities?.length) { stopped(username); return; }
    clearTimeout(typers.get(username));
    typers.set(username, setTimeout(() => stopped(username), 15000));
    renderTyping();
  };
  current.dispose = () => { box.dispose(); typers.forEach(tm => clearTimeout(tm)); };

  (async () => {
    try {
      const [p, r] = await Promise.all([api.get('chat.getMessage', { msgId: tmid }),
        api.get('chat.getThreadMessages', { tmid, count: 100 })]);
      parent = p.message;
      r.messages.forEach(m => replies.set(m._id, m));
      render(true);
      box.focus();
    } catch (e) { list.append(h('p', { class: 'error' }, e.message)); }
  })();
}

function threads(body, _arg, ctx, panel) {
  const list = h('ul', { class: 'plain-list', 'aria-label': t('Threads') });
  body.append(list);
  api.get('chat.getThreadsList', { rid: ctx.rid, count: 50 }).then(({ threads: items }) => {
    if (!items.length) list.append(h('li', { class: 'empty' }, t('No threads yet.')));
    for (const m of items) {
      list.append(h('li', null, h('button', { type: 'button', class: 'thread-item', onclick: () => show(panel, 'thread', m._id, ctx) },
        h('span', { class: 'author' }, m.u?.name || m.u?.username), ' ',
        h('span', { class: 'excerpt' }, (m.msg || '').slice(0, 120)), h('br'),
        h('small', null, t(m.tcount === 1 ? '{count} reply' : '{count} replies', { count: num(m.tcount || 0) }),
          m.tlm ? ' · ' + t('last reply {when}', { when: whenOf(m.tlm) }) : ''))));
    }
  }).catch(e => list.append(h('li', { class: 'error' }, e.message)));
}

function search(body, _arg, ctx) {
  const results = h('ul', { class: 'plain-list', 'aria-label': t('Search results') });
  const input = h('input', { type: 'search', 'aria-label': t('Search messages'), placeholder: t('Search messages') });
  const form = h('form', { role: 'search', onsubmit: async (e) => {
    e.preventDefault();
    clear(results);
    if (!input.value.trim()) return;
    try {
      const { messages } = await api.get('chat.search', { roomId: ctx.rid, searchText: input.value, count: 50 });
      if (!messages.length) results.append(h('li', { class: 'empty' }, t('No messages found.')));
      for (const m of messages) {
        results.append(h('li', null, h('a', { href: location.pathname + '?msg=' + encodeURIComponent(m._id), class: 'search-hit' },
          h('span', { class: 'author' }, m.u?.username), ' ', h('small', null, whenOf(m.ts)), h('br'), m.msg)));
      }
    } catch (err) { results.append(h('li', { class: 'error' }, err.message)); }
  } }, input, h('button', { type: 'submit', class: 'primary' }, t('Search')));
  body.append(form, results);
  input.focus();
}

const STATUSES = ['offline', 'online', 'away', 'busy']; // Rocket.Chat's status numbers

function members(body, _arg, ctx) {
  const list = h('ul', { class: 'plain-list members', 'aria-label': t('Members') });
  body.append(list);
  const rows = new Map(); // user id -> {dot, note}
  const latest = new Map(); // user id -> [status, statusText] heard before the list was in
  function show(row, status, statusText) {
    const dot = presenceDot(status);
    row.dot.replaceWith(dot);
    row.dot = dot;
    row.note.textContent = statusText ? ' — ' + statusText : '';
  }
  // Presence changes live: stream-notify-logged user-status, [uid, username, status number, text].
  const off = state.ddp.subscribe('stream-notify-logged', 'user-status', (entry) => {
    const [uid, , number, statusText] = entry || [];
    const status = STATUSES[number] || 'offline';
    const row = rows.get(uid);
    if (row) show(row, status, statusText); else latest.set(uid, [status, statusText]);
  });
  current.dispose = off;
  api.get(api.family(ctx.room.t) + '.members', { roomId: ctx.rid, count: 100 }).then(async ({ members: items, total }) => {
    list.before(h('p', null, t('{count} members', { count: num(total ?? items.length) })));
    for (const u of items) {
      const row = { dot: presenceDot(u.status), note: h('small') };
      rows.set(u._id, row);
      list.append(h('li', { 'data-username': u.username }, row.dot, ' ', h('span', { class: 'author' }, u.name || u.username), ' ',
        h('span', { class: 'username' }, '@' + u.username), row.note));
      const [status, statusText] = latest.get(u._id) || [u.status, u.statusText];
      show(row, status, statusText);
    }
    await off.ready;
    list.dataset.live = 'true';
  }).catch(e => list.append(h('li', { class: 'error' }, e.message)));
}

/** Permission id -> roles (permissions.listAll), fetched once per page. */
let permissionTable = null;

async function roomCan(rid) {
  if (!permissionTable) {
    permissionTable = api.get('permissions.listAll').then(({ update }) => new Map(update.map(p => [p._id, p.roles])))
      .catch((e) => { permissionTable = null; throw e; });
  }
  const table = await permissionTable;
  const roles = new Set([...(state.me.roles || []), ...(state.subs.get(rid)?.roles || [])]);
  return (id) => (table.get(id) || []).some(r => roles.has(r));
}

async function info(body, _arg, ctx) {
  const r = ctx.room;
  const field = (label, value) => h('div', { class: 'info-field' }, h('h3', null, label), h('p', null, value || '—'));
  const typeName = r.t === 'c' ? t('Public channel') : r.t === 'p' ? t('Private group') : t('Direct message');
  let can = () => false;
  if (r.t !== 'd') {
    try { can = await roomCan(ctx.rid); } catch (e) { /* shown read-only */ }
  }
  if (!can('edit-room')) {
    body.append(field(t('Name'), r.fname || r.name), field(t('Type'), typeName), field(t('Topic'), r.topic),
      field(t('Description'), r.description), field(t('Announcement'), r.announcement));
    if (r.archived) body.append(h('p', { class: 'readonly' }, t('This room is archived.')));
  } else {
    body.append(settingsForm(ctx));
  }
  body.append(roomFiles(body, ctx));
  if (r.t === 'd') return;
  const tools = h('div', { class: 'room-danger' });
  if (r.archived ? can('unarchive-room') : can('archive-room')) {
    tools.append(h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try {
        await api.post('rooms.changeArchivationState', { rid: ctx.rid, action: r.archived ? 'unarchive' : 'archive' });
        toast(r.archived ? t('Room unarchived') : t('Room archived'));
        r.archived = !r.archived;
        await reopen(r);
      } catch (e) { toast(e.message); }
    } }, r.archived ? t('Unarchive') : t('Archive')));
  }
  if (can(r.t === 'c' ? 'delete-c' : 'delete-p')) {
    const name = r.fname || r.name;
    tools.append(h('button', { type: 'button', class: 'danger', onclick: async () => {
      const answer = await modal(t('Delete room'), h('p', null, t('Delete {room} and all its messages? This cannot be undone.', { room: name })),
        [{ label: t('Cancel'), value: 'cancel' }, { label: t('Delete'), value: 'delete', primary: true }]);
      if (answer !== 'delete') return;
      try {
        await api.post('rooms.delete', { roomId: ctx.rid });
        toast(t('Room deleted'));
        await state.loadRooms();
        state.navigate('/home', true);
      } catch (e) { toast(e.message); }
    } }, t('Delete room')));
  }
  if (tools.childNodes.length) body.append(tools);
}

const FILES_PAGE = 25;

/**
 * The room's files, newest first (channels.files / groups.files / im.files): name (opens the
 * file), size, who uploaded it, when, and a download link. The next page loads when the list is
 * scrolled to its end, or by the "More files" button.
 */
function roomFiles(scroller, ctx) {
  const list = h('ul', { class: 'plain-list file-list', 'aria-labelledby': 'room-files-title' });
  const more = h('button', { type: 'button', class: 'link load-more', hidden: true }, t('More files'));
  let offset = 0;
  let loading = false;
  let done = false;

  async function load() {
    if (loading || done) return;
    loading = true;
    more.disabled = true;
    try {
      const res = await api.get(api.family(ctx.room.t) + '.files', { roomId: ctx.rid, count: FILES_PAGE, offset,
        sort: JSON.stringify({ uploadedAt: -1 }) });
      if (!offset && !res.files.length) list.append(h('li', { class: 'empty' }, t('No files yet.')));
      res.files.forEach(f => list.append(fileItem(f)));
      offset += res.files.length;
      done = !res.files.length || offset >= res.total;
    } catch (e) {
      list.append(h('li', { class: 'error' }, e.message));
      done = true;
    } finally {
      loading = false;
      more.disabled = false;
      more.hidden = done;
    }
  }

  more.addEventListener('click', load);
  scroller.addEventListener('scroll', () => {
    if (!done && scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120) load();
  });
  load();
  return h('section', { class: 'room-files' }, h('h3', { id: 'room-files-title' }, t('Files')), list, more);
}

function fileItem(f) {
  const url = typeof f.url === 'string' && f.url.startsWith('/') && !f.url.startsWith('//') ? f.url : null;
  const who = f.user?.username;
  return h('li', { class: 'file-item' },
    url ? h('a', { class: 'file-name', href: url, target: '_blank', rel: 'noopener noreferrer' }, f.name) : h('span', { class: 'file-name' }, f.name),
    h('div', { class: 'file-meta' },
      h('span', { class: 'file-size' }, fileSize(f.size)),
      who ? h('span', { class: 'file-user' }, '@' + who) : null,
      f.uploadedAt ? h('time', { datetime: f.uploadedAt, title: dateTimeOf(f.uploadedAt) }, whenOf(f.uploadedAt)) : null,
      url ? h('a', { class: 'file-download', href: url + '?download', download: f.name,
        'aria-label': t('Download {name}', { name: f.name }) }, t('Download')) : null));
}

/** After a change of name, type, read-only or archiving: the room again, from fresh lists. */
async function reopen(room) {
  await state.loadRooms();
  const sub = state.subs.get(room._id);
  // Not a member (an admin looking at a public channel): by the room's own name and type.
  state.navigate(sub ? roomPath(sub) : roomPath({ t: room.t, name: room.name, rid: room._id }), true);
}

/** Name, topic, announcement, description, read-only and private, saved by rooms.saveRoomSettings. */
function settingsForm(ctx) {
  const r = ctx.room;
  const name = h('input', { id: 'room-name', value: r.name || '', required: true });
  const topic = h('input', { id: 'topic-input', value: r.topic || '' });
  const announcement = h('textarea', { id: 'room-announcement', rows: 2 });
  announcement.value = r.announcement || '';
  const description = h('textarea', { id: 'room-description', rows: 2 });
  description.value = r.description || '';
  const ro = h('input', { type: 'checkbox', id: 'room-ro', checked: !!r.ro });
  const priv = h('input', { type: 'checkbox', id: 'room-private', checked: r.t === 'p' });
  return h('form', { class: 'room-settings', 'aria-label': t('Room settings'), onsubmit: async (e) => {
    e.preventDefault();
    const body = { rid: ctx.rid };
    if (name.value.trim() !== r.name) body.roomName = name.value.trim();
    if (topic.value !== (r.topic || '')) body.roomTopic = topic.value;
    if (announcement.value !== (r.announcement || '')) body.roomAnnouncement = announcement.value;
    if (description.value !== (r.description || '')) body.roomDescription = description.value;
    if (ro.checked !== !!r.ro) body.readOnly = ro.checked;
    if ((priv.checked ? 'p' : 'c') !== r.t) body.roomType = priv.checked ? 'p' : 'c';
    if (Object.keys(body).length === 1) { toast(t('Nothing changed')); return; }
    try {
      await api.post('rooms.saveRoomSettings', body);
      toast(t('Room settings saved'));
      if ('roomTopic' in body) r.topic = body.roomTopic;
      if ('roomAnnouncement' in body) r.announcement = body.roomAnnouncement;
      if ('roomDescription' in body) r.description = body.roomDescription;
      if ('roomName' in body) r.name = r.fname = body.roomName;
      if ('roomType' in body) r.t = body.roomType;
      if ('roomName' in body || 'roomType' in body || 'readOnly' in body) await reopen(r);
    } catch (err) { toast(err.message); }
  } },
  h('label', { for: 'room-name' }, t('Name')), name,
  h('label', { for: 'topic-input' }, t('Topic')), topic,
  h('label', { for: 'room-announcement' }, t('Announcement')), announcement,
  h('label', { for: 'room-description' }, t('Description')), description,
  h('label', { class: 'check' }, ro, ' ', t('Read only')),
  h('label', { class: 'check' }, priv, ' ', t('Private')),
  h('button', { type: 'submit', class: 'primary' }, t('Save')));
}
