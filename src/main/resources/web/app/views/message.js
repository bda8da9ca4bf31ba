// One message: avatar, author, time, safe Markdown body, edited mark, reactions, thread summary,
// and its actions (react, reply in thread, star, pin, copy link, edit, delete).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { render, inline } from '../markdown.js';
import { emojiChar, customEmoji } from '../emoji.js';
import { state, ms } from '../store.js';
import { icon } from '../icons.js';
import { avatar, timeOf, dateTimeOf, whenOf, num } from './common.js';
import { openImage } from './viewer.js';

const SYSTEM = {
  uj: '{user} joined the room',
  ul: '{user} left the room',
  au: '{user} added {target}',
  ru: '{user} removed {target}',
  r: '{user} renamed the room to {msg}',
  room_changed_topic: '{user} changed the topic to: {msg}',
  room_changed_description: '{user} changed the description to: {msg}',
  room_changed_announcement: '{user} changed the announcement to: {msg}',
  room_changed_privacy: '{user} changed the room type to: {msg}',
  'subscription-role-added': '{user} set {target} as {role}',
  'subscription-role-removed': '{user} removed {target} as {role}',
  'room-archived': '{user} archived the room',
  'room-unarchived': '{user} unarchived the room',
  'room-set-read-only': '{user} made the room read-only',
  'room-removed-read-only': '{user} made the room writable',
  'discussion-created': '{user} started a discussion: {msg}',
  message_pinned: '{user} pinned a message',
  rm: 'Message deleted',
  'user-muted': '{user} muted {target}',
  'user-unmuted': '{user} unmuted {target}',
};

export function systemSentence(m) {
  const who = m.u?.name || m.u?.username || '?';
  const pattern = SYSTEM[m.t];
  if (!pattern) return m.msg || m.t;
  return t(pattern, { user: who, target: m.msg, msg: m.msg, role: m.role || '' });
}

export function emojiLabel(shortname) {
  const name = shortname.replace(/^:|:$/g, '');
  const custom = !emojiChar(name) && customEmoji(name);
  return emojiChar(name) || (custom ? h('img', { class: 'emoji custom', src: custom, alt: shortname }) : shortname);
}

/** actions: {react, openThread, pin, star, copyLink, edit, remove, isStarred(m), canEdit(m), canDelete(m)} */
export function messageView(m, { compact = false, inThread = false, actions = {}, highlight = false } = {}) {
  const me = state.me;
  const system = !!m.t && m.t !== 'e2e';
  const name = m.alias || m.u?.name || m.u?.username;
  const el = h('article', { class: 'msg' + (compact ? ' compact' : '') + (system ? ' system' : '') + (highlight ? ' highlight' : ''),
    id: (inThread ? 'thread-msg-' : 'msg-') + m._id, 'data-id': m._id, 'aria-label': name + ', ' + timeOf(m.ts) });
  const time = h('time', { datetime: m.ts, title: dateTimeOf(m.ts) }, timeOf(m.ts));

  if (system) {
    el.append(h('span', { class: 'avatar-space' }),
      h('div', { class: 'body' }, h('p', { class: 'sentence' }, systemSentence(m), ' ', time),
        m.t === 'message_pinned' ? attachments(m) : null));
    return el;
  }

  el.append(compact ? h('span', { class: 'avatar-space' }, h('time', { class: 'side-time', datetime: m.ts }, timeOf(m.ts)))
    : avatar(m.u?.username, name));
  const body = h('div', { class: 'body' });
  if (!compact) {
    body.append(h('header', null,
      h('span', { class: 'author' }, name),
      m.u?.username && name !== m.u.username ? h('span', { class: 'username' }, '@' + m.u.username) : null,
      m.bot ? h('span', { class: 'tag' }, t('Bot')) : null,
      time));
  }
  const text = render(m.msg, { me: me?.username });
  body.append(text);
  if (m.editedAt) {
    const last = text.lastElementChild;
    (last && last.tagName === 'P' ? last : body).append(' ', h('span', { class: 'edited', title: t('Edited {when} by {user}',
      { when: dateTimeOf(m.editedAt), user: m.editedBy?.username || '' }) }, t('(edited)')));
  }
  if (m.attachments?.length) body.append(attachments(m));
  if (m.pinned) body.append(h('span', { class: 'tag pinned' }, t('Pinned')));
  if (actions.isStarred?.(m)) body.append(h('span', { class: 'tag starred' }, t('Starred')));
  if (m.reactions && Object.keys(m.reactions).length) {
    body.append(h('div', { class: 'reactions', role: 'group', 'aria-label': t('Reactions') },
      Object.entries(m.reactions).map(([emoji, r]) => {
        const mine = r.usernames.includes(me.username);
        return h('button', { class: 'reaction' + (mine ? ' mine' : ''), 'aria-pressed': String(mine),
          title: r.usernames.join(', '), 'aria-label': t('{emoji} {count}, by {users}', { emoji, count: r.usernames.length, users: r.usernames.join(', ') }),
          onclick: () => actions.react?.(m, emoji) },
        h('span', { class: 'emoji' }, emojiLabel(emoji)), ' ', h('span', { class: 'count' }, num(r.usernames.length)));
      })));
  }
  if (!inThread && m.tcount) {
    body.append(h('button', { class: 'thread-summary', onclick: () => actions.openThread?.(m) },
      h('strong', null, t(m.tcount === 1 ? '{count} reply' : '{count} replies', { count: num(m.tcount) })),
      m.tlm ? h('span', null, ' · ' + t('last reply {when}', { when: whenOf(m.tlm) })) : null));
  }
  if (m.tmid && m.tshow && !inThread) {
    body.prepend(h('button', { class: 'in-thread link', onclick: () => actions.openThread?.({ _id: m.tmid }) }, t('Replied in a thread')));
  }
  el.append(body);
  el.append(toolbar(m, { inThread, actions }));
  return el;
}

