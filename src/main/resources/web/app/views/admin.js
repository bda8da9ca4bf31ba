// Administration: users (create, deactivate), the settings that matter, incoming webhooks.
import * as api from '../api.js';
import { h, clear, toast, modal } from '../dom.js';
import { t } from '../i18n.js';
import { state, isAdmin } from '../store.js';
import { presenceDot } from './common.js';

export function renderAdmin(main, section) {
  document.title = t('Administration') + ' — Parley';
  if (!isAdmin()) {
    main.append(h('div', { class: 'empty-state' }, h('h1', null, t('Not allowed'))));
    return {};
  }
  const nav = h('nav', { class: 'tabs', 'aria-label': t('Administration') }, [['users', t('Users')], ['rooms', t('Rooms')], ['settings', t('Settings')],
    ['integrations', t('Integrations')]].map(([k, label]) => h('a', { href: '/admin/' + k, class: 'tab', 'aria-current': k === section ? 'page' : undefined }, label)));
  const body = h('div');
  main.append(h('div', { class: 'page admin' }, h('h1', null, t('Administration')), nav, body));
  ({ users, rooms, settings, integrations }[section] || users)(body);
  return {};
}

function users(body) {
  const list = h('table', { class: 'grid', 'aria-label': t('Users') });
  async function load() {
    try {
      const res = await api.get('users.list', { count: 100 });
      clear(list).append(h('thead', null, h('tr', null, h('th', null, t('Username')), h('th', null, t('Name')),
        h('th', null, t('Roles')), h('th', null, t('Status')), h('th', null, ''))),
      h('tbody', null, res.users.map(u => h('tr', null, h('td', null, presenceDot(u.status), ' ', u.username),
        h('td', null, u.name || ''), h('td', null, (u.roles || []).join(', ')), h('td', null, u.active === false ? t('Deactivated') : t('Active')),
        h('td', null, h('button', { type: 'button', 'aria-label': t('Edit') + ' ' + u.username, onclick: () => editUser(u, load) }, t('Edit')), ' ',
          u._id === state.me._id ? '' : h('button', { type: 'button', 'aria-label': (u.active === false ? t('Activate') : t('Deactivate')) + ' ' + u.username,
          onclick: async () => {
            try { await api.post('users.setActiveStatus', { userId: u._id, activeStatus: u.active === false }); load(); } catch (e) { toast(e.message); }
          } }, u.active === false ? t('Activate') : t('Deactivate')))))));
    } catch (e) { toast(e.message); }
  }
  const f = (id, label, type = 'text') => [h('label', { for: id }, label), h('input', { id, name: id, type, required: true })];
  const form = h('form', { class: 'card inline-form', 'aria-label': t('Create user'), onsubmit: async (e) => {
    e.preventDefault();
    const v = (n) => form.elements.namedItem(n).value.trim();
    try {
      await api.post('users.create', { name: v('nu-name'), username: v('nu-username'), email: v('nu-email'), password: form.elements.namedItem('nu-pass').value });
      toast(t('User created'));
      form.reset();
      load();
    } catch (err) { toast(err.message); }
  } }, h('h2', null, t('Create user')), f('nu-name', t('Name')), f('nu-username', t('Username')), f('nu-email', t('E-mail'), 'email'),
  f('nu-pass', t('Password'), 'password'), h('button', { type: 'submit', class: 'primary' }, t('Create user')));
  body.append(form, list);
  load();
}

/** users.update: name, roles, and a new password when one is typed. */
async function editUser(u, reload) {
  const name = h('input', { id: 'eu-name', value: u.name || '' });
  const roles = h('input', { id: 'eu-roles', value: (u.roles || []).join(', ') });
  const pass = h('input', { id: 'eu-pass', type: 'password', autocomplete: 'new-password' });
  const answer = await modal(t('Edit {user}', { user: u.username }), h('div', null,
    h('label', { for: 'eu-name' }, t('Name')), name,
    h('label', { for: 'eu-roles' }, t('Roles (separated by commas)')), roles,
    h('label', { for: 'eu-pass' }, t('New password (leave empty to keep)')), pass),
  [{ label: t('Cancel'), value: 'cancel', submit: false }, { label: t('Save'), value: 'save', primary: true }]);
  if (answer !== 'save') return;
  const data = { name: name.value.trim(), roles: roles.value.split(/[\s,]+/).filter(Boolean) };
  if (pass.value) data.password = pass.value;
  try {
    await api.post('users.update', { userId: u._id, data });
    toast(t('Saved'));
    reload();
  } catch (e) { toast(e.message); }
}

