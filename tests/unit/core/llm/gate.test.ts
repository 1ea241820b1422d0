import { describe, expect, it } from 'vitest';
import { checkGrounding, type GateCheck, type ModelAnswer } from '../../../../functions/core/llm/gate.js';
import { TEST_ALLOW } from '../../../support/llm.js';

const sources = new Map([
  [
    'P1',
    'Tài liệu "Hướng dẫn BHXH tự nguyện" (2025)\nTỷ lệ đóng bằng 22% mức thu nhập; thấp nhất 1.500.000 đồng.',
  ],
  [
    'P2',
    'Tài liệu "Hỏi đáp BHYT"\nHộ gia đình: người thứ hai đóng 70% mức của người thứ nhất, từ ngày 01/7/2025.',
  ],
  ['F1', 'Mức đóng hằng tháng với thu nhập 3.000.000 đồng: 660.000 đồng.'],
]);

function gate(answer: Partial<ModelAnswer>, question = 'đóng bhxh tự nguyện bao nhiêu') {
  return checkGrounding({
    answer: { status: 'answer', text: '', cites: [], ...answer },
    sources,
    question,
    allow: TEST_ALLOW,
  });
}

function failed(result: ReturnType<typeof gate>): GateCheck | 'passed' {
  return result.ok ? 'passed' : result.check;
}

describe('grounding gate', () => {
  it.each<[string, Partial<ModelAnswer>, GateCheck | 'passed', string?]>([
    [
      'a grounded answer',
      { text: 'Bạn đóng 22% thu nhập, thấp nhất 1.500.000 đồng [P1].', cites: ['P1'] },
      'passed',
    ],
    [
      'an equivalent money form',
      { text: 'Mức thấp nhất là 1,5 triệu đồng một tháng [P1].', cites: ['P1'] },
      'passed',
    ],
    [
      'a fact with its figures',
      { text: 'Với thu nhập 3 triệu, bạn đóng 660.000 đồng mỗi tháng [F1].', cites: ['F1'] },
      'passed',
    ],
    [
      "the citizen's own income",
      { text: 'Với 4 triệu, tỷ lệ đóng là 22% [P1].', cites: ['P1'] },
      'passed',
      'thu nhập 4 triệu đóng bao nhiêu',
    ],
    [
      'the hotline from the allow-list',
      { text: 'Tỷ lệ đóng là 22% [P1]. Gọi 1900 9068 nếu cần.', cites: ['P1'] },
      'passed',
    ],
    [
      'an official site',
      { text: 'Tỷ lệ 22% [P1], xem thêm tại baohiemxahoi.gov.vn.', cites: ['P1'] },
      'passed',
    ],
    [
      'a percentage only the citizen wrote',
      { text: 'Đúng, bạn đóng 10% [P1].', cites: ['P1'] },
      'figure',
      'có phải đóng 10% không',
    ],
    ['an invented percentage', { text: 'Bạn đóng 10% thu nhập [P1].', cites: ['P1'] }, 'figure'],
    ['a figure from an uncited passage', { text: 'Người thứ hai đóng 70% [P1].', cites: ['P1'] }, 'figure'],
    ['a derived yearly total', { text: 'Mỗi năm bạn đóng 7.920.000 đồng [F1].', cites: ['F1'] }, 'figure'],
    ['a cite out of range', { text: 'Tỷ lệ đóng là 22% [P7].', cites: ['P7'] }, 'unknown_cite'],
    ['no cite at all', { text: 'Tỷ lệ đóng là 22%.', cites: [] }, 'no_cite'],
    ['cites declared but no marker', { text: 'Tỷ lệ đóng là 22%.', cites: ['P1'] }, 'no_cite'],
    [
      'a phone number not in the sources',
      { text: 'Tỷ lệ 22% [P1]. Gọi 0912 345 678 để được hỗ trợ.', cites: ['P1'] },
      'identifier',
    ],
    ['a landline not in the sources', { text: 'Tỷ lệ 22% [P1]. Gọi 024 3936 1111.', cites: ['P1'] }, 'link'],
    [
      'a link',
      { text: 'Tỷ lệ 22% [P1], đăng ký tại https://bhxh-ho-tro.example.com/dang-ky', cites: ['P1'] },
      'link',
    ],
    ['an e-mail', { text: 'Tỷ lệ 22% [P1], gửi hồ sơ tới hotro@bhxh-gia.com', cites: ['P1'] }, 'link'],
    ['an identifier', { text: 'Mã số BHXH 7912345678 của bạn đóng 22% [P1].', cites: ['P1'] }, 'identifier'],
    [
      'a percentage in words',
      { text: 'Bạn đóng hai mươi hai phần trăm [P1].', cites: ['P1'] },
      'spelled_number',
    ],
    [
      'no diacritics',
      { text: 'Ban dong theo ty le quy dinh tren muc thu nhap [P1].', cites: ['P1'] },
      'not_vietnamese',
    ],
    [
      'over 2,000 characters',
      { text: `${'Tỷ lệ đóng theo quy định. '.repeat(90)}[P1]`, cites: ['P1'] },
      'length',
    ],
    ['"insufficient"', { status: 'insufficient', text: '', cites: [] }, 'status'],
    ['"out_of_scope"', { status: 'out_of_scope', text: '', cites: [] }, 'status'],
  ])('%s → %s', (_name, answer, expected, question) => {
    expect(failed(gate(answer, question))).toBe(expected);
  });

  it('lists the cites in the order of the text and declared ones after', () => {
    const result = gate({ text: 'Người thứ hai đóng 70% [P2]; tỷ lệ chung 22% [P1].', cites: ['P1', 'P2'] });
    expect(result).toEqual({ ok: true, cites: ['P1', 'P2'] });
  });
});
