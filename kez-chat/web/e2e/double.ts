// A loopback double of the kez-chat server for browser tests while the real ./kez-chat-server
// is not available: chat.md's routes and shapes, with its auth rules enforced (signature over
// the §2 object, the ±60 s window, the replay cache, endpoint binding), the per-handle logs
// with gapless seqs, idempotent posts, and the WebSocket challenge/ready/sync/synced/entry.
// It serves the built app (dist/) at / like the real server.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveStatic } from './front';
import { WebSocketServer, type WebSocket } from 'ws';
import { p256 } from '@noble/curves/nist.js';
import { b64u, randomBytes } from '../src/lib/bytes';
import { authObject, digestOf, normalizeHandle, verifyObject, type LogEntry } from '../src/lib/chat';
import { canonicalize } from '../src/lib/jcs';
import { parsePublicKey, verifyDigest } from '../src/lib/keys';

type Obj = Record<string, any>;
interface Account { key: string; encKeys: Obj[]; log: LogEntry[]; posted: Map<string, { jcs: string; answer: Obj }>; subs: Map<string, Obj> }

export interface Double { url: string; port: number; close(): Promise<void>; accounts: Map<string, Account>; identities: Map<string, Obj[]>; pushes: Obj[] }

export async function startDouble(distDir: string, port = 0): Promise<Double> {
  const accounts = new Map<string, Account>();
  const identities = new Map<string, Obj[]>();
  const sockets = new Map<string, Set<WebSocket>>();
  const replay = new Set<string>();
  const pushes: Obj[] = [];
  const vapid = b64u.encode(p256.getPublicKey(p256.utils.randomSecretKey(), false));
  const now = () => Math.floor(Date.now() / 1000);

  const fail = (res: ServerResponse, status: number, error: string, detail = '') => json(res, status, { error, detail });
  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  /** chat.md §2: the header's signature over the rebuilt auth object, in the window, once. */
  function authorized(req: IncomingMessage, handle: string, key: string, body: Uint8Array, endpoint = ''): boolean {
    const m = /^(\d{1,12}):([A-Za-z0-9_-]{86})$/.exec(String(req.headers['x-kez-auth'] ?? ''));
    if (!m || Math.abs(now() - Number(m[1])) > 60) return false;
    const digest = digestOf(authObject({ handle, key, method: req.method!, path: req.url!, body, endpoint, ts: Number(m[1]) }));
    const id = b64u.encode(digest);
    if (replay.has(id) || !verifyDigest(key, digest, b64u.decode(m[2]))) return false;
    replay.add(id);
    return true;
  }

  function deliver(handle: string, entry: LogEntry) {
    for (const ws of sockets.get(handle) ?? []) ws.send(JSON.stringify({ type: 'entry', entry }));
  }

  async function api(req: IncomingMessage, res: ServerResponse, raw: Uint8Array) {
    const url = new URL(req.url!, 'http://x');
    const parts = url.pathname.split('/').slice(2); // after /v1
    let body: Obj | null = null;
    if (raw.length) {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return fail(res, 415, 'unsupported_media_type');
      try { body = JSON.parse(new TextDecoder().decode(raw)); } catch { return fail(res, 400, 'malformed', 'the body is not JSON'); }
    }
    const handleAt = (i: number) => {
      if (!/^[A-Za-z0-9_-]+$/.test(parts[i] ?? '')) return null;
      try { return normalizeHandle(parts[i]); } catch { return null; }
    };
    if (req.method === 'GET' && url.pathname === '/v1/push/vapid-public-key') return json(res, 200, { key: vapid });
    const h = handleAt(parts[0] === 'push' ? 2 : 1);
    if (!h) return fail(res, 400, 'invalid_handle');
    const acct = accounts.get(h);
    if (parts[0] === 'handles' && parts.length === 2 && req.method === 'POST') {
      if (!body || Object.keys(body).join() !== 'key' || typeof body.key !== 'string') return fail(res, 400, 'malformed');
      try { parsePublicKey(body.key); } catch { return fail(res, 400, 'malformed', 'not a KEZ key'); }
      if (!authorized(req, h, body.key, raw)) return fail(res, 401, 'unauthorized');
      if (acct) return acct.key === body.key ? json(res, 200, { handle: h, key: acct.key }) : fail(res, 409, 'conflict', 'the handle is bound to another key');
      accounts.set(h, { key: body.key, encKeys: [], log: [], posted: new Map(), subs: new Map() });
      return json(res, 201, { handle: h, key: body.key });
    }
    if (!acct) return fail(res, 404, 'not_found', `no handle ${h}`);
    if (parts[0] === 'handles' && parts.length === 2 && req.method === 'GET') return json(res, 200, { handle: h, key: acct.key, enc_keys: acct.encKeys });
    if (parts[0] === 'handles' && parts[2] === 'identity' && req.method === 'GET')
      return json(res, 200, identities.has(h)
        ? { handle: h, key: acct.key, identity: { kez: '0.2', type: 'identity', account: identities.get(h)![0]?.account, status: 'valid', reason: 'verified', accounts: identities.get(h) } }
        : { handle: h, key: acct.key, identity: null, detail: 'no sig-server is configured' });
    if (parts[0] === 'handles' && parts[2] === 'enc-keys' && req.method === 'POST') {
      if (!body) return fail(res, 400, 'malformed');
      if (!authorized(req, h, acct.key, raw)) return fail(res, 401, 'unauthorized');
      if (body.type !== 'chat_key' || body.handle !== h || body.key !== acct.key || !verifyObject(body, acct.key) ||
          (typeof body.expires_at === 'number' && body.expires_at <= now())) return fail(res, 400, 'invalid_record');
      if (acct.encKeys.some((r) => r.enc_key === body!.enc_key)) return json(res, 200, body);
      acct.encKeys.push(body);
      return json(res, 201, body);
    }
    if (parts[0] === 'messages' && req.method === 'POST') {
      if (!body || typeof body.id !== 'string' || typeof body.to !== 'string' || !Array.isArray(body.sealed)) return fail(res, 400, 'malformed');
      if (!authorized(req, h, acct.key, raw)) return fail(res, 401, 'unauthorized');
      const to = accounts.get(body.to);
      if (!to) return fail(res, 404, 'not_found', `no handle ${body.to}`);
      const jcs = canonicalize(body);
      const prior = acct.posted.get(body.id);
      if (prior) return prior.jcs === jcs ? json(res, 200, prior.answer) : fail(res, 409, 'conflict', 'another envelope with this id');
      const at = now();
      const append = (a: Account, handle: string) => {
        const entry = { ...body, seq: a.log.length + 1, from: h, received_at: at } as LogEntry;
        a.log.push(entry);
        deliver(handle, entry);
        return entry;
      };
      const mine = append(acct, h);
      if (body.to !== h) {
        const theirs = append(to, body.to);
        if (!sockets.get(body.to)?.size) for (const sub of to.subs.values()) pushes.push({ endpoint: sub.endpoint, payload: canonicalize({ seq: theirs.seq, to: body.to, type: 'message' }) });
      }
      const answer = { id: body.id, to: body.to, seq: mine.seq };
      acct.posted.set(body.id, { jcs, answer });
      return json(res, 201, answer);
    }
    if (parts[0] === 'messages' && req.method === 'GET') {
      if (!authorized(req, h, acct.key, raw)) return fail(res, 401, 'unauthorized');
      const after = Number(url.searchParams.get('after') ?? 0), limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 100));
      return json(res, 200, { entries: acct.log.filter((e) => e.seq > after).slice(0, limit), head: acct.log.length });
    }
    if (parts[0] === 'push' && req.method === 'POST' && (parts[1] === 'subscribe' || parts[1] === 'unsubscribe')) {
      if (!body || typeof body.endpoint !== 'string') return fail(res, 400, 'malformed');
      if (!authorized(req, h, acct.key, raw, body.endpoint)) return fail(res, 401, 'unauthorized');
      if (parts[1] === 'subscribe') {
        const again = acct.subs.has(body.endpoint);
        acct.subs.set(body.endpoint, body);
        return json(res, again ? 200 : 201, {});
      }
      acct.subs.delete(body.endpoint);
      return json(res, 200, {});
    }
    return fail(res, 404, 'not_found');
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = new Uint8Array(Buffer.concat(chunks));
    if (req.url!.startsWith('/v1/')) return api(req, res, raw).catch((e) => fail(res, 500, 'internal', String(e)));
    const file = await serveStatic(distDir, req.url!);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    res.end(file.data);
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const m = /^\/v1\/ws\/([a-z0-9_-]{3,32})$/.exec(req.url ?? '');
    const acct = m && accounts.get(m[1]);
    if (!m || !acct) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      const handle = m[1];
      const nonce = randomBytes(16);
      let authed = false;
      const timer = setTimeout(() => ws.close(4408), 10000);
      ws.send(JSON.stringify({ type: 'challenge', nonce: b64u.encode(nonce) }));
      ws.on('message', (data) => {
        let msg: Obj;
        try { msg = JSON.parse(String(data)); } catch { return ws.close(1003); }
        if (!authed && msg.type === 'auth') {
          const digest = digestOf(authObject({ handle, key: acct.key, method: 'WS', path: `/v1/ws/${handle}`, body: nonce, ts: msg.ts }));
          let ok = false;
          try { ok = Math.abs(now() - msg.ts) <= 60 && verifyDigest(acct.key, digest, b64u.decode(msg.sig)); } catch { ok = false; }
          if (!ok) return ws.close(4401);
          authed = true;
          clearTimeout(timer);
          if (!sockets.has(handle)) sockets.set(handle, new Set());
          sockets.get(handle)!.add(ws);
          ws.send(JSON.stringify({ type: 'ready', head: acct.log.length }));
        } else if (authed && msg.type === 'sync') {
          for (const entry of acct.log.filter((e) => e.seq > Number(msg.after))) ws.send(JSON.stringify({ type: 'entry', entry }));
          ws.send(JSON.stringify({ type: 'synced', head: acct.log.length }));
        }
      });
      ws.on('close', () => { clearTimeout(timer); sockets.get(handle)?.delete(ws); });
    });
  });

  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const actual = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${actual}`, port: actual, accounts, identities, pushes,
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); server.closeAllConnections(); server.close(() => r()); }),
  };
}
