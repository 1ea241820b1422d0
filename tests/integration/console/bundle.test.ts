/**
 * The console API Lambda's bundle (bundled like AppFunction bundles: ESM for Node, AWS SDK
 * external) holds no local sign-in: no local IdP signing, no key files, no password hashing,
 * no local user store. Only the verification side (aws-jwt-verify) ships.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('console API Lambda bundle', () => {
  it('does not contain the local IdP, its key handling or password hashing', async () => {
    const result = await build({
      entryPoints: ['functions/composition/lambda/console-api.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      write: false,
      metafile: true,
      logLevel: 'silent',
      // node_modules may be a symlink to another checkout: resolve through it, not beyond it.
      preserveSymlinks: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('functions/adapters/auth/verifier.ts');
    expect(inputs).toContain('functions/adapters/console/api.ts');
    for (const forbidden of [
      'functions/adapters/auth/local-idp.ts',
      'functions/adapters/auth/password.ts',
      'functions/adapters/dynamodb/user-store.ts',
      'functions/composition/local/console-api.ts',
      'functions/composition/cli/users-add.ts',
    ])
      expect(inputs).not.toContain(forbidden);
    const code = result.outputFiles.map((file) => file.text).join('\n');
    for (const marker of [
      'generateKeyPairSync',
      'ed25519-private-key',
      'scrypt',
      'must_change_password":true',
    ])
      expect(code, marker).not.toContain(marker);
  }, 60_000);
});
