/**
 * Every role of the stateless stack, statement by statement: the exact DynamoDB, SQS,
 * Secrets Manager and Logs actions on exactly these resources under exactly these
 * conditions. Widening any grant (an action, a table, an index, a secret, a dropped
 * condition) fails here. The lists follow the code paths of each handler
 * (docs/design/operations.md, "Roles and alarms").
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dedupeKey } from '../../functions/adapters/dynamodb/dedupe-store.js';
import {
  ZALO_TOKEN_LEASE_PK,
  ZALO_TOKEN_PAIR_PK,
} from '../../functions/adapters/dynamodb/zalo-token-store.js';
import { TABLE_IDS } from '../../functions/shared/tables.js';
import { type BuiltApp, buildApp } from '../../infra/app.js';
import type { AppFunction } from '../../infra/constructs/app-function.js';
import {
  CONSOLE_CONVERSATION_KEYS,
  CONSOLE_STATE_KEYS,
  CONSOLE_USER_ADMIN_ACTIONS,
} from '../../infra/constructs/console.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
};

const SEND = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const CONSUME = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];
const READ_SECRET = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const ITEM = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const READ_WRITE = [
  ...READ,
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

/** `action resource [if condition]` lines, one per action × resource. */
function grants(actions: string[], resources: string[], condition?: Record<string, unknown>): string[] {
  const suffix = condition ? ` if ${JSON.stringify(condition)}` : '';
  return actions.flatMap((action) => resources.map((resource) => `${action} ${resource}${suffix}`));
}
const leadingKeys = (...patterns: string[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns },
});

