/**
 * UserStore: local console users. Creation is atomic (two creators of one email, one winner),
 * a password change keeps everything else, the list is complete and in email order, and a
 * record that does not decode is no user.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { DynamoUserStore, userPk } from '../../functions/adapters/dynamodb/user-store.js';
import { MemoryUserStore } from '../../functions/adapters/memory/user-store.js';
import {
  type ConsoleUser,
  UserExistsError,
  UserNotFoundError,
  type UserStore,
} from '../../functions/app/console/users.js';
import { startTestDynamo } from '../support/dynamo.js';
import { describeContract } from './contract.js';

function user(email: string, overrides: Partial<ConsoleUser> = {}): ConsoleUser {
  return {
    email,
    role: 'editor',
    subject: `sub-${email}`,
    passwordHash: '$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA',
    mustChangePassword: false,
    createdAt: '2026-11-23T00:00:00.000Z',
    createdBy: 'test',
    updatedAt: '2026-11-23T00:00:00.000Z',
    ...overrides,
  };
}

describeContract<UserStore>(
  'UserStore',
  {
    memory: () => new MemoryUserStore(),
    dynamodb: async ({ doc, table }) => new DynamoUserStore(doc, await table('state')),
  },
  (subject) => {
    it('returns nothing for an unknown email and an empty list at first', async () => {
      const { store } = subject();
      expect(await store.get('nobody@example.org')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('creates a user and reads it back from another instance', async () => {
      const { store, again } = subject();
      await store.create(user('lan@example.org', { role: 'admin', mustChangePassword: true }));
      expect(await (await again()).get('lan@example.org')).toEqual(
        user('lan@example.org', { role: 'admin', mustChangePassword: true }),
      );
    });

    it('refuses a second user with the same email, even concurrently', async () => {
      const { store, again } = subject();
      const other = await again();
      const results = await Promise.allSettled([
        store.create(user('lan@example.org', { role: 'analyst' })),
        other.create(user('lan@example.org', { role: 'admin' })),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(UserExistsError);
      await expect(store.create(user('lan@example.org'))).rejects.toBeInstanceOf(UserExistsError);
    });

    it('changes a password and its flag, keeping the rest', async () => {
      const { store } = subject();
      await store.create(user('lan@example.org', { mustChangePassword: true }));
      await store.setPassword('lan@example.org', '$scrypt$new', false, '2026-11-24T00:00:00.000Z');
      expect(await store.get('lan@example.org')).toEqual(
        user('lan@example.org', {
          passwordHash: '$scrypt$new',
          mustChangePassword: false,
          updatedAt: '2026-11-24T00:00:00.000Z',
        }),
      );
      await expect(store.setPassword('nobody@example.org', 'x', false, 'now')).rejects.toBeInstanceOf(
        UserNotFoundError,
      );
      expect(await store.get('nobody@example.org')).toBeUndefined();
    });

    it('lists every user in email order', async () => {
      const { store } = subject();
      for (const email of ['minh@example.org', 'an@example.org', 'thu@example.org'])
        await store.create(user(email));
      expect((await store.list()).map((listed) => listed.email)).toEqual([
        'an@example.org',
        'minh@example.org',
        'thu@example.org',
      ]);
    });
  },
);

it('DynamoUserStore treats a record that does not decode as no user, and lists only users', async () => {
  const dynamo = await startTestDynamo();
  try {
    const store = new DynamoUserStore(dynamo.clients.doc, dynamo.tables.state);
    await store.create(user('ok@example.org'));
    await dynamo.clients.doc.send(
      new PutCommand({
        TableName: dynamo.tables.state,
        Item: { pk: userPk('broken@example.org'), email: 'broken@example.org', role: 'owner' },
      }),
    );
    await dynamo.clients.doc.send(
      new PutCommand({ TableName: dynamo.tables.state, Item: { pk: 'RATE#console-login:x', hits: 1 } }),
    );
    expect(await store.get('broken@example.org')).toBeUndefined();
    expect((await store.list()).map((listed) => listed.email)).toEqual(['ok@example.org']);
  } finally {
    await dynamo.close();
  }
});
