/**
 * The embedded default's stand-in for the S3 presigned POST: `POST /api/uploads/<token>`
 * with the same multipart shape (every field first, the file last in a part named `file`) and
 * the same limits (one key, one content type, 1 byte to 20 MB, 5 minutes). The token is good
 * for one upload. The file is written to the blob store under its key, then `onStored` runs
 * the same ingest as the S3 event in AWS.
 */
import { randomBytes } from 'node:crypto';
import type { BlobStore, UploadRequest, UploadSigner, UploadTarget } from '../../app/documents/ports.js';
import type { Clock } from '../../core/ports.js';

export const LOCAL_UPLOAD_PREFIX = '/api/uploads/';
const UPLOAD_MS = 300_000;
/** Room for the multipart framing and the fields around the file. */
const FRAMING_BYTES = 64 * 1024;

interface PendingUpload extends UploadRequest {
  readonly expiresAt: number;
}

export interface UploadResult {
  readonly status: 204 | 400 | 403 | 404 | 413 | 415;
  readonly error?: string;
}

export class LocalUploads implements UploadSigner {
  private readonly pending = new Map<string, PendingUpload>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly onStored: (key: string) => void,
  ) {}

  async target(input: UploadRequest): Promise<UploadTarget> {
    const token = randomBytes(24).toString('base64url');
    this.pending.set(token, { ...input, expiresAt: this.clock.now().getTime() + UPLOAD_MS });
    return {
      url: `${LOCAL_UPLOAD_PREFIX}${token}`,
      fields: { key: input.key, 'Content-Type': input.contentType, 'x-amz-meta-doc-id': input.documentId },
    };
  }

  /** The most bytes a request to `path` may carry (read no more than this). */
  bodyLimit(path: string): number | undefined {
    const upload = this.pending.get(path.slice(LOCAL_UPLOAD_PREFIX.length));
    return upload ? upload.maxBytes + FRAMING_BYTES : undefined;
  }

  async accept(path: string, contentType: string | undefined, body: Uint8Array): Promise<UploadResult> {
    const token = path.slice(LOCAL_UPLOAD_PREFIX.length);
    const upload = this.pending.get(token);
    if (!upload || upload.expiresAt < this.clock.now().getTime()) {
      this.pending.delete(token);
      return { status: 403, error: 'upload URL unknown, used or expired' };
    }
    if (!contentType?.toLowerCase().startsWith('multipart/form-data'))
      return { status: 415, error: 'send multipart/form-data' };
    let form: FormData;
    try {
      form = await new Request('http://localhost/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      }).formData();
    } catch {
      return { status: 400, error: 'malformed multipart body' };
    }
    const entries = [...form.entries()];
    const last = entries[entries.length - 1];
    if (last?.[0] !== 'file' || typeof last[1] === 'string')
      return { status: 400, error: 'the file must be the last part, named file' };
    const fields = new Map(entries.slice(0, -1).map(([name, value]) => [name, String(value)]));
    if (fields.get('key') !== upload.key) return { status: 403, error: 'key does not match the policy' };
    if (fields.get('Content-Type') !== upload.contentType)
      return { status: 403, error: 'Content-Type does not match the policy' };
    const file = last[1];
    if (file.size > upload.maxBytes) return { status: 413, error: 'file larger than the policy allows' };
    if (file.size < 1) return { status: 400, error: 'empty file' };
    this.pending.delete(token);
    await this.blobs.put(upload.key, new Uint8Array(await file.arrayBuffer()), upload.contentType);
    this.onStored(upload.key);
    return { status: 204 };
  }
}
