/**
 * The local queue on disk, under DATA_DIR/queue/, so `npm start` loses nothing accepted
 * when it is killed or stopped:
 *
 *   messages/<id>.json  one file per message waiting or being handled (id = acceptance order)
 *   dead/<id>.json      dead letters, until `npm run dlq -- replay` moves them to replay/
 *   replay/<id>.json    dead letters put back by an operator; the queue adopts them (polling)
 *   dedup.log           "<acceptedAtMs> <deduplicationId>" of finished messages, for the 5-min window
 *
 * Why one file per message (written to a temporary file, fsynced, renamed, directory
 * fsynced) rather than an append-only journal or a table in the embedded DynamoDB:
 *  - a rename is atomic, so a message file is either whole or absent after a crash, with no
 *    journal replay or compaction to get right;
 *  - `npm run dlq -- replay` must work while `npm start` runs; dynalite's LevelDB is locked
 *    by the running server, but a rename from dead/ to replay/ is safe from another process;
 *  - the queue holds at most a few thousand messages, so a directory listing at start-up is
 *    cheap, and each file is small (one message, under a few KiB).
 * Every rewrite of a message file is fsynced, receive counts included: a rename without
 * fsync can leave a zero-length file after a power cut on some filesystems (XFS, ext4 without
 * auto_da_alloc), and that would lose a message already accepted. One fsync per receive is
 * cheap at a chat service's rate.
 *
 * One process per queue directory: `owner.lock` holds the pid of the process using it, and a
 * second one (two `npm start` on one DATA_DIR with an external DYNAMODB_ENDPOINT) is refused
 * rather than left to take the other's messages. A lock whose process is gone is taken over.
 *
 * The files hold the message text while it waits (needed to answer it), as SQS does in AWS;
 * nothing here is logged. Listing tools print ids, hashed groups and reasons only. Dead
 * letters older than DEAD_LETTER_RETENTION_DAYS are deleted at start, as the DLQ drops them.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { type EnqueueRequest, queuedMessageSchema } from '../../app/ports.js';
import { errorFields, type Logger, silentLogger } from '../../shared/logger.js';
import {
  DEDUPLICATION_WINDOW_MS,
  type DeadLetter,
  type QueueStore,
  type RestoredQueue,
  type StoredMessage,
} from './local-queue.js';

const requestSchema = z.object({
  groupId: z.string(),
  deduplicationId: z.string(),
  item: queuedMessageSchema,
});

const messageFileSchema = z.object({
  id: z.string(),
  request: requestSchema,
  enqueuedAt: z.number(),
  receiveCount: z.number().int().min(0),
  visibleAt: z.number().optional(),
});

const deadLetterFileSchema = z.object({
  id: z.string(),
  request: requestSchema,
  reason: z.string(),
  receiveCount: z.number().int().min(0),
  enqueuedAt: z.number(),
  deadAt: z.string(),
});

/** The directories of a queue under DATA_DIR. */
export function queueDirectories(dataDir: string) {
  const root = join(dataDir, 'queue');
  return {
    root,
    messages: join(root, 'messages'),
    dead: join(root, 'dead'),
    replay: join(root, 'replay'),
    dedupLog: join(root, 'dedup.log'),
    lock: join(root, 'owner.lock'),
  };
}

/** Dead letters are kept as long as the DLQ keeps them in AWS (the SQS maximum). */
export const DEAD_LETTER_RETENTION_DAYS = 14;

/** A dead letter's file name is its id; an id is digits only (see LocalQueue.nextId). */
const ID_FILE = /^(\d{1,20})\.json$/;

