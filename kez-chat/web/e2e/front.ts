// Serves the built app (dist/) on loopback and passes /v1/* — HTTP and the WebSocket upgrade —
// byte for byte to a kez-chat server, so the browser tests run the real API from one origin.
// (The real server's own static serving answers 500 today; see kez-chat/web/README.md.)
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml' };

export async function serveStatic(distDir: string, url: string): Promise<{ data: Buffer; type: string } | null> {
  const path = normalize(decodeURIComponent(new URL(url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  for (let file of [join(distDir, path), join(distDir, 'index.html')]) {
    if (file.endsWith('/')) file += 'index.html';
    try {
      return { data: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
    } catch { /* next */ }
  }
  return null;
}

export async function startFront(distDir: string, apiPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    if (req.url!.startsWith('/v1/')) {
      const up = request({ host: '127.0.0.1', port: apiPort, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      up.on('error', () => { res.writeHead(502).end(); });
      return req.pipe(up);
    }
    const file = await serveStatic(distDir, req.url!);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    res.end(file.data);
  });
  const tunnels = new Set<{ destroy(): void }>(); // upgraded sockets: server.close() does not end them
  server.on('upgrade', (req, socket, head) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    const up = connect(apiPort, '127.0.0.1', () => {
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n` + Object.entries(req.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => { for (const t of tunnels) t.destroy(); server.closeAllConnections(); server.close(() => r()); }) };
}
