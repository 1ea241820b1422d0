/**
 * The blob store of the embedded default: one file per key under `DATA_DIR/documents/`,
 * written then renamed (a reader never sees half a file); the ETag is the content's MD5,
 * as S3's is for a single-part upload.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobStore, StoredObject } from '../../app/documents/ports.js';

export class FileBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  static underDataDir(dataDir: string): FileBlobStore {
    return new FileBlobStore(join(dataDir, 'documents'));
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep) || key.includes('\0'))
      throw new Error('object key outside the store');
    return path;
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const bytes = new Uint8Array(await readFile(this.pathOf(key)));
      return { bytes, etag: createHash('md5').update(bytes).digest('hex') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }
}
