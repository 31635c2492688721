// The server the browser tests talk to: the real ./kez-chat-server on loopback when the
// repository has it, otherwise the loopback double (e2e/double.ts). KEZ_CHAT_E2E_SERVER=double
// forces the double; =real fails when the launcher is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDouble } from './double';
import { startFront } from './front';

export const webDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = join(webDir, '..', '..');
const launcher = join(repoDir, 'kez-chat-server');

export interface TestServer { url: string; kind: 'real' | 'double'; close(): Promise<void>; double?: Awaited<ReturnType<typeof startDouble>> }

/**
 * The kez CLI when it has `kez chat` (KEZ_CLI_JAR, a built kez.jar, or ./kez): the browser
 * tests then check interop with it. Null when there is no such CLI.
 */
export function kezCli(): [string, string[]] | null {
  const jar = process.env.KEZ_CLI_JAR;
  if (jar) return [join(process.env.JAVA_HOME ?? '/usr', 'bin', 'java'), ['--enable-native-access=ALL-UNNAMED', '-jar', jar]];
  const kez = join(repoDir, 'kez');
  if (!existsSync(kez) || !existsSync(launcher)) return null;
  return spawnSync(kez, ['chat', '--help'], { stdio: 'ignore', timeout: 600000 }).status === 0 ? [kez, []] : null;
}

/** True when the browser tests will run the real server. */
export const realServerWanted = () => process.env.KEZ_CHAT_E2E_SERVER !== 'double' && realServer() !== null;

/** The real server's command: KEZ_CHAT_SERVER_JAR (a built kez-chat-server.jar) or the launcher. */
function realServer(): [string, string[]] | null {
  const jar = process.env.KEZ_CHAT_SERVER_JAR;
  if (jar) return [join(process.env.JAVA_HOME ?? '/usr', 'bin', 'java'), ['--enable-native-access=ALL-UNNAMED', '-jar', jar]];
  return existsSync(launcher) ? [launcher, []] : null;
}

/** Runs a server that prints `{"listening":PORT}` on stdout once it listens; resolves its port. */
async function listening(name: string, cmd: [string, string[]], args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(cmd[0], [...cmd[1], ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`${name} did not start in 120 s: ${err.slice(-2000)}`)), 120000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /\{"listening":(\d+)\}/.exec(out);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`${name} exited ${code}: ${err.slice(-2000)}`)); });
  });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((r) => {
      const hard = setTimeout(() => child.kill('SIGKILL'), 5000); // a graceful stop may wait for open sockets
      child.once('exit', () => { clearTimeout(hard); r(); });
      child.kill('SIGTERM');
    });
  };
  return { port, close };
}

/** The real ./kez-sig-server on loopback, or null without the real chat server. */
export async function startSigServer(): Promise<{ url: string; close(): Promise<void> } | null> {
  if (!realServerWanted()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'kez-sig-e2e-'));
  const s = await listening('./kez-sig-server', [join(repoDir, 'kez-sig-server'), []],
    ['--port', '0', '--bind', '127.0.0.1', '--db', join(dir, 'sig.db'), '--rate', '0', '--access-log', 'off']);
  return { url: `http://127.0.0.1:${s.port}`, close: s.close };
}

/**
 * The chat server; the real one takes identity graphs from `sigServer`, checking accounts on the
 * channel endpoints in `env` (KEZ_GITHUB_API, …), and caches none.
 */
export async function startServer(opts: { sigServer?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const want = process.env.KEZ_CHAT_E2E_SERVER;
  const real = want === 'double' ? null : realServer();
  if (want === 'real' && !real) throw new Error('KEZ_CHAT_E2E_SERVER=real but there is no ./kez-chat-server');
  if (real) {
    const dir = mkdtempSync(join(tmpdir(), 'kez-chat-e2e-'));
    const identity = opts.sigServer ? ['--sig-server', opts.sigServer, '--identity-ttl', '0'] : [];
    const { port, close } = await listening('./kez-chat-server', real, ['--port', '0', '--bind', '127.0.0.1', '--db', `jdbc:sqlite:${join(dir, 'chat.db')}`,
      '--allow-private', 'on', '--rate', '0', '--access-log', 'off', '--vapid-key-path', join(dir, 'vapid.pem'), '--web', join(webDir, 'dist'), ...identity],
      { ...process.env, ...opts.env });
    const front = await startFront(join(webDir, 'dist'), port);
    return {
      url: front.url, kind: 'real',
      close: async () => {
        await front.close();
        await close();
      },
    };
  }
  const double = await startDouble(join(webDir, 'dist'));
  return { url: double.url, kind: 'double', close: double.close, double };
}
