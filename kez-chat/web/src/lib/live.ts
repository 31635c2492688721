// Live delivery over the WebSocket (chat.md §6, §8): answer the challenge, then `sync` after
// the last seq this device has, then take entries as they come. Reconnects with backoff, and
// at once when the browser says it is online again.
import { b64u } from './bytes';
import { authObject, digestOf } from './chat';
import type { LogEntry } from './chat';
import type { Account } from './api';
import { signDigest } from './keys';

export type LiveState = 'connecting' | 'online' | 'offline';

export interface LiveOptions {
  url: string;
  account: Account;
  /** The newest seq this device has stored; the socket syncs after it. */
  after: () => number;
  onEntry: (entry: LogEntry) => Promise<void>;
  onState: (state: LiveState) => void;
  /** After a sync: the log's head. */
  onSynced?: (head: number) => void;
  now?: () => number;
  WebSocketImpl?: typeof WebSocket;
}

export class Live {
  private ws: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Entries are handled one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly reconnectNow = () => { if (!this.ws) { this.attempt = 0; this.connect(); } };

  constructor(private readonly o: LiveOptions) {}

  start() {
    this.stopped = false;
    globalThis.addEventListener?.('online', this.reconnectNow);
    this.connect();
  }

  stop() {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.reconnectNow);
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000);
    this.ws = null;
    this.o.onState('offline');
  }

  private connect() {
    if (this.stopped) return;
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    this.o.onState('connecting');
    const WS = this.o.WebSocketImpl ?? WebSocket;
    const { handle, key } = this.o.account;
    let ws: WebSocket;
    try {
      ws = new WS(`${this.o.url}/v1/ws/${handle}`);
    } catch {
      return this.retry();
    }
    this.ws = ws;
    ws.onmessage = (ev) => {
      let msg: any;
      try { msg = JSON.parse(String(ev.data)); } catch { return; }
      if (msg.type === 'challenge' && typeof msg.nonce === 'string') {
        const ts = (this.o.now ?? (() => Math.floor(Date.now() / 1000)))();
        const auth = authObject({ handle, key: key.key, method: 'WS', path: `/v1/ws/${handle}`, body: b64u.decode(msg.nonce), ts });
        ws.send(JSON.stringify({ type: 'auth', ts, sig: b64u.encode(signDigest(key, digestOf(auth))) }));
      } else if (msg.type === 'ready') {
        this.attempt = 0;
        this.o.onState('online');
        ws.send(JSON.stringify({ type: 'sync', after: this.o.after() }));
      } else if (msg.type === 'entry' && msg.entry) {
        this.queue = this.queue.then(() => this.o.onEntry(msg.entry)).catch(() => {});
      } else if (msg.type === 'synced') {
        this.queue = this.queue.then(() => this.o.onSynced?.(msg.head));
      }
    };
    ws.onclose = () => {
      if (this.ws === ws) { this.ws = null; this.retry(); }
    };
    ws.onerror = () => ws.close();
  }

  private retry() {
    if (this.stopped) return;
    this.o.onState('offline');
    const delay = Math.min(30000, 1000 * 2 ** this.attempt++) * (0.75 + Math.random() / 2);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}

/** The ws:// or wss:// origin of the page's own server. */
export const wsOrigin = (loc: Location = location) => (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host;