function rooms(body) {
  const input = h('input', { type: 'search', 'aria-label': t('Filter rooms'), placeholder: t('Filter rooms') });
  const table = h('table', { class: 'grid', 'aria-label': t('Rooms') });
  const kind = { c: t('Public channel'), p: t('Private group'), d: t('Direct message') };
  async function load() {
    try {
      const res = await api.get('rooms.adminRooms', { filter: input.value.trim(), count: 100 });
      clear(table).append(h('thead', null, h('tr', null, h('th', null, t('Name')), h('th', null, t('Type')),
        h('th', null, t('Members')), h('th', null, t('Messages')), h('th', null, ''))),
      h('tbody', null, res.rooms.map(r => h('tr', null,
        h('td', null, r.fname || r.name || (r.usernames || []).join(', ')), h('td', null, kind[r.t] || r.t),
        h('td', null, String(r.usersCount ?? '')), h('td', null, String(r.msgs ?? '')),
        h('td', null, h('button', { type: 'button', 'aria-label': t('Delete') + ' ' + (r.name || r._id), onclick: async () => {
          const answer = await modal(t('Delete room'), h('p', null, t('Delete {room} and all its messages? This cannot be undone.', { room: r.fname || r.name || r._id })),
            [{ label: t('Cancel'), value: 'cancel', submit: false }, { label: t('Delete'), value: 'delete', primary: true }]);
          if (answer !== 'delete') return;
          try { await api.post('rooms.delete', { roomId: r._id }); load(); } catch (e) { toast(e.message); }
        } }, t('Delete')))))));
    } catch (e) { toast(e.message); }
  }
  let timer;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  body.append(input, table);
  load();
}

function settings(body) {
  const rows = [
    ['Accounts_RegistrationForm', t('Registration form'), 'select', ['Public', 'Disabled', 'Secret URL']],
    ['Message_AllowEditing', t('Allow message editing'), 'bool'],
    ['Message_AllowDeleting', t('Allow message deleting'), 'bool'],
    ['Message_MaxAllowedSize', t('Maximum message size'), 'int'],
    ['API_Enable_Rate_Limiter', t('Limit API calls'), 'bool'],
    ['API_Enable_Rate_Limiter_Limit_Calls_Default', t('API calls allowed per period'), 'int'],
    ['API_Enable_Rate_Limiter_Limit_Time_Default', t('Rate limit period (ms)'), 'int'],
  ];
  const form = h('form', { class: 'card settings' });
  body.append(form);
  (async () => {
    for (const [id, label, kind, options] of rows) {
      let value;
      try { value = (await api.get('settings/' + id)).value; } catch (e) { continue; }
      const input = kind === 'bool' ? h('input', { type: 'checkbox', id: 's-' + id, checked: value === true })
        : kind === 'select' ? h('select', { id: 's-' + id }, options.map(o => h('option', { value: o, selected: o === value }, o)))
          : h('input', { id: 's-' + id, type: kind === 'int' ? 'number' : 'text', value });
      const save = async () => {
        const v = kind === 'bool' ? input.checked : kind === 'int' ? Number(input.value) : input.value;
        try { await api.post('settings/' + id, { value: v }); state.settings[id] = v; toast(t('Saved')); } catch (e) { toast(e.message); }
      };
      input.addEventListener('change', save);
      form.append(h('div', { class: 'setting' }, h('label', { for: 's-' + id }, label), input, h('small', null, id)));
    }
  })();
}

function integrations(body) {
  const list = h('ul', { class: 'plain-list', 'aria-label': t('Incoming webhooks') });
  const hookUrl = (i) => location.origin + '/hooks/' + i._id + '/' + i.token;
  async function load() {
    try {
      const { integrations: items } = await api.get('integrations.list', { count: 100 });
      clear(list);
      for (const i of items.filter(x => x.type === 'webhook-incoming')) {
        list.append(h('li', { class: 'dir-item' }, h('div', null, h('strong', null, i.name), ' → ', (i.channel || []).join(', '),
          h('br'), h('code', { class: 'hook-url' }, hookUrl(i))),
        h('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(hookUrl(i)).then(() => toast(t('Link copied')), () => toast(hookUrl(i))) }, t('Copy URL'))));
      }
    } catch (e) { toast(e.message); }
  }
  const form = h('form', { class: 'card inline-form', 'aria-label': t('Create incoming webhook'), onsubmit: async (e) => {
    e.preventDefault();
    const v = (n) => form.elements.namedItem(n).value.trim();
    try {
      const { integration } = await api.post('integrations.create', { type: 'webhook-incoming', name: v('wh-name'),
        channel: v('wh-channel'), username: v('wh-user') || state.me.username, enabled: true, scriptEnabled: false });
      toast(t('Webhook created'));
      form.reset();
      await load();
      void integration;
    } catch (err) { toast(err.message); }
  } }, h('h2', null, t('Create incoming webhook')),
  h('label', { for: 'wh-name' }, t('Name')), h('input', { id: 'wh-name', name: 'wh-name', required: true }),
  h('label', { for: 'wh-channel' }, t('Post to channel (e.g. #general)')), h('input', { id: 'wh-channel', name: 'wh-channel', required: true }),
  h('label', { for: 'wh-user' }, t('Post as (username)')), h('input', { id: 'wh-user', name: 'wh-user' }),
  h('button', { type: 'submit', class: 'primary' }, t('Create incoming webhook')));
  body.append(form, list);
  load();
}
