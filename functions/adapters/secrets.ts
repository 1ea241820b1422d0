/**
 * Secrets from AWS Secrets Manager, read once per Lambda container (at cold start) and
 * cached. The template only ever carries secret ARNs; values never sit in environment
 * variables. Locally the plain value from the environment is used instead.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export class SecretError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretError';
  }
}

export interface SecretReader {
  /** The secret's string value. Secrets stored as JSON `{"value": "..."}` are unwrapped. */
  read(secretArn: string): Promise<string>;
}

export function createSecretReader(options: { region: string; client?: SecretsManagerClient }): SecretReader {
  const client = options.client ?? new SecretsManagerClient({ region: options.region });
  const cache = new Map<string, Promise<string>>();
  return {
    read(secretArn) {
      let pending = cache.get(secretArn);
      if (!pending) {
        pending = fetchSecret(client, secretArn);
        // A failed read is not cached: the next invocation tries again.
        pending.catch(() => cache.delete(secretArn));
        cache.set(secretArn, pending);
      }
      return pending;
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

/** A plain value (local) or the value of the secret at `secretArn` (Lambda); undefined when neither is set. */
export async function resolveSecret(
  reader: SecretReader | undefined,
  plain: string | undefined,
  secretArn: string | undefined,
): Promise<string | undefined> {
  if (secretArn) {
    if (!reader) throw new SecretError('a secret ARN is configured but no secret reader was given');
    return reader.read(secretArn);
  }
  return plain;
}
