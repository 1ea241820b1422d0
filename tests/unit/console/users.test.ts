/** Local console users: the rules, over the in-memory store and a cheap scrypt. */
import { describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../../functions/adapters/auth/password.js';
import { MemoryUserStore } from '../../../functions/adapters/memory/user-store.js';
import {
  addUser,
  authenticate,
  changePassword,
  ensureFirstAdmin,
  isEmail,
  normaliseEmail,
  PasswordPolicyError,
  type UserAdminDeps,
  UserExistsError,
  WrongPasswordError,
} from '../../../functions/app/console/users.js';

function deps(): UserAdminDeps & { users: MemoryUserStore } {
  let n = 0;
  return {
    users: new MemoryUserStore(),
    passwords: new ScryptPasswordHasher({ log2N: 10, r: 8, p: 1 }),
    clock: { now: () => new Date('2026-11-23T03:00:00.000Z') },
    newPassword: () => `one-time-password-${++n}`,
    newSubject: () => `subject-${++n}`,
  };
}

describe('emails', () => {
  it('normalises case, spaces and Unicode form; accepts admin@localhost', () => {
    expect(normaliseEmail('  Lan@Example.ORG ')).toBe('lan@example.org');
    expect(normaliseEmail('Đức@ví-dụ.vn'.normalize('NFD'))).toBe('đức@ví-dụ.vn');
    expect(isEmail('admin@localhost')).toBe(true);
    for (const bad of ['', 'lan', 'lan@', '@x', 'a b@x', 'a@b@c']) expect(isEmail(bad), bad).toBe(false);
  });
});

describe('addUser', () => {
  it('stores a salted hash, never the password, with the creator and time', async () => {
    const d = deps();
    const added = await addUser(d, {
      email: 'Lan@Example.org',
      role: 'editor',
      password: 'đủ mười hai ký tự',
      createdBy: 'boss',
    });
    expect(added.oneTimePassword).toBeUndefined();
    expect(added.user).toMatchObject({
      email: 'lan@example.org',
      role: 'editor',
      mustChangePassword: false,
      createdBy: 'boss',
      createdAt: '2026-11-23T03:00:00.000Z',
    });
    expect(added.user.passwordHash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
    expect(added.user.passwordHash).not.toContain('đủ');
  });

  it('generates a one-time password that must be changed when none is given', async () => {
    const d = deps();
    const added = await addUser(d, { email: 'minh@example.org', role: 'analyst', createdBy: 'boss' });
    expect(added.oneTimePassword).toMatch(/^one-time-password-/);
    expect(added.user.mustChangePassword).toBe(true);
    expect(await authenticate(d, 'minh@example.org', added.oneTimePassword as string)).toBeDefined();
  });

  it('refuses a short password, the email as password, a bad email, a taken email', async () => {
    const d = deps();
    const add = (email: string, password: string) =>
      addUser(d, { email, role: 'editor', password, createdBy: 'x' });
    await expect(add('a@example.org', 'elevenchars')).rejects.toMatchObject({ field: 'password' });
    await expect(add('longname@example.org', 'LongName@Example.org')).rejects.toBeInstanceOf(
      PasswordPolicyError,
    );
    await expect(add('not an email', 'long enough password')).rejects.toMatchObject({ field: 'email' });
    await add('a@example.org', 'long enough password');
    await expect(add('A@example.org', 'long enough password')).rejects.toBeInstanceOf(UserExistsError);
  });

  it('counts characters, not bytes: twelve Vietnamese letters are enough', async () => {
    const d = deps();
    await addUser(d, { email: 'a@example.org', role: 'editor', password: 'ắằẳẵặăâấầẩẫậ', createdBy: 'x' });
  });
});

describe('first admin', () => {
  it('is created only when there is no user at all', async () => {
    const d = deps();
    const first = await ensureFirstAdmin(d);
    expect(first).toEqual({
      email: 'admin@localhost',
      password: expect.stringMatching(/^one-time-password-/),
    });
    expect((await d.users.get('admin@localhost'))?.mustChangePassword).toBe(true);
    expect(await ensureFirstAdmin(d)).toBeUndefined();

    const other = deps();
    await addUser(other, {
      email: 'lan@example.org',
      role: 'admin',
      password: 'long enough password',
      createdBy: 'cli',
    });
    expect(await ensureFirstAdmin(other)).toBeUndefined();
  });
});

describe('authenticate and changePassword', () => {
  it('accepts the password (in any Unicode form), refuses others and unknown emails', async () => {
    const d = deps();
    await addUser(d, {
      email: 'lan@example.org',
      role: 'editor',
      password: 'mật khẩu đủ dài',
      createdBy: 'x',
    });
    expect(await authenticate(d, 'LAN@example.org', 'mật khẩu đủ dài')).toMatchObject({
      email: 'lan@example.org',
    });
    expect(await authenticate(d, 'lan@example.org', 'mật khẩu đủ dài'.normalize('NFD'))).toBeDefined();
    expect(await authenticate(d, 'lan@example.org', 'mat khau du dai')).toBeUndefined();
    expect(await authenticate(d, 'nobody@example.org', 'mật khẩu đủ dài')).toBeUndefined();
  });

  it('changes the password with the current one, clears the flag, refuses reuse and wrong current', async () => {
    const d = deps();
    const { oneTimePassword } = await addUser(d, {
      email: 'lan@example.org',
      role: 'editor',
      createdBy: 'x',
    });
    const current = oneTimePassword as string;
    await expect(
      changePassword(d, 'lan@example.org', 'wrong password!', 'a new long password'),
    ).rejects.toBeInstanceOf(WrongPasswordError);
    await expect(changePassword(d, 'lan@example.org', current, current)).rejects.toMatchObject({
      field: 'newPassword',
    });
    await expect(changePassword(d, 'lan@example.org', current, 'short')).rejects.toMatchObject({
      field: 'newPassword',
    });
    const changed = await changePassword(d, 'lan@example.org', current, 'a new long password');
    expect(changed.mustChangePassword).toBe(false);
    expect(await authenticate(d, 'lan@example.org', current)).toBeUndefined();
    expect((await authenticate(d, 'lan@example.org', 'a new long password'))?.mustChangePassword).toBe(false);
  });
});
