// An ActivityPub actor server on 127.0.0.1 for the kez-channels tests. WebFinger, the actor
// (summary, PropertyValue profile fields) and its outbox (Create{Note}) are @fedify/fedify's;
// this file adds the Mastodon client API routes kez publish uses, over the same in-memory
// state and with Mastodon's Bearer-token auth and scopes:
//   GET    /api/v1/accounts/verify_credentials          (any valid token)
//   GET    /api/v1/accounts/:id/statuses                (public)
//   POST   /api/v1/statuses                             (write or write:statuses)
//   DELETE /api/v1/statuses/:id                         (write or write:statuses)
//   PATCH  /api/v1/accounts/update_credentials          (write or write:accounts; note, fields_attributes)
//   node server.js --user alice --handle-host social.example --token TOKEN:scope,scope ... [--exit-with-stdin]
// Prints "listening <port>" once ready.
import http from 'node:http';
import { createFederation, MemoryKvStore } from '@fedify/fedify';
import { Person, Note, Create, PropertyValue, PUBLIC_COLLECTION } from '@fedify/fedify/vocab';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const user = opt('--user', 'alice');
const handleHost = opt('--handle-host', 'social.example');
const tokens = new Map();
// TOKEN:scope,scope — split at the first colon only: Mastodon scopes hold colons (write:statuses)
args.forEach((a, i) => { if (a === '--token') { const v = args[i + 1], c = v.indexOf(':'); tokens.set(c < 0 ? v : v.slice(0, c), new Set((c < 0 ? '' : v.slice(c + 1)).split(',').filter(Boolean))); } });
if (args.includes('--exit-with-stdin')) { process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); }

const state = { note: '', fields: [], statuses: [], nextId: 109000000000000000n };

const server = http.createServer();
await new Promise(r => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const origin = `http://127.0.0.1:${port}`;

const federation = createFederation({ kv: new MemoryKvStore(), origin: { handleHost, webOrigin: origin }, allowPrivateAddress: true });
federation.setActorDispatcher('/users/{identifier}', async (ctx, identifier) => identifier !== user ? null : new Person({
  id: ctx.getActorUri(identifier),
  preferredUsername: identifier,
  name: identifier,
  summary: state.note,
  url: new URL(`/@${identifier}`, origin),
  outbox: ctx.getOutboxUri(identifier),
  attachments: state.fields.map(f => new PropertyValue({ name: f.name, value: f.value })),
}));
federation.setOutboxDispatcher('/users/{identifier}/outbox', async (ctx, identifier, cursor) => {
  if (identifier !== user) return null;
  const actor = ctx.getActorUri(identifier);
  const items = [...state.statuses].reverse().map(s => new Create({
    id: new URL(`/users/${user}/statuses/${s.id}/activity`, origin), actor, to: PUBLIC_COLLECTION,
    object: new Note({ id: new URL(`/users/${user}/statuses/${s.id}`, origin), attribution: actor, to: PUBLIC_COLLECTION, content: s.content }),
  }));
  return { items, nextCursor: null };
}).setFirstCursor(async () => '').setCounter(async () => state.statuses.length);

const html = text => '<p>' + text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + '</p>';
const account = () => ({
  id: '1', username: user, acct: user, display_name: user, locked: false, bot: false,
  created_at: '2025-11-26T00:00:00.000Z', note: html(state.note), url: `${origin}/@${user}`, uri: `${origin}/users/${user}`,
  avatar: `${origin}/avatars/original/missing.png`, followers_count: 0, following_count: 0, statuses_count: state.statuses.length,
  fields: state.fields.map(f => ({ name: f.name, value: html(f.value), verified_at: null })),
  source: { privacy: 'public', sensitive: false, language: null, note: state.note, fields: state.fields.map(f => ({ ...f, verified_at: null })) },
});
const status = s => ({
  id: s.id, created_at: s.created_at, in_reply_to_id: null, sensitive: false, spoiler_text: '', visibility: 'public', language: null,
  uri: `${origin}/users/${user}/statuses/${s.id}`, url: `${origin}/@${user}/${s.id}`, replies_count: 0, reblogs_count: 0,
  favourites_count: 0, content: s.content, account: account(), media_attachments: [], mentions: [], tags: [], emojis: [],
});

async function body(req) {
  const chunks = []; for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] || '').includes('json')) return JSON.parse(text);
  return Object.fromEntries(new URLSearchParams(text));
}

function send(res, code, obj) {
  const b = JSON.stringify(obj);
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(b) });
  res.end(b);
}

// Mastodon's answers: 401 without a valid token, 403 outside the token's scopes
function authorize(req, res, scope) {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization || '');
  const scopes = m && tokens.get(m[1]);
  if (!scopes) { send(res, 401, { error: 'The access token is invalid' }); return false; }
  if (scope && !scopes.has('write') && !scopes.has(scope)) { send(res, 403, { error: 'This action is outside the authorized scopes' }); return false; }
  return true;
}

async function mastodon(req, res, path) {
  let m;
  if (req.method === 'GET' && path === '/api/v1/accounts/verify_credentials') {
    if (authorize(req, res, null)) send(res, 200, account());
  } else if (req.method === 'GET' && (m = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(path))) {
    if (m[1] !== '1') return send(res, 404, { error: 'Record not found' });
    send(res, 200, [...state.statuses].reverse().map(status));
  } else if (req.method === 'POST' && path === '/api/v1/statuses') {
    if (!authorize(req, res, 'write:statuses')) return;
    const b = await body(req);
    if (!b.status) return send(res, 422, { error: "Validation failed: Text can't be blank" });
    if ([...b.status].length > 500) return send(res, 422, { error: 'Validation failed: Text character limit of 500 exceeded' });
    const s = { id: String(state.nextId++), created_at: new Date().toISOString(), content: html(b.status), text: b.status };
    state.statuses.push(s);
    send(res, 200, status(s));
  } else if (req.method === 'DELETE' && (m = /^\/api\/v1\/statuses\/([^/]+)$/.exec(path))) {
    if (!authorize(req, res, 'write:statuses')) return;
    const s = state.statuses.find(x => x.id === m[1]);
    if (!s) return send(res, 404, { error: 'Record not found' });
    state.statuses = state.statuses.filter(x => x !== s);
    send(res, 200, { ...status(s), text: s.text });
  } else if (req.method === 'PATCH' && path === '/api/v1/accounts/update_credentials') {
    if (!authorize(req, res, 'write:accounts')) return;
    const b = await body(req);
    if (typeof b.note === 'string') state.note = b.note;
    const fa = b.fields_attributes;
    if (fa) {
      const list = Array.isArray(fa) ? fa : Object.keys(fa).sort((x, y) => x - y).map(k => fa[k]);
      if (list.length > 4) return send(res, 422, { error: 'Validation failed: Fields size must be at most 4' });
      state.fields = list.filter(f => f && f.name).map(f => ({ name: String(f.name), value: String(f.value ?? '') }));
    }
    send(res, 200, account());
  } else {
    send(res, 404, { error: 'Not Found' });
  }
}

server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, origin);
    if (url.pathname.startsWith('/api/')) return await mastodon(req, res, url.pathname);
    const request = new Request(url, { method: req.method, headers: req.headers });
    const response = await federation.fetch(request, { contextData: undefined });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (e) {
    send(res, 500, { error: String(e) });
  }
});
console.log(`listening ${port}`);
