/**
 * "Identifiers in clear": runs the fixed probe of typed identifiers (tests/support/identifier-probe.ts)
 * through the real pipeline — the assistant from the composition root, the worker, the session
 * store and conversation log on the embedded DynamoDB, the application logger — then reads
 * back every item of the state and conversations tables and every log line, and counts the
 * identifiers that survived anywhere.
 *
 * Two runs in the same process: the log redaction this project shipped before (kept below as
 * the baseline, verbatim), and the current one. Only the redaction differs between them; what
 * the current core keeps in its session or reads as an income is the same in both runs.
 *
 *   npm run bench:redaction
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type LogRedaction, processQueued } from '../functions/app/pipeline-worker.js';
import type { ChannelSender, OutgoingMessage, SendOutcome } from '../functions/app/ports.js';
import { openLocalData } from '../functions/composition/local/stack.js';
import { createWorkerDeps, defaultLogRedaction } from '../functions/composition/worker-runtime.js';
import { createHasher } from '../functions/shared/hash.js';
import { createLogger } from '../functions/shared/logger.js';
import { PROBE_CASES } from '../tests/support/identifier-probe.js';
import { type PlantedIdentifier, survivors } from '../tests/support/identifiers.js';

// ------------------------------------------------------------------ the baseline redaction
// The redaction as it was before "identifiers never stored or logged in clear" (commit a157a17).

const LEGACY_PATTERNS: readonly [RegExp, string][] = [
  [/\b[A-Za-z]{2}\s?[1-5]\s?\d{2}\s?\d{10}\b/g, '[mã thẻ BHYT]'],
  [/(?<!\d)\d{3}[ .]?\d{3}[ .]?\d{6}(?!\d)/g, '[số CCCD]'],
  [/(?<!\d)(?:\+84|84|0)[\s.-]?[35789]\d(?:[\s.-]?\d){7}(?!\d)/g, '[số điện thoại]'],
  [/(?<!\d)\d{10}(?!\d)/g, '[mã số BHXH]'],
];
const LEGACY_DATES: readonly RegExp[] = [
  /(?<!\d)\d{4}\s?-\s?\d{1,2}\s?-\s?\d{1,2}(?!\d)/g,
  /(?<!\d)\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2,4}(?!\d)/g,
  /ng[aàáảãạ]y\s+\d{1,2},?\s+th[aàáảãạ]ng\s+\d{1,2},?\s+n[aăằắẳẵặ]m\s+\d{2,4}/giu,
  /(?<!\d)\d{1,2}\s+th[aàáảãạ]ng\s+\d{1,2},?\s+(?:n[aăằắẳẵặ]m\s+)?\d{4}(?!\d)/giu,
  /(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2}(?!\d)/g,
];
const legacyIdentifiers = (text: string) =>
  LEGACY_PATTERNS.reduce((result, [pattern, label]) => result.replace(pattern, label), text);
const legacyCardTurn = (text: string) =>
  LEGACY_DATES.reduce((result, pattern) => result.replace(pattern, '[ngày]'), legacyIdentifiers(text));
const legacyLogRedaction: LogRedaction = {
  question: legacyCardTurn,
  answer: (text, intent) => (intent.startsWith('card.') ? legacyCardTurn(text) : legacyIdentifiers(text)),
};

// ------------------------------------------------------------------------------- the run

class QuietSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  async send(_message: OutgoingMessage): Promise<SendOutcome> {
    return { status: 'sent', parts: 1 };
  }
}

interface RunResult {
  readonly planted: number;
  readonly inClear: number;
  readonly byPlace: Record<string, number>;
  readonly cases: { label: string; survived: number; places: string[] }[];
}

async function run(redact: LogRedaction): Promise<RunResult> {
  const data = await openLocalData({ inMemory: true });
  try {
    const lines: string[] = [];
    const clock = { now: () => new Date('2026-12-01T03:00:00Z') };
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const context = {
      config: data.config,
      clients: data.clients,
      clock,
      hash: createHasher(data.config.hashKey),
      logger,
    };
    const worker = await createWorkerDeps(context, { telegram: new QuietSender() }, { redact });
    let messageId = 0;
    for (const [index, probe] of PROBE_CASES.entries()) {
      for (const text of probe.messages) {
        messageId++;
        await processQueued(
          {
            receivedAt: clock.now().toISOString(),
            message: {
              channel: 'telegram',
              messageId: String(messageId),
              chatId: `probe-${index}`,
              sentAt: clock.now().toISOString(),
              kind: 'text',
              text,
            },
          },
          worker,
        );
      }
    }
    const places: Record<string, string> = {
      'state table (sessions, progress, counters)': await scanAll(data, data.config.tables.state),
      'conversation log': await scanAll(data, data.config.tables.conversations),
      'application log': lines.join('\n'),
    };
    const byPlace: Record<string, number> = Object.fromEntries(Object.keys(places).map((name) => [name, 0]));
    const cases = PROBE_CASES.map((probe) => {
      const leaked = new Set<PlantedIdentifier>();
      const where: string[] = [];
      for (const [name, text] of Object.entries(places)) {
        const found = survivors(text, probe.identifiers);
        byPlace[name] = (byPlace[name] ?? 0) + found.length;
        if (found.length > 0)
          where.push(`${name} (${found.map((identifier) => identifier.kind).join(', ')})`);
        for (const identifier of found) leaked.add(identifier);
      }
      return { label: probe.label, survived: leaked.size, places: where };
    });
    return {
      planted: PROBE_CASES.reduce((sum, probe) => sum + probe.identifiers.length, 0),
      inClear: cases.reduce((sum, entry) => sum + entry.survived, 0),
      byPlace,
      cases,
    };
  } finally {
    await data.close();
  }
}

async function scanAll(data: Awaited<ReturnType<typeof openLocalData>>, table: string): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await data.clients.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.map((item) => JSON.stringify(item)).join('\n');
}

function report(name: string, result: RunResult): void {
  console.log(`\n${name}: ${result.inClear} of ${result.planted} identifiers in clear`);
  for (const [place, count] of Object.entries(result.byPlace)) console.log(`  ${place.padEnd(44)} ${count}`);
  for (const entry of result.cases.filter((probe) => probe.survived > 0))
    console.log(`  - ${entry.label}: ${entry.places.join('; ')}`);
}

async function main(): Promise<void> {
  console.log(`${PROBE_CASES.length} conversations through the real pipeline (embedded DynamoDB).`);
  report('baseline: the redaction shipped before (same run)', await run(legacyLogRedaction));
  report('current: defaultLogRedaction', await run(defaultLogRedaction));
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
