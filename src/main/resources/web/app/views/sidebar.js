// The sidebar: who I am and my status, actions, the jump-to-room filter, and my rooms
// (favourites first, then channels, private groups, direct messages) with unread and mention badges.
import * as api from '../api.js';
import { h, clear, append, modal, toast } from '../dom.js';
import { t } from '../i18n.js';
import { state, on, isAdmin, roomName, roomPath } from '../store.js';
import { avatar, avatarChanged, knowAvatar, presenceDot, languagePicker, num } from './common.js';
import { roomIcon } from './room.js';
import { manageTwoFactor } from './twofactor.js';

export function renderSidebar(nav, { logout }) {
  const me = state.me;
  knowAvatar(me.username, me.avatarETag);
  const statusDot = h('span');
  const filter = h('input', { type: 'search', id: 'jump', 'aria-label': t('Jump to room'), placeholder: t('Jump to room (Ctrl+K)'),
    autocomplete: 'off' });
  const rooms = h('div', { class: 'room-lists' });
  const connection = h('p', { class: 'connection', role: 'status', hidden: true }, t('Reconnecting…'));

  function renderStatus() {
    clear(statusDot).append(presenceDot(me.status || 'online'));
  }

  nav.append(
    h('header', { class: 'me' },
      h('button', { type: 'button', class: 'avatar-btn', 'aria-label': t('Change avatar'), title: t('Change avatar'),
        onclick: (e) => changeAvatar(e.currentTarget) }, avatar(me.username, me.name, 's')),
      h('div', { class: 'who' }, h('strong', null, me.name || me.username), h('small', null, '@' + me.username)),
      h('button', { type: 'button', class: 'status-btn', 'aria-label': t('Set status'), title: t('Set status'), onclick: setStatus }, statusDot)),
    h('div', { class: 'side-actions' },
      h('button', { type: 'button', onclick: createRoom }, '+ ' + t('Create')),
      h('a', { href: '/directory', class: 'button' }, t('Directory')),
      isAdmin() ? h('a', { href: '/admin/users', class: 'button' }, t('Administration')) : null),
    filter, connection, rooms,
    h('footer', null, languagePicker(),
      h('button', { type: 'button', onclick: () => manageTwoFactor(state.ddp) }, t('Two-factor authentication')),
      h('button', { type: 'button', onclick: logout }, t('Log out'))));
  renderStatus();

  function section(label, subs) {
    if (!subs.length) return null;
    return h('section', { 'aria-label': label }, h('h2', null, label),
      h('ul', null, subs.map(item)));
  }

  function item(s) {
    const unread = s.unread || 0;
    const mentions = (s.userMentions || 0) + (s.groupMentions || 0);
    const path = roomPath(s);
    const active = s.rid === state.roomId || decodeURI(location.pathname) === decodeURI(path);
    return h('li', null, h('a', { href: path, class: 'room-link' + (s.alert || unread ? ' unread' : '') + (active ? ' active' : ''),
      'aria-current': active ? 'page' : undefined, 'data-rid': s.rid },
    h('span', { class: 'room-icon', 'aria-hidden': 'true' }, roomIcon(s.t)),
    h('span', { class: 'name' }, roomName(s)),
    mentions ? h('span', { class: 'badge mention', 'aria-label': t('{count} mentions', { count: mentions }) }, '@') : null,
    unread ? h('span', { class: 'badge', 'aria-label': t('{count} unread', { count: unread }) }, num(unread)) : null));
  }

  function render() {
    const q = filter.value.trim().toLowerCase();
    const all = [...state.subs.values()].filter(s => s.open !== false || s.f)
      .filter(s => !q || roomName(s).toLowerCase().includes(q) || (s.name || '').toLowerCase().includes(q))
      .sort((a, b) => roomName(a).localeCompare(roomName(b)));
    append(clear(rooms), [
      section(t('Favourites'), all.filter(s => s.f)),
      section(t('Channels'), all.filter(s => !s.f && s.t === 'c')),
      section(t('Private groups'), all.filter(s => !s.f && s.t === 'p')),
      section(t('Direct messages'), all.filter(s => !s.f && s.t === 'd')),
      all.length ? null : h('p', { class: 'empty' }, q ? t('No rooms match.') : t('No rooms yet.'))]);
    const unreadTotal = all.reduce((n, s) => n + (s.unread || 0), 0);
    document.title = (unreadTotal ? '(' + unreadTotal + ') ' : '') + document.title.replace(/^\(\d+\) /, '');
  }

  filter.addEventListener('input', render);
  filter.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      const first = rooms.querySelector('a.room-link');
      if (first) { state.navigate(first.getAttribute('href')); filter.value = ''; render(); }
    } else if (e.key === 'Escape') { filter.value = ''; render(); }
  });
  const onKey = (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') { e.preventDefault(); filter.focus(); }
  };
  document.addEventListener('keydown', onKey);

  async function setStatus() {
    const select = h('select', { id: 'status-select' }, ['online', 'away', 'busy', 'offline'].map(s =>
      h('option', { value: s, selected: s === (me.status || 'online') }, t(s))));
    const text = h('input', { id: 'status-text', maxlength: '120', value: me.statusText || '' });
    const answer = await modal(t('Set status'), h('div', null,
      h('label', { for: 'status-select' }, t('Status')), select,
      h('label', { for: 'status-text' }, t('Status message')), text),
    [{ label: t('Cancel'), value: 'cancel', submit: false }, { label: t('Save'), value: 'save', primary: true }]);
    if (answer !== 'save') return;
    try {
      await api.post('users.setStatus', { status: select.value, message: text.value });
      me.status = select.value;
      me.statusText = text.value;
      renderStatus();
    } catch (e) { toast(e.message); }
  }

  /** Upload a new avatar (users.setAvatar, multipart image) or go back to initials (users.resetAvatar). */
  function changeAvatar(opener) {
    const preview = h('div', { class: 'avatar-preview' }, avatar(me.username, me.name, 'l'));
    const file = h('input', { type: 'file', id: 'avatar-file', accept: 'image/*' });
    const status = h('p', { class: 'error', role: 'alert' });
    const upload = h('button', { type: 'submit', class: 'primary' }, t('Upload'));
    const reset = h('button', { type: 'button' }, t('Use initials'));
    const cancel = h('button', { type: 'button' }, t('Cancel'));
    const form = h('form', null, h('h2', { id: 'avatar-title' }, t('Change avatar')), preview,
      h('label', { for: 'avatar-file' }, t('Choose an image')), file, status,
      h('div', { class: 'actions' }, reset, cancel, upload));
    const dlg = h('dialog', { class: 'modal', 'aria-labelledby': 'avatar-title' }, form);

    async function run(work, done) {
      status.textContent = '';
      for (const b of [upload, reset, cancel]) b.disabled = true;
      try {
        await work();
        dlg.close();
        toast(done);
      } catch (e) {
        status.textContent = e.message || String(e);
      } finally {
        for (const b of [upload, reset, cancel]) b.disabled = false;
      }
    }

    file.addEventListener('change', () => {
      const f = file.files[0];
      if (!f) return;
      // The chosen picture as a data: URL (the page's CSP allows data: images, not blob:).
      const reader = new FileReader();
      reader.addEventListener('load', () => clear(preview).append(h('span', { class: 'avatar l' },
        h('img', { src: reader.result, alt: t('The chosen image') }))));
      reader.readAsDataURL(f);
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = file.files[0];
      if (!f) { status.textContent = t('Choose an image first.'); return; }
      run(async () => {
        const body = new FormData();
        body.append('image', f, f.name);
        await api.upload('users.setAvatar', body);
        const fresh = await api.get('me');
        me.avatarETag = fresh.avatarETag;
        avatarChanged(me.username, fresh.avatarETag);
      }, t('Avatar changed'));
    });
    reset.addEventListener('click', () => run(async () => {
      await api.post('users.resetAvatar', {});
      delete me.avatarETag;
      avatarChanged(me.username, null);
    }, t('Avatar reset')));
    cancel.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => { dlg.remove(); if (opener.isConnected) opener.focus(); });
    document.body.append(dlg);
    dlg.showModal();
  }

  async function createRoom() {
    const type = h('select', { id: 'create-type' },
      h('option', { value: 'c' }, t('Public channel')), h('option', { value: 'p' }, t('Private group')),
      h('option', { value: 'd' }, t('Direct message')));
    const name = h('input', { id: 'create-name', pattern: '[0-9a-zA-Z._\\-]+' });
    const members = h('input', { id: 'create-members', placeholder: 'alice, bob' });
    const nameLabel = h('label', { for: 'create-name' }, t('Name'));
    type.addEventListener('change', () => { name.hidden = nameLabel.hidden = type.value === 'd'; });
    const answer = await modal(t('Create'), h('div', null,
      h('label', { for: 'create-type' }, t('Type')), type, nameLabel, name,
      h('label', { for: 'create-members' }, t('Members (usernames, separated by commas)')), members),
    [{ label: t('Cancel'), value: 'cancel', submit: false }, { label: t('Create'), value: 'create', primary: true }]);
    if (answer !== 'create') return;
    const usernames = members.value.split(/[\s,]+/).map(u => u.replace(/^@/, '')).filter(Boolean);
    try {
      let path;
      if (type.value === 'd') {
        const { room } = await api.post('im.create', usernames.length === 1 ? { username: usernames[0] } : { usernames: usernames.join(',') });
        path = '/direct/' + encodeURIComponent(room.rid || room._id);
      } else {
        const fam = type.value === 'c' ? 'channels' : 'groups';
        const res = await api.post(fam + '.create', { name: name.value.trim(), members: usernames });
        const r = res.channel || res.group;
        path = (type.value === 'c' ? '/channel/' : '/group/') + encodeURIComponent(r.name);
      }
      await state.loadRooms();
      state.navigate(path);
    } catch (e) { toast(e.message); }
  }

  const offs = [on('subs', render), on('route', render),
    on('connection', (s) => {
      connection.hidden = s === 'online';
      // Presence changes once the socket is up; show what the server now says.
      if (s === 'online') api.get('me').then((fresh) => { me.status = fresh.status; me.statusText = fresh.statusText; renderStatus(); }).catch(() => {});
    }),
    // My avatar changed (here, in another tab or by an admin): {diff:{avatarETag}} or {unset:{avatarETag}}.
    state.ddp.subscribe('stream-notify-user', me._id + '/userData', (d) => {
      if (d?.diff?.avatarETag && d.diff.avatarETag !== me.avatarETag) {
        me.avatarETag = d.diff.avatarETag;
        avatarChanged(me.username, me.avatarETag);
      } else if (d?.unset && 'avatarETag' in d.unset && me.avatarETag) {
        delete me.avatarETag;
        avatarChanged(me.username, null);
      }
    }),
    // Anyone else's avatar: updateAvatar {username, etag} (etag null: back to initials).
    state.ddp.subscribe('stream-notify-logged', 'updateAvatar', (d) => {
      if (d?.username && d.username !== me.username) avatarChanged(d.username, d.etag || null);
    })];
  render();
  return () => { offs.forEach(o => o()); document.removeEventListener('keydown', onKey); };
}
