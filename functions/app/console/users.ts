/**
 * Local console users (the embedded default's IdP; in AWS, Cognito keeps the users): who may
 * sign in, with which role, and the rules for their passwords. The store and the password
 * hashing are ports; randomness is injected, so these rules run the same in tests.
 */
import * as z from 'zod';
import type { Clock } from '../../core/ports.js';
import type { Decodes } from '../../core/schema.js';
import { ROLES, type Role } from './contracts.js';

export interface ConsoleUser {
  /** Normalised (see normaliseEmail): the key and the audit name. */
  readonly email: string;
  readonly role: Role;
  /** Stable token subject (`sub`), not derived from the email. */
  readonly subject: string;
  /** Salted hash from a PasswordHasher; never leaves the store and the sign-in check. */
  readonly passwordHash: string;
  /** The password was given to the user by someone else (first admin): they must change it. */
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

/** Stores decode what they read back with this schema instead of casting. */
export const consoleUserSchema = z.object({
  email: z.string().min(1),
  role: z.enum(ROLES),
  subject: z.string().min(1),
  passwordHash: z.string().min(1),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
true satisfies Decodes<typeof consoleUserSchema, ConsoleUser>;

export class UserExistsError extends Error {
  constructor() {
    super('a user with this email exists already');
    this.name = 'UserExistsError';
  }
}

export class UserNotFoundError extends Error {
  constructor() {
    super('no such user');
    this.name = 'UserNotFoundError';
  }
}

/** A password (or an email) that the rules below refuse; the message says which rule. */
export class PasswordPolicyError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'PasswordPolicyError';
  }
}

export class WrongPasswordError extends Error {
  constructor() {
    super('current password is wrong');
    this.name = 'WrongPasswordError';
  }
}

export interface UserStore {
  get(email: string): Promise<ConsoleUser | undefined>;
  /** Throws UserExistsError when the email is taken (atomically: two creators, one winner). */
  create(user: ConsoleUser): Promise<void>;
  /** Throws UserNotFoundError. */
  setPassword(email: string, passwordHash: string, mustChangePassword: boolean, at: string): Promise<void>;
  /** Every user, in email order. */
  list(): Promise<ConsoleUser[]>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, passwordHash: string): Promise<boolean>;
}

export interface UserAdminDeps {
  readonly users: UserStore;
  readonly passwords: PasswordHasher;
  readonly clock: Clock;
  /** A random one-time password (meets the policy). */
  readonly newPassword: () => string;
  /** A random token subject. */
  readonly newSubject: () => string;
}

export const MIN_PASSWORD_LENGTH = 12;
/** Hashing cost is per byte too; nobody types more. */
export const MAX_PASSWORD_LENGTH = 256;
export const FIRST_ADMIN_EMAIL = 'admin@localhost';

/** Emails compare trimmed, NFC and lower-case: `Admin@LocalHost ` is admin@localhost. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** Deliberately loose (admin@localhost is valid here): one @, something on each side, no spaces. */
export function isEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email);
}

/** Throws PasswordPolicyError naming `field`. */
export function checkNewPassword(password: string, email: string, field = 'password'): void {
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH)
    throw new PasswordPolicyError(`must be at least ${MIN_PASSWORD_LENGTH} characters`, field);
  if (length > MAX_PASSWORD_LENGTH)
    throw new PasswordPolicyError(`must be at most ${MAX_PASSWORD_LENGTH} characters`, field);
  if (normaliseEmail(password) === normaliseEmail(email))
    throw new PasswordPolicyError('must not be the email', field);
}

export interface AddedUser {
  readonly user: ConsoleUser;
  /** The generated one-time password, when none was given: shown once, never stored in clear. */
  readonly oneTimePassword?: string;
}

/**
 * A new user. Without a password, a random one is generated and the user must change it at
 * first sign-in (an admin handing out a password should not know it afterwards).
 */
export async function addUser(
  deps: UserAdminDeps,
  input: {
    readonly email: string;
    readonly role: Role;
    readonly password?: string;
    readonly createdBy: string;
  },
): Promise<AddedUser> {
  const email = normaliseEmail(input.email);
  if (!isEmail(email)) throw new PasswordPolicyError('must be an email address', 'email');
  const generated = input.password === undefined ? deps.newPassword() : undefined;
  const password = input.password ?? (generated as string);
  checkNewPassword(password, email);
  const now = deps.clock.now().toISOString();
  const user: ConsoleUser = {
    email,
    role: input.role,
    subject: deps.newSubject(),
    passwordHash: await deps.passwords.hash(password.normalize('NFC')),
    mustChangePassword: generated !== undefined,
    createdAt: now,
    createdBy: input.createdBy,
    updatedAt: now,
  };
  await deps.users.create(user);
  return generated === undefined ? { user } : { user, oneTimePassword: generated };
}

/**
 * First start: when there is no user at all, create admin@localhost with a random password
 * (returned once, for `npm start` to print) that must be changed at first sign-in.
 */
export async function ensureFirstAdmin(
  deps: UserAdminDeps,
): Promise<{ readonly email: string; readonly password: string } | undefined> {
  if ((await deps.users.list()).length > 0) return undefined;
  try {
    const added = await addUser(deps, { email: FIRST_ADMIN_EMAIL, role: 'admin', createdBy: 'first-start' });
    return { email: added.user.email, password: added.oneTimePassword as string };
  } catch (error) {
    if (error instanceof UserExistsError) return undefined; // Another process won the race.
    throw error;
  }
}

/**
 * The user whose password this is, or undefined. An unknown email costs one hash too, so the
 * response time does not tell which emails exist.
 */
export async function authenticate(
  deps: Pick<UserAdminDeps, 'users' | 'passwords'>,
  email: string,
  password: string,
): Promise<ConsoleUser | undefined> {
  const user = await deps.users.get(normaliseEmail(email));
  if (!user) {
    await deps.passwords.hash(password);
    return undefined;
  }
  return (await deps.passwords.verify(password.normalize('NFC'), user.passwordHash)) ? user : undefined;
}

/** Throws WrongPasswordError, PasswordPolicyError or UserNotFoundError. */
export async function changePassword(
  deps: Pick<UserAdminDeps, 'users' | 'passwords' | 'clock'>,
  email: string,
  currentPassword: string,
  newPassword: string,
): Promise<ConsoleUser> {
  const user = await authenticate(deps, email, currentPassword);
  if (!user) throw new WrongPasswordError();
  checkNewPassword(newPassword, user.email, 'newPassword');
  if (newPassword.normalize('NFC') === currentPassword.normalize('NFC'))
    throw new PasswordPolicyError('must differ from the current password', 'newPassword');
  const at = deps.clock.now().toISOString();
  const passwordHash = await deps.passwords.hash(newPassword.normalize('NFC'));
  await deps.users.setPassword(user.email, passwordHash, false, at);
  return { ...user, passwordHash, mustChangePassword: false, updatedAt: at };
}

/** A user as the console may show it: no hash. */
export function publicUser(user: ConsoleUser): {
  email: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
} {
  return {
    email: user.email,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
    createdBy: user.createdBy,
    updatedAt: user.updatedAt,
  };
}
