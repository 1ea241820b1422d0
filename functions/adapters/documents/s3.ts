/**
 * The blob store and the upload URL in AWS: the documents bucket (versioned, encrypted,
 * private; infra/constructs/documents.ts). The browser uploads with a presigned POST whose
 * policy fixes the key, bounds the size and the content type, and names the document.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type {
  BlobStore,
  StoredObject,
  UploadRequest,
  UploadSigner,
  UploadTarget,
} from '../../app/documents/ports.js';

/** Seconds a presigned POST stays valid. */
export const UPLOAD_SECONDS = 300;

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const bytes = result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
      return {
        bytes,
        etag: (result.ETag ?? '').replaceAll('"', ''),
        ...(result.ContentType ? { contentType: result.ContentType } : {}),
      };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }
}

export class S3UploadSigner implements UploadSigner {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async target(input: UploadRequest): Promise<UploadTarget> {
    // Loaded on first use: the worker shares this module for reading artifacts and never signs.
    const { createPresignedPost } = await import('@aws-sdk/s3-presigned-post');
    const post = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: input.key,
      Conditions: [
        ['content-length-range', 1, input.maxBytes],
        ['eq', '$Content-Type', input.contentType],
        { 'x-amz-meta-doc-id': input.documentId },
      ],
      Fields: { 'Content-Type': input.contentType, 'x-amz-meta-doc-id': input.documentId },
      Expires: UPLOAD_SECONDS,
    });
    return { url: post.url, fields: post.fields };
  }
}
