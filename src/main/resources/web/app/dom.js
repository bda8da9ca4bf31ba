// Builds DOM nodes. Text always goes in as text nodes: no HTML string is ever parsed.

/** h('button', {class: 'x', onclick: fn, 'aria-label': 'Send'}, 'text', childNode, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'value') el.value = v;
      else if (k === 'checked' || k === 'disabled' || k === 'hidden' || k === 'selected') el[k] = !!v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** A modal dialog; resolves with the button value pressed ('' on Escape). */
export function modal(title, body, buttons) {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: 'modal', 'aria-label': title },
      h('form', { method: 'dialog' },
        h('h2', { text: title }),
        body,
        h('div', { class: 'actions' }, buttons.map(b =>
          h('button', { value: b.value, class: b.primary ? 'primary' : '', type: b.submit === false ? 'button' : 'submit',
            onclick: b.submit === false ? () => { dlg.close(b.value); } : undefined }, b.label)))));
    dlg.addEventListener('close', () => { dlg.remove(); resolve(dlg.returnValue || ''); });
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** Brief message at the bottom of the screen. */
export function toast(text) {
  let box = document.getElementById('toasts');
  if (!box) { box = h('div', { id: 'toasts', role: 'status', 'aria-live': 'polite' }); document.body.append(box); }
  const t = h('div', { class: 'toast', text });
  box.append(t);
  setTimeout(() => t.remove(), 4000);
}
