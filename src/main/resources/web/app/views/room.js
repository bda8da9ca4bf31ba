// A room: header, history (newest at the bottom, older pages on scroll up), live messages over
// DDP, typing indicator, composer, and the side panel (thread, threads, search, members, info).
import * as api from '../api.js';
import { h, clear, modal, toast } from '../dom.js';
import { t } from '../i18n.js';
import { state, emit, on, ms, roomName, roomPath } from '../store.js';
import { dayOf, typingText, num } from './common.js';
import { messageView, groupable } from './message.js';
import { composer } from './composer.js';
import { reactionPicker } from './picker.js';
import * as panels from './panel.js';
import { icon } from '../icons.js';

const PAGE = 50;

export function roomIcon(t_) {
  return t_ === 'c' ? '#' : t_ === 'p' ? icon('lock') : '@';
}

export function openRoom(main, { room, sub }) {
  const rid = room._id;
  const me = state.me;
  const fam = api.family(room.t);
  const messages = [];
  const byId = new Map();
  const starred = new Set();
  const typingUsers = new Map();
  const offs = [];
  let hasMore = true;
  let loading = false;
  let disposed = false;
  let readTimer = null;
  let jumpTo = new URLSearchParams(location.search).get('msg');
  let highlighted = null;
  let highlightTimer = null;
  const dividerTs = sub && (sub.unread > 0 || sub.alert) ? ms(sub.ls || sub.ts) : null;
  state.roomId = rid;

  const title = () => room.t === 'd' ? (sub?.fname || sub?.name || room.fname || (room.usernames || []).filter(u => u !== me.username).join(', '))
    : (sub ? roomName(sub) : room.fname || room.name);

  // --- layout ---
  const favBtn = h('button', { type: 'button', class: 'icon', onclick: toggleFavourite });
  const topic = h('p', { class: 'topic' });
  const banner = h('div', { class: 'announcement', role: 'note', hidden: true });
  const heading = h('h1', { id: 'room-title' });
  const header = h('header', { class: 'room-header' },
    h('button', { type: 'button', class: 'icon back', 'aria-label': t('Back to rooms'), onclick: () => state.navigate('/home') }, icon('back')),
    h('div', { class: 'titles' }, heading, topic),
    h('div', { class: 'room-tools', role: 'toolbar', 'aria-label': t('Room tools') },
      sub ? favBtn : null,
      h('button', { type: 'button', class: 'icon', 'aria-label': t('Threads'), title: t('Threads'), onclick: () => showPanel('threads') }, icon('thread')),
      h('button', { type: 'button', class: 'icon', 'aria-label': t('Search messages'), title: t('Search messages'), onclick: () => showPanel('search') }, icon('search')),
      h('button', { type: 'button', class: 'icon', 'aria-label': t('Members'), title: t('Members'), onclick: () => showPanel('members') }, icon('members')),
      h('button', { type: 'button', class: 'icon', 'aria-label': t('Room info'), title: t('Room info'), onclick: () => showPanel('info') }, icon('info'))));
  const list = h('div', { class: 'messages', role: 'log', 'aria-label': t('Messages'), tabindex: '0' });
  const typingEl = h('div', { class: 'typing', 'aria-live': 'polite' });
  const panel = h('aside', { class: 'panel', hidden: true });

  const actions = {
    react: (m, emoji) => api.post('chat.react', { messageId: m._id, emoji }).catch(fail),
    pickReaction: (m) => reactionPicker((emoji) => api.post('chat.react', { messageId: m._id, emoji, shouldReact: true }).catch(fail)),
    openThread: (m) => showPanel('thread', m._id),
    star: async (m) => {
      const on_ = !starred.has(m._id);
      try {
        await api.post(on_ ? 'chat.starMessage' : 'chat.unStarMessage', { messageId: m._id });
        if (on_) starred.add(m._id); else starred.delete(m._id);
        renderList();
      } catch (e) { fail(e); }
    },
    isStarred: (m) => starred.has(m._id),
    pin: (m) => api.post(m.pinned ? 'chat.unPinMessage' : 'chat.pinMessage', { messageId: m._id }).catch(fail),
    copyLink: (m) => {
      const url = location.origin + (sub ? roomPath(sub) : location.pathname) + '?msg=' + encodeURIComponent(m._id);
      (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject(new Error('no clipboard')))
        .then(() => toast(t('Link copied')), () => toast(url));
    },
    canEdit: (m) => m.u?._id === me._id && state.settings.Message_AllowEditing !== false,
    edit: (m) => box.startEdit(m),
    canDelete: (m) => m.u?._id === me._id || (me.roles || []).includes('admin'),
    remove: async (m) => {
      const answer = await modal(t('Delete message'), h('p', null, t('Delete this message? This cannot be undone.')),
        [{ label: t('Cancel'), value: 'cancel' }, { label: t('Delete'), value: 'delete', primary: true }]);
      if (answer === 'delete') api.post('chat.delete', { roomId: rid, msgId: m._id }).catch(fail);
    },
  };

  function fail(e) { toast(e.message || String(e)); }

  // Uploads under way: one row each with its progress, a cancel button, and what went wrong.
  const uploads = h('ul', { class: 'uploads', 'aria-label': t('Uploads'), hidden: true });

  // One upload at a time, so several files (a drop, a paste) arrive in the order given; each
  // shows its row at once and can be cancelled while it waits.
  let queue = Promise.resolve();

  function uploadFile(f) {
    const name = f.name || 'file';
    const bar = h('progress', { max: '100', 'aria-label': t('Uploading {name}', { name }) });
    const percent = h('span', { class: 'upload-percent' }, t('Waiting…'));
    const cancel = h('button', { type: 'button', class: 'link', 'aria-label': t('Cancel upload of {name}', { name }) }, t('Cancel'));
    const item = h('li', { class: 'upload' }, h('span', { class: 'upload-name' }, name), bar, percent, cancel);
    uploads.append(item);
    uploads.hidden = false;
    let job = null;
    let cancelled = false;
    const done = () => { item.remove(); uploads.hidden = !uploads.children.length; };
    cancel.addEventListener('click', () => { cancelled = true; if (job) job.abort(); else done(); });

    async function send() {
      if (cancelled || disposed) return;
      percent.textContent = num(0) + ' %';
      const form = new FormData();
      form.append('file', f, name);
      job = api.uploadWithProgress('rooms.upload/' + encodeURIComponent(rid), form, (loaded, total) => {
        const p = Math.min(100, Math.round(loaded * 100 / total));
        bar.value = p;
        percent.textContent = num(p) + ' %';
      });
      try {
        const res = await job.promise;
        done();
        if (res.message && !disposed) { add(res.message); renderList(true); }
      } catch (err) {
        if (err.cancelled) { done(); return; }
        clear(item).append(h('span', { class: 'error', role: 'alert' }, uploadError(err, name)),
          h('button', { type: 'button', class: 'link', onclick: done }, t('Dismiss')));
      }
    }
    const run = queue.then(send);
    queue = run.catch(() => {});
    return run;
  }

  const box = composer({
    id: 'room', rid, label: t('Message'), placeholder: t('Message {room}', { room: (room.t === 'd' ? '@' : room.t === 'c' ? '#' : '') + title() }),
    onSend: async (text) => {
      const { message } = await api.post('chat.sendMessage', { message: { rid, msg: text } });
      add(message);
      renderList(true);
    },
    onFile: uploadFile,
    onEditLast: () => [...messages].reverse().find(m => m.u?._id === me._id && !m.t),
    onSaveEdit: (m, text) => api.post('chat.update', { roomId: rid, msgId: m._id, text }),
    onError: fail,
  });

  const joinBar = h('div', { class: 'join-bar' },
    h('p', null, t('You are not in this room.')),
    h('button', { type: 'button', class: 'primary', onclick: async () => {
      try {
        await api.post('channels.join', { roomId: rid });
        await state.loadRooms();
        state.navigate(location.pathname, true);
      } catch (e) { fail(e); }
    } }, t('Join')));

  const readOnly = room.archived || (room.ro && !(me.roles || []).includes('admin'));
  const roomMain = h('section', { class: 'room-main', 'aria-labelledby': 'room-title' }, header, banner, list, typingEl, uploads,
    sub ? (readOnly ? h('p', { class: 'readonly' }, room.archived ? t('This room is archived.') : t('This room is read only.')) : box.el) : joinBar);
  if (sub && !readOnly) {
    // Files dropped anywhere on the room are uploaded to it, one message each.
    const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
    roomMain.addEventListener('dragover', (e) => { if (hasFiles(e)) { e.preventDefault(); roomMain.classList.add('dropping'); } });
    roomMain.addEventListener('dragleave', (e) => { if (e.target === roomMain) roomMain.classList.remove('dropping'); });
    roomMain.addEventListener('drop', async (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      roomMain.classList.remove('dropping');
      for (const f of e.dataTransfer.files) uploadFile(f).catch(fail);
    });
  }
  main.append(h('div', { class: 'room' + (sub ? '' : ' preview') }, roomMain, panel));

  function renderHeader() {
    clear(heading).append(h('span', { class: 'room-icon', 'aria-hidden': 'true' }, roomIcon(room.t)), title());
    topic.textContent = room.topic || '';
    banner.hidden = !room.announcement;
    clear(banner);
    if (room.announcement) banner.append(h('strong', null, t('Announcement') + ': '), room.announcement);
    const fav = !!state.subs.get(rid)?.f;
    clear(favBtn).append(icon('star', fav));
    favBtn.setAttribute('aria-pressed', String(fav));
    favBtn.setAttribute('aria-label', t('Favourite'));
    favBtn.title = t('Favourite');
    document.title = title() + ' — Parley';
  }

  async function toggleFavourite() {
    const fav = !state.subs.get(rid)?.f;
    try {
      await api.post('rooms.favorite', { roomId: rid, favorite: fav });
      const s = state.subs.get(rid);
      if (s) { s.f = fav; emit('subs'); }
      renderHeader();
    } catch (e) { fail(e); }
  }

  // --- messages ---
  function visible(m) { return !(m.tmid && !m.tshow); }

  function add(m) {
    if (!visible(m)) return false;
    const had = byId.get(m._id);
    byId.set(m._id, m);
    if (had) {
      messages[messages.indexOf(had)] = m;
    } else {
      let i = messages.length;
      while (i > 0 && ms(messages[i - 1].ts) > ms(m.ts)) i--;
      messages.splice(i, 0, m);
    }
    return true;
  }

  function removeMsg(id) {
    const had = byId.get(id);
    if (!had) return;
    byId.delete(id);
    messages.splice(messages.indexOf(had), 1);
    renderList();
  }

  function renderList(stickToBottom = false) {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    const frag = document.createDocumentFragment();
    frag.append(hasMore
      ? h('button', { type: 'button', class: 'link load-more', onclick: loadOlder }, t('Load older messages'))
      : h('p', { class: 'room-start' }, t('This is the start of {room}.', { room: title() })));
    let prev = null;
    let divided = false;
    for (const m of messages) {
      if (!prev || new Date(prev.ts).toDateString() !== new Date(m.ts).toDateString()) {
        frag.append(h('div', { class: 'day', role: 'separator' }, h('span', null, dayOf(m.ts))));
        prev = null;
      }
      let breakGroup = false;
      if (dividerTs && !divided && ms(m.ts) > dividerTs && m.u?._id !== me._id) {
        frag.append(h('div', { class: 'new-divider', role: 'separator' }, h('span', null, t('New messages'))));
        divided = true;
        breakGroup = true;
      }
      frag.append(messageView(m, { compact: !breakGroup && groupable(prev, m), actions, highlight: m._id === highlighted }));
      prev = m;
    }
    clear(list).append(frag);
    if (atBottom || stickToBottom) list.scrollTop = list.scrollHeight;
  }

  async function loadOlder() {
    if (loading || !hasMore || disposed) return;
    loading = true;
    const oldest = messages[0];
    try {
      // The first page may already be on its way since the page loaded (early.js).
      let res = oldest ? null : await api.early('history:' + location.pathname);
      if (!Array.isArray(res?.messages) || res.messages.some(m => m.rid !== rid)) {
        res = await api.get(fam + '.history', { roomId: rid, count: PAGE, latest: oldest?.ts });
      }
      hasMore = res.messages.length === PAGE;
      if (!oldest) performance.mark('parley:history');
      const fromBottom = list.scrollHeight - list.scrollTop;
      res.messages.forEach(add);
      renderList();
      if (!oldest) performance.mark('parley:history-rendered');
      if (oldest) list.scrollTop = list.scrollHeight - fromBottom;
      else list.scrollTop = list.scrollHeight;
    } catch (e) {
      fail(e);
      hasMore = false;
    } finally {
      loading = false;
    }
    if (disposed) return;
    if (jumpTo) {
      if (byId.has(jumpTo)) { highlightMessage(jumpTo); jumpTo = null; }
      else if (hasMore) { loadOlder(); return; }
      else { toast(t('That message could not be found.')); jumpTo = null; }
    }
    if (hasMore && list.scrollHeight <= list.clientHeight + 10) loadOlder();
  }

  function highlightMessage(id) {
    highlighted = id;
    renderList();
    document.getElementById('msg-' + id)?.scrollIntoView({ block: 'center' });
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(() => { highlighted = null; document.getElementById('msg-' + id)?.classList.remove('highlight'); }, 8000);
  }

  list.addEventListener('scroll', () => {
    if (list.scrollTop < 150) loadOlder();
  });

  /** Catch up after a reconnect: whatever arrived while the socket was down. */
  async function catchUp() {
    const newest = messages[messages.length - 1];
    if (!newest) return;
    try {
      const res = await api.get(fam + '.history', { roomId: rid, count: 100, oldest: newest.ts });
      res.messages.forEach(add);
      renderList();
    } catch (e) { /* next reconnect will try again */ }
  }

  function markRead() {
    clearTimeout(readTimer);
    readTimer = setTimeout(() => {
      const s = state.subs.get(rid);
      if (!s || disposed || document.visibilityState === 'hidden') return;
      api.post('subscriptions.read', { rid }).then(() => {
        const cur = state.subs.get(rid);
        if (cur) { cur.unread = 0; cur.alert = false; cur.userMentions = 0; emit('subs'); }
      }).catch(() => {});
    }, 300);
  }

  // --- typing ---
  function renderTyping() {
    typingEl.textContent = typingText([...typingUsers.keys()]);
  }

  // --- live ---
  const live = state.ddp.subscribe('stream-room-messages', rid, (m) => {
    panels.onMessage?.(m);
    if (!visible(m)) return;
    const stick = m.u?._id === me._id;
    add(m);
    renderList(stick);
    if (!m.tmid && typingUsers.has(m.u?.username)) { clearTimeout(typingUsers.get(m.u.username)); typingUsers.delete(m.u.username); renderTyping(); }
    if (m.u?._id !== me._id) markRead();
  });
  offs.push(live);
  offs.push(state.ddp.subscribe('stream-notify-room', rid + '/deleteMessage', (d) => { removeMsg(d._id); panels.onDelete?.(d._id); }));
  offs.push(state.ddp.subscribe('stream-notify-room', rid + '/user-activity', (username, activities, extras) => {
    if (username === me.username) return;
    // Typing in a thread shows in that thread's panel, not under the room (as Rocket.Chat does).
    if (extras?.tmid) { panels.onActivity?.(username, activities, extras.tmid); return; }
    clearTimeout(typingUsers.get(username));
    if (activities && activities.length) typingUsers.set(username, setTimeout(() => { typingUsers.delete(username); renderTyping(); }, 15000));
    else typingUsers.delete(username);
    renderTyping();
  }));
  offs.push(on('connection', (s) => { if (s === 'online') catchUp(); }));
  offs.push(on('rooms', (r) => { if (r && r._id === rid) { Object.assign(room, r); renderHeader(); } }));
  offs.push(on('subs', () => renderHeader()));
  offs.push(on('emoji', () => renderList()));
  const onVisible = () => { if (document.visibilityState === 'visible') markRead(); };
  document.addEventListener('visibilitychange', onVisible);

  // --- side panel ---
  function showPanel(kind, arg) {
    panels.show(panel, kind, arg, { room, rid, sub, actions, starred, close: () => { panel.hidden = true; panels.dispose(); } });
  }

  renderHeader();
  renderList();
  (async () => {
    // Stars and the newest page are fetched together; stars re-render once they are in.
    const stars = sub ? api.get('chat.getStarredMessages', { roomId: rid, count: 100 }).then((res) => {
      res.messages.forEach(m => starred.add(m._id));
    }, () => { /* stars are shown as they are set */ }) : null;
    await loadOlder();
    if (stars) stars.then(() => { if (!disposed && starred.size) renderList(); });
    if (sub && (sub.unread > 0 || sub.alert || sub.userMentions > 0)) markRead();
    list.dataset.live = 'pending';
    live.ready.then(() => { if (!disposed) list.dataset.live = 'true'; });
    if (sub && !readOnly) box.focus();
  })();

  return {
    dispose() {
      disposed = true;
      state.roomId = null;
      offs.forEach(off => off());
      box.dispose();
      panels.dispose();
      clearTimeout(readTimer);
      clearTimeout(highlightTimer);
      typingUsers.forEach(tm => clearTimeout(tm));
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}

/** What went wrong with an upload, in words (Rocket.Chat's errorType, else the server's text). */
export function uploadError(err, name) {
  if (err.errorType === 'error-file-too-large') {
    const limit = /allowed size of (.+?)\.?\s*\[/.exec(err.body?.error || '');
    return limit ? t('{name} is too large to upload (the limit is {size}).', { name, size: limit[1] })
      : t('{name} is too large to upload.', { name });
  }
  if (err.errorType === 'error-invalid-file-type') return t('{name} cannot be uploaded: files of this type are not allowed.', { name });
  if (err.errorType === 'network') return t('{name} could not be uploaded: the connection failed.', { name });
  return t('{name} could not be uploaded: {error}', { name, error: err.message || String(err) });
}
