/**
 * The current hash route as state, and navigation. `replace` rewrites the URL without a new
 * history entry (filters typed into a search box), then notifies like a hashchange would.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { hashFor, parseHash, type Route } from './lib/routes.js';

const NAV_EVENT = 'console:navigate';

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    addEventListener('hashchange', update);
    addEventListener(NAV_EVENT, update);
    return () => {
      removeEventListener('hashchange', update);
      removeEventListener(NAV_EVENT, update);
    };
  }, []);
  return useMemo(() => parseHash(hash), [hash]);
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = hashFor(route);
  if (options.replace) {
    history.replaceState(history.state, '', hash);
    dispatchEvent(new Event(NAV_EVENT));
  } else {
    location.hash = hash;
  }
}

let flash: string | undefined;
/** A message for the next screen (e.g. "saved" after a new item's editor reopens on its id). */
export function setFlash(message: string): void {
  flash = message;
}
export function takeFlash(): string | undefined {
  const message = flash;
  flash = undefined;
  return message;
}
