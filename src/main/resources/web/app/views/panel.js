// The room's side panel: a thread, the room's threads, search, members, room info.
import * as api from '../api.js';
import { h, clear, toast } from '../dom.js';
import { t } from '../i18n.js';
import { state, ms } from '../store.js';
import { messageView } from './message.js';
import { composer } from './composer.js';
import { icon } from '../icons.js';
import { presenceDot, whenOf, num } from './common.js';

let current = null; // {kind, onMessage, onDelete, dispose}

export function onMessage(m) { current?.onMessage?.(m); }
export function onDelete(id) { current?.onDelete?.(id); }
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
  body.append(list, followBtn, box.el);

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
    if (m._id === tmid) { parent = m; render(); } else if (m.tmid === tmid) { replies.set(m._id, m); render(true); }
  };
  current.onDelete = (id) => { if (replies.delete(id)) render(); };
  current.dispose = () => box.dispose();

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

function members(body, _arg, ctx) {
  const list = h('ul', { class: 'plain-list members', 'aria-label': t('Members') });
  body.append(list);
  api.get(api.family(ctx.room.t) + '.members', { roomId: ctx.rid, count: 100 }).then(({ members: items, total }) => {
    list.before(h('p', null, t('{count} members', { count: num(total ?? items.length) })));
    for (const u of items) {
      list.append(h('li', null, presenceDot(u.status), ' ', h('span', { class: 'author' }, u.name || u.username), ' ',
        h('span', { class: 'username' }, '@' + u.username), u.statusText ? h('small', null, ' — ' + u.statusText) : null));
    }
  }).catch(e => list.append(h('li', { class: 'error' }, e.message)));
}

function info(body, _arg, ctx) {
  const r = ctx.room;
  const fam = api.family(r.t);
  const field = (label, value) => h('div', { class: 'info-field' }, h('h3', null, label), h('p', null, value || '—'));
  body.append(
    field(t('Name'), r.fname || r.name),
    field(t('Type'), r.t === 'c' ? t('Public channel') : r.t === 'p' ? t('Private group') : t('Direct message')),
    field(t('Description'), r.description),
    field(t('Announcement'), r.announcement));
  if (r.t !== 'd' || true) {
    const input = h('input', { id: 'topic-input', value: r.topic || '' });
    body.append(h('form', { class: 'topic-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        await api.post(fam + '.setTopic', { roomId: ctx.rid, topic: input.value });
        r.topic = input.value;
        toast(t('Topic saved'));
      } catch (err) { toast(err.message); }
    } }, h('label', { for: 'topic-input' }, t('Topic')), input, h('button', { type: 'submit', class: 'primary' }, t('Save topic'))));
  }
}
