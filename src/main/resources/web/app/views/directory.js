// The directory: find public channels (and join them) or people (and message them).
import * as api from '../api.js';
import { h, clear, toast } from '../dom.js';
import { t } from '../i18n.js';
import { state } from '../store.js';
import { num, presenceDot } from './common.js';

export function renderDirectory(main) {
  document.title = t('Directory') + ' — Parley';
  let type = 'channels';
  const input = h('input', { type: 'search', id: 'dir-search', 'aria-label': t('Search the directory'), placeholder: t('Search') });
  const results = h('ul', { class: 'plain-list directory', 'aria-label': t('Results') });
  const tabs = h('div', { role: 'tablist', class: 'tabs' }, ['channels', 'users'].map(k =>
    h('button', { type: 'button', role: 'tab', 'aria-selected': String(k === type), onclick: (e) => {
      type = k;
      tabs.querySelectorAll('button').forEach(b => b.setAttribute('aria-selected', String(b === e.currentTarget)));
      load();
    } }, k === 'channels' ? t('Channels') : t('Users'))));

  async function load() {
    try {
      const res = await api.get('directory', { type, text: input.value.trim(), count: 50, sort: JSON.stringify(type === 'channels' ? { name: 1 } : { username: 1 }) });
      clear(results);
      if (!res.result.length) results.append(h('li', { class: 'empty' }, t('Nothing found.')));
      for (const r of res.result) results.append(type === 'channels' ? channel(r) : user(r));
    } catch (e) { toast(e.message); }
  }

  function channel(r) {
    const joined = [...state.subs.values()].some(s => s.rid === r._id);
    return h('li', { class: 'dir-item' },
      h('div', null, h('strong', null, '#' + r.name), ' ', h('small', null, t('{count} members', { count: num(r.usersCount || 0) })),
        r.topic ? h('p', null, r.topic) : null),
      joined ? h('a', { href: '/channel/' + encodeURIComponent(r.name), class: 'button' }, t('Open'))
        : h('button', { type: 'button', class: 'primary', 'aria-label': t('Join {room}', { room: r.name }), onclick: async () => {
          try {
            await api.post('channels.join', { roomId: r._id });
            await state.loadRooms();
            state.navigate('/channel/' + encodeURIComponent(r.name));
          } catch (e) { toast(e.message); }
        } }, t('Join')));
  }

  function user(u) {
    return h('li', { class: 'dir-item' },
      h('div', null, presenceDot(u.status), ' ', h('strong', null, u.name || u.username), ' ', h('small', null, '@' + u.username)),
      u.username !== state.me.username ? h('button', { type: 'button', onclick: async () => {
        try {
          const { room } = await api.post('im.create', { username: u.username });
          await state.loadRooms();
          state.navigate('/direct/' + encodeURIComponent(room.rid || room._id));
        } catch (e) { toast(e.message); }
      } }, t('Message')) : null);
  }

  let timer;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  main.append(h('div', { class: 'page' }, h('h1', null, t('Directory')), tabs, input, results));
  load();
  input.focus();
  return { dispose() { clearTimeout(timer); } };
}
