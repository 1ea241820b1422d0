import { describe, expect, it } from 'vitest';
import { askedAboutDate } from '../../../../functions/core/dialogue/asked-date.js';
import type { DialogueDeps } from '../../../../functions/core/dialogue/handle.js';
import { readMessage } from '../../../../functions/core/dialogue/skill.js';
import { createPolicySkills } from '../../../../functions/core/policy/skills.js';
import { converse } from '../../../support/dialogue.js';
import { stripDiacritics } from '../../../support/text.js';

const TODAY = '2026-12-01';

describe('the date a question asks about', () => {
  it.each([
    ['năm 2019 mua bhyt hộ gia đình 1 người hết bao nhiêu tiền', '2019-12-31'],
    ['hồi 2023 nhà nước hỗ trợ bhxh tự nguyện mấy phần trăm', '2023-12-31'],
    ['trong năm 2024 đóng bhxh tự nguyện thấp nhất bao nhiêu', '2024-12-31'],
    ['mua bhyt hộ gia đình 4 người bao nhiêu', undefined],
    ['tôi sinh năm 2001, đóng bhxh tự nguyện mức 2 triệu', undefined],
    ['tôi đóng từ năm 2019, muốn đóng tiếp mức 2 triệu', undefined],
    ['năm 2020 tôi nghỉ việc, bây giờ đóng bhxh tự nguyện bao nhiêu', undefined],
    ['năm 2026 đóng bao nhiêu', undefined],
    ['năm 2027 bhyt có tăng không', undefined],
  ])('"%s" → %s', (text, date) => {
    for (const variant of [text, stripDiacritics(text)]) {
      expect(askedAboutDate(readMessage(variant), TODAY), variant).toBe(date);
    }
  });

  it("answers with that year's rules and says which date it used", async () => {
    const deps: DialogueDeps = {
      clock: { now: () => new Date('2026-12-01T03:00:00Z') },
      skills: createPolicySkills(),
      asOf: TODAY,
    };
    const { replies } = await converse(['nam 2019 mua bhyt ho gia dinh 1 nguoi het bao nhieu tien'], deps);
    expect(replies[0]?.text).toContain('4,5% × 1.490.000 (lương cơ sở) = 67.050 đồng/tháng');
    expect(replies[0]?.text).toContain('(tính đến 31/12/2019)');
    expect(replies[0]?.asOf).toBe('2019-12-31');
  });
});
