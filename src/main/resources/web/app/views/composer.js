// The message box: Enter sends, Shift+Enter adds a line, Up edits one's last message, Escape
// cancels an edit; @user, #channel and :emoji: autocomplete; typing notifications.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { findEmoji, emojiChar, customEmoji } from '../emoji.js';
import { state } from '../store.js';
import { icon } from '../icons.js';

const TRIGGER = /(^|\s)([@#:])([\w.+-]*)$/;

/**
 * opts: {rid, label, placeholder, onSend(text) -> Promise, onEditLast() -> message|null,
 *        onSaveEdit(message, text) -> Promise, extra: node shown under the box}
 */
export function composer(opts) {
  let editing = null;
  let typingSent = 0;
  let typingTimer = null;
  let items = [];
  let active = 0;
  let acSeq = 0;

  const input = h('textarea', { rows: 1, 'aria-label': opts.label, placeholder: opts.placeholder || '',
    'aria-autocomplete': 'list', 'aria-controls': 'ac-' + opts.id, 'aria-expanded': 'false' });
  const list = h('ul', { class: 'autocomplete', id: 'ac-' + opts.id, role: 'listbox', 'aria-label': t('Suggestions'), hidden: true });
  const editBar = h('div', { class: 'edit-bar', hidden: true },
    h('span', null, t('Editing message')), ' ',
    h('button', { type: 'button', class: 'link', onclick: () => stopEdit() }, t('Cancel')));
  const sendBtn = h('button', { type: 'submit', class: 'primary send', 'aria-label': t('Send') }, t('Send'));
  const file = opts.onFile ? h('input', { type: 'file', multiple: true, 'aria-label': t('Attach a file'), onchange: () => {
    const chosen = [...file.files];
    file.value = '';
    for (const f of chosen) Promise.resolve(opts.onFile(f)).catch((err) => opts.onError?.(err));
  } }) : null;
  const attach = file ? h('label', { class: 'attach', title: t('Attach a file') }, file, icon('clip')) : null;
  const form = h('form', { class: 'composer', onsubmit: (e) => { e.preventDefault(); submit(); } },
    list, editBar, h('div', { class: 'row' }, attach, input, sendBtn), opts.extra || null);

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 200) + 'px';
  }

  function stopEdit() {
    editing = null;
    editBar.hidden = true;
    form.classList.remove('editing');
    input.value = '';
    autosize();
  }

  function startEdit(m) {
    if (!m) return;
    editing = m;
    editBar.hidden = false;
    form.classList.add('editing');
    input.value = m.msg;
    autosize();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  async function submit() {
    const text = input.value;
    if (!text.trim()) return;
    const was = editing;
    input.value = '';
    autosize();
    closeList();
    stopTyping();
    try {
      if (was) { stopEdit(); await opts.onSaveEdit(was, text); }
      else await opts.onSend(text);
    } catch (err) {
      input.value = text;
      autosize();
      opts.onError?.(err);
    }
  }

  function typing() {
    if (!opts.rid || !state.ddp) return;
    const now = Date.now();
    if (now - typingSent > 3000) {
      typingSent = now;
      state.ddp.call('stream-notify-room', opts.rid + '/user-activity', state.me.username, ['user-typing'], opts.tmid ? { tmid: opts.tmid } : {}).catch(() => {});
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, 5000);
  }

  function stopTyping() {
    clearTimeout(typingTimer);
    if (typingSent && state.ddp) {
      typingSent = 0;
      state.ddp.call('stream-notify-room', opts.rid + '/user-activity', state.me.username, [], opts.tmid ? { tmid: opts.tmid } : {}).catch(() => {});
    }
  }

  // --- autocomplete ---
  function closeList() {
    items = [];
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    clear(list);
  }

  function showList(found, token) {
    items = found.map(f => ({ ...f, token }));
    active = 0;
    clear(list);
    if (!items.length) { closeList(); return; }
    items.forEach((it, i) => list.append(h('li', { role: 'option', id: `ac-${opts.id}-${i}`, 'aria-selected': String(i === active),
      onmousedown: (e) => { e.preventDefault(); choose(i); } }, it.label)));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function highlight() {
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', `ac-${opts.id}-${active}`);
  }

  function choose(i) {
    const it = items[i];
    if (!it) return;
    const pos = input.selectionStart;
    const before = input.value.slice(0, pos).replace(TRIGGER, (all, sp) => sp + it.insert + ' ');
    input.value = before + input.value.slice(pos);
    input.setSelectionRange(before.length, before.length);
    closeList();
    input.focus();
  }

  async function suggest() {
    const m = input.value.slice(0, input.selectionStart).match(TRIGGER);
    if (!m) { closeList(); return; }
    const [, , kind, word] = m;
    const seq = ++acSeq;
    let found = [];
    if (kind === ':') {
      if (word.length < 2) { closeList(); return; }
      found = findEmoji(word).map(n => ({ label: (emojiChar(n) || (customEmoji(n) ? '◆' : '')) + '  :' + n + ':', insert: ':' + n + ':' }));
    } else {
      try {
        const res = await api.get('spotlight', { query: kind + word });
        if (kind === '@') {
          const users = (res.users || []).filter(u => u.username !== state.me.username).slice(0, 8);
          found = users.map(u => ({ label: '@' + u.username + (u.name ? ' — ' + u.name : ''), insert: '@' + u.username }));
          for (const g of ['all', 'here']) if (g.startsWith(word.toLowerCase())) found.push({ label: '@' + g, insert: '@' + g });
        } else {
          found = (res.rooms || []).filter(r => r.t === 'c' || r.t === 'p').slice(0, 8)
            .map(r => ({ label: '#' + r.name, insert: '#' + r.name }));
        }
      } catch (e) { found = []; }
    }
    if (seq === acSeq) showList(found, word);
  }

  input.addEventListener('input', () => {
    autosize();
    if (input.value.trim()) typing(); else stopTyping();
    suggest();
  });

  input.addEventListener('keydown', (e) => {
    if (!list.hidden && items.length) {
      if (e.key === 'ArrowDown') { e.preventDefault(); active = (active + 1) % items.length; highlight(); return; }
      if (e.key === 'ArrowUp') { e.preventDefault(); active = (active - 1 + items.length) % items.length; highlight(); return; }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') { e.preventDefault(); choose(active); return; }
      if (e.key === 'Escape') { e.preventDefault(); closeList(); return; }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    } else if (e.key === 'ArrowUp' && !input.value && opts.onEditLast) {
      const m = opts.onEditLast();
      if (m) { e.preventDefault(); startEdit(m); }
    } else if (e.key === 'Escape' && editing) {
      e.preventDefault();
      stopEdit();
    }
  });
  input.addEventListener('blur', () => setTimeout(closeList, 150));
  // A pasted image or file (a screenshot, "Copy image") is uploaded as a dropped one is; pasted
  // text, even when it comes with a picture of itself (spreadsheets), stays text.
  if (opts.onFile) {
    input.addEventListener('paste', (e) => {
      const data = e.clipboardData;
      const files = [...(data?.files || [])];
      if (!files.length || [...(data.types || [])].includes('text/plain')) return;
      e.preventDefault();
      for (const f of files) Promise.resolve(opts.onFile(f)).catch((err) => opts.onError?.(err));
    });
  }

  return { el: form, input, startEdit, focus: () => input.focus(), dispose: stopTyping };
}
