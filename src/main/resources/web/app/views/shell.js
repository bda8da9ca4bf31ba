// The logged-in layout: the sidebar and the main area, which shows what the URL names.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { state, on, findSub } from '../store.js';
import { renderSidebar } from './sidebar.js';
import { openRoom } from './room.js';
import { renderDirectory } from './directory.js';
import { renderAdmin } from './admin.js';

export function renderShell(root, { logout }) {
  const sidebar = h('nav', { class: 'sidebar', 'aria-label': t('Rooms') });
  const main = h('main', { class: 'main', id: 'main' });
  root.append(h('div', { class: 'layout' }, sidebar, main));
  const offSidebar = renderSidebar(sidebar, { logout });
  let current = null;
  let seq = 0;

  async function show(path) {
    const mine = ++seq;
    current?.dispose?.();
    current = null;
    clear(main);
    const [, kind, rawKey, sub2] = path.split('/');
    const key = rawKey ? decodeURIComponent(rawKey) : '';
    document.body.classList.toggle('has-main', !!kind && kind !== 'home');
    if (kind === 'channel' || kind === 'group' || kind === 'direct') {
      let sub = findSub(kind, key);
      if (!sub) {
        await state.loadRooms();
        sub = findSub(kind, key);
      }
      if (mine !== seq) return;
      let room = sub && state.rooms.get(sub.rid);
      if (!room && kind === 'channel') {
        try {
          room = sub ? (await api.get('rooms.info', { roomId: sub.rid })).room
            : (await api.get('channels.info', { roomName: key })).channel;
        } catch (e) { room = null; }
      }
      if (mine !== seq) return;
      if (!room && sub) room = { _id: sub.rid, t: sub.t, name: sub.name, fname: sub.fname };
      if (!room) {
        main.append(h('div', { class: 'empty-state' }, h('h1', null, t('Room not found')),
          h('p', null, t('It does not exist, or you are not a member.'))));
        return;
      }
      current = openRoom(main, { room, sub });
    } else if (kind === 'directory') {
      current = renderDirectory(main);
    } else if (kind === 'admin') {
      current = renderAdmin(main, key || 'users');
    } else {
      document.title = 'Parley';
      main.append(h('div', { class: 'empty-state' },
        h('h1', null, t('Welcome, {name}', { name: state.me.name || state.me.username })),
        h('p', null, t('Pick a room on the left, or find one in the directory.')),
        h('a', { href: '/directory', class: 'button' }, t('Browse the directory'))));
    }
    void sub2;
  }

  const offRoute = on('route', show);
  const offEnd = on('ended', () => { offRoute(); offEnd(); offSidebar(); current?.dispose?.(); });
}
