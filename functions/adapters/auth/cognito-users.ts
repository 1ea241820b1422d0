/**
 * The admin's Users screen in AWS: the user pool is the directory. ListUsers and
 * AdminListGroupsForUser to list (a few dozen staff: one groups call per user), and
 * AdminCreateUser + AdminAddUserToGroup to invite: Cognito emails the temporary password
 * itself, so the API never sees one. These calls need IAM (CONSOLE_USER_ADMIN_ACTIONS in
 * infra/constructs/console.ts, on this pool only).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../../app/console/contracts.js';
import { highestRole, type UserDirectory, type UserView } from '../../app/console/sign-in.js';
import { isEmail, normaliseEmail, PasswordPolicyError, UserExistsError } from '../../app/console/users.js';

export interface CognitoUsersOptions {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
}

/** Groups calls at once while listing (Cognito's admin read quota is per pool and second). */
const GROUP_LOOKUPS_AT_ONCE = 5;

export class CognitoUserDirectory implements UserDirectory {
  constructor(private readonly options: CognitoUsersOptions) {}

  async list(): Promise<UserView[]> {
    const users: UserType[] = [];
    let token: string | undefined;
    do {
      const page = await this.options.client.send(
        new ListUsersCommand({
          UserPoolId: this.options.userPoolId,
          Limit: 60,
          ...(token ? { PaginationToken: token } : {}),
        }),
      );
      users.push(...(page.Users ?? []));
      token = page.PaginationToken;
    } while (token);
    const views: UserView[] = [];
    for (let i = 0; i < users.length; i += GROUP_LOOKUPS_AT_ONCE) {
      const batch = users.slice(i, i + GROUP_LOOKUPS_AT_ONCE);
      views.push(...(await Promise.all(batch.map(async (user) => view(user, await this.groups(user))))));
    }
    return views.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }

  async add(input: {
    readonly email: string;
    readonly role: Role;
    readonly createdBy: string;
  }): Promise<{ readonly user: UserView }> {
    const email = normaliseEmail(input.email);
    if (!isEmail(email)) throw new PasswordPolicyError('must be an email address', 'email');
    let created: UserType | undefined;
    try {
      const output = await this.options.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.options.userPoolId,
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            // The admin vouches for the address: the invitation goes there, and it is the sign-in name.
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      created = output.User;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'UsernameExistsException' || name === 'AliasExistsException') throw new UserExistsError();
      if (name === 'InvalidParameterException')
        throw new PasswordPolicyError('Cognito refused this address', 'email');
      throw error;
    }
    // Cognito's user name: a UUID when email is the sign-in name.
    const username = created?.Username ?? email;
    await this.options.client.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: this.options.userPoolId,
        Username: username,
        GroupName: input.role,
      }),
    );
    return { user: view(created ?? { Username: username }, [input.role], email) };
  }

  private async groups(user: UserType): Promise<string[]> {
    if (!user.Username) return [];
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.options.client.send(
        new AdminListGroupsForUserCommand({
          UserPoolId: this.options.userPoolId,
          Username: user.Username,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const group of page.Groups ?? []) if (group.GroupName) names.push(group.GroupName);
      token = page.NextToken;
    } while (token);
    return names;
  }
}

function view(user: UserType, groups: readonly string[], fallbackEmail = ''): UserView {
  const email = user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value ?? fallbackEmail;
  const created = user.UserCreateDate?.toISOString() ?? '';
  return {
    email: normaliseEmail(email || (user.Username ?? '')),
    role: highestRole(groups),
    mustChangePassword: user.UserStatus === 'FORCE_CHANGE_PASSWORD',
    createdAt: created,
    updatedAt: user.UserLastModifiedDate?.toISOString() ?? created,
    ...(user.UserStatus ? { status: user.UserStatus } : {}),
    ...(user.Enabled === undefined ? {} : { enabled: user.Enabled }),
  };
}
