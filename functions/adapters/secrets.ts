/**
 * Secrets from AWS Secrets Manager, read once per Lambda container (at cold start) and
 * cached. The template only ever carries secret references; values never sit in environment
 * variables. Locally the plain value from the environment is used instead.
 *
 * A reference is a secret's ARN, optionally followed by `#<key>` to pick one string field
 * of a JSON secret: several values read by the same functions share one secret (one monthly
 * charge, one GetSecretValue per container) — docs/design/operations.md, "Secrets and idle cost".
 * Secret names cannot contain `#`, so the split is unambiguous.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export class SecretError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretError';
  }
}

export interface SecretReader {
  /**
   * The value a reference names: `<arn>#<key>` is that string field of the JSON secret;
   * a bare `<arn>` is the whole string, with JSON `{"value": "..."}` unwrapped.
   */
  read(reference: string): Promise<string>;
}

/** Split a secret reference into the ARN and the JSON key it picks, if any. */
export function parseSecretReference(reference: string): { secretArn: string; key: string | undefined } {
  const hash = reference.indexOf('#');
  if (hash < 0) return { secretArn: reference, key: undefined };
  const key = reference.slice(hash + 1);
  if (!key) throw new SecretError(`secret reference ${secretName(reference.slice(0, hash))}# names no key`);
  return { secretArn: reference.slice(0, hash), key };
}

export function createSecretReader(options: { region: string; client?: SecretsManagerClient }): SecretReader {
  const client = options.client ?? new SecretsManagerClient({ region: options.region });
  // By ARN: the keys of one JSON secret cost one GetSecretValue per container.
  const cache = new Map<string, Promise<string>>();
  const fetchCached = (secretArn: string): Promise<string> => {
    let pending = cache.get(secretArn);
    if (!pending) {
      pending = fetchSecret(client, secretArn);
      // A failed read is not cached: the next invocation tries again.
      pending.catch(() => cache.delete(secretArn));
      cache.set(secretArn, pending);
    }
    return pending;
  };
  return {
    async read(reference) {
      const { secretArn, key } = parseSecretReference(reference);
      const value = await fetchCached(secretArn);
      return key === undefined ? unwrap(value) : field(value, key, secretArn);
    },
  };
}

async function fetchSecret(client: SecretsManagerClient, secretArn: string): Promise<string> {
  let value: string | undefined;
  try {
    value = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } catch (error) {
    throw new SecretError(`could not read secret ${secretName(secretArn)}`, { cause: error });
  }
  if (!value) throw new SecretError(`secret ${secretName(secretArn)} has no string value`);
  return value;
}

/** One string field of a JSON secret; a missing key is an error naming it (never a value). */
function field(value: string, key: string, secretArn: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new SecretError(`secret ${secretName(secretArn)} is not JSON, so it has no key ${key}`, {
      cause: error,
    });
  }
  const picked = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[key] : undefined;
  if (typeof picked !== 'string') {
    throw new SecretError(`secret ${secretName(secretArn)} has no string field ${key}`);
  }
  return picked.trim();
}

/** A whole secret: JSON `{"value": "..."}` unwrapped, anything else as stored. */
function unwrap(value: string): string {
  if (value.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(value) as Record<string, unknown>;
      if (typeof parsed.value === 'string') return parsed.value;
    } catch {
      // Not JSON after all: use the raw string.
    }
  }
  return value.trim();
}

/** The secret's name part of an ARN, for error messages (an ARN is not sensitive, the value is). */
function secretName(secretArn: string): string {
  return secretArn.split(':').slice(6).join(':') || secretArn;
}

/**
 * A plain value (local) or the value a secret reference names (Lambda: `<arn>` or
 * `<arn>#<key>`); undefined when neither is set.
 */
export async function resolveSecret(
  reader: SecretReader | undefined,
  plain: string | undefined,
  reference: string | undefined,
): Promise<string | undefined> {
  if (reference) {
    if (!reader) throw new SecretError('a secret ARN is configured but no secret reader was given');
    return reader.read(reference);
  }
  return plain;
}
