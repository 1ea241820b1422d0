import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Block,
  cleanDocument,
  stripFootnoteMarkers,
} from '../../../../functions/core/knowledge/clean.js';
import { containsIdentifier } from '../../../../functions/core/privacy/redact.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/knowledge/${name}`, import.meta.url), 'utf8');
const lines = (block: Block | undefined): number[] => block?.spans.map((span) => span.line) ?? [];
const paragraphs = (blocks: readonly Block[]): Block[] =>
  blocks.filter((block) => block.kind === 'paragraph');

describe('cleanDocument', () => {
  it('joins a sentence broken across lines and across a blank line (newspaper columns)', () => {
    const blocks = cleanDocument(fixture('newspaper-columns.txt'));
    const [first, second] = paragraphs(blocks);
    expect(first?.text).toBe(
      'Năm 2025, công tác phát triển người tham gia bảo hiểm xã hội tự nguyện trên địa bàn huyện ' +
        'Hòa Bình Xanh đạt nhiều kết quả tích cực, số người tham gia tăng mạnh so với năm trước.',
    );
    expect(lines(first)).toEqual([1, 2, 3, 5, 6]);
    expect(second?.text).toBe('Mạng lưới đại lý thu được mở rộng tới tất cả các xã.');
  });

  it('reads a document with a blank line after every line as ordinary paragraphs', () => {
    const blocks = cleanDocument(fixture('double-spaced.txt'));
    const texts = blocks.map((block) => [block.kind, block.text]);
    expect(texts).toContainEqual(['heading', '1. Công tác tuyên truyền']);
    expect(texts).toContainEqual([
      'paragraph',
      'Ủy ban nhân dân xã đã tổ chức nhiều buổi đối thoại với người dân về chính sách bảo hiểm xã hội ' +
        'tự nguyện, phát tờ rơi tại các thôn và trên loa truyền thanh.',
    ]);
    expect(texts).toContainEqual(['heading', '2. Công tác thu']);
  });

  it('drops footnote numbers glued to words and rejoins a sentence split by a footnote block', () => {
    const blocks = cleanDocument(fixture('footnotes.txt'));
    expect(blocks[0]?.text).toBe('Xã đã hoàn thành việc cấp thẻ BHYT.');
    expect(blocks[1]?.text).toBe('Ủy ban nhân dân huyện ban hành nhiều văn bản chỉ đạo thực hiện.');
    const resumed = blocks.find((block) => block.text.startsWith('Đồng thời'));
    expect(resumed?.text).toBe(
      'Đồng thời, huyện chỉ đạo các xã rà soát danh sách hộ gia đình để vận động người dân tham gia ' +
        'bảo hiểm y tế theo hộ gia đình đạt tỷ lệ cao.',
    );
    expect(lines(resumed)).toEqual([5, 11]);
    const footnotes = blocks.filter((block) => block.kind === 'footnote').map((block) => block.text);
    expect(footnotes).toEqual([
      '1 Công văn số 12/UBND ngày 01/02/2024 về việc thu BHYT hộ gia đình.',
      '2 Kế hoạch số 34/KH-UBND ngày 03/04/2024 về phát triển đối tượng.',
    ]);
  });

  it('keeps footnote markers that are part of a name', () => {
    expect(stripFootnoteMarkers('virus H5N1 và COVID-19, BHTN10.')).toBe('virus H5N1 và COVID-19, BHTN.');
    expect(stripFootnoteMarkers('hộ cận nghèo¹² được hỗ trợ')).toBe('hộ cận nghèo được hỗ trợ');
  });

  it('turns tab-separated rows into one table block, a row per source line', () => {
    const blocks = cleanDocument(fixture('table.txt'));
    const table = blocks.find((block) => block.kind === 'table');
    expect(table?.text.split('\n')).toEqual([
      'STT | Chỉ tiêu | Năm 2023 | Năm 2024',
      '1 | Số người tham gia BHXH tự nguyện | 1.250 | 1.980',
      '2 | Số người tham gia BHYT hộ gia đình | 45.300 | 47.120',
    ]);
    expect(lines(table)).toEqual([3, 4, 5]);
  });

  it('splits markdown bold headings run together and collapses repeated spaces', () => {
    const blocks = cleanDocument(fixture('bold-headings.md'));
    const headings = blocks
      .filter((block) => block.kind === 'heading')
      .map((block) => [block.level, block.text]);
    expect(headings).toEqual([
      [1, 'BÁO CÁO'],
      // The line under the title is its subtitle; it stays in the path of what follows.
      [1.1, 'Tổng kết công tác bảo hiểm y tế của huyện Núi Xanh'],
      [1, 'Phần thứ nhất: KẾT QUẢ THỰC HIỆN'],
      [2, 'I- TÌNH HÌNH CHUNG'],
      [3, '1- Đặc điểm tình hình'],
    ]);
    const texts = paragraphs(blocks).map((block) => block.text);
    expect(texts).toContain('Huyện Núi Xanh có nhiều xã vùng cao, đời sống người dân còn khó khăn.');
    expect(texts).toContain('Một số hộ được hỗ trợ tiền đóng bảo hiểm y tế.');
  });

  it('reads NFD text as NFC', () => {
    const nfd = fixture('newspaper-columns.txt').normalize('NFD');
    expect(cleanDocument(nfd)).toEqual(cleanDocument(nfd.normalize('NFC')));
    expect(cleanDocument(nfd)[0]?.text).toBe(cleanDocument(nfd)[0]?.text.normalize('NFC'));
  });

  it('redacts BHXH codes, card numbers, CCCD and phone numbers before anything is indexed', () => {
    const blocks = cleanDocument(fixture('identifiers.txt'));
    const all = blocks.map((block) => block.text).join('\n');
    expect(containsIdentifier(all)).toBe(false);
    for (const secret of ['7912345678', 'GD4797932112345', '001085012345', '0912 345 678', '4803004239']) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain(
      'mã số BHXH [mã số BHXH], mã thẻ [mã thẻ BHYT], CCCD [số CCCD], điện thoại [số điện thoại]',
    );
    expect(all).toContain('tổng đài 1900 9068');
  });
});
