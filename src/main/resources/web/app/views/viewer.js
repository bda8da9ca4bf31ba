// The image viewer: one image large in a modal dialog. Escape, the close button or a click
// beside the image closes it, and focus goes back to what opened it.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';

/** {src, title, download: URL of the file or null, opener: () => the element to focus afterwards} */
export function openImage({ src, title, download, opener }) {
  const active = document.activeElement;
  const back = opener || (() => active);
  const name = title || t('Image');
  const close = h('button', { type: 'button', class: 'icon', 'aria-label': t('Close'), title: t('Close') }, icon('close'));
  const dlg = h('dialog', { class: 'image-viewer', 'aria-labelledby': 'image-viewer-title' },
    h('header', null,
      h('h2', { id: 'image-viewer-title' }, name),
      download ? h('a', { class: 'button', href: download + (download.includes('?') ? '&' : '?') + 'download', download: title || '' }, t('Download')) : null,
      close),
    h('div', { class: 'image-viewer-body' }, h('img', { src, alt: name })));
  close.addEventListener('click', () => dlg.close());
  // A click on the backdrop or the space around the image closes; on the image itself does not.
  dlg.addEventListener('click', (e) => { if (e.target === dlg || e.target.classList?.contains('image-viewer-body')) dlg.close(); });
  dlg.addEventListener('close', () => {
    dlg.remove();
    const el = back();
    if (el && el.isConnected) el.focus();
  });
  document.body.append(dlg);
  dlg.showModal();
  close.focus();
  return dlg;
}
