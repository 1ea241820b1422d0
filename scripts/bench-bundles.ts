/**
 * `npm run bench:bundles [-- --baseline main] [--runs 5]`
 *
 * What each Lambda carries and how long its cold start takes, measured on the real deployment
 * assets: the current tree and a baseline ref (a `git worktree` in a temp dir) are both
 * synthesized (`cdk synth`, the same bundling AppFunction does: minified ESM, AWS SDK
 * external) into temp directories, in this run.
 *
 * Per function (health, telegram-webhook, zalo-webhook, worker, zalo-token-refresh):
 *   - bundle: bytes of index.mjs, other files shipped with it (data), project modules in it
 *     and the largest npm packages (bytes of output attributed through the source map);
 *   - cold start: a fresh Node process with the function's environment from the template
 *     (plain values kept, /var/task → the asset, /tmp → a temp dir; tables, secrets and
 *     endpoints → local fakes) imports the bundle, then handles one first request, which
 *     includes building its configuration and clients: health → DescribeTable on dynalite;
 *     webhooks → a forged call (401, no database); worker → one queued Telegram text answered
 *     through dynalite and the fake Bot API; token refresh → the token check on dynalite.
 *     Median of `--runs` processes, baseline and current interleaved.
 * Targets (issue "One composition root and lean entry points"): webhooks ≤ 150 KB, worker ≤ 1 MB.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestDynamo, type TestDynamo } from '../tests/support/dynamo.js';
import { type FakeTelegram, startFakeTelegram, updates } from '../tests/support/fake-telegram.js';
import { FakeZalo } from '../tests/support/fake-zalo.js';
import { zaloChannelEnv } from '../tests/support/zalo-env.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

const FUNCTIONS = [
  { name: 'health', path: /\/Health\/Function\/Resource$/, targetBytes: undefined },
  { name: 'telegram-webhook', path: /\/TelegramWebhook\/Function\/Resource$/, targetBytes: 150 * 1024 },
  { name: 'zalo-webhook', path: /\/Zalo\/Webhook\/Function\/Resource$/, targetBytes: 150 * 1024 },
  { name: 'worker', path: /\/Worker\/Function\/Resource$/, targetBytes: 1024 * 1024 },
  { name: 'zalo-token-refresh', path: /\/TokenRefresh\/Function\/Resource$/, targetBytes: undefined },
] as const;
type FunctionName = (typeof FUNCTIONS)[number]['name'];

interface Asset {
  readonly dir: string;
  /** Plain-string environment variables from the template (references dropped). */
  readonly env: Readonly<Record<string, string>>;
}

interface BundleFigures {
  readonly bundleBytes: number;
  readonly otherBytes: number;
  readonly projectModules: number;
  readonly packages: readonly { name: string; bytes: number }[];
}

interface ColdStart {
  readonly importMs: number;
  readonly firstRequestMs: number;
  readonly outcome: string;
}

// ---------------------------------------------------------------- synth

