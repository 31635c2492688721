// Measures, does not assert (npm run measure): the gzipped JavaScript + CSS of a first load,
// and the time until the first screen is usable in headless Chromium, without and with 4x CPU
// throttling (DevTools protocol), cold (no service worker, empty cache). Figures go to README.md.
// KEZ_WEB_BASELINE=DIST (another build's dist/) measures it too, loads alternating, and gives
// the ratio this build / baseline, which a busy machine disturbs far less than the times.
import { it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startDouble } from './double';
import { webDir } from './server';

const gzipped = (dist: string) => readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f))
  .reduce((n, f) => n + gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length, 0);

async function load(browser: Browser, url: string, rate: number): Promise<number> {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(url + '/');
  await page.getByLabel('Choose a handle').waitFor();
  const t = await page.evaluate(() => new Promise<number>((r) => {
    const read = () => { const m = performance.getEntriesByName('kez-chat:interactive')[0]; if (m) r(m.startTime); else setTimeout(read, 10); };
    read();
  }));
  await ctx.close();
  return t;
}

it('measures first load', async () => {
  const dists = [join(webDir, 'dist'), ...(process.env.KEZ_WEB_BASELINE ? [process.env.KEZ_WEB_BASELINE] : [])];
  const servers = await Promise.all(dists.map((d) => startDouble(d)));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const rows = dists.map((d, i) => `${i ? 'baseline' : 'this build'}: JS + CSS shipped: ${(gzipped(d) / 1024).toFixed(1)} KiB gzipped`);
  const n = dists.length > 1 ? 9 : 5;
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  for (const rate of [1, 4]) {
    const times = dists.map(() => [] as number[]);
    for (let i = 0; i < n; i++) for (const [j, s] of servers.entries()) times[j].push(await load(browser, s.url, rate));
    times.forEach((t, j) => {
      const sorted = [...t].sort((x, y) => x - y);
      rows.push(`${j ? 'baseline' : 'this build'}: interactive, CPU ${rate}x: median ${median(t).toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[n - 1].toFixed(0)}, ${n} cold loads)`);
    });
    if (dists.length > 1) {
      const ratios = times[0].map((t, i) => t / times[1][i]);
      rows.push(`CPU ${rate}x: this build / baseline, median of ${n} side-by-side pairs: ${median(ratios).toFixed(2)}`);
    }
  }
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
  console.log(rows.join('\n'));
}, 600000);
