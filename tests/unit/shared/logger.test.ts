import { describe, expect, it } from 'vitest';
import { createLogger, errorFields } from '../../../functions/shared/logger.js';

describe('logger', () => {
  it('writes one JSON object per line with the base fields and drops lines below its level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', base: { fn: 'worker' }, write: (line) => lines.push(line) });
    logger.debug('not.written');
    logger.child({ chatHash: 'abc' }).info('turn.done', { latencyMs: 12 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'info',
      event: 'turn.done',
      fn: 'worker',
      chatHash: 'abc',
      latencyMs: 12,
    });
  });

  it('masks identifiers a library quoted in an error message', () => {
    const fields = errorFields(new Error('Bad Request: cannot send to 0912345678 about GD4797932112345'));
    expect(fields.error).toBe('Error');
    expect(String(fields.errorMessage)).not.toMatch(/0912345678|GD4797932112345/);
    expect(String(errorFields('failed for 001085012345').error)).not.toContain('001085012345');
  });

  it('masks identifiers and dates in every logged string, keeping ids and hashes for correlation', () => {
    const lines: string[] = [];
    const logger = createLogger({ base: { fn: 'worker' }, write: (line) => lines.push(line) });
    const chat = '1234567890abcdef1234567890abcdef';
    logger.child({ chat }).warn('worker.dead_lettered', {
      reason: 'chat (091) 234-5679 refused: cccd 0010 8501 2345, born 17 5 1962',
      turnId: '20261123T000632123Z-1a2b3c4d',
      messageId: '4012345678',
    });
    const line = JSON.parse(lines[0] as string);
    expect(line.reason).toBe('chat [số điện thoại] refused: cccd [số CCCD], born [ngày]');
    expect(line).toMatchObject({ chat, turnId: '20261123T000632123Z-1a2b3c4d', messageId: '4012345678' });
  });

  it('masks email addresses in every logged string and in error messages', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    logger.warn('console.login_failed', {
      reason: 'no user lan.nguyen+test@example.org, nor admin@localhost',
    });
    expect(JSON.parse(lines[0] as string).reason).toBe('no user [email], nor [email]');
    expect(errorFields(new Error('user "Lan@Example.org" exists')).errorMessage).toBe(
      'user "[email]" exists',
    );
  });

  it('keeps keyed hashes under …Hash names whole, and still masks what is not a hash there', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const ipHash = 'c477dcb2b0123456789db062149b583';
    logger.info('console.login_failed', { ipHash, emailHash: '0912345678' });
    const line = JSON.parse(lines[0] as string);
    expect(line.ipHash).toBe(ipHash);
    // Not a hash, whatever the field is called: a phone number stays masked.
    expect(line.emailHash).not.toContain('0912345678');
  });
});
