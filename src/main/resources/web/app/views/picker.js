// A small emoji picker for reactions: common emoji, then the workspace's custom emoji.
import { h, modal } from '../dom.js';
import { t } from '../i18n.js';
import { EMOJI, customEmoji, customEmojiNames } from '../emoji.js';

const QUICK = ['+1', '-1', 'smile', 'joy', 'heart', 'tada', 'rocket', 'eyes', 'thinking', 'pray', 'clap', 'fire',
  'white_check_mark', 'x', 'ok_hand', 'wave', '100', 'sob', 'sunglasses', 'bulb', 'coffee', 'sushi', 'cherry_blossom', 'star'];

export function reactionPicker(onPick) {
  const grid = h('div', { class: 'emoji-grid', role: 'group', 'aria-label': t('Emoji') },
    QUICK.map(name => h('button', { type: 'submit', value: ':' + name + ':', class: 'emoji-btn', 'aria-label': ':' + name + ':', title: ':' + name + ':' }, EMOJI[name])),
    customEmojiNames().map(name => h('button', { type: 'submit', value: ':' + name + ':', class: 'emoji-btn', 'aria-label': ':' + name + ':', title: ':' + name + ':' },
      h('img', { class: 'emoji custom', src: customEmoji(name), alt: ':' + name + ':' }))));
  modal(t('Add reaction'), grid, [{ label: t('Cancel'), value: '', submit: false }]).then((v) => { if (v) onPick(v); });
}
