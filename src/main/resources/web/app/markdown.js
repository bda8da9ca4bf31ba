// Rocket.Chat-flavoured Markdown rendered straight into DOM nodes. Message text only ever becomes
// text nodes or a fixed set of elements built here, so no HTML in a message is ever interpreted.
import { h } from './dom.js';
import { emojiChar, customEmoji } from './emoji.js';

const INLINE = new RegExp([
  /(`+)([^`\n]+?)\1/.source,                                          // 1,2 inline code
  /\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)/.source,       // 3,4 [text](url)
  /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]])/.source,                 // 5 bare url
  /\*\*(?=\S)([^*\n]*?\S)\*\*/.source,                               // 6 **bold**
  /(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/.source,                // 7 *bold*
  /(?<![\w_])__(?=\S)([^_\n]*?\S)__(?![\w_])/.source,                 // 8 __italic__
  /(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/.source,                   // 9 _italic_
  /~~(?=\S)([^~\n]*?\S)~~/.source,                                    // 10 ~~strike~~
  /(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/.source,                   // 11 ~strike~
  /(?<![\w@])@([\w.-]*\w)/.source,                                    // 12 @mention
  /(?<![\w&#/])#([\w.-]*\w)/.source,                                  // 13 #channel
  /:([a-z0-9_+-]+):/.source,                                          // 14 :emoji:
].join('|'), 'g');

/** Renders inline Markdown of one line into nodes. ctx: {me, onMention, onChannel}. */
export function inline(text, ctx = {}) {
  const out = [];
  let last = 0;
  const re = new RegExp(INLINE.source, 'g'); // own lastIndex: inline() recurses
  for (let m; (m = re.exec(text));) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    last = re.lastIndex;
    if (m[2] !== undefined) out.push(h('code', { class: 'inline' }, m[2]));
    else if (m[4] !== undefined) out.push(link(m[4], inline(m[3], ctx)));
    else if (m[5] !== undefined) out.push(link(m[5], [m[5]]));
    else if (m[6] !== undefined || m[7] !== undefined) out.push(h('strong', null, inline(m[6] ?? m[7], ctx)));
    else if (m[8] !== undefined || m[9] !== undefined) out.push(h('em', null, inline(m[8] ?? m[9], ctx)));
    else if (m[10] !== undefined || m[11] !== undefined) out.push(h('del', null, inline(m[10] ?? m[11], ctx)));
    else if (m[12] !== undefined) {
      const name = m[12];
      const cls = name === ctx.me ? 'mention me' : (name === 'all' || name === 'here') ? 'mention group' : 'mention';
      out.push(h('span', { class: cls, 'data-username': name }, '@' + name));
    } else if (m[13] !== undefined) {
      out.push(h('a', { class: 'channel-link', href: '/channel/' + encodeURIComponent(m[13]) }, '#' + m[13]));
    } else if (m[14] !== undefined) {
      const c = emojiChar(m[14]);
      const custom = !c && customEmoji(m[14]);
      out.push(c ? h('span', { class: 'emoji', title: ':' + m[14] + ':', role: 'img', 'aria-label': m[14] }, c)
        : custom ? h('img', { class: 'emoji custom', src: custom, alt: ':' + m[14] + ':', title: ':' + m[14] + ':' })
          : document.createTextNode(m[0]));
    }
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

function link(url, children) {
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow' }, children);
}

/** Renders a message's text: code blocks, quotes, lists and paragraphs with line breaks kept. */
export function render(text, ctx = {}) {
  const root = h('div', { class: 'md' });
  const lines = String(text ?? '').split('\n');
  let para = null;
  const flushPara = () => { para = null; };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*```\s*([\w+-]*)\s*(.*)$/);
    if (fence) {
      flushPara();
      const body = [];
      // ```code``` on one line
      const oneLine = fence[2].match(/^(.*)```\s*$/);
      if (oneLine && line.trim().length > 6) {
        body.push(fence[1] ? fence[1] + ' ' + oneLine[1] : oneLine[1]);
      } else {
        if (fence[2]) body.push(fence[2]);
        i++;
        while (i < lines.length && !/^\s*```\s*$/.test(lines[i])) body.push(lines[i++]);
      }
      root.append(h('pre', { class: 'code' }, h('code', fence[1] ? { 'data-lang': fence[1] } : null, body.join('\n'))));
      continue;
    }
    if (/^>\s?/.test(line)) {
      flushPara();
      const quoted = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) quoted.push(lines[i++].replace(/^>\s?/, ''));
      i--;
      const inner = render(quoted.join('\n'), ctx);
      root.append(h('blockquote', null, [...inner.childNodes]));
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/;
    const numbered = /^\s*(\d+)[.)]\s+(.*)$/;
    if (bullet.test(line) || numbered.test(line)) {
      flushPara();
      const ordered = numbered.test(line);
      const re = ordered ? numbered : bullet;
      const list = h(ordered ? 'ol' : 'ul');
      if (ordered) list.setAttribute('start', line.match(numbered)[1]);
      while (i < lines.length && re.test(lines[i])) {
        const m = lines[i].match(re);
        list.append(h('li', null, inline(ordered ? m[2] : m[1], ctx)));
        i++;
      }
      i--;
      root.append(list);
      continue;
    }
    if (para) para.append(h('br'));
    else { para = h('p'); root.append(para); }
    para.append(...inline(line, ctx));
  }
  return root;
}