/** Same-origin paths (uploads) and http(s) links only. */
function safeUrl(u) {
  return typeof u === 'string' && (/^https?:\/\//i.test(u) || (u.startsWith('/') && !u.startsWith('//'))) ? u : null;
}

function attachments(m) {
  return h('div', { class: 'attachments' }, (m.attachments || []).map((a, i) => {
    const link = safeUrl(a.title_link);
    const external = link && !link.startsWith('/');
    const linkAttrs = (href) => ({ href, target: '_blank', rel: 'noopener noreferrer', download: a.title_link_download && !external ? '' : undefined });
    return h('blockquote', { class: 'attachment' + (a.type === 'file' ? ' file' : '') },
      a.author_name ? h('div', { class: 'author' }, a.author_name, a.ts ? h('time', { datetime: a.ts }, ' ' + whenOf(a.ts)) : null) : null,
      a.title ? h('div', { class: 'title' }, link ? h('a', linkAttrs(link), a.title) : a.title) : null,
      a.description ? render(a.description, { me: state.me?.username }) : null,
      a.text ? render(a.text, { me: state.me?.username }) : null,
      safeUrl(a.image_url) ? imageLink(a, link, m._id + ':' + i) : null,
      safeUrl(a.audio_url) ? h('audio', { controls: true, preload: 'none', src: safeUrl(a.audio_url) }) : null,
      safeUrl(a.video_url) ? h('video', { controls: true, preload: 'metadata', src: safeUrl(a.video_url), class: 'attachment-video' }) : null,
      (a.fields || []).map(f => h('div', { class: 'field' }, h('strong', null, f.title || ''), ' ', inline(String(f.value ?? '')))));
  }));
}

/**
 * An inline image: a click opens it large in the viewer (an upload at its full size, not the
 * thumbnail); a middle or modified click still opens the link in a new tab.
 */
function imageLink(a, link, key) {
  const upload = a.type === 'file' && link && link.startsWith('/');
  const full = upload ? link : safeUrl(a.image_url);
  return h('a', { href: link || safeUrl(a.image_url), target: '_blank', rel: 'noopener noreferrer', class: 'image-link',
    'aria-label': t('View image {name}', { name: a.title || '' }), 'data-image': key,
    onclick: (e) => {
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      // The list may be re-rendered while the viewer is open: focus then returns to the new link.
      const opener = e.currentTarget;
      openImage({ src: full, title: a.title || '', download: upload ? link : null,
        opener: () => (opener.isConnected ? opener : document.querySelector('a.image-link[data-image="' + CSS.escape(key) + '"]')) });
    } },
  h('img', { class: 'attachment-image', src: safeUrl(a.image_url), alt: a.title || '', loading: 'lazy' }));
}

function toolbar(m, { inThread, actions }) {
  const b = (label, fn, extra = {}) => h('button', { type: 'button', class: 'icon', 'aria-label': label, title: label, onclick: () => fn(m) }, extra.icon);
  const starred = actions.isStarred?.(m);
  return h('div', { class: 'msg-actions', role: 'toolbar', 'aria-label': t('Message actions') },
    b(t('Add reaction'), actions.pickReaction, { icon: icon('smile') }),
    !inThread && actions.openThread ? b(t('Reply in thread'), actions.openThread, { icon: icon('thread') }) : null,
    actions.star ? b(starred ? t('Unstar') : t('Star'), actions.star, { icon: icon('star', starred) }) : null,
    actions.pin ? b(m.pinned ? t('Unpin') : t('Pin'), actions.pin, { icon: icon('pin') }) : null,
    b(t('Copy link'), actions.copyLink, { icon: icon('link') }),
    actions.canEdit?.(m) ? b(t('Edit'), actions.edit, { icon: icon('edit') }) : null,
    actions.canDelete?.(m) ? b(t('Delete'), actions.remove, { icon: icon('trash') }) : null);
}

/** Whether b follows a closely enough to be shown without its own header. */
export function groupable(a, b) {
  return a && !a.t && !b.t && a.u?._id === b.u?._id && (a.alias || '') === (b.alias || '')
    && new Date(a.ts).toDateString() === new Date(b.ts).toDateString()
    && ms(b.ts) - ms(a.ts) < 5 * 60 * 1000 && !b.tmid === !a.tmid && b.groupable !== false;
}
