/**
 * Every route of the console API and who may call it, as data: the server enforces it
 * (api.ts registers one guard per entry from this table) and a test walks all of it as
 * anonymous, analyst, editor and admin. A route missing here cannot get a handler, and an
 * entry without a handler does not compile.
 *
 * Roles are listed, not implied: an editor may do what an analyst may because editor is in
 * the list, so reading a route tells everything.
 */
import type { Role } from '../../app/console/contracts.js';

export type RouteMethod = 'GET' | 'POST' | 'PUT';

export interface ConsoleRoute {
  readonly method: RouteMethod;
  /** Under /api, Hono's syntax (`:id`). */
  readonly path: string;
  /** `public`: no session needed (sign-in and its steps, refresh, sign-out). */
  readonly roles: 'public' | readonly Role[];
  /** Answers while the caller still has to change a one-time password (everything else: 403). */
  readonly duringPasswordChange?: boolean;
  /** For people reading the table (and the README). Every non-GET route also needs the console's Origin. */
  readonly summary: string;
}

const ANY: readonly Role[] = ['analyst', 'editor', 'admin'];
const EDIT: readonly Role[] = ['editor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

export const CONSOLE_ROUTES = [
  {
    method: 'POST',
    path: '/auth/login',
    roles: 'public',
    summary: 'sign in with email and password: sets the cookie, or names the next step (Cognito)',
  },
  {
    method: 'POST',
    path: '/auth/challenge',
    roles: 'public',
    summary: 'answer the next step (new password, TOTP code, TOTP setup) of a Cognito sign-in',
  },
  {
    method: 'POST',
    path: '/auth/refresh',
    roles: 'public',
    summary: 'a new access token from the refresh-token cookie (Cognito)',
  },
  {
    method: 'POST',
    path: '/auth/logout',
    roles: 'public',
    summary: 'clears the cookies, revokes the refresh token (Cognito)',
  },
  {
    method: 'GET',
    path: '/auth/me',
    roles: ANY,
    duringPasswordChange: true,
    summary: 'email, roles, mustChangePassword',
  },
  {
    method: 'POST',
    path: '/auth/password',
    roles: ANY,
    duringPasswordChange: true,
    summary: 'change own password',
  },
  { method: 'GET', path: '/faq', roles: ANY, summary: 'list and filter FAQ items' },
  { method: 'POST', path: '/faq', roles: EDIT, summary: 'create an item (version 1)' },
  {
    method: 'POST',
    path: '/faq/collisions',
    roles: EDIT,
    summary: 'variants of a draft another item would take',
  },
  { method: 'POST', path: '/faq/import', roles: EDIT, summary: 'import CSV or JSON (dry run or apply)' },
  // Reading the content is every role's right; an export is that, in a file (and audited).
  { method: 'GET', path: '/faq/export', roles: ANY, summary: 'export CSV or JSON (attachment, audited)' },
  { method: 'GET', path: '/faq/:id', roles: ANY, summary: 'one item' },
  { method: 'PUT', path: '/faq/:id', roles: EDIT, summary: 'save a new version (409 on a concurrent edit)' },
  { method: 'POST', path: '/faq/:id/publish', roles: EDIT, summary: 'publish' },
  { method: 'POST', path: '/faq/:id/unpublish', roles: EDIT, summary: 'withdraw, keeping history' },
  { method: 'GET', path: '/faq/:id/versions', roles: ANY, summary: 'version history' },
  { method: 'POST', path: '/faq/:id/restore', roles: EDIT, summary: 'a new draft from an old version' },
  { method: 'POST', path: '/test', roles: ANY, summary: 'test bench: one question' },
  { method: 'POST', path: '/test/all', roles: ANY, summary: 'test bench: every FAQ variant' },
  { method: 'POST', path: '/chat', roles: ANY, summary: 'talk to the bot as staff' },
  { method: 'POST', path: '/chat/feedback', roles: ANY, summary: 'rate a staff chat reply' },
  // Policy documents: editors publish, replace and withdraw; every role reads.
  { method: 'POST', path: '/documents', roles: EDIT, summary: 'a document record and its upload URL' },
  { method: 'GET', path: '/documents', roles: ANY, summary: 'documents with their status' },
  { method: 'POST', path: '/documents/reindex', roles: EDIT, summary: 'rebuild and publish the index' },
  {
    method: 'GET',
    path: '/documents/:id',
    roles: ANY,
    summary: 'one document, its passages and citing FAQs',
  },
  { method: 'POST', path: '/documents/:id/withdraw', roles: EDIT, summary: 'withdraw: no longer cited' },
  {
    method: 'POST',
    path: '/documents/:id/supersede',
    roles: EDIT,
    summary: 'a new version (the old one answers for dates before it takes effect) and its upload URL',
  },
  { method: 'GET', path: '/index', roles: ANY, summary: 'the index version the bot serves' },
  // The analyst workspace: everyone reads the (redacted) log; analysts write only their own
  // notes, ignore/merge/split marks, drafts from gaps and suggestions; editors change content.
  {
    method: 'GET',
    path: '/analytics/summary',
    roles: ANY,
    summary: 'overview: tiles with the previous period, daily series, rankings, LLM use',
  },
  {
    method: 'GET',
    path: '/analytics/feedback',
    roles: ANY,
    summary: '👎 grouped by the source that answered',
  },
  {
    method: 'GET',
    path: '/turns',
    roles: ANY,
    summary: 'turns by filter and accent-insensitive search (≤ 31 days)',
  },
  {
    method: 'GET',
    path: '/turns/export.csv',
    roles: ANY,
    summary: 'the filter as CSV (BOM, formula-safe, capped, audited)',
  },
  { method: 'GET', path: '/chats/:chat/turns', roles: ANY, summary: 'one hashed chat, newest first, paged' },
  {
    method: 'POST',
    path: '/chats/:chat/turns/:turn/notes',
    roles: ANY,
    summary: 'tag, mark reviewed, mark "rule disliked"',
  },
  { method: 'GET', path: '/gaps', roles: ANY, summary: 'clusters of unanswered questions' },
  {
    method: 'POST',
    path: '/gaps/:key/draft',
    roles: ANY,
    summary: 'a draft FAQ from a cluster (returns its id)',
  },
  {
    method: 'POST',
    path: '/gaps/:key/variants',
    roles: EDIT,
    summary: 'add the cluster to an FAQ as a new draft version',
  },
  { method: 'POST', path: '/gaps/:key/ignore', roles: ANY, summary: 'ignore a cluster with a reason' },
  { method: 'POST', path: '/gaps/:key/unignore', roles: ANY, summary: 'stop ignoring a cluster' },
  { method: 'POST', path: '/gaps/:key/merge', roles: ANY, summary: 'merge a cluster into another' },
  { method: 'POST', path: '/gaps/:key/split', roles: ANY, summary: 'split chosen questions off a cluster' },
  { method: 'GET', path: '/suggestions', roles: ANY, summary: 'the suggestion queue' },
  { method: 'POST', path: '/suggestions', roles: ANY, summary: 'suggest a change (from a 👎)' },
  {
    method: 'POST',
    path: '/suggestions/:id/status',
    roles: EDIT,
    summary: 'in progress, published, declined (reason)',
  },
  { method: 'GET', path: '/audit', roles: ADMIN, summary: 'audit log of one month' },
  { method: 'GET', path: '/users', roles: ADMIN, summary: 'list console users' },
  {
    method: 'POST',
    path: '/users',
    roles: ADMIN,
    summary: 'add a user (local: returns a one-time password; Cognito emails one)',
  },
] as const satisfies readonly ConsoleRoute[];

type KeyOf<R> = R extends { readonly method: infer M extends string; readonly path: infer P extends string }
  ? `${M} ${P}`
  : never;
/** `GET /faq/:id`: one per entry (not every method × every path). */
export type ConsoleRouteKey = KeyOf<(typeof CONSOLE_ROUTES)[number]>;

export function routeKey(route: Pick<ConsoleRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** Whether `roles` (from a token) may call `route`. */
export function allows(route: ConsoleRoute, roles: readonly Role[]): boolean {
  return route.roles === 'public' || route.roles.some((role) => roles.includes(role));
}
