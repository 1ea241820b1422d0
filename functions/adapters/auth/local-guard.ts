/**
 * Local sign-in is for one person's machine: an email/password form with a first-admin
 * password printed to a terminal. It refuses to serve a non-loopback address unless the
 * operator says so explicitly (`LOCAL_AUTH_ALLOW_REMOTE=1`).
 */
export class LocalAuthNotAllowedError extends Error {
  constructor(readonly host: string) {
    super(
      `Local console sign-in is only served on loopback (127.0.0.1, ::1, localhost), not on ${host}. ` +
        'Set LOCAL_AUTH_ALLOW_REMOTE=1 to serve it anyway, after changing the first admin password.',
    );
    this.name = 'LocalAuthNotAllowedError';
  }
}

/** 127.0.0.0/8, ::1 (with or without brackets), ::ffff:127.x, localhost. A port is ignored. */
export function isLoopbackHost(host: string): boolean {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) name = name.slice(1, name.indexOf(']') === -1 ? undefined : name.indexOf(']'));
  else if (name.split(':').length === 2) name = name.split(':')[0] as string; // host:port
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice(7) : name;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Throws LocalAuthNotAllowedError when `host` (what the server binds to) is not loopback. */
export function assertLocalAuthAllowed(
  host: string,
  env: Readonly<Record<string, string | undefined>>,
): void {
  if (isLoopbackHost(host)) return;
  const allow = env.LOCAL_AUTH_ALLOW_REMOTE?.trim().toLowerCase();
  if (allow === '1' || allow === 'true') return;
  throw new LocalAuthNotAllowedError(host);
}
