// Renders public/icons/*.png from one SVG with the machine's Chromium (run by hand when the
// logo changes; the PNGs are committed): node tools/make-icons.mjs
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';

const logo = (bg, pad) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect width="100" height="100" rx="${pad ? 0 : 22}" fill="${bg}"/>
  <g transform="translate(50 50) scale(${pad ? 0.62 : 0.8}) translate(-50 -50)">
    <path d="M18 30a12 12 0 0 1 12-12h40a12 12 0 0 1 12 12v28a12 12 0 0 1-12 12H44L28 84V70h0a10 10 0 0 1-10-10z" fill="#fff"/>
    <path d="M50 30a9 9 0 0 1 9 9v5h2a3 3 0 0 1 3 3v13a3 3 0 0 1-3 3H39a3 3 0 0 1-3-3V47a3 3 0 0 1 3-3h2v-5a9 9 0 0 1 9-9zm0 5a4 4 0 0 0-4 4v5h8v-5a4 4 0 0 0-4-4z" fill="${bg}"/>
  </g></svg>`;
const badge = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><path d="M14 26a12 12 0 0 1 12-12h48a12 12 0 0 1 12 12v34a12 12 0 0 1-12 12H44L24 88V72a10 10 0 0 1-10-10z" fill="#fff"/></svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [name, size, svg] of [
  ['icon-192.png', 192, logo('#0f6e6a', false)], ['icon-512.png', 512, logo('#0f6e6a', false)],
  ['maskable-512.png', 512, logo('#0f6e6a', true)], ['apple-touch-icon.png', 180, logo('#0f6e6a', true)],
  ['badge-96.png', 96, badge],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  writeFileSync(`public/icons/${name}`, await page.screenshot({ omitBackground: true }));
}
await browser.close();
