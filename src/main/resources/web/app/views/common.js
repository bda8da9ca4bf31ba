// Small pieces shared by the views: avatars, presence dots, the language picker, dates.
import { h } from '../dom.js';
import { t, lang, setLang, LANGS } from '../i18n.js';

const broken = new Set();
// username -> query that names the current image (?etag=<avatarETag>, or a fresh one after a reset):
// /avatar/<username> is cached for Accounts_AvatarCacheTime, so a change needs a new URL.
const versions = new Map();

/** The URL of a user's avatar, naming the version this client last set or learnt. */
export function avatarUrl(username) {
  return '/avatar/' + encodeURIComponent(username) + (versions.get(username) || '');
}

/**
 * A user's avatar changed: etag is their new avatarETag (null after a reset). Every avatar of
 * theirs on screen switches to the new URL without a reload.
 */
export function avatarChanged(username, etag) {
  versions.set(username, etag ? '?etag=' + encodeURIComponent(etag) : '?v=' + Date.now().toString(36));
  broken.delete(username);
  for (const img of document.querySelectorAll('.avatar img[data-user]')) {
    if (img.dataset.user === username) img.src = avatarUrl(username);
  }
}

/** The avatarETag the server gave (in me or users.info), so the first URL is already versioned. */
export function knowAvatar(username, etag) {
  if (username && etag && !versions.has(username)) versions.set(username, '?etag=' + encodeURIComponent(etag));
}

/** /avatar/<username>, falling back to initials drawn in CSS when there is none. */
export function avatar(username, name, size = 'm') {
  const initials = h('span', { class: 'initials hue-' + hue(username || '?'), 'aria-hidden': 'true' },
    ((name || username || '?').trim()[0] || '?').toUpperCase());
  const box = h('span', { class: 'avatar ' + size }, initials);
  if (username && !broken.has(username)) {
    const img = h('img', { src: avatarUrl(username), alt: '', loading: 'lazy', 'data-user': username });
    img.addEventListener('error', () => { broken.add(username); img.remove(); });
    img.addEventListener('load', () => box.classList.add('has-img'));
    box.append(img);
  }
  return box;
}

function hue(s) {
  let x = 0;
  for (const c of s) x = (x * 31 + c.codePointAt(0)) >>> 0;
  return x % 8;
}

export function presenceDot(status) {
  const s = status || 'offline';
  return h('span', { class: 'presence ' + s, role: 'img', 'aria-label': t(s), title: t(s) });
}

export function languagePicker() {
  const sel = h('select', { 'aria-label': t('Language'), onchange: () => { setLang(sel.value); location.reload(); } },
    Object.entries(LANGS).map(([code, label]) => h('option', { value: code, selected: code === lang() }, label)));
  return sel;
}

// Building an Intl formatter costs far more than using one: one per language and style, kept.
const formatters = new Map();
function format(kind, options) {
  const key = lang() + ' ' + kind;
  let f = formatters.get(key);
  if (!f) { f = new Intl.DateTimeFormat(lang(), options); formatters.set(key, f); }
  return f;
}

export function timeOf(d) {
  return format('time', { hour: '2-digit', minute: '2-digit' }).format(new Date(d));
}

export function dayOf(d) {
  return format('day', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(d));
}

export function dateTimeOf(d) {
  return format('datetime', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(d));
}

/** "10:42" today, otherwise a short date and time. */
export function whenOf(d) {
  const date = new Date(d);
  return date.toDateString() === new Date().toDateString() ? timeOf(date) : dateTimeOf(date);
}

/** "bob is typing…" / "bob, carol are typing…" / '' for the names of who is typing. */
export function typingText(names) {
  return !names.length ? '' : names.length === 1 ? t('{user} is typing…', { user: names[0] })
    : t('{users} are typing…', { users: names.join(', ') });
}

export function num(n) {
  const key = lang() + ' num';
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(lang()));
  return formatters.get(key).format(n);
}

/** 1500 -> "1.5 kB" (decimal units, as the server's error texts), in the current language's digits. */
export function fileSize(bytes) {
  const n = Number(bytes) || 0;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  const key = lang() + ' size';
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(lang(), { maximumFractionDigits: 1 }));
  return formatters.get(key).format(v) + ' ' + units[i];
}
