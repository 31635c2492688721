// Measures, does not assert (npm run measure): the gzipped JavaScript + CSS of a first load,
// and the time until the first screen is usable in headless Chromium, without and with 4x CPU
// throttling (DevTools protocol), cold (no service worker, empty cache). Figures go to README.md.
import { it } from 'vitest';
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startDouble } from './double';
import { webDir } from './server';

it('measures first load', async () => {
  const assets = join(webDir, 'dist', 'assets');
  let gz = 0;
  for (const f of readdirSync(assets).filter((f) => /\.(js|css)$/.test(f))) gz += gzipSync(readFileSync(join(assets, f)), { level: 9 }).length;
  const server = await startDouble(join(webDir, 'dist'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const rows: string[] = [`JS + CSS shipped: ${(gz / 1024).toFixed(1)} KiB gzipped`];
  for (const rate of [1, 4]) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ctx = await browser.newContext({ serviceWorkers: 'block' });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.goto(server.url + '/');
      await page.getByLabel('Choose a handle').waitFor();
      times.push(await page.evaluate(() => new Promise<number>((r) => {
        const read = () => { const m = performance.getEntriesByName('kez-chat:interactive')[0]; if (m) r(m.startTime); else setTimeout(read, 10); };
        read();
      })));
      await ctx.close();
    }
    times.sort((x, y) => x - y);
    rows.push(`interactive, CPU ${rate}x: median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)}, 5 cold loads)`);
  }
  await browser.close();
  await server.close();
  console.log(rows.join('\n'));
}, 120000);
