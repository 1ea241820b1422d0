/**
 * `npm run dlq -- list|replay [<id>...] [--remote]` — the dead letters of the message queue.
 *
 *   list              one line per dead letter under DATA_DIR/queue/dead, tab-separated: id,
 *                     channel, hashed chat group, reason, receive count, when. Never the
 *                     message text or the chat id.
 *   replay            put every dead letter back on the queue with a fresh receive count;
 *   replay <id>...    only those. Works whether or not `npm start` runs on the same DATA_DIR:
 *                     the letters move to queue/replay/, which a running server adopts within
 *                     a second and a stopped one at its next start.
 *   --remote          the deployed dead-letter queue (DEAD_LETTER_QUEUE_URL or _ARN for
 *                     `list`; DEAD_LETTER_QUEUE_ARN and QUEUE_ARN for `replay`): `list` prints
 *                     its approximate depth, `replay` starts an SQS message move task back to
 *                     the queue (all messages; SQS cannot move single ones).
 *
 * Exit codes: 0 done, 1 failed (an unknown id, an AWS error), 2 bad usage.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { listDeadLetters, replayDeadLetters } from '../../adapters/queue/file-queue-store.js';
import { redactIdentifiers } from '../../core/privacy/redact.js';
import { loadConfig } from '../../shared/config.js';
import { parseArgs } from './args.js';

const USAGE = `usage: npm run dlq -- list [--remote]
       npm run dlq -- replay [<id>...] [--remote]`;

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export async function runDlq(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv, []);
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...ids] = args.positionals;
  const unknownFlags = [...args.flags].filter((flag) => flag !== 'remote');
  const remote = args.flags.has('remote');
  if (
    (command !== 'list' && command !== 'replay') ||
    unknownFlags.length > 0 ||
    (command === 'list' && ids.length > 0) ||
    (remote && ids.length > 0)
  ) {
    if (remote && ids.length > 0)
      io.err('--remote replays the whole dead-letter queue; ids are for the local one');
    io.err(USAGE);
    return 2;
  }
  const config = loadConfig({ ...io.env, RUNTIME: 'local' });
  if (remote) return command === 'list' ? listRemote(config, io) : replayRemote(config, io);
  const dataDir = resolve(config.dataDir);
  if (command === 'list') {
    const letters = await listDeadLetters(dataDir);
    for (const letter of letters) {
      io.out(
        [
          letter.id,
          letter.request.item.message.channel,
          // Already the chat's hash (see enqueueRequestFor), as in the SQS console.
          letter.request.groupId,
          printableReason(letter.reason),
          `receives=${letter.receiveCount}`,
          letter.deadAt,
        ].join('\t'),
      );
    }
    io.err(`${letters.length} dead letter(s) in ${dataDir}/queue/dead`);
    return 0;
  }
  const outcome = await replayDeadLetters(dataDir, ids.length > 0 ? ids : undefined);
  for (const id of outcome.replayed) io.out(`replayed ${id}`);
  for (const id of outcome.unknown) io.err(`no dead letter ${id}`);
  io.err(
    `${outcome.replayed.length} dead letter(s) back on the queue; a running npm start takes them ` +
      'within a second, otherwise the next start does',
  );
  return outcome.unknown.length > 0 ? 1 : 0;
}

/** Reasons are channel error summaries; still, no identifier, newline or essay reaches the terminal. */
function printableReason(reason: string): string {
  const line = redactIdentifiers(reason).replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

async function listRemote(config: ReturnType<typeof loadConfig>, io: CliIo): Promise<number> {
  const sqs = new SQSClient({ region: config.region });
  try {
    const url = config.queue.deadLetterUrl ?? (await urlFromArn(sqs, config.queue.deadLetterArn));
    if (!url) {
      io.err('--remote needs DEAD_LETTER_QUEUE_URL or DEAD_LETTER_QUEUE_ARN');
      return 2;
    }
    const result = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const waiting = result.Attributes?.ApproximateNumberOfMessages ?? '?';
    const inFlight = result.Attributes?.ApproximateNumberOfMessagesNotVisible ?? '?';
    io.out(`${waiting} dead letter(s) in ${url} (approximate; ${inFlight} being moved or read)`);
    return 0;
  } catch (error) {
    io.err(`could not read the dead-letter queue: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    sqs.destroy();
  }
}

async function replayRemote(config: ReturnType<typeof loadConfig>, io: CliIo): Promise<number> {
  const sourceArn = config.queue.deadLetterArn;
  const destinationArn = config.queue.arn;
  if (!sourceArn || !destinationArn) {
    io.err(
      'replay --remote needs DEAD_LETTER_QUEUE_ARN and QUEUE_ARN (the stack outputs DeadLetterQueueArn and QueueArn)',
    );
    return 2;
  }
  const sqs = new SQSClient({ region: config.region });
  try {
    // The destination is named: messages the worker dead-lettered itself (refused sends) were
    // sent to the DLQ, not moved there, so SQS knows no source queue to return them to.
    const result = await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }),
    );
    io.out(`message move task started: ${result.TaskHandle ?? '(no handle)'}`);
    io.err('follow it with: aws sqs list-message-move-tasks --source-arn <DEAD_LETTER_QUEUE_ARN>');
    return 0;
  } catch (error) {
    io.err(`could not start the message move task: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    sqs.destroy();
  }
}

async function urlFromArn(sqs: SQSClient, arn: string | undefined): Promise<string | undefined> {
  const match = arn ? /^arn:[^:]+:sqs:[^:]*:(\d+):(.+)$/.exec(arn) : null;
  if (!match) return undefined;
  const result = await sqs.send(
    new GetQueueUrlCommand({ QueueName: match[2], QueueOwnerAWSAccountId: match[1] }),
  );
  return result.QueueUrl;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runDlq(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exitCode = 1;
    });
}
