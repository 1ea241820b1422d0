/**
 * Access-token verification for the console API, through aws-jwt-verify in both places:
 * Cognito's verifier in AWS (`COGNITO_USER_POOL_ID`, `COGNITO_CLIENT_ID`) and a JWKS verifier
 * over the local IdP's public key under `npm start`. Both run Cognito's own claim checks
 * (`token_use: 'access'`, `client_id`) and map the claims to a session the same way, so the
 * role checks downstream never know which IdP signed.
 *
 * Nothing here signs: the Lambda bundle imports this module, never local-idp.ts.
 */
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { findJwkInJwks, type Jwks, type JwksCache, type JwkWithKid } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { type AccessTokenVerifier, type ConsoleSession, InvalidTokenError } from '../../app/console/auth.js';
import { ROLES, type Role } from '../../app/console/contracts.js';

/** Claim the local IdP sets on the first admin until its password is changed (never set by Cognito). */
export const MUST_CHANGE_PASSWORD_CLAIM = 'must_change_password';

/**
 * Cognito claims → session. Roles are `cognito:groups`, a real array (the HTTP API's JWT
 * authorizer would flatten it to "[a b]"; we never read its claims). Groups that are not
 * console roles are ignored. The name is `email` when the token has it (the local IdP; a
 * Cognito pre-token-generation trigger can add it), else Cognito's `username`.
 */
export function sessionFromClaims(payload: JwtPayload): ConsoleSession {
  const groups = payload['cognito:groups'];
  const roles = Array.isArray(groups) ? ROLES.filter((role: Role) => groups.includes(role)) : ([] as Role[]);
  const name = typeof payload.email === 'string' ? payload.email : payload.username;
  if (typeof name !== 'string' || name === '') throw new InvalidTokenError('no user name');
  if (typeof payload.sub !== 'string') throw new InvalidTokenError('no subject');
  if (typeof payload.exp !== 'number') throw new InvalidTokenError('no expiry');
  return {
    actor: { email: name, roles },
    subject: payload.sub,
    mustChangePassword: payload[MUST_CHANGE_PASSWORD_CLAIM] === true,
    expiresAt: new Date(payload.exp * 1000),
  };
}

/**
 * A JWKS cache that never fetches: the keys given are all there is. A token with another
 * `kid` is refused at once instead of sending the verifier to a URL (the local IdP serves none
 * to itself, and tests must not reach Cognito).
 */
export class StaticJwksCache implements JwksCache {
  private readonly jwks = new Map<string, Jwks>();

  addJwks(jwksUri: string, jwks: Jwks): void {
    this.jwks.set(jwksUri, jwks);
  }

  async getJwks(jwksUri: string): Promise<Jwks> {
    const jwks = this.jwks.get(jwksUri);
    if (!jwks) throw new InvalidTokenError('no keys for this issuer');
    return jwks;
  }

  getCachedJwk(jwksUri: string, decomposedJwt: { header: { kid?: string } }): JwkWithKid {
    const kid = decomposedJwt.header.kid;
    const jwks = this.jwks.get(jwksUri);
    const jwk = jwks && typeof kid === 'string' ? findJwkInJwks(jwks, kid) : undefined;
    if (!jwk) throw new InvalidTokenError('unknown key id');
    return jwk;
  }

  async getJwk(jwksUri: string, decomposedJwt: { header: { kid?: string } }): Promise<JwkWithKid> {
    return this.getCachedJwk(jwksUri, decomposedJwt);
  }
}

function wrap(verify: (token: string) => Promise<JwtPayload>): AccessTokenVerifier {
  return {
    async verify(token: string): Promise<ConsoleSession> {
      let payload: JwtPayload;
      try {
        payload = await verify(token);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw error;
        // aws-jwt-verify's error classes say why (JwtExpiredError, JwtInvalidSignatureError, …).
        const reason = (error as Error | undefined)?.constructor?.name ?? 'rejected';
        throw new InvalidTokenError(reason, { cause: error });
      }
      return sessionFromClaims(payload);
    },
  };
}

export interface CognitoVerifierOptions {
  readonly userPoolId: string;
  readonly clientId: string;
  /** Tests: a StaticJwksCache holding a test key instead of fetching Cognito's JWKS. */
  readonly jwksCache?: JwksCache;
  readonly jwks?: Jwks;
}

/** AWS: Cognito access tokens of one user pool and app client. */
export function createCognitoVerifier(options: CognitoVerifierOptions): AccessTokenVerifier {
  const properties = {
    userPoolId: options.userPoolId,
    tokenUse: 'access' as const,
    clientId: options.clientId,
  };
  const verifier = options.jwksCache
    ? CognitoJwtVerifier.create(properties, { jwksCache: options.jwksCache })
    : CognitoJwtVerifier.create(properties);
  if (options.jwks) verifier.cacheJwks(options.jwks);
  return wrap((token) => verifier.verify(token) as Promise<JwtPayload>);
}

export interface JwksVerifierOptions {
  readonly issuer: string;
  readonly clientId: string;
  /** The IdP's public keys (the local IdP's one Ed25519 key). */
  readonly jwks: Jwks;
}

/**
 * A non-Cognito issuer held to Cognito's access-token rules (`validateCognitoJwtFields`), with
 * its keys cached up front (`cacheJwks`) and nothing ever fetched.
 */
export function createJwksVerifier(options: JwksVerifierOptions): AccessTokenVerifier {
  const verifier = JwtVerifier.create(
    {
      issuer: options.issuer,
      audience: null,
      customJwtCheck: ({ payload }) =>
        validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: options.clientId }),
    },
    { jwksCache: new StaticJwksCache() },
  );
  verifier.cacheJwks(options.jwks);
  return wrap((token) => verifier.verify(token));
}
