import { mount } from 'svelte';
import App from './App.svelte';
import { bridgeServiceWorker } from './lib/bridge';
import { app } from './lib/app.svelte';
import './app.css';

if ('serviceWorker' in navigator) {
  bridgeServiceWorker(navigator.serviceWorker);
  if (import.meta.env.PROD) {
    window.addEventListener('load', () => {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => { /* the app works without it, only not offline */ });
    });
  }
}

mount(App, { target: document.getElementById('app')! });
// The moment the first screen can be used; e2e/measure.ts reads it.
void app.init().then(() => requestAnimationFrame(() => performance.mark('kez-chat:interactive')));