export interface FileQueueStoreOptions {
  readonly dataDir: string;
  readonly deduplicationWindowMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export class FileQueueStore implements QueueStore {
  private readonly dirs: ReturnType<typeof queueDirectories>;
  private readonly windowMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private dedupLines = 0;
  /** Appends and compactions of dedup.log, one after another (a compaction must not drop an append). */
  private dedupWrites: Promise<void> = Promise.resolve();

  constructor(options: FileQueueStoreOptions) {
    this.dirs = queueDirectories(options.dataDir);
    this.windowMs = options.deduplicationWindowMs ?? DEDUPLICATION_WINDOW_MS;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  async restore(now: number): Promise<RestoredQueue> {
    await mkdir(this.dirs.root, { recursive: true });
    await takeQueueLock(this.dirs.lock);
    for (const dir of [this.dirs.messages, this.dirs.dead, this.dirs.replay]) {
      await mkdir(dir, { recursive: true });
      // Temporary files of writes a kill interrupted: their rename never happened.
      for (const name of await readdir(dir))
        if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
    }
    const messages: StoredMessage[] = [];
    for (const name of await listIds(this.dirs.messages)) {
      const message = await this.readJson(join(this.dirs.messages, name), messageFileSchema);
      if (message) messages.push(message);
    }
    await this.dropExpiredDeadLetters(now);
    const seen = new Map<string, number>();
    for (const [id, at] of await this.readDedupLog()) if (now - at < this.windowMs) seen.set(id, at);
    // Messages still on the queue count from their own acceptance (the log has finished ones only).
    for (const message of messages) seen.set(message.request.deduplicationId, message.enqueuedAt);
    await this.rewriteDedupLog(seen);
    return { messages, seen };
  }

  async add(message: StoredMessage): Promise<void> {
    await writeFileAtomic(this.messagePath(message.id), JSON.stringify(message), { durable: true });
  }

  async update(message: StoredMessage): Promise<void> {
    await writeFileAtomic(this.messagePath(message.id), JSON.stringify(message), { durable: true });
  }

  async complete(message: StoredMessage): Promise<void> {
    // Remember the id before forgetting the message: a crash in between leaves both, and
    // the redelivered message finds its progress record done.
    await this.remember(message);
    await unlinkIfPresent(this.messagePath(message.id));
  }

  async deadLetter(message: StoredMessage, letter: DeadLetter): Promise<void> {
    await writeFileAtomic(join(this.dirs.dead, `${letter.id}.json`), JSON.stringify(letter), {
      durable: true,
    });
    await this.remember(message);
    await unlinkIfPresent(this.messagePath(message.id));
  }

  async adoptReplayed(adopt: (request: EnqueueRequest) => Promise<void>): Promise<number> {
    let adopted = 0;
    for (const name of await listIds(this.dirs.replay)) {
      const path = join(this.dirs.replay, name);
      const letter = await this.readJson(path, deadLetterFileSchema);
      if (!letter) continue;
      // Re-queued (durably) before the replay file goes: a crash in between replays the
      // letter once more, which the worker's progress record makes harmless.
      await adopt(letter.request);
      await unlinkIfPresent(path);
      adopted++;
    }
    return adopted;
  }

  private messagePath(id: string): string {
    return join(this.dirs.messages, `${id}.json`);
  }

  private remember(message: StoredMessage): Promise<void> {
    const line = `${message.enqueuedAt} ${message.request.deduplicationId}\n`;
    const write = this.dedupWrites.then(async () => {
      await appendFile(this.dirs.dedupLog, line);
      this.dedupLines++;
      if (this.dedupLines <= 10_000) return;
      // Compacted in the same chain as the appends, so none is lost between read and rename.
      try {
        const now = this.now();
        const entries = await this.readDedupLog();
        await this.rewriteDedupLog(new Map(entries.filter(([, at]) => now - at < this.windowMs)));
      } catch (error) {
        this.logger.warn('queue.dedup_compact_failed', errorFields(error));
      }
    });
    this.dedupWrites = write.catch(() => undefined);
    return write;
  }

  private async dropExpiredDeadLetters(now: number): Promise<void> {
    const oldest = now - DEAD_LETTER_RETENTION_DAYS * 24 * 3600_000;
    for (const name of await listIds(this.dirs.dead)) {
      const path = join(this.dirs.dead, name);
      const letter = await this.readJson(path, deadLetterFileSchema);
      if (letter && Date.parse(letter.deadAt) < oldest) {
        await unlinkIfPresent(path);
        this.logger.warn('queue.dead_letter_expired', { file: path, deadAt: letter.deadAt });
      }
    }
  }

  private async readDedupLog(): Promise<[string, number][]> {
    let text: string;
    try {
      text = await readFile(this.dirs.dedupLog, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: [string, number][] = [];
    for (const line of text.split('\n')) {
      const [at, id] = line.split(' ', 2);
      // A torn last line (killed mid-append) is skipped, not fatal.
      if (id && Number.isFinite(Number(at))) entries.push([id, Number(at)]);
    }
    return entries;
  }

  private async rewriteDedupLog(seen: ReadonlyMap<string, number>): Promise<void> {
    const lines = [...seen].map(([id, at]) => `${at} ${id}\n`).join('');
    await writeFileAtomic(this.dirs.dedupLog, lines, { durable: false });
    this.dedupLines = seen.size;
  }

  private async readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    try {
      return schema.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch (error) {
      // Renamed into place whole, so this is not a torn write: set it aside for a person to look at.
      this.logger.error('queue.unreadable_file', { file: path, ...errorFields(error) });
      await rename(path, `${path}.unreadable`).catch(() => undefined);
      return undefined;
    }
  }
}

/** Message ids in order; temporary and set-aside files are skipped. */
async function listIds(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => ID_FILE.test(name));
  return names.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}

/** Write to a temporary file next to the target, then rename it over: readers see all or nothing. */
export async function writeFileAtomic(
  path: string,
  content: string,
  options: { durable: boolean },
): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(content, 'utf8');
    if (options.durable) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  if (options.durable) await syncDirectory(join(path, '..'));
}

/** Makes a rename in the directory durable (the new name is itself data of the directory). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The dead letters on disk, oldest first (for `npm run dlq -- list`). */
export async function listDeadLetters(dataDir: string): Promise<DeadLetter[]> {
  const { dead } = queueDirectories(dataDir);
  let names: string[];
  try {
    names = await listIds(dead);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const letters: DeadLetter[] = [];
  for (const name of names) {
    try {
      letters.push(deadLetterFileSchema.parse(JSON.parse(await readFile(join(dead, name), 'utf8'))));
    } catch (error) {
      // Replayed by another process between the listing and the read: no longer a dead letter.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return letters;
}

export interface ReplayOutcome {
  readonly replayed: readonly string[];
  /** Ids asked for that are not (or no longer) dead letters. */
  readonly unknown: readonly string[];
}

/**
 * Moves dead letters (all, or the given ids) to replay/, where the queue of a running
 * `npm start` adopts them within a second, or the next start does. A rename: safe while
 * the server runs, and a letter is never in both places.
 */
export async function replayDeadLetters(dataDir: string, ids?: readonly string[]): Promise<ReplayOutcome> {
  const dirs = queueDirectories(dataDir);
  await mkdir(dirs.replay, { recursive: true });
  const wanted = ids ?? (await listDeadLetters(dataDir)).map((letter) => letter.id);
  const replayed: string[] = [];
  const unknown: string[] = [];
  for (const id of wanted) {
    if (!/^\d{1,20}$/.test(id)) {
      unknown.push(id);
      continue;
    }
    try {
      await rename(join(dirs.dead, `${id}.json`), join(dirs.replay, `${id}.json`));
      replayed.push(id);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      unknown.push(id);
    }
  }
  // Both directories: after a power cut a letter must not be found in both and replayed twice.
  if (replayed.length > 0) {
    await syncDirectory(dirs.replay);
    await syncDirectory(dirs.dead);
  }
  return { replayed, unknown };
}

/** Claims the queue directory for this process; refuses when another live process holds it. */
async function takeQueueLock(path: string): Promise<void> {
  let holder: number | undefined;
  try {
    holder = Number((await readFile(path, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (holder && holder !== process.pid && processAlive(holder))
    throw new Error(
      `the queue under ${join(path, '..')} is in use by process ${holder}; stop it or use another DATA_DIR`,
    );
  await writeFileAtomic(path, String(process.pid), { durable: false });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
