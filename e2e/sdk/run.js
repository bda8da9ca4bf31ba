// Drives the official @rocket.chat/sdk (0.2.9) against a running Parley, as a bot would:
// DDP connect + login, subscribe to its rooms' messages, react to a message posted by someone
// else over REST, answer with sendToRoom, then read the answer back with the SDK's REST helper.
// Usage: PARLEY_URL=http://127.0.0.1:PORT BOT_USER=bob BOT_PASS=... OTHER_USER=alice OTHER_PASS=... node run.js
const base = process.env.PARLEY_URL;
const host = base.replace(/^https?:\/\//, '');
process.env.ROCKETCHAT_URL = base;
process.env.ROCKETCHAT_USE_SSL = 'false';
const { driver, api } = require('@rocket.chat/sdk');

const fail = (why) => { console.error('SDK E2E FAILED: ' + why); process.exit(1); };
setTimeout(() => fail('timed out'), 30000).unref();

async function rest(path, body, auth) {
  const headers = { 'Content-Type': 'application/json' };
  if (auth) { headers['X-User-Id'] = auth.userId; headers['X-Auth-Token'] = auth.authToken; }
  const res = await fetch(base + '/api/v1/' + path, { method: 'POST', headers, body: JSON.stringify(body) });
  return res.json();
}

(async () => {
  await driver.connect({ host, useSsl: false, timeout: 10000 });
  await driver.login({ username: process.env.BOT_USER, password: process.env.BOT_PASS });
  await driver.subscribeToMessages();
  const received = new Promise((resolve) => {
    driver.reactToMessages((err, message, meta) => {
      if (err) { fail('reactToMessages error ' + err); }
      if (message && message.msg === 'ping from a human') { resolve({ message, meta }); }
    });
  });

  const other = await rest('login', { user: process.env.OTHER_USER, password: process.env.OTHER_PASS });
  if (!other.data) { fail('REST login of the other user: ' + JSON.stringify(other)); }
  const posted = await rest('chat.postMessage', { channel: '#general', text: 'ping from a human' }, other.data);
  if (!posted.success) { fail('postMessage: ' + JSON.stringify(posted)); }

  const { message } = await received;
  console.log('bot received: ' + message.msg + ' in ' + message.rid);
  await driver.sendToRoom('pong from the sdk bot', 'general');

  await api.login({ username: process.env.BOT_USER, password: process.env.BOT_PASS });
  const history = await api.get('channels.history', { roomName: 'general', count: 10 });
  if (!history.messages.some((m) => m.msg === 'pong from the sdk bot')) {
    fail('the bot reply is not in the history: ' + JSON.stringify(history.messages.map((m) => m.msg)));
  }
  console.log('SDK E2E OK');
  await driver.disconnect();
  process.exit(0);
})().catch((e) => fail(e && e.stack ? e.stack : String(e)));
