/** scrypt hashes: format, verification, and refusal of anything malformed or too costly. */
import { describe, expect, it } from 'vitest';
import { generatePassword, ScryptPasswordHasher } from '../../../functions/adapters/auth/password.js';

describe('ScryptPasswordHasher', () => {
  it('hashes with N = 2^15 by default, salted: the same password gives different hashes', async () => {
    const hasher = new ScryptPasswordHasher();
    const [a, b] = await Promise.all([hasher.hash('mật khẩu đủ dài'), hasher.hash('mật khẩu đủ dài')]);
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify('mật khẩu đủ dài', a)).toBe(true);
    expect(await hasher.verify('mật khẩu đủ dài'.normalize('NFD'), b)).toBe(true);
    expect(await hasher.verify('mật khẩu đủ dài ', a)).toBe(false);
  });

  it('verifies hashes made with other parameters (the cost can be raised later)', async () => {
    const cheap = await new ScryptPasswordHasher({ log2N: 10, r: 8, p: 1 }).hash('password-123456');
    expect(await new ScryptPasswordHasher().verify('password-123456', cheap)).toBe(true);
  });

  it('refuses malformed, tampered or absurdly costly hashes without throwing', async () => {
    const hasher = new ScryptPasswordHasher({ log2N: 10, r: 8, p: 1 });
    const good = await hasher.hash('password-123456');
    const parts = good.split('$');
    const tampered = [...parts.slice(0, -1), `${(parts.at(-1) as string).slice(0, -2)}AA`].join('$');
    for (const bad of [
      '',
      'plain-text',
      tampered,
      good.replace('ln=10', 'ln=30'),
      good.replace('ln=10', 'ln=4'),
      good.replace('r=8', 'r=1000'),
      `${good}x$`,
    ])
      expect(await hasher.verify('password-123456', bad), bad).toBe(false);
  });
});

it('generates 20-character passwords without look-alike characters', () => {
  const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
  expect(passwords.size).toBe(50);
  for (const password of passwords) expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
});
