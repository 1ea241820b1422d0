/**
 * Console sign-in as steps: a password, then perhaps challenges (a new password, a TOTP code,
 * setting up an authenticator app), then tokens. Cognito in AWS
 * (functions/adapters/auth/cognito-sign-in.ts); the local IdP under `npm start`
 * (createLocalSignIn below), which has no challenges: its forced password change is a
 * restricted session plus POST /auth/password, as before.
 *
 * And the users behind the admin's Users screen: Cognito's directory in AWS, the local user
 * store under `npm start`.
 */
import type { AccessTokenIssuer } from './auth.js';
import type { Role } from './contracts.js';
import { ROLES } from './contracts.js';
import {
  addUser,
  authenticate,
  changePassword,
  normaliseEmail,
  publicUser,
  type UserAdminDeps,
} from './users.js';

/** Cognito's names for the challenges the console answers. */
export type SignInChallenge = 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP';

export interface SignInTokens {
  /** Verified by the API's AccessTokenVerifier before it becomes the session cookie. */
  readonly accessToken: string;
  /** Cognito only: kept in its own cookie, sent to /api/auth only. */
  readonly refreshToken?: string;
}

/** A sign-in between two steps: what the next answer goes with. Kept sealed in a cookie. */
export interface PendingChallenge {
  readonly challenge: SignInChallenge;
  /** The IdP's session for the next step (Cognito's `Session`): never shown to the page. */
  readonly session: string;
  /** The IdP's user name (Cognito's `USER_ID_FOR_SRP`: a UUID when email is the sign-in name). */
  readonly username: string;
  /** Normalised: the sign-in limits' key and the audit name. */
  readonly email: string;
}

export type SignInStep =
  | { readonly status: 'signed-in'; readonly tokens: SignInTokens }
  | {
      readonly status: 'challenge';
      readonly pending: PendingChallenge;
      /** MFA_SETUP: the authenticator app's shared secret (base32), to show to the user once. */
      readonly secretCode?: string;
    }
  | {
      readonly status: 'failed';
      /**
       * `wrong-credentials`: unknown user or wrong password, alike. `wrong-code`: a TOTP code
       * refused. `expired`: the pending sign-in is gone (timed out, used up): start again.
       */
      readonly reason: 'wrong-credentials' | 'wrong-code' | 'expired';
    };

/** The IdP refuses calls for now (Cognito's TooManyRequests/LimitExceeded). */
export class SignInThrottledError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the identity provider is throttling sign-in: try again later', options);
    this.name = 'SignInThrottledError';
  }
}

export interface SignIn {
  /** A password sign-in: tokens, a challenge, or `wrong-credentials` (never "no such user"). */
  start(email: string, password: string): Promise<SignInStep>;
  /** The answer to a challenge: a new password or a 6-digit code. Throws PasswordPolicyError. */
  respond(pending: PendingChallenge, answer: string): Promise<SignInStep>;
  /** New tokens for a refresh token; undefined when it is not (or no longer) valid. */
  refresh(refreshToken: string): Promise<SignInTokens | undefined>;
  /** Ends the sign-in at the IdP (revokes the refresh token); nothing to do locally. */
  signOut(tokens: { readonly accessToken?: string; readonly refreshToken?: string }): Promise<void>;
  /**
   * The signed-in user's own password. Throws WrongPasswordError or PasswordPolicyError.
   * Returns new tokens when the IdP issues them (the local one lifts its must-change flag).
   */
  changePassword(input: {
    readonly email: string;
    readonly accessToken: string;
    readonly currentPassword: string;
    readonly newPassword: string;
  }): Promise<SignInTokens | undefined>;
}

/** A console user as the admin's Users screen shows it (no password, no hash). */
export interface UserView {
  readonly email: string;
  /** The highest of the user's roles; null for a user in no console group (signs in, may do nothing). */
  readonly role: Role | null;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Local users only: Cognito does not record who invited whom (the audit log does). */
  readonly createdBy?: string;
  /** Cognito only: its user status (FORCE_CHANGE_PASSWORD, CONFIRMED, …) and whether enabled. */
  readonly status?: string;
  readonly enabled?: boolean;
}

export interface UserDirectory {
  /** Every user, in email order. */
  list(): Promise<UserView[]>;
  /**
   * Invites a user. Throws UserExistsError, PasswordPolicyError (not an email). Locally the
   * one-time password comes back to show once; Cognito emails its temporary password itself.
   */
  add(input: {
    readonly email: string;
    readonly role: Role;
    readonly createdBy: string;
  }): Promise<{ readonly user: UserView; readonly oneTimePassword?: string }>;
}

/** The highest console role among `groups` (admin, then editor, then analyst). */
export function highestRole(groups: readonly string[]): Role | null {
  return [...ROLES].reverse().find((role) => groups.includes(role)) ?? null;
}

/**
 * What an authenticator app reads (Google Authenticator's Key Uri Format): TOTP, SHA-1, 6
 * digits, 30 s, as Cognito's software tokens are. Shown as text: no QR library.
 */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}

/** The embedded default's users and token signing (`npm start`). */
export interface LocalSignInDeps extends UserAdminDeps {
  readonly issuer: AccessTokenIssuer;
}

/** The local IdP behind the same ports: no challenges, no refresh tokens, nothing to revoke. */
export function createLocalSignIn(deps: LocalSignInDeps): { signIn: SignIn; directory: UserDirectory } {
  const issue = (user: { subject: string; email: string; role: Role }, mustChangePassword: boolean) =>
    deps.issuer.issue({ subject: user.subject, email: user.email, roles: [user.role], mustChangePassword });
  const signIn: SignIn = {
    async start(email, password) {
      const user = await authenticate(deps, email, password);
      if (!user) return { status: 'failed', reason: 'wrong-credentials' };
      const issued = await issue(user, user.mustChangePassword);
      return { status: 'signed-in', tokens: { accessToken: issued.token } };
    },
    async respond() {
      // Nothing local ever asks a challenge, so nothing can be pending.
      return { status: 'failed', reason: 'expired' };
    },
    async refresh() {
      return undefined;
    },
    async signOut() {},
    async changePassword(input) {
      const user = await changePassword(
        deps,
        normaliseEmail(input.email),
        input.currentPassword,
        input.newPassword,
      );
      return { accessToken: (await issue(user, false)).token };
    },
  };
  const directory: UserDirectory = {
    async list() {
      return (await deps.users.list()).map(publicUser);
    },
    async add(input) {
      const added = await addUser(deps, input);
      return {
        user: publicUser(added.user),
        ...(added.oneTimePassword === undefined ? {} : { oneTimePassword: added.oneTimePassword }),
      };
    },
  };
  return { signIn, directory };
}
