import { push } from 'svelte-spa-router';
import { navigatePath } from '../sw-logic';

/**
 * The bridge from the service worker to the hash router: a notification click in the worker
 * posts {type:'navigate', hash}; the page moves there (svelte-spa-router sets location.hash).
 */
export function bridgeServiceWorker(container: Pick<ServiceWorkerContainer, 'addEventListener'>, go: (path: string) => unknown = push) {
  container.addEventListener('message', (e: Event) => {
    const path = navigatePath((e as MessageEvent).data);
    if (path !== null) go(path);
  });
}