describe('IAM roles (stateless stack)', () => {
  let built: BuiltApp;
  let template: Template;
  /** Logical id of a construct's CloudFormation resource → readable name. */
  let names: Array<[string, string]>;

  beforeAll(() => {
    built = buildApp({ context: NO_BUNDLING });
    template = Template.fromStack(built.stateless);
    const { stateful, stateless } = built;
    const id = (construct: IConstruct, stack: Stack = stateless) =>
      stack.getLogicalId(construct.node.defaultChild as CfnElement);
    names = [
      ...TABLE_IDS.map((tableId): [string, string] => [
        id(stateful.tables[tableId], stateful),
        `table:${tableId}`,
      ]),
      [id(stateful.hashKey, stateful), 'secret:hashKey'],
      [id(stateless.pipeline.telegramBotToken), 'secret:telegramBotToken'],
      [id(stateless.pipeline.telegramWebhookSecret), 'secret:telegramWebhookSecret'],
      ...Object.entries(stateless.zalo.secrets).map(([name, secret]): [string, string] => [
        id(secret),
        `secret:zalo.${name}`,
      ]),
      [id(stateless.pipeline.queue), 'queue:main'],
      [id(stateless.pipeline.deadLetterQueue), 'queue:deadLetter'],
      [id(stateful.consoleUsers.userPool, stateful), 'userPool'],
      [id(stateless.console.bucket), 'bucket:console'],
      [id(stateless.console.deployment.logGroup), 'logs:consoleDeployment'],
      ...functions().map(([name, fn]): [string, string] => [id(fn.logGroup), `logs:${name}`]),
    ];
  });

  function functions(): Array<[string, AppFunction]> {
    const { stateless } = built;
    return [
      ['health', stateless.health],
      ['telegramWebhook', stateless.pipeline.telegramWebhook],
      ['worker', stateless.pipeline.worker],
      ['zaloWebhook', stateless.zalo.webhook],
      ['zaloTokenRefresh', stateless.zalo.tokenRefresh],
      ['consoleApi', stateless.console.apiFunction],
      ['documentIngest', stateless.documents.function],
    ];
  }

  function label(resource: unknown): string {
    if (typeof resource === 'string') return resource;
    const text = JSON.stringify(resource);
    // The CDK bootstrap bucket assets are uploaded to (named by the synthesizer, not a resource).
    if (/cdk-[a-z0-9]+-assets-/.test(text)) return text.endsWith('"/*"]]}') ? 'cdkAssets/*' : 'cdkAssets';
    // The documents bucket, named (not imported) by the stateless stack: `bucket:documents/<prefix>*`.
    const documents = /:s3:::bhxh-[a-z0-9-]+-documents-".*"(\/[a-z]+\/\*)"\]\]\}$/.exec(text);
    if (documents) return `bucket:documents${documents[1]}`;
    const found = names.filter(([logicalId]) => text.includes(logicalId));
    if (found.length !== 1) throw new Error(`cannot name resource ${text}`);
    const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    const literal = join ? join[1].filter((part): part is string => typeof part === 'string').join('') : '';
    return `${found[0]?.[1]}${literal}`;
  }

  /** Every allowed action × resource of a role, as readable lines (X-Ray excluded). */
  function linesOf(fn: Pick<AppFunction, 'role'>): string[] {
    const roleId = built.stateless.getLogicalId(fn.role.node.defaultChild as CfnElement);
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role?.Properties.Policies).toBeUndefined();
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties.Roles as Array<{ Ref: string }>).some((ref) => ref.Ref === roleId),
    );
    const lines: string[] = [];
    for (const policy of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        expect(statement.Effect).toBe('Allow');
        const actions = [statement.Action].flat();
        const resources = [statement.Resource].flat().map(label);
        if (actions.every((action) => action.startsWith('xray:'))) {
          expect(actions.sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
          continue;
        }
        lines.push(...grants(actions, resources, statement.Condition));
      }
    }
    return lines.sort();
  }

  const expected = (parts: string[][]) => parts.flat().sort();

  it('has one role per function and no other but the console deployment', () => {
    expect(Object.keys(template.findResources('AWS::IAM::Role'))).toHaveLength(functions().length + 1);
  });

  it('health: DescribeTable on the four tables, nothing else (no item can be read)', () => {
    const lines = linesOf(built.stateless.health);
    expect(lines).toEqual(
      expected([
        grants(['logs:CreateLogStream', 'logs:PutLogEvents'], ['logs:health']),
        grants(
          ['dynamodb:DescribeTable'],
          TABLE_IDS.map((tableId) => `table:${tableId}`),
        ),
      ]),
    );
    expect(lines.filter((line) => /dynamodb:(GetItem|BatchGetItem|Query|Scan)/.test(line))).toEqual([]);
  });

  it('Telegram webhook: its own dedupe items, its secret and the hash key, send on the queue', () => {
    expect(linesOf(built.stateless.pipeline.telegramWebhook)).toEqual(
      expected([
        grants(['logs:CreateLogStream', 'logs:PutLogEvents'], ['logs:telegramWebhook']),
        grants(ITEM, ['table:state'], leadingKeys(dedupeKey('telegram', '*'))),
        grants(READ_SECRET, ['secret:hashKey', 'secret:telegramWebhookSecret']),
        grants(SEND, ['queue:main']),
      ]),
    );
  });

  it('Zalo webhook: its own dedupe items, the OA secret key and the hash key, send on the queue', () => {
    expect(linesOf(built.stateless.zalo.webhook)).toEqual(
      expected([
        grants(['logs:CreateLogStream', 'logs:PutLogEvents'], ['logs:zaloWebhook']),
        grants(ITEM, ['table:state'], leadingKeys(dedupeKey('zalo', '*'))),
        grants(READ_SECRET, ['secret:hashKey', 'secret:zalo.oaSecretKey']),
        grants(SEND, ['queue:main']),
      ]),
    );
  });

  it('Zalo token refresh: the token pair and its lease only, and the Zalo secrets', () => {
    expect(linesOf(built.stateless.zalo.tokenRefresh)).toEqual(
      expected([
        grants(['logs:CreateLogStream', 'logs:PutLogEvents'], ['logs:zaloTokenRefresh']),
        grants(
          ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          ['table:state'],
          leadingKeys(ZALO_TOKEN_PAIR_PK, ZALO_TOKEN_LEASE_PK),
        ),
        grants(READ_SECRET, ['secret:hashKey', 'secret:zalo.oaSecretKey', 'secret:zalo.oauth']),
      ]),
    );
  });

  it('worker: reads content and cards, reads and writes conversations and state, consumes the queue, sends to the DLQ', () => {
    expect(linesOf(built.stateless.pipeline.worker)).toEqual(
      expected([
        grants(['logs:CreateLogStream', 'logs:PutLogEvents'], ['logs:worker']),
        grants(READ, ['table:content', 'table:content/index/byKind', 'table:cards']),
        // State: sessions, rate counters, progress, Zalo follower marks and the token pair
        // (a send that meets an expired token refreshes it under the lease).
        grants(READ_WRITE, [
          'table:conversations',
          'table:conversations/index/byDay',
          'table:conversations/index/byGap',
          'table:state',
        ]),
        grants(READ_SECRET, [
          'secret:hashKey',
          'secret:telegramBotToken',
          'secret:zalo.oaSecretKey',
          'secret:zalo.oauth',
        ]),
        grants(CONSUME, ['queue:main']),
        grants(SEND, ['queue:deadLetter']),
        // The published index: the pointer is in content, the artifacts under index/.
        grants(['s3:GetObject'], ['bucket:documents/index/*']),
      ]),
    );
  });

  it('document ingest: document records and the pointer by key, the list by kind, uploads in, chunks and artifacts out', () => {
    expect(linesOf(built.stateless.documents.function)).toEqual(
      expected([
        grants(['logs:CreateLogStream', 'logs:PutLogEvents'], ['logs:documentIngest']),
        grants(['dynamodb:GetItem', 'dynamodb:PutItem'], ['table:content'], leadingKeys('DOC#*', 'INDEX')),
        grants(['dynamodb:Query'], ['table:content/index/byKind']),
        grants(['s3:GetObject'], ['bucket:documents/uploads/*', 'bucket:documents/docs/*']),
        grants(['s3:PutObject'], ['bucket:documents/docs/*', 'bucket:documents/index/*']),
      ]),
    );
  });

  it('console API: FAQs and audit (content), reads conversations, its own state items, the hash key, the queue, user admin on the pool', () => {
    expect(linesOf(built.stateless.console.apiFunction)).toEqual(
      expected([
        grants(['logs:CreateLogStream', 'logs:PutLogEvents'], ['logs:consoleApi']),
        grants(READ_WRITE, ['table:content', 'table:content/index/byKind']),
        grants(READ, [
          'table:conversations',
          'table:conversations/index/byDay',
          'table:conversations/index/byGap',
        ]),
        // Analysts' notes on turns and the daily roll-ups, nothing else of the log.
        grants(
          ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
          ['table:conversations'],
          leadingKeys(...CONSOLE_CONVERSATION_KEYS),
        ),
        // Sign-in attempt counters and the web chat's dedupe, progress and reply items only.
        grants(ITEM, ['table:state'], leadingKeys(...CONSOLE_STATE_KEYS)),
        grants(READ_SECRET, ['secret:hashKey']),
        grants(SEND, ['queue:main']),
        grants([...CONSOLE_USER_ADMIN_ACTIONS], ['userPool']),
        // Presigned POSTs are signed with this role; withdraw and reindex publish an index.
        grants(['s3:GetObject'], ['bucket:documents/uploads/*', 'bucket:documents/docs/*']),
        grants(['s3:PutObject'], ['bucket:documents/uploads/*', 'bucket:documents/index/*']),
      ]),
    );
    expect(CONSOLE_STATE_KEYS).toEqual([
      'RATE#console-login:*',
      dedupeKey('web', '*'),
      'PROGRESS#web#*',
      'WEBREPLY#*',
    ]);
    expect([...CONSOLE_USER_ADMIN_ACTIONS].sort()).toEqual([
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:AdminRemoveUserFromGroup',
      'cognito-idp:ListUsers',
    ]);
  });

  it("console deployment (aws-cdk-lib's BucketDeployment): read the uploaded assets, sync the console bucket, invalidate", () => {
    const { role } = built.stateless.console.deployment;
    const S3_READ = ['s3:GetBucket*', 's3:GetObject*', 's3:List*'];
    expect(linesOf({ role })).toEqual(
      expected([
        grants(['logs:CreateLogStream', 'logs:PutLogEvents'], ['logs:consoleDeployment']),
        grants(S3_READ, ['cdkAssets', 'cdkAssets/*']),
        grants(
          [
            ...S3_READ,
            's3:Abort*',
            's3:DeleteObject*',
            's3:PutObject',
            's3:PutObjectLegalHold',
            's3:PutObjectRetention',
            's3:PutObjectTagging',
            's3:PutObjectVersionTagging',
          ],
          ['bucket:console', 'bucket:console/*'],
        ),
        grants(['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'], ['*']),
      ]),
    );
  });

  it('one secret per set of readers: two secrets read by the same functions would be one JSON secret', () => {
    const readers = new Map<string, string[]>();
    for (const [name, fn] of functions()) {
      for (const line of linesOf(fn)) {
        const secret = /^secretsmanager:GetSecretValue (secret:\S+)$/.exec(line)?.[1];
        if (secret) readers.set(secret, [...(readers.get(secret) ?? []), name]);
      }
    }
    const secrets = names.filter(([, name]) => name.startsWith('secret:')).map(([, name]) => name);
    expect([...readers.keys()].sort()).toEqual(secrets.sort());
    const sets = [...readers.values()].map((set) => set.sort().join(' '));
    expect(new Set(sets).size).toBe(sets.length);
  });

  it('no role has a wildcard action, and only the worker and the refresh function can reach the token pair', () => {
    for (const [name, fn] of functions()) {
      const lines = linesOf(fn);
      expect(lines.filter((line) => /^[a-z0-9-]+:[A-Za-z]*\*/.test(line))).toEqual([]);
      const stateItemLines = lines.filter((line) => /dynamodb:\w+Item table:state/.test(line));
      const reachesTokens = stateItemLines.some(
        (line) => !line.includes(' if ') || line.includes(JSON.stringify(ZALO_TOKEN_PAIR_PK)),
      );
      expect({ name, reachesTokens }).toEqual({
        name,
        reachesTokens: name === 'worker' || name === 'zaloTokenRefresh',
      });
    }
  });
});
