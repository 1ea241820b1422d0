/**
 * Hash routes (#/faq?status=draft…): static hosting needs no rewrites, and every list's
 * filters are in the URL, so a view can be bookmarked and shared.
 */
import type { FaqStatus } from '../types.js';

export interface FaqFilters {
  readonly q?: string;
  readonly status?: FaqStatus;
  readonly tag?: string;
  /** YYYY-MM-DD */
  readonly inEffectOn?: string;
  readonly expiring?: boolean;
  readonly noCitation?: boolean;
}

export type Route =
  | { readonly name: 'faq-list'; readonly filters: FaqFilters }
  | { readonly name: 'faq-new' }
  | { readonly name: 'faq-edit'; readonly id: string }
  | { readonly name: 'faq-history'; readonly id: string }
  | { readonly name: 'import' }
  | { readonly name: 'test' }
  | { readonly name: 'chat' }
  | { readonly name: 'documents' }
  | { readonly name: 'document'; readonly id: string }
  | { readonly name: 'password' }
  /** The analyst workspace's screens; their filters (dates, channel, path…) are the query. */
  | { readonly name: AnalystScreen; readonly params: Readonly<Record<string, string>> }
  | { readonly name: 'not-found' };

export const ANALYST_SCREENS = ['overview', 'turns', 'gaps', 'suggestions', 'feedback'] as const;
export type AnalystScreen = (typeof ANALYST_SCREENS)[number];

function isAnalystScreen(name: string | undefined): name is AnalystScreen {
  return (ANALYST_SCREENS as readonly string[]).includes(name ?? '');
}

/** Days ahead the "expiring soon" filter looks. */
export const EXPIRING_DAYS = 30;

const STATUSES: readonly string[] = ['draft', 'published', 'unpublished'];

export function filtersFromParams(params: URLSearchParams): FaqFilters {
  const text = (name: string) => {
    const value = params.get(name)?.trim();
    return value ? value : undefined;
  };
  const status = text('status');
  const inEffectOn = text('inEffectOn');
  return {
    ...(text('q') ? { q: text('q') } : {}),
    ...(status && STATUSES.includes(status) ? { status: status as FaqStatus } : {}),
    ...(text('tag') ? { tag: text('tag') } : {}),
    ...(inEffectOn && /^\d{4}-\d{2}-\d{2}$/.test(inEffectOn) ? { inEffectOn } : {}),
    ...(params.get('expiring') === '1' ? { expiring: true } : {}),
    ...(params.get('noCitation') === '1' ? { noCitation: true } : {}),
  };
}

function filterParams(filters: FaqFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status) params.set('status', filters.status);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.inEffectOn) params.set('inEffectOn', filters.inEffectOn);
  if (filters.expiring) params.set('expiring', '1');
  if (filters.noCitation) params.set('noCitation', '1');
  return params;
}

/** The query string for GET /api/faq (empty or starting with "?"). */
export function faqApiQuery(filters: FaqFilters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status) params.set('status', filters.status);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.inEffectOn) params.set('inEffectOn', filters.inEffectOn);
  if (filters.expiring) params.set('expiringWithinDays', String(EXPIRING_DAYS));
  if (filters.noCitation) params.set('noCitation', 'true');
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  const [first, second, third] = segments;
  if (first === undefined) return { name: 'faq-list', filters: {} };
  if (first === 'faq') {
    if (second === undefined)
      return { name: 'faq-list', filters: filtersFromParams(new URLSearchParams(queryPart)) };
    if (second === 'new' && third === undefined) return { name: 'faq-new' };
    if (second === 'edit' && third) return { name: 'faq-edit', id: third };
    if (second === 'history' && third) return { name: 'faq-history', id: third };
    return { name: 'not-found' };
  }
  if (first === 'documents') {
    if (second === undefined) return { name: 'documents' };
    if (third === undefined) return { name: 'document', id: second };
    return { name: 'not-found' };
  }
  if (segments.length === 1 && isAnalystScreen(first))
    return { name: first, params: Object.fromEntries(new URLSearchParams(queryPart)) };
  if (
    segments.length === 1 &&
    (first === 'import' || first === 'test' || first === 'chat' || first === 'password')
  )
    return { name: first };
  return { name: 'not-found' };
}

export function hashFor(route: Route): string {
  switch (route.name) {
    case 'faq-list': {
      const query = filterParams(route.filters).toString();
      return `#/faq${query ? `?${query}` : ''}`;
    }
    case 'faq-new':
      return '#/faq/new';
    case 'faq-edit':
      return `#/faq/edit/${encodeURIComponent(route.id)}`;
    case 'faq-history':
      return `#/faq/history/${encodeURIComponent(route.id)}`;
    case 'document':
      return `#/documents/${encodeURIComponent(route.id)}`;
    case 'not-found':
      return '#/faq';
    case 'overview':
    case 'turns':
    case 'gaps':
    case 'suggestions':
    case 'feedback': {
      const query = new URLSearchParams(
        Object.entries(route.params).filter(([, value]) => value !== ''),
      ).toString();
      return `#/${route.name}${query ? `?${query}` : ''}`;
    }
    default:
      return `#/${route.name}`;
  }
}
