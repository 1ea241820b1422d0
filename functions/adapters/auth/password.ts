/**
 * Password hashing for local console users: salted scrypt from node:crypto (no bcrypt/argon2
 * dependency). Stored as `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64url), so the cost can be
 * raised later and old hashes still verify.
 */
import { randomBytes, randomInt, randomUUID, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../app/console/users.js';

export interface ScryptParameters {
  /** log2 of the CPU/memory cost N. */
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
}

/** N = 2^15 (Node's default is 2^14): ≈ 32 MiB and tens of milliseconds per hash. */
export const DEFAULT_SCRYPT: ScryptParameters = { log2N: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Refuse stored parameters beyond this (a corrupted or planted hash must not exhaust memory). */
const MAX_LOG2N = 20;

function scryptAsync(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const N = 2 ** parameters.log2N;
  const options: ScryptOptions = {
    N,
    r: parameters.r,
    p: parameters.p,
    // scrypt needs 128·N·r bytes; Node's default maxmem (32 MiB) is exactly that at N=2^15, r=8,
    // and the check is strict, so give it room.
    maxmem: 128 * N * parameters.r * 2,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

const FORMAT = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly parameters: ScryptParameters = DEFAULT_SCRYPT) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await scryptAsync(password, salt, this.parameters);
    const { log2N, r, p } = this.parameters;
    return `$scrypt$ln=${log2N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  async verify(password: string, passwordHash: string): Promise<boolean> {
    const match = FORMAT.exec(passwordHash);
    if (!match) return false;
    const [, ln, r, p, salt, expected] = match as unknown as [string, string, string, string, string, string];
    const parameters = { log2N: Number(ln), r: Number(r), p: Number(p) };
    if (parameters.log2N < 10 || parameters.log2N > MAX_LOG2N || parameters.r > 32 || parameters.p > 4)
      return false;
    const expectedKey = Buffer.from(expected, 'base64url');
    if (expectedKey.length !== KEY_LENGTH) return false;
    const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), parameters);
    return timingSafeEqual(key, expectedKey);
  }
}

/** No 0/O, 1/l/I: a one-time password is read off a terminal and typed. */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 20 characters of a 57-letter alphabet: ≈ 116 bits. */
export function generatePassword(length = 20): string {
  let password = '';
  for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

export function generateSubject(): string {
  return randomUUID();
}
