// A real atproto network on loopback for the kez-channels Bluesky tests: @atproto/dev-env's
// TestNetwork (PLC directory, PDS, the Bluesky appview and what it needs), run on Node 22.
//   DB_POSTGRES_URL=postgresql://… REDIS_HOST=127.0.0.1:PORT node server.js
// Prints "kez-atproto " and a JSON line once ready: {"plc","pds","appview"} (http://localhost:PORT
// URLs), then answers commands on standard input, each with one such line:
//   account HANDLE PASSWORD  → {"did","handle","appPassword"} (a new account and an app password)
//   sync                     → {"ok":true} once the appview has indexed everything the PDS has
// Exits when its standard input closes.
import net from 'node:net';
import readline from 'node:readline';

// The servers listen on all interfaces: keep every one of them on loopback.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'object' && args[0] !== null && !(args[0] instanceof net.Server) && args[0].path === undefined) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (typeof args[1] === 'string') args[1] = '127.0.0.1';
    else args.splice(1, 0, '127.0.0.1');
  } else if (args.length === 0 || typeof args[0] === 'function') {
    args.unshift(0, '127.0.0.1');
  }
  return listen.apply(this, args);
};

const { TestNetwork } = await import('@atproto/dev-env');
const network = await TestNetwork.create({ dbPostgresSchema: 'kez' });
const out = o => process.stdout.write('kez-atproto ' + JSON.stringify(o) + '\n');
out({ plc: network.plc.url, pds: network.pds.url, appview: network.bsky.url });

const rl = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on('line', line => {
  queue = queue.then(async () => {
    const [cmd, ...rest] = line.trim().split(/\s+/);
    try {
      if (cmd === 'account') {
        const [handle, password] = rest;
        const agent = network.pds.getAgent();
        const { data } = await agent.createAccount({ handle, email: `${handle}@mail.test`, password });
        const app = await agent.com.atproto.server.createAppPassword({ name: 'kez' });
        await network.processAll();
        out({ did: data.did, handle: data.handle, appPassword: app.data.password });
      } else if (cmd === 'sync') {
        await network.processAll();
        out({ ok: true });
      } else {
        out({ error: `unknown command ${cmd}` });
      }
    } catch (e) {
      out({ error: String(e?.message ?? e) });
    }
  });
});
rl.on('close', async () => {
  await queue;
  await network.close().catch(() => {});
  process.exit(0);
});
