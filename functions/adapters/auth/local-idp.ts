/**
 * The embedded default's identity provider (`npm start` only; the Lambda bundle never imports
 * this module). One Ed25519 key pair, generated once under `DATA_DIR/auth/` (0600), signs
 * access tokens with the same claims as Cognito's, so they go through the same verification
 * (aws-jwt-verify, see verifier.ts) and the same role checks.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Jwks } from 'aws-jwt-verify/jwk';
import {
  ACCESS_TOKEN_SECONDS,
  type AccessTokenIssuer,
  type AccessTokenVerifier,
  type IssuedToken,
  type TokenSubject,
} from '../../app/console/auth.js';
import type { Clock } from '../../core/ports.js';
import { createJwksVerifier, MUST_CHANGE_PASSWORD_CLAIM } from './verifier.js';

export const LOCAL_CLIENT_ID = 'local-console';
const KEY_FILE = 'ed25519-private-key.pem';

/** Where the local IdP says tokens come from (`iss`); only compared, never fetched. */
export function localIssuer(port: number): string {
  return `http://127.0.0.1:${port}/local-idp`;
}

export interface LocalIdpOptions {
  readonly dataDir: string;
  readonly issuer: string;
  readonly clientId?: string;
  readonly clock: Clock;
  readonly tokenSeconds?: number;
}

export interface LocalIdp extends AccessTokenIssuer {
  readonly issuer: string;
  readonly clientId: string;
  /** The public key, for a `/.well-known/jwks.json` if one is ever served. */
  readonly jwks: Jwks;
  readonly verifier: AccessTokenVerifier;
  readonly keyFile: string;
}

export async function openLocalIdp(options: LocalIdpOptions): Promise<LocalIdp> {
  const directory = join(options.dataDir, 'auth');
  const keyFile = join(directory, KEY_FILE);
  const privateKey = await loadOrCreateKey(directory, keyFile);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as {
    kty: string;
    crv: string;
    x: string;
  };
  const kid = thumbprint(publicJwk);
  const jwks: Jwks = {
    keys: [{ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, kid, alg: 'EdDSA', use: 'sig' }],
  };
  const clientId = options.clientId ?? LOCAL_CLIENT_ID;
  const tokenSeconds = options.tokenSeconds ?? ACCESS_TOKEN_SECONDS;
  return {
    issuer: options.issuer,
    clientId,
    jwks,
    keyFile,
    verifier: createJwksVerifier({ issuer: options.issuer, clientId, jwks }),
    async issue(subject: TokenSubject): Promise<IssuedToken> {
      const now = Math.floor(options.clock.now().getTime() / 1000);
      const payload = {
        sub: subject.subject,
        iss: options.issuer,
        client_id: clientId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: now,
        iat: now,
        exp: now + tokenSeconds,
        jti: randomUUID(),
        username: subject.email,
        email: subject.email,
        'cognito:groups': [...subject.roles],
        ...(subject.mustChangePassword ? { [MUST_CHANGE_PASSWORD_CLAIM]: true } : {}),
      };
      const signingInput = `${encode({ alg: 'EdDSA', typ: 'JWT', kid })}.${encode(payload)}`;
      const signature = sign(null, Buffer.from(signingInput), privateKey).toString('base64url');
      return { token: `${signingInput}.${signature}`, expiresAt: new Date((now + tokenSeconds) * 1000) };
    },
  };
}

async function loadOrCreateKey(directory: string, keyFile: string): Promise<KeyObject> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  try {
    return await readKey(keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  try {
    // `wx`: never overwrite a key another process wrote meanwhile (its tokens would all fail).
    await writeFile(keyFile, pem, { mode: 0o600, flag: 'wx' });
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKey(keyFile);
  }
}

async function readKey(keyFile: string): Promise<KeyObject> {
  const pem = await readFile(keyFile, 'utf8');
  // A key readable by others (copied around, restored from a backup) is tightened, not trusted less.
  if (process.platform !== 'win32' && ((await stat(keyFile)).mode & 0o077) !== 0) await chmod(keyFile, 0o600);
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile} is not an Ed25519 private key`);
  return key;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** RFC 7638 JWK thumbprint: a stable key id. */
function thumbprint(jwk: { kty: string; crv: string; x: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}
