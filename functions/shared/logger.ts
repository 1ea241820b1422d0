/**
 * A tiny structured logger: one JSON object per line, which CloudWatch Logs Insights
 * parses without configuration. Callers pass hashes and ids only — never a chat id,
 * message text or identifier in clear (see docs/ENGINEERING.md, "Privacy").
 * Written by hand because it is 30 lines and every dependency is cold-start weight.
 */
import { redactIdentifiersAndDates } from '../core/privacy/redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | undefined | null>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  options: { level?: LogLevel; base?: LogFields; write?: (line: string) => void } = {},
): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const base = options.base ?? {};
  const emit = (level: LogLevel, event: string, fields?: LogFields) => {
    if (ORDER[level] < threshold) return;
    const masked = maskFields({ ...base, ...fields });
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...masked }));
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

/**
 * Fields that carry our own ids and hashes (a chat hash is hex and may hold 10 digits in a
 * row; a timestamp looks like a date): kept as they are so lines can be correlated.
 */
const ID_FIELDS: ReadonlySet<string> = new Set([
  'chat',
  'chatHash',
  'turnId',
  'messageId',
  'expiresAt',
  // The queue's own names: `<channel>-<message id>` and a file under DATA_DIR/queue, so an
  // operator can find the message a log line speaks of.
  'deduplicationId',
  'file',
]);

/**
 * Every other string value is masked for identifiers and dates, whoever logs it: a reason
 * quoted from a channel's error, a library's message, a field added later. Callers should still
 * pass hashes and ids only; this is the guard for when they do not.
 */
/** A keyed hash (hex) under a `…Hash` name: its digits are not an identifier to mask. */
const HASH_VALUE = /^[0-9a-f]{16,64}$/;

function isIdentity(key: string, value: string): boolean {
  return ID_FIELDS.has(key) || (key.endsWith('Hash') && HASH_VALUE.test(value));
}

function maskFields(fields: LogFields): LogFields {
  const masked: Record<string, string | number | boolean | undefined | null> = {};
  for (const [key, value] of Object.entries(fields))
    masked[key] = typeof value === 'string' && !isIdentity(key, value) ? maskText(value) : value;
  return masked;
}

/** Email addresses (staff sign in with them; citizens type them): `[email]`, whoever logs one. */
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g;

function maskText(value: string): string {
  return redactIdentifiersAndDates(value.replace(EMAIL, '[email]'));
}

/**
 * Name and message of an error, for logs. Our own errors carry no user data, but a library's
 * message may quote what it was given, so identifiers are masked here as a second guard.
 */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error)
    return { error: error.name, errorMessage: maskText(error.message.slice(0, 300)) };
  return { error: maskText(String(error).slice(0, 300)) };
}

/** A logger that drops everything (tests, CLIs). */
export const silentLogger: Logger = createLogger({ write: () => undefined });
