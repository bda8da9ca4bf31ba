// Meteor DDP over WebSocket at /websocket: login with the resume token, methods, stream subscriptions.
// Reconnects with backoff and re-subscribes; a refused resume token ends the session.

function ejson(v) {
  if (Array.isArray(v)) return v.map(ejson);
  if (v && typeof v === 'object') {
    if (typeof v.$date === 'number' && Object.keys(v).length === 1) return new Date(v.$date).toISOString();
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = ejson(x);
    return out;
  }
  return v;
}

export class Ddp {
  constructor(token, { onAuthFailed, onStatus }) {
    this.token = token;
    this.onAuthFailed = onAuthFailed;
    this.onStatus = onStatus || (() => {});
    this.nextId = 1;
    this.pending = new Map();   // method id -> {resolve, reject}
    this.queue = [];            // frames waiting for login
    this.subs = new Map();      // sub id -> {name, eventName, handler}
    this.ready = false;
    this.stopped = false;
    this.backoff = 500;
    this.open();
  }

  open() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/websocket';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    ws.onmessage = (e) => this.frame(JSON.parse(e.data));
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ready = false;
      this.onStatus('offline');
      for (const p of this.pending.values()) p.reject(new Error('disconnected'));
      this.pending.clear();
      if (!this.stopped) {
        setTimeout(() => { if (!this.stopped) this.open(); }, this.backoff);
        this.backoff = Math.min(this.backoff * 2, 10000);
      }
    };
  }

  send(frame) { this.ws.send(JSON.stringify(frame)); }

  frame(f) {
    switch (f.msg) {
      case 'connected': this.login(); break;
      case 'ping': this.send(f.id ? { msg: 'pong', id: f.id } : { msg: 'pong' }); break;
      case 'result': {
        const p = this.pending.get(f.id);
        if (!p) break;
        this.pending.delete(f.id);
        if (f.error) p.reject(Object.assign(new Error(f.error.reason || f.error.error || 'error'), { ddp: f.error }));
        else p.resolve(ejson(f.result));
        break;
      }
      case 'changed': {
        // Every subscriber of that stream event gets it (two views may listen to the same one).
        const args = ejson(f.fields?.args || []);
        for (const s of [...this.subs.values()]) {
          if (s.name === f.collection && s.eventName === f.fields?.eventName) s.handler(...args);
        }
        break;
      }
      case 'ready':
        for (const id of f.subs || []) this.subs.get(id)?.resolve?.();
        break;
      case 'nosub': this.subs.get(f.id)?.resolve?.(); break;
      default: break;
    }
  }

  raw(method, params) {
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ msg: 'method', id, method, params });
    });
  }

  async login() {
    try {
      await this.raw('login', [{ resume: this.token }]);
    } catch (e) {
      if (e.ddp) { this.stop(); this.onAuthFailed(); return; }
      return;
    }
    this.ready = true;
    this.backoff = 500;
    for (const [id, s] of this.subs) this.send({ msg: 'sub', id, name: s.name, params: [s.eventName, { useCollection: false, args: [] }] });
    const q = this.queue; this.queue = [];
    q.forEach(fn => fn());
    this.onStatus('online');
  }

  /** Calls a method once logged in. */
  call(method, ...params) {
    if (this.ready) return this.raw(method, params);
    return new Promise((resolve, reject) => this.queue.push(() => this.raw(method, params).then(resolve, reject)));
  }

  /** Subscribes to a stream event; returns a function that unsubscribes. */
  subscribe(name, eventName, handler) {
    const id = 's' + (this.nextId++);
    const sub = { name, eventName, handler };
    const ready = new Promise((resolve) => { sub.resolve = resolve; });
    this.subs.set(id, sub);
    if (this.ready) this.send({ msg: 'sub', id, name, params: [eventName, { useCollection: false, args: [] }] });
    const off = () => {
      if (this.subs.delete(id) && this.ready) this.send({ msg: 'unsub', id });
    };
    off.ready = ready;
    return off;
  }

  stop() {
    this.stopped = true;
    try { this.ws.close(); } catch (e) { /* already closed */ }
  }
}
