/**
 * The upload policy handed to the browser in AWS (a real presigned POST, signed offline with
 * fixed credentials) and the object keys the ingest function reads from both event shapes.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { S3UploadSigner, UPLOAD_SECONDS } from '../../../../functions/adapters/documents/s3.js';
import {
  type ObjectCreatedEvent,
  objectKeysOf,
} from '../../../../functions/composition/lambda/document-ingest.js';
import { MAX_DOCUMENT_BYTES } from '../../../../functions/core/knowledge/documents.js';

describe('S3 presigned POST for a document', () => {
  it('fixes the key, the content type, the size range and the document, for 5 minutes', async () => {
    const s3 = new S3Client({
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const before = Date.now();
    const target = await new S3UploadSigner(s3, 'bhxh-prod-documents-1-ap-southeast-1').target({
      documentId: 'doc-abc',
      key: 'uploads/doc-abc/n1/nghi-dinh.pdf',
      contentType: 'application/pdf',
      maxBytes: MAX_DOCUMENT_BYTES,
    });
    expect(target.url).toContain('bhxh-prod-documents-1-ap-southeast-1');
    expect(target.fields).toMatchObject({
      key: 'uploads/doc-abc/n1/nghi-dinh.pdf',
      'Content-Type': 'application/pdf',
      'x-amz-meta-doc-id': 'doc-abc',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    });
    const policy = JSON.parse(Buffer.from(String(target.fields.Policy), 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, MAX_DOCUMENT_BYTES],
        ['eq', '$Content-Type', 'application/pdf'],
        { 'x-amz-meta-doc-id': 'doc-abc' },
        { key: 'uploads/doc-abc/n1/nghi-dinh.pdf' },
        { bucket: 'bhxh-prod-documents-1-ap-southeast-1' },
      ]),
    );
    const expires = Date.parse(policy.expiration) - before;
    expect(expires).toBeGreaterThan((UPLOAD_SECONDS - 5) * 1000);
    expect(expires).toBeLessThanOrEqual((UPLOAD_SECONDS + 1) * 1000);
  });
});

describe('the ingest function reads object keys', () => {
  it('from an S3 notification (URL-encoded) and from EventBridge', () => {
    const notification = {
      Records: [{ s3: { object: { key: 'uploads/doc-abc/n1/nghi+dinh%281%29.pdf' } } }],
    } as unknown as S3Event;
    expect(objectKeysOf(notification)).toEqual(['uploads/doc-abc/n1/nghi dinh(1).pdf']);
    const bridged = {
      'detail-type': 'Object Created',
      detail: { object: { key: 'uploads/doc-abc/n1/nghi-dinh.pdf' } },
    } as unknown as ObjectCreatedEvent;
    expect(objectKeysOf(bridged)).toEqual(['uploads/doc-abc/n1/nghi-dinh.pdf']);
  });
});