async function synth(sourceDir: string, outDir: string): Promise<void> {
  // The stateless stack deploys the built console: a tree that has one builds it first.
  const manifest = JSON.parse(await readFile(join(sourceDir, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (manifest.scripts?.['build:web']) await run('npm', ['run', 'build:web'], { cwd: sourceDir });
  await run('npx', ['cdk', 'synth', '--quiet', '--output', outDir], {
    cwd: sourceDir,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
}

async function assetsOf(outDir: string): Promise<Map<FunctionName, Asset>> {
  const assets = new Map<FunctionName, Asset>();
  for (const file of (await readdir(outDir)).filter((name) => name.endsWith('.template.json'))) {
    const template = JSON.parse(await readFile(join(outDir, file), 'utf8')) as {
      Resources: Record<
        string,
        {
          Type: string;
          Metadata?: Record<string, string>;
          Properties: { Environment?: { Variables?: Record<string, unknown> } };
        }
      >;
    };
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const cdkPath = resource.Metadata?.['aws:cdk:path'] ?? '';
      const assetPath = resource.Metadata?.['aws:asset:path'];
      const fn = FUNCTIONS.find((candidate) => candidate.path.test(cdkPath));
      if (!fn || !assetPath) continue;
      const variables = resource.Properties.Environment?.Variables ?? {};
      const env = Object.fromEntries(
        Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      // Names of variables set by reference (tables, queues, secret ARNs): filled in locally.
      for (const [key, value] of Object.entries(variables)) if (typeof value !== 'string') env[key] = '';
      assets.set(fn.name, { dir: join(outDir, assetPath), env });
    }
  }
  return assets;
}

// ---------------------------------------------------------------- bundle figures

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Bytes of generated code per source file, from the source map's mappings (VLQ segments). */
function bytesPerSource(code: string, map: { sources: string[]; mappings: string }): Map<string, number> {
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  let source = 0;
  const mappingLines = map.mappings.split(';');
  for (let line = 0; line < mappingLines.length; line++) {
    const lineLength = lines[line]?.length ?? 0;
    let column = 0;
    let previous: { column: number; source: number } | undefined;
    const flush = (end: number) => {
      if (!previous) return;
      const name = map.sources[previous.source] ?? '?';
      totals.set(name, (totals.get(name) ?? 0) + Math.max(0, end - previous.column));
    };
    for (const segment of (mappingLines[line] ?? '').split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      flush(column);
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        previous = { column, source };
      } else previous = undefined;
    }
    flush(lineLength);
  }
  return totals;
}

function packageOf(source: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source.slice(source.lastIndexOf('node_modules/')));
  return match?.[1];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function bundleFigures(asset: Asset): Promise<BundleFigures> {
  const code = await readFile(join(asset.dir, 'index.mjs'), 'utf8');
  const map = JSON.parse(await readFile(join(asset.dir, 'index.mjs.map'), 'utf8'));
  const perSource = bytesPerSource(code, map);
  const packages = new Map<string, number>();
  let projectModules = 0;
  for (const [source, bytes] of perSource) {
    const name = packageOf(source);
    if (name) packages.set(name, (packages.get(name) ?? 0) + bytes);
    else if (bytes > 0) projectModules++;
  }
  let otherBytes = 0;
  for (const file of await filesUnder(asset.dir)) {
    if (!/index\.mjs(\.map)?$/.test(file)) otherBytes += (await stat(file)).size;
  }
  return {
    bundleBytes: Buffer.byteLength(code),
    otherBytes,
    projectModules,
    packages: [...packages]
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 4),
  };
}

// ---------------------------------------------------------------- cold start

const RUNNER = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const t0 = performance.now();
const module = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
let outcome;
try {
  const result = await module.handler(event);
  outcome = JSON.stringify(result?.statusCode ?? result?.status ?? result?.batchItemFailures ?? result);
} catch (error) {
  outcome = 'threw ' + String(error);
}
const t2 = performance.now();
process.stdout.write('\\n@@bench ' + JSON.stringify({ importMs: t1 - t0, firstRequestMs: t2 - t1, outcome }) + '\\n');
process.exit(0);
`;

interface Fakes {
  readonly dynamo: TestDynamo;
  readonly telegram: FakeTelegram;
  readonly zalo: FakeZalo;
  readonly dir: string;
}

const TELEGRAM_SECRET = 'bench-webhook-secret';

function localEnv(fn: FunctionName, asset: Asset, fakes: Fakes, tmp: string): Record<string, string> {
  const local: Record<string, string> = {
    ...fakes.dynamo.env,
    HASH_KEY: 'bench-hash-key',
    QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/bench.fifo',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/bench-dlq.fifo',
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    TELEGRAM_BOT_TOKEN: fakes.telegram.token,
    TELEGRAM_API_ROOT: fakes.telegram.apiRoot,
    ...zaloChannelEnv(fakes.zalo),
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: fn,
    // Where DynamoDB is: dynalite on loopback instead of the regional endpoint.
    DYNAMODB_ENDPOINT: fakes.dynamo.endpoint,
  };
  for (const [key, value] of Object.entries(asset.env)) {
    if (value === '') {
      if (key.endsWith('_SECRET_ARN')) continue; // Plain values below stand in for the secret.
      const replacement = local[key];
      if (replacement !== undefined) env[key] = replacement;
      continue;
    }
    env[key] = value.replace(/^\/(var\/task|tmp)(?=\/|$)/, (_, root: string) =>
      root === 'tmp' ? tmp : asset.dir,
    );
  }
  // Secrets and channel settings as plain values (read from Secrets Manager in AWS).
  const needs: Record<FunctionName, readonly string[]> = {
    health: [],
    'telegram-webhook': ['HASH_KEY', 'TELEGRAM_WEBHOOK_SECRET'],
    'zalo-webhook': ['HASH_KEY', 'ZALO_APP_ID', 'ZALO_OA_SECRET_KEY'],
    worker: ['HASH_KEY', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_API_ROOT'],
    'zalo-token-refresh': [
      'HASH_KEY',
      'ZALO_APP_ID',
      'ZALO_OA_SECRET_KEY',
      'ZALO_APP_SECRET',
      'ZALO_ACCESS_TOKEN',
      'ZALO_REFRESH_TOKEN',
      'ZALO_API_BASE',
      'ZALO_OAUTH_BASE',
    ],
  };
  for (const key of needs[fn]) env[key] = local[key] ?? '';
  return env;
}

let sequence = 0;
function firstEvent(fn: FunctionName): unknown {
  const http = (path: string, headers: Record<string, string>, body: string) => ({
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: { http: { method: 'POST', path } },
    body,
    isBase64Encoded: false,
  });
  sequence++;
  switch (fn) {
    case 'health':
      return { version: '2.0', rawPath: '/health', headers: {}, requestContext: { http: { method: 'GET' } } };
    case 'telegram-webhook':
      return http(
        '/telegram/webhook',
        { 'x-telegram-bot-api-secret-token': 'forged' },
        JSON.stringify(updates.text(sequence, 42, 'xin chào')),
      );
    case 'zalo-webhook':
      return http(
        '/zalo/webhook',
        { 'x-zevent-signature': 'mac=forged' },
        JSON.stringify({ event_name: 'user_send_text', timestamp: String(Date.now()) }),
      );
    case 'worker': {
      const now = new Date().toISOString();
      const body = JSON.stringify({
        receivedAt: now,
        message: {
          channel: 'telegram',
          messageId: `bench-${process.pid}-${sequence}`,
          chatId: String(9000 + sequence),
          sentAt: now,
          kind: 'text',
          text: 'Mức đóng BHYT hộ gia đình là bao nhiêu?',
        },
      });
      return {
        Records: [
          {
            messageId: `sqs-${sequence}`,
            receiptHandle: 'bench',
            body,
            attributes: { ApproximateReceiveCount: '1', MessageGroupId: `telegram-${sequence}` },
            messageAttributes: {},
            eventSource: 'aws:sqs',
          },
        ],
      };
    }
    case 'zalo-token-refresh':
      return {};
  }
}

async function coldStart(fn: FunctionName, asset: Asset, fakes: Fakes): Promise<ColdStart> {
  const tmp = await mkdtemp(join(fakes.dir, 'run-'));
  const eventFile = join(tmp, 'event.json');
  await writeFile(eventFile, JSON.stringify(firstEvent(fn)));
  const env = localEnv(fn, asset, fakes, tmp);
  const output = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [join(fakes.dir, 'runner.mjs'), join(asset.dir, 'index.mjs'), eventFile],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.stderr.on('data', (chunk) => {
      text += chunk;
    });
    child.on('error', reject);
    child.on('close', () => resolvePromise(text));
  });
  await rm(tmp, { recursive: true, force: true });
  const line = output.split('\n').find((candidate) => candidate.startsWith('@@bench '));
  if (!line) throw new Error(`${fn}: no measurement; output:\n${output.slice(-2000)}`);
  if (process.env.BENCH_VERBOSE) console.log(`--- ${fn} ${asset.dir}\n${output}`);
  return JSON.parse(line.slice('@@bench '.length)) as ColdStart;
}

/** The bundle sees only @aws-sdk/* next to it, as in Lambda where the runtime provides it. */
async function provideAwsSdk(outDir: string): Promise<void> {
  await mkdir(join(outDir, 'node_modules'), { recursive: true });
  await symlink(
    join(ROOT, 'node_modules', '@aws-sdk'),
    join(outDir, 'node_modules', '@aws-sdk'),
    'dir',
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

// ---------------------------------------------------------------- report

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

function parseArgs(argv: readonly string[]): { baseline: string; runs: number } {
  let baseline = 'main';
  let runs = 5;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--baseline') baseline = argv[++i] ?? baseline;
    else if (argv[i] === '--runs') runs = Math.max(1, Number(argv[++i]) || runs);
  }
  return { baseline, runs };
}

async function main(): Promise<void> {
  const { baseline, runs } = parseArgs(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'bench-bundles-'));
  const baselineSource = join(dir, 'baseline-src');
  let worktreeAdded = false;
  const fakes: { -readonly [K in keyof Fakes]?: Fakes[K] } = {};
  try {
    const { stdout: rev } = await run('git', ['rev-parse', '--short', baseline], { cwd: ROOT });
    const { stdout: head } = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT });
    await run('git', ['worktree', 'add', '--detach', baselineSource, baseline], { cwd: ROOT });
    worktreeAdded = true;
    await symlink(join(ROOT, 'node_modules'), join(baselineSource, 'node_modules'), 'dir');
    const outs = { baseline: join(dir, 'baseline-out'), current: join(dir, 'current-out') };
    console.log(`synthesizing baseline ${baseline} (${rev.trim()}) …`);
    await synth(baselineSource, outs.baseline);
    console.log(`synthesizing current tree (HEAD ${head.trim()} + working tree) …`);
    await synth(ROOT, outs.current);
    const assets = { baseline: await assetsOf(outs.baseline), current: await assetsOf(outs.current) };
    await provideAwsSdk(outs.baseline);
    await provideAwsSdk(outs.current);

    fakes.dynamo = await startTestDynamo();
    fakes.telegram = await startFakeTelegram();
    fakes.zalo = await FakeZalo.start();
    fakes.dir = dir;
    await writeFile(join(dir, 'runner.mjs'), RUNNER);

    const rows: string[][] = [];
    const problems: string[] = [];
    for (const fn of FUNCTIONS) {
      const found = { baseline: assets.baseline.get(fn.name), current: assets.current.get(fn.name) };
      if (!found.baseline || !found.current) {
        problems.push(`${fn.name}: not found in ${found.baseline ? 'current' : 'baseline'} synth`);
        continue;
      }
      const pair = { baseline: found.baseline, current: found.current };
      const figures = {
        baseline: await bundleFigures(pair.baseline),
        current: await bundleFigures(pair.current),
      };
      const cold: Record<'baseline' | 'current', ColdStart[]> = { baseline: [], current: [] };
      for (let i = 0; i < runs; i++) {
        for (const side of ['baseline', 'current'] as const) {
          cold[side].push(await coldStart(fn.name, pair[side], fakes as Fakes));
        }
      }
      const describe = (side: 'baseline' | 'current') => {
        const f = figures[side];
        const c = cold[side];
        const outcomes = [...new Set(c.map((sample) => sample.outcome))].join(' | ');
        return [
          side,
          kb(f.bundleBytes),
          f.otherBytes ? kb(f.otherBytes) : '-',
          String(f.projectModules),
          `${median(c.map((sample) => sample.importMs)).toFixed(0)} ms`,
          `${median(c.map((sample) => sample.firstRequestMs)).toFixed(0)} ms`,
          outcomes,
          f.packages.map((p) => `${p.name} ${kb(p.bytes)}`).join(', '),
        ];
      };
      rows.push([fn.name, ...describe('baseline')]);
      rows.push(['', ...describe('current')]);
      if (fn.targetBytes !== undefined) {
        const ok = figures.current.bundleBytes <= fn.targetBytes;
        rows.push(['', `target ≤ ${kb(fn.targetBytes)}: ${ok ? 'met' : 'NOT met'}`]);
      }
    }
    const header = [
      'function',
      'tree',
      'bundle',
      'other files',
      'project modules',
      'import',
      'first request',
      'first answer',
      'largest npm packages',
    ];
    const table = [header, ...rows];
    const widths = header.map((_, column) =>
      Math.max(
        ...table.filter((row) => row.length === header.length).map((row) => (row[column] ?? '').length),
      ),
    );
    console.log(
      `\nbaseline = ${baseline} (${rev.trim()}), current = HEAD ${head.trim()} + working tree; ` +
        `cold start = median of ${runs} fresh Node ${process.version} processes each\n`,
    );
    for (const row of table) {
      console.log(
        row.length === header.length
          ? row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')
          : `${''.padEnd((widths[0] ?? 0) + 2)}${row.slice(1).join('  ')}`,
      );
    }
    for (const problem of problems) console.log(`! ${problem}`);
    console.log(
      '\nimport = evaluating the bundle; first request = building configuration and clients, then handling ' +
        'one request against local fakes (health: DescribeTable; webhooks: a forged call; worker: one queued ' +
        'Telegram question answered; token refresh: the token check).',
    );
  } finally {
    await fakes.zalo?.close();
    await fakes.telegram?.close();
    await fakes.dynamo?.close();
    if (worktreeAdded) await run('git', ['worktree', 'remove', '--force', baselineSource], { cwd: ROOT });
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
