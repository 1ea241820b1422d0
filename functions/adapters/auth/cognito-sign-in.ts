/**
 * Console sign-in through Cognito's public API, with the app client that has no secret:
 * InitiateAuth USER_PASSWORD_AUTH, then RespondToAuthChallenge for NEW_PASSWORD_REQUIRED
 * (first sign-in with the emailed temporary password), MFA_SETUP (AssociateSoftwareToken →
 * VerifySoftwareToken → RespondToAuthChallenge) and SOFTWARE_TOKEN_MFA; REFRESH_TOKEN_AUTH
 * for new access tokens; RevokeToken at sign-out; ChangePassword for one's own password.
 * None of these needs IAM: they act with the user's own password, session or token.
 *
 * Errors become outcomes, not messages: unknown user and wrong password are the same
 * `wrong-credentials` (the pool prevents user-existence errors anyway), a refused code is
 * `wrong-code`, a dead session `expired`. Anything else is thrown and ends up a logged 500.
 */
import {
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type {
  PendingChallenge,
  SignIn,
  SignInChallenge,
  SignInStep,
  SignInTokens,
} from '../../app/console/sign-in.js';
import { SignInThrottledError } from '../../app/console/sign-in.js';
import { PasswordPolicyError, WrongPasswordError } from '../../app/console/users.js';

const CHALLENGES: readonly SignInChallenge[] = ['NEW_PASSWORD_REQUIRED', 'SOFTWARE_TOKEN_MFA', 'MFA_SETUP'];

/** The authenticator app's name for this device, as Cognito lists it. */
const DEVICE_NAME = 'BHXH console';

export interface CognitoSignInOptions {
  readonly client: CognitoIdentityProviderClient;
  /** The app client (no secret, USER_PASSWORD_AUTH enabled). */
  readonly clientId: string;
}

function errorName(error: unknown): string {
  return (error as { name?: unknown } | null)?.name === undefined ? '' : String((error as Error).name);
}

/** Throttling is the same whichever call meets it. */
function rethrow(error: unknown): never {
  const name = errorName(error);
  if (name === 'TooManyRequestsException' || name === 'LimitExceededException')
    throw new SignInThrottledError({ cause: error });
  throw error;
}

export class CognitoSignIn implements SignIn {
  constructor(private readonly options: CognitoSignInOptions) {}

  async start(email: string, password: string): Promise<SignInStep> {
    let output: InitiateAuthCommandOutput;
    try {
      output = await this.options.client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: this.options.clientId,
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
    } catch (error) {
      // Disabled users, too many wrong passwords (Cognito's own lockout), unconfirmed or
      // reset-required users: all one answer, which tells nobody whether the user exists.
      const name = errorName(error);
      if (
        name === 'NotAuthorizedException' ||
        name === 'UserNotFoundException' ||
        name === 'UserNotConfirmedException' ||
        name === 'PasswordResetRequiredException'
      )
        return { status: 'failed', reason: 'wrong-credentials' };
      rethrow(error);
    }
    return this.next(output, email, email);
  }

  async respond(pending: PendingChallenge, answer: string): Promise<SignInStep> {
    try {
      if (pending.challenge === 'MFA_SETUP') return await this.finishMfaSetup(pending, answer);
      const output = await this.options.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.options.clientId,
          ChallengeName: pending.challenge,
          Session: pending.session,
          ChallengeResponses:
            pending.challenge === 'NEW_PASSWORD_REQUIRED'
              ? { USERNAME: pending.username, NEW_PASSWORD: answer }
              : { USERNAME: pending.username, SOFTWARE_TOKEN_MFA_CODE: answer },
        }),
      );
      return await this.next(output, pending.email, pending.username);
    } catch (error) {
      return this.failure(error);
    }
  }

  async refresh(refreshToken: string): Promise<SignInTokens | undefined> {
    try {
      const output = await this.options.client.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: this.options.clientId,
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      const result = output.AuthenticationResult;
      if (!result?.AccessToken) return undefined;
      // Without refresh-token rotation Cognito sends no new one: the cookie keeps the old.
      return {
        accessToken: result.AccessToken,
        ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      };
    } catch (error) {
      // Expired, revoked, or not a refresh token of this client.
      if (errorName(error) === 'NotAuthorizedException') return undefined;
      rethrow(error);
    }
  }

  async signOut(tokens: { readonly accessToken?: string; readonly refreshToken?: string }): Promise<void> {
    // RevokeToken ends this browser's sign-in: the refresh token and the access tokens it
    // issued. GlobalSignOut would end every browser of the user, which signing out of one
    // should not do.
    if (!tokens.refreshToken) return;
    await this.options.client.send(
      new RevokeTokenCommand({ ClientId: this.options.clientId, Token: tokens.refreshToken }),
    );
  }

  async changePassword(input: {
    readonly email: string;
    readonly accessToken: string;
    readonly currentPassword: string;
    readonly newPassword: string;
  }): Promise<SignInTokens | undefined> {
    try {
      await this.options.client.send(
        new ChangePasswordCommand({
          AccessToken: input.accessToken,
          PreviousPassword: input.currentPassword,
          ProposedPassword: input.newPassword,
        }),
      );
      return undefined;
    } catch (error) {
      const name = errorName(error);
      if (name === 'NotAuthorizedException') throw new WrongPasswordError();
      if (name === 'InvalidPasswordException' || name === 'InvalidParameterException')
        throw new PasswordPolicyError(policyMessage(error), 'newPassword');
      rethrow(error);
    }
  }

  /** Tokens, or the next challenge; MFA_SETUP starts the authenticator's association at once. */
  private async next(
    output: InitiateAuthCommandOutput,
    email: string,
    username: string,
  ): Promise<SignInStep> {
    const result = output.AuthenticationResult;
    if (result?.AccessToken)
      return {
        status: 'signed-in',
        tokens: {
          accessToken: result.AccessToken,
          ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
        },
      };
    const challenge = CHALLENGES.find((name) => name === output.ChallengeName);
    if (!challenge || !output.Session)
      throw new Error(
        `Cognito asked a challenge the console cannot answer: ${output.ChallengeName ?? 'none'}`,
      );
    // Cognito's name for the user (a UUID when email is the sign-in name): the next step's USERNAME.
    const cognitoName = output.ChallengeParameters?.USER_ID_FOR_SRP ?? username;
    if (challenge !== 'MFA_SETUP')
      return {
        status: 'challenge',
        pending: { challenge, session: output.Session, username: cognitoName, email },
      };
    const associated = await this.options.client.send(
      new AssociateSoftwareTokenCommand({ Session: output.Session }),
    );
    if (!associated.SecretCode || !associated.Session)
      throw new Error('Cognito returned no secret code for the authenticator app');
    return {
      status: 'challenge',
      pending: { challenge, session: associated.Session, username: cognitoName, email },
      secretCode: associated.SecretCode,
    };
  }

  private async finishMfaSetup(pending: PendingChallenge, code: string): Promise<SignInStep> {
    const verified = await this.options.client.send(
      new VerifySoftwareTokenCommand({
        Session: pending.session,
        UserCode: code,
        FriendlyDeviceName: DEVICE_NAME,
      }),
    );
    if (verified.Status !== 'SUCCESS' || !verified.Session) return { status: 'failed', reason: 'wrong-code' };
    const output = await this.options.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: this.options.clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: pending.username },
      }),
    );
    return this.next(output, pending.email, pending.username);
  }

  private failure(error: unknown): SignInStep {
    const name = errorName(error);
    // A wrong TOTP code: RespondToAuthChallenge says CodeMismatch (or ExpiredCode for a code
    // already used), VerifySoftwareToken EnableSoftwareTokenMFA.
    if (
      name === 'CodeMismatchException' ||
      name === 'ExpiredCodeException' ||
      name === 'EnableSoftwareTokenMFAException'
    )
      return { status: 'failed', reason: 'wrong-code' };
    // "Invalid session for the user": timed out, or used up by too many wrong codes.
    if (name === 'NotAuthorizedException') return { status: 'failed', reason: 'expired' };
    if (name === 'InvalidPasswordException') throw new PasswordPolicyError(policyMessage(error), 'answer');
    rethrow(error);
  }
}

/** Cognito's "Password does not conform to policy: …", without the prefix. */
function policyMessage(error: unknown): string {
  const message = (error as Error).message ?? '';
  return (
    message.replace(/^Password does not conform to policy:\s*/i, '') || 'does not meet the password policy'
  );
}
