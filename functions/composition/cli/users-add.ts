/**
 * `npm run users:add -- --email E --role editor|analyst|admin` — add a local console user
 * (the embedded default's sign-in) to the database under DATA_DIR. The password is read from
 * standard input (one line; at least 12 characters), never from the command line, where it
 * would stay in the shell history and the process list:
 *
 *   npm run users:add -- --email lan@example.org --role editor
 *   printf '%s\n' "$PASSWORD" | npm run users:add -- --email lan@example.org --role editor
 *
 * In AWS, Cognito keeps the users (invite them in the user pool).
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { generatePassword, generateSubject, ScryptPasswordHasher } from '../../adapters/auth/password.js';
import { DynamoUserStore } from '../../adapters/dynamodb/user-store.js';
import { ROLES, type Role } from '../../app/console/contracts.js';
import {
  addUser,
  MIN_PASSWORD_LENGTH,
  type PasswordHasher,
  PasswordPolicyError,
  UserExistsError,
  type UserStore,
} from '../../app/console/users.js';
import type { Clock } from '../../core/ports.js';
import { openLocalData } from '../local/stack.js';
import { parseArgs } from './args.js';

export interface UsersAddIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly users: UserStore;
  readonly clock?: Clock;
  readonly passwords?: PasswordHasher;
}

const USAGE = `usage: npm run users:add -- --email EMAIL --role ${ROLES.join('|')}  (password on standard input, ≥ ${MIN_PASSWORD_LENGTH} characters)`;

/** The CLI without the process: returns the exit code. */
export async function runUsersAdd(argv: readonly string[], io: UsersAddIo): Promise<number> {
  let email: string | undefined;
  let role: string | undefined;
  try {
    const args = parseArgs(argv, ['email', 'role']);
    email = args.options.email;
    role = args.options.role;
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!email || !role || !(ROLES as readonly string[]).includes(role)) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if ('isTTY' in io.stdin && io.stdin.isTTY)
    io.stdout.write('Password (input is shown; pipe it to hide it): ');
  const password = await readFirstLine(io.stdin);
  if (password === undefined || [...password].length < MIN_PASSWORD_LENGTH) {
    io.stderr.write(`refused: the password must be at least ${MIN_PASSWORD_LENGTH} characters\n`);
    return 1;
  }
  try {
    const added = await addUser(
      {
        users: io.users,
        passwords: io.passwords ?? new ScryptPasswordHasher(),
        clock: io.clock ?? { now: () => new Date() },
        newPassword: generatePassword,
        newSubject: generateSubject,
      },
      { email, role: role as Role, password, createdBy: 'cli:users-add' },
    );
    io.stdout.write(`added ${added.user.email} as ${added.user.role}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UserExistsError || error instanceof PasswordPolicyError) {
      io.stderr.write(
        `refused: ${error instanceof PasswordPolicyError ? `${error.field} ` : ''}${error.message}\n`,
      );
      return 1;
    }
    throw error;
  }
}

/** The first line of the stream, without its line ending; undefined when the stream is empty. */
async function readFirstLine(stream: Readable): Promise<string | undefined> {
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  try {
    for await (const line of lines) return line;
    return undefined;
  } finally {
    lines.close();
  }
}

async function main(): Promise<void> {
  const data = await openLocalData({ seed: false });
  try {
    process.exitCode = await runUsersAdd(process.argv.slice(2), {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      users: new DynamoUserStore(data.clients.doc, data.config.tables.state),
    });
  } finally {
    await data.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  });
}
