/// <reference lib="webworker" />
// The service worker: precache of the built app, the network only for the API, the SPA shell
// for navigations, and push/notification handlers (their logic is in sw-logic.ts).
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { clientsClaim } from 'workbox-core';
import { onNotificationClick, onPush } from './sw-logic';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

self.skipWaiting();
clientsClaim();
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const isApi = (url: URL) => url.origin === self.location.origin && url.pathname.startsWith('/v1/');
// Never a cached answer for the API: messages and keys must be current or fail visibly.
registerRoute(({ url }) => isApi(url), new NetworkOnly());
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/v1\//] }));

self.addEventListener('push', (e) => e.waitUntil(onPush(self.registration, e.data)));
self.addEventListener('notificationclick', (e) => e.waitUntil(onNotificationClick(e.notification, self.clients, self.location.origin)));
