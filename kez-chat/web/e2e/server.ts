// The server the browser tests talk to: the real ./kez-chat-server on loopback when the
// repository has it, otherwise the loopback double (e2e/double.ts). KEZ_CHAT_E2E_SERVER=double
// forces the double; =real fails when the launcher is missing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDouble } from './double';

export const webDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = join(webDir, '..', '..');
const launcher = join(repoDir, 'kez-chat-server');

export interface TestServer { url: string; kind: 'real' | 'double'; close(): Promise<void>; double?: Awaited<ReturnType<typeof startDouble>> }

export async function startServer(): Promise<TestServer> {
  const want = process.env.KEZ_CHAT_E2E_SERVER;
  if (want === 'real' || (want !== 'double' && existsSync(launcher))) {
    const dir = mkdtempSync(join(tmpdir(), 'kez-chat-e2e-'));
    const child = spawn(launcher, ['--port', '0', '--db', `jdbc:sqlite:${join(dir, 'chat.db')}`, '--allow-private',
      '--vapid-key-path', join(dir, 'vapid.pem')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`./kez-chat-server did not start in 120 s: ${err.slice(-2000)}`)), 120000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /\{"listening":(\d+)\}/.exec(out);
        if (m) { clearTimeout(t); resolve(Number(m[1])); }
      });
      child.on('exit', (code) => { clearTimeout(t); reject(new Error(`./kez-chat-server exited ${code}: ${err.slice(-2000)}`)); });
    });
    return {
      url: `http://127.0.0.1:${port}`, kind: 'real',
      close: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }),
    };
  }
  const double = await startDouble(join(webDir, 'dist'));
  return { url: double.url, kind: 'double', close: double.close, double };
}
