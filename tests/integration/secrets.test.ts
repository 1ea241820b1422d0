/**
 * The secret reader against a fake Secrets Manager on loopback, through the real SDK client:
 * `<arn>#<key>` picks one field of a JSON secret, the keys of one secret cost one read per
 * container, and a missing key is an error that names the key and never a value.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSecretReader,
  parseSecretReference,
  resolveSecret,
  SecretError,
} from '../../functions/adapters/secrets.js';
import { type FakeAws, startFakeAws } from './telegram/fake-aws.js';

const ARN = (name: string) => `arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:${name}-AbCdEf`;
const OAUTH = JSON.stringify({ appSecret: 'app-secret-1', refreshToken: ' refresh-1 ', accessToken: '-' });

let aws: FakeAws;
const client = () =>
  new SecretsManagerClient({
    region: 'ap-southeast-1',
    endpoint: aws.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

beforeAll(async () => {
  aws = await startFakeAws({
    [ARN('oauth')]: OAUTH,
    [ARN('wrapped')]: JSON.stringify({ value: 'wrapped-value' }),
    [ARN('plain')]: ' plain-value\n',
    [ARN('not-json')]: 'just text',
  });
});
afterAll(() => aws.close());

describe('secret references', () => {
  it('splits an ARN from the JSON key it picks', () => {
    expect(parseSecretReference(`${ARN('oauth')}#appSecret`)).toEqual({
      secretArn: ARN('oauth'),
      key: 'appSecret',
    });
    expect(parseSecretReference(ARN('plain'))).toEqual({ secretArn: ARN('plain'), key: undefined });
    expect(() => parseSecretReference(`${ARN('oauth')}#`)).toThrow(SecretError);
  });

  it('reads each field of a JSON secret with one GetSecretValue per container', async () => {
    const reader = createSecretReader({ region: 'ap-southeast-1', client: client() });
    const before = aws.secretReads.length;
    const values = await Promise.all(
      ['appSecret', 'refreshToken', 'accessToken'].map((key) => reader.read(`${ARN('oauth')}#${key}`)),
    );
    expect(values).toEqual(['app-secret-1', 'refresh-1', '-']);
    expect(aws.secretReads.slice(before)).toEqual([ARN('oauth')]);
    expect(await resolveSecret(reader, undefined, `${ARN('oauth')}#appSecret`)).toBe('app-secret-1');
    expect(aws.secretReads.slice(before)).toEqual([ARN('oauth')]);
  });

  it('reads a whole secret as before: {"value"} unwrapped, plain strings trimmed', async () => {
    const reader = createSecretReader({ region: 'ap-southeast-1', client: client() });
    expect(await reader.read(ARN('wrapped'))).toBe('wrapped-value');
    expect(await reader.read(ARN('plain'))).toBe('plain-value');
    expect(await reader.read(ARN('oauth'))).toBe(OAUTH);
  });

  it('names a missing key or a non-JSON secret, never the value', async () => {
    const reader = createSecretReader({ region: 'ap-southeast-1', client: client() });
    const missing = reader.read(`${ARN('oauth')}#refresh_token`);
    await expect(missing).rejects.toThrow(SecretError);
    await expect(missing).rejects.toThrow(/refresh_token/);
    await expect(missing).rejects.not.toThrow(/app-secret-1|refresh-1/);
    await expect(reader.read(`${ARN('not-json')}#value`)).rejects.toThrow(/is not JSON/);
    await expect(reader.read(`${ARN('not-json')}#value`)).rejects.not.toThrow(/just text/);
  });
});
