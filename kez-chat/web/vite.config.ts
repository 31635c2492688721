import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// The dev server proxies the API to a local ./kez-chat-server (KEZ_CHAT_SERVER, default :8080).
const server = process.env.KEZ_CHAT_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [
    svelte(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false, // main.ts registers /sw.js itself
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        rollupFormat: 'iife',
      },
      manifest: {
        name: 'kez-chat',
        short_name: 'kez-chat',
        description: 'End-to-end encrypted chat between KEZ identities',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#0f6e6a',
        theme_color: '#0f6e6a',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: false },
  server: { proxy: { '/v1': { target: server, ws: true } } },
});
