// A GitHub API double on loopback, in the real API's shapes (a user's gist list, raw files):
// the real chat server checks a contact's github account against it (KEZ_GITHUB_API).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startGitHub() {
  const gists = new Map<string, Record<string, string>>(); // login → file name → text
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const list = /^\/users\/([^/]+)\/gists$/.exec(path), raw = /^\/raw\/([^/]+)\/([^/]+)$/.exec(path);
    const files = gists.get((list ?? raw)?.[1] ?? '');
    if (list && files) {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify([{ id: 'aa5a315d61ae9438b18d', html_url: `https://gist.github.com/aa5a315d61ae9438b18d`, public: true, owner: { login: list[1] },
        files: Object.fromEntries(Object.keys(files).map((f) => [f, { filename: f, type: 'text/markdown', raw_url: `${base}/raw/${list[1]}/${f}` }])) }]));
    }
    if (raw && files?.[raw[2]] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(files[raw[2]]);
    }
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"message":"Not Found"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, gists, close: () => new Promise<void>((r) => server.close(() => r())) };
}
