/**
 * Console sign-in, as the HTTP API sees it: a verified access token becomes a session. The
 * tokens carry Cognito's claims in AWS and under `npm start` alike (the local IdP imitates
 * them), so roles are read and checked by the same code in both places.
 */
import type { Actor, Role } from './contracts.js';

/** What a verified access token says about its bearer. */
export interface ConsoleSession {
  readonly actor: Actor;
  /** Token subject (Cognito's `sub`). */
  readonly subject: string;
  /** Set on the first admin until its one-time password is changed: only me/password/logout answer. */
  readonly mustChangePassword: boolean;
  readonly expiresAt: Date;
}

/** Any token that is not a valid, unexpired access token of the expected issuer and client. */
export class InvalidTokenError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`invalid access token: ${reason}`, options);
    this.name = 'InvalidTokenError';
  }
}

/** Cognito's verifier in AWS, the local IdP's public key under `npm start`. */
export interface AccessTokenVerifier {
  /** Throws InvalidTokenError. */
  verify(token: string): Promise<ConsoleSession>;
}

export interface TokenSubject {
  readonly subject: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly mustChangePassword: boolean;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Signs access tokens: the local IdP only (Cognito issues its own in AWS). */
export interface AccessTokenIssuer {
  issue(subject: TokenSubject): Promise<IssuedToken>;
}

/** Access tokens live one hour, like Cognito's default. */
export const ACCESS_TOKEN_SECONDS = 60 * 60;
