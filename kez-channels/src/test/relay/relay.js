// A nostr relay on 127.0.0.1 for the kez-channels tests. The NIP-01 protocol handling (EVENT
// with id and signature checks, REQ/EOSE/CLOSE, OK, replaceable events) is @nostr-relay/core;
// this file adds the WebSocket server (ws) and an in-memory event store.
//   node relay.js [--port N] [--seed FILE] [--ignore-filters] [--silent] [--delay MS]
// --port N:    listen on this port (default: any free one).
// --seed FILE: a JSON array of events stored as given, unchecked (a hostile relay's store).
// --ignore-filters: answer every REQ with every stored event (a hostile relay).
// --silent:    accept connections and REQs but never answer (a relay that never sends EOSE).
// --delay MS: handle each message MS milliseconds after it arrives (a slow relay; kez-bench).
// --exit-with-stdin: exit when stdin closes (so a crashed test leaves no relay behind).
// Prints "listening <port>" once ready.
'use strict';
const fs = require('fs');
const { WebSocketServer } = require('ws');
const { NostrRelay } = require('@nostr-relay/core');
const { EventRepository, EventUtils, EventType } = require('@nostr-relay/common');
const { Validator } = require('@nostr-relay/validator');

class MemoryRepository extends EventRepository {
  constructor(seed, ignoreFilters) { super(); this.events = [...seed]; this.ignoreFilters = ignoreFilters; }
  isSearchSupported() { return false; }
  upsert(event) {
    if (this.events.some(e => e.id === event.id)) return { isDuplicate: true };
    const type = EventUtils.getType(event.kind);
    const key = e => type === EventType.PARAMETERIZED_REPLACEABLE ? `${e.pubkey}:${e.kind}:${EventUtils.extractDTagValue(e) ?? ''}` : `${e.pubkey}:${e.kind}`;
    if (type === EventType.REPLACEABLE || type === EventType.PARAMETERIZED_REPLACEABLE) {
      const old = this.events.find(e => e.kind === event.kind && key(e) === key(event));
      if (old && (old.created_at > event.created_at || (old.created_at === event.created_at && old.id < event.id))) return { isDuplicate: true };
      this.events = this.events.filter(e => e !== old);
    }
    this.events.push(event);
    return { isDuplicate: false };
  }
  find(filter) {
    if (this.ignoreFilters) return [...this.events];
    const tagFilters = Object.entries(filter).filter(([k]) => /^#[a-zA-Z]$/.test(k));
    const matches = this.events
      .filter(e => EventUtils.isMatchingFilter(e, filter))
      .filter(e => tagFilters.every(([k, values]) => e.tags.some(t => t[0] === k.slice(1) && values.includes(t[1]))))
      .sort((a, b) => b.created_at - a.created_at);
    return filter.limit === undefined ? matches : matches.slice(0, filter.limit);
  }
  async destroy() {}
}

const args = process.argv.slice(2);
const seedFile = args.includes('--seed') ? args[args.indexOf('--seed') + 1] : null;
const silent = args.includes('--silent');
const delay = args.includes('--delay') ? Number(args[args.indexOf('--delay') + 1]) : 0;
const seed = seedFile ? JSON.parse(fs.readFileSync(seedFile, 'utf8')) : [];
const relay = new NostrRelay(new MemoryRepository(seed, args.includes('--ignore-filters')),
  { filterResultCacheTtl: 0, eventHandlingResultCacheTtl: 0, logLevel: 3 });
const validator = new Validator();
const port = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 0;
const wss = new WebSocketServer({ host: '127.0.0.1', port });
wss.on('connection', ws => {
  if (silent) return;
  relay.handleConnection(ws);
  ws.on('message', async data => {
    if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));
    try {
      await relay.handleMessage(ws, await validator.validateIncomingMessage(data));
    } catch (error) {
      ws.send(JSON.stringify(['NOTICE', error instanceof Error ? error.message : 'error']));
    }
  });
  ws.on('close', () => relay.handleDisconnect(ws));
});
wss.on('listening', () => console.log(`listening ${wss.address().port}`));
if (args.includes('--exit-with-stdin')) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
