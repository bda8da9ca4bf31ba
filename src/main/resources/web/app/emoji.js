// Common standard emoji shortnames (the server accepts every standard shortname for reactions).
export const EMOJI = {
  '+1': '👍', thumbsup: '👍', '-1': '👎', thumbsdown: '👎', smile: '😄', smiley: '😃', grinning: '😀',
  joy: '😂', laughing: '😆', blush: '😊', wink: '😉', heart_eyes: '😍', thinking: '🤔', sweat_smile: '😅',
  slight_smile: '🙂', upside_down: '🙃', sob: '😭', cry: '😢', rage: '😡', angry: '😠', scream: '😱',
  sunglasses: '😎', nerd: '🤓', sleeping: '😴', neutral_face: '😐', confused: '😕', open_mouth: '😮',
  partying_face: '🥳', pray: '🙏', clap: '👏', wave: '👋', ok_hand: '👌', raised_hands: '🙌', muscle: '💪',
  point_up: '☝️', eyes: '👀', heart: '❤️', broken_heart: '💔', fire: '🔥', star: '⭐', sparkles: '✨',
  tada: '🎉', rocket: '🚀', white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', warning: '⚠️',
  question: '❓', exclamation: '❗', bulb: '💡', memo: '📝', calendar: '📅', coffee: '☕', beer: '🍺',
  pizza: '🍕', cake: '🍰', sun: '☀️', sunny: '☀️', cloud: '☁️', umbrella: '☔', snowflake: '❄️',
  zap: '⚡', bug: '🐛', computer: '💻', books: '📚', book: '📖', pencil: '✏️', hourglass: '⌛',
  lock: '🔒', key: '🔑', bell: '🔔', link: '🔗', 100: '💯', ok: '🆗', new: '🆕', free: '🆓',
  cat: '🐱', dog: '🐶', see_no_evil: '🙈', hugging: '🤗', shrug: '🤷', facepalm: '🤦', rofl: '🤣',
  sweat: '😓', innocent: '😇', smirk: '😏', relieved: '😌', yum: '😋', stuck_out_tongue: '😛',
  japan: '🗾', sushi: '🍣', ramen: '🍜', cherry_blossom: '🌸', jp: '🇯🇵',
};

/** Custom emoji (emoji-custom.list): name or alias -> image URL. */
const CUSTOM = new Map();
/** Their names without the aliases, sorted: what the reaction picker offers. */
let CUSTOM_NAMES = [];

export function customEmojiNames() { return CUSTOM_NAMES; }

export function setCustomEmoji(list) {
  CUSTOM.clear();
  CUSTOM_NAMES = [];
  for (const e of list || []) {
    if (!e?.name || !/^[\w+-]+$/.test(e.name)) continue;
    const url = '/emoji-custom/' + encodeURIComponent(e.name) + '.' + encodeURIComponent(e.extension || 'png');
    CUSTOM.set(e.name, url);
    CUSTOM_NAMES.push(e.name);
    for (const a of e.aliases || []) if (/^[\w+-]+$/.test(a)) CUSTOM.set(a, url);
  }
  CUSTOM_NAMES.sort();
}

export function customEmoji(name) { return CUSTOM.get(name); }

export function emojiChar(name) { return EMOJI[name]; }

/** Shortnames starting with (then containing) the text typed, for autocomplete. */
export function findEmoji(prefix, limit = 8) {
  const p = prefix.toLowerCase();
  const names = [...Object.keys(EMOJI), ...CUSTOM.keys()];
  const starts = names.filter(n => n.startsWith(p));
  const contains = names.filter(n => !n.startsWith(p) && n.includes(p));
  return [...starts, ...contains].slice(0, limit);
}
