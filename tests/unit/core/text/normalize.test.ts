import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import abbreviationData from '../../../../data/text/abbreviations.json' with { type: 'json' };
import shorthandData from '../../../../data/text/shorthand.json' with { type: 'json' };
import syllableData from '../../../../data/text/syllables.json' with { type: 'json' };
import { hasDiacritics } from '../../../../functions/core/text/analyze.js';
import { foldVietnamese } from '../../../../functions/core/text/fold.js';
import {
  createCitizenNormalizer,
  defaultCitizenNormalizer,
  isVietnameseSyllable,
  normalizeCitizenText,
  type ShorthandEntry,
} from '../../../../functions/core/text/normalize.js';
import { stripDiacritics } from '../../../support/text.js';

const entries = shorthandData.entries as ShorthandEntry[];
const text = (input: string): string => normalizeCitizenText(input).text;
const NOTES_DIR = fileURLToPath(new URL('../../../../data/knowledge/notes/', import.meta.url));

/** Every form of the shorthand table, lower case, as the normaliser looks them up. */
const shorthandForms = new Set(entries.flatMap((entry) => entry.forms.map((form) => form.toLowerCase())));

describe('normalizeCitizenText: result', () => {
  it('returns the text, its fold, whether the original had diacritics, and each change', () => {
    const result = normalizeCitizenText('Nhà mình 2ng, đóng bn 1 tháng?');
    expect(result.text).toBe('Nhà mình 2 người, đóng bao nhiêu 1 tháng?');
    expect(result.folded).toBe(foldVietnamese(result.text));
    expect(result.hadDiacritics).toBe(true);
    expect(result.changes).toEqual([
      { from: '2ng', to: '2 người', reason: 'shorthand' },
      { from: 'bn', to: 'bao nhiêu', reason: 'shorthand' },
    ]);
  });

  it('leaves clean text alone, with no changes', () => {
    const clean = 'Tôi muốn đóng bảo hiểm xã hội tự nguyện, mức 1.500.000 đồng/tháng có được không?';
    expect(normalizeCitizenText(clean)).toEqual({
      text: clean,
      folded: foldVietnamese(clean),
      hadDiacritics: true,
      changes: [],
    });
    expect(normalizeCitizenText('')).toEqual({ text: '', folded: '', hadDiacritics: false, changes: [] });
  });

  it('keeps punctuation, digits, spacing and the question mark', () => {
    expect(text('bn ơi,  đóng bhxh tn  hết bn ???\n(ck mình 45t)')).toBe(
      'bạn ơi,  đóng bhxh tự nguyện  hết bao nhiêu ???\n(chồng mình 45 tuổi)',
    );
  });

  it('reads NFD input as NFC', () => {
    expect(text('bảo hỉem ko'.normalize('NFD'))).toBe('bảo hiểm không');
  });

  it('keeps the case of what it replaces', () => {
    expect(text('Ko biết')).toBe('Không biết');
    expect(text('KO BIẾT')).toBe('KHÔNG BIẾT');
    expect(text('Bn ơi')).toBe('Bạn ơi');
  });
});

describe('normalizeCitizenText: shorthand table (data/text/shorthand.json)', () => {
  it('is well formed: lower-case NFC forms, expansions of valid syllables, ambiguous entries explained', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    for (const entry of entries) {
      expect(entry.forms.length).toBeGreaterThan(0);
      for (const form of entry.forms) expect(form).toBe(form.normalize('NFC').toLowerCase());
      for (const word of entry.expansion.split(/[\s/]+/)) {
        expect(isVietnameseSyllable(word) || syllableData.keep.includes(word), word).toBe(true);
      }
      if (entry.when || entry.unless) expect(entry.comment, entry.forms.join(',')).toBeTruthy();
    }
  });

  it('never expands into another form that would expand again (normalising twice = once)', () => {
    for (const entry of entries) {
      for (const word of foldVietnamese(entry.expansion).split(/[\s/]+/)) {
        const again = entries.filter((other) => other.forms.some((form) => foldVietnamese(form) === word));
        for (const other of again) expect(foldVietnamese(other.expansion), word).toBe(word);
      }
    }
  });

  // Each form of an entry that needs no context, between neutral words, accented and not.
  const unconditional = entries.flatMap((entry) =>
    entry.forms
      .filter((form) => !entry.when && entries.find((first) => first.forms.includes(form)) !== undefined)
      .filter((form) => {
        // The first entry for this form with no `when` is the one a neutral context reaches.
        const forForm = entries.filter((candidate) => candidate.forms.includes(form));
        return forForm.find((candidate) => !candidate.when) === entry;
      })
      .map((form) => ({ form, expansion: entry.expansion })),
  );

  it.each(unconditional)('expands "$form" to "$expansion"', ({ form, expansion }) => {
    expect(text(`Xin ${form} đây`)).toBe(`Xin ${expansion} đây`);
    const plain = text(`Xin ${form} day`);
    expect(plain).toBe(hasDiacritics(form) ? `Xin ${expansion} day` : `Xin ${foldVietnamese(expansion)} day`);
  });

  it('covers every entry with an example (unconditional above, contextual below)', () => {
    const contextual = entries.filter((entry) => entry.when);
    expect(unconditional.length + contextual.length).toBeGreaterThanOrEqual(entries.length);
  });

  it('reads bn as bạn when addressing and as bao nhiêu when asking an amount', () => {
    expect(text('bn ơi cho mình hỏi')).toBe('bạn ơi cho mình hỏi');
    expect(text('bn cho mình hỏi')).toBe('bạn cho mình hỏi');
    expect(text('cảm ơn bn nhiều')).toBe('cảm ơn bạn nhiều');
    expect(text('chào bn')).toBe('chào bạn');
    expect(text('bn có biết không')).toBe('bạn có biết không');
    expect(text('bn là ai')).toBe('bạn là ai');
    expect(text('đóng bn')).toBe('đóng bao nhiêu');
    expect(text('bn tiền')).toBe('bao nhiêu tiền');
    expect(text('bn tuổi thì được')).toBe('bao nhiêu tuổi thì được');
    expect(text('mức thấp nhất là bn')).toBe('mức thấp nhất là bao nhiêu');
    expect(text('hết bn vậy')).toBe('hết bao nhiêu vậy');
    expect(text('bn 1 tháng')).toBe('bao nhiêu 1 tháng');
    expect(text('có bn người')).toBe('có bao nhiêu người');
    expect(text('mình hỏi bn tiền')).toBe('mình hỏi bao nhiêu tiền');
    expect(text('bhyt hgđ nhà 3 người thì bn?')).toBe('bhyt hộ gia đình nhà 3 người thì bao nhiêu?');
    expect(text('b ơi')).toBe('bạn ơi');
    expect(text('dong bn tien')).toBe('dong bao nhieu tien');
    expect(text('cam on bn')).toBe('cam on ban');
  });

  it('keeps k after a number (500k, 500 k, 5 kg) and reads it as không elsewhere', () => {
    expect(text('500k')).toBe('500k');
    expect(text('mức 500 k')).toBe('mức 500 k');
    expect(text('nặng 5 kg')).toBe('nặng 5 kg');
    expect(text('k biết')).toBe('không biết');
    expect(text('đóng 500k k biết có đc ko')).toBe('đóng 500k không biết có được không');
    expect(text('dong 1500k k biet')).toBe('dong 1500k khong biet');
  });

  it('splits ng glued to digits, reads ng as người, and leaves money forms to the amount parser', () => {
    expect(text('nhà 2ng')).toBe('nhà 2 người');
    expect(text('nhà 4NG')).toBe('nhà 4 NGƯỜI');
    expect(text('nhà 4 ng')).toBe('nhà 4 người');
    expect(text('mấy ng thì đóng')).toBe('mấy người thì đóng');
    expect(text('ng ta bảo')).toBe('người ta bảo');
    expect(text('nha 5ng')).toBe('nha 5 nguoi');
    expect(text('ăn cá ngừ')).toBe('ăn cá ngừ');
    expect(text('mức 1tr5, 2tr, 500k, 2 củ, 3tr, 2m')).toBe('mức 1tr5, 2tr, 500k, 2 củ, 3tr, 2m');
    expect(text('3thg nữa, mỗi th')).toBe('3 tháng nữa, mỗi tháng');
  });

  it('reads đk as điều kiện, được or đăng ký by its neighbours, and leaves it when none says', () => {
    expect(text('đủ đk hưởng lương hưu')).toBe('đủ điều kiện hưởng lương hưu');
    expect(text('đk hưởng lương hưu là gì')).toBe('điều kiện hưởng lương hưu là gì');
    expect(text('có đk hưởng ko')).toBe('có được hưởng không');
    expect(text('đóng đk ko')).toBe('đóng được không');
    expect(text('đk bhxh ở đâu')).toBe('đăng ký bhxh ở đâu');
    expect(text('cách đk cho con')).toBe('cách đăng ký cho con');
    expect(text('mẹ đk xong rồi')).toBe('mẹ đk xong rồi');
    expect(text('mẹ đk cho con')).toBe('mẹ đăng ký cho con');
    expect(text('đky ở xã')).toBe('đăng ký ở xã');
  });

  it('reads mk as mật khẩu beside a login and as mình elsewhere', () => {
    expect(text('mk quên mk vssid')).toBe('mình quên mật khẩu vssid');
    expect(text('đổi mk')).toBe('đổi mật khẩu');
    expect(text('nhà mk 4 người')).toBe('nhà mình 4 người');
  });

  it('reads bh as bảo hiểm beside insurance words and as bây giờ otherwise, never touching bhxh/bhyt', () => {
    expect(text('thẻ bh y tế hết hạn r')).toBe('thẻ bảo hiểm y tế hết hạn rồi');
    expect(text('đóng bh xh')).toBe('đóng bảo hiểm xã hội');
    expect(text('thẻ bh yt')).toBe('thẻ bảo hiểm y tế');
    expect(text('đóng bh ở đâu')).toBe('đóng bảo hiểm ở đâu');
    expect(text('bh mình đóng tiếp dc k')).toBe('bây giờ mình đóng tiếp được không');
    expect(text('bhxh bhyt BHXH')).toBe('bhxh bhyt BHXH');
    expect(text('bây h đóng')).toBe('bây giờ đóng');
    expect(text('họp lúc 8h, 8 h')).toBe('họp lúc 8h, 8 h');
  });

  it('reads tn as tự nguyện after bhxh, thu nhập after mức, and leaves it elsewhere', () => {
    expect(text('bhxh tn đóng bn tiền')).toBe('bhxh tự nguyện đóng bao nhiêu tiền');
    expect(text('bao hiem xa hoi tn')).toBe('bao hiem xa hoi tu nguyen');
    expect(text('chọn mức tn')).toBe('chọn mức thu nhập');
    expect(text('gửi tn cho tôi')).toBe('gửi tn cho tôi');
  });

  it('reads nhiu as nhiêu after bao, as bao nhiêu after a price verb, and as nhiều elsewhere', () => {
    expect(text('đóng bao nhiu')).toBe('đóng bao nhiêu');
    expect(text('dong bao nhiu')).toBe('dong bao nhieu');
    expect(text('cảm ơn nhiu')).toBe('cảm ơn nhiều');
    expect(text('bhxh tn đóng nhiu 1 th')).toBe('bhxh tự nguyện đóng bao nhiêu 1 tháng');
    expect(text('hết nhiu v')).toBe('hết bao nhiêu vậy');
    expect(text('đóng nhiu hơn')).toBe('đóng nhiều hơn');
  });

  it('reads a number glued to t as an age, not before "1 lần"', () => {
    expect(text('e 16t')).toBe('em 16 tuoi');
    expect(text('bé út 3t')).toBe('bé út 3 tuổi');
    expect(text('đóng 6t 1 lần')).toBe('đóng 6t 1 lần');
  });

  it('reads a, c, e as anh, chị, em only where they address someone', () => {
    expect(text('a ơi cho e hỏi')).toBe('anh ơi cho em hỏi');
    expect(text('chào a')).toBe('chào anh');
    expect(text('cho em hỏi a')).toBe('cho em hỏi a');
    expect(text('c ơi, a/c cho e hỏi')).toBe('chị ơi, anh/chị cho em hỏi');
    expect(text('chọn a, b, c')).toBe('chọn a, b, c');
    expect(text('c) khác')).toBe('c) khác');
    expect(text('gửi e-mail')).toBe('gửi e-mail');
    expect(text('uống vitamin C')).toBe('uống vitamin C');
  });

  it('reads the other contextual forms only in their context', () => {
    expect(text('số đt của tôi')).toBe('số điện thoại của tôi');
    expect(text('đt nào được hỗ trợ')).toBe('đối tượng nào được hỗ trợ');
    expect(text('mã 7912345678 ns 05/11/1992')).toBe('mã 7912345678 ngày sinh 05/11/1992');
    expect(text('the bh yte cua e, sn 12/3/1985')).toBe('the bao hiem y te cua em, ngay sinh 12/3/1985');
    expect(text('đau hông quá')).toBe('đau hông quá');
    expect(text('có sổ hong')).toBe('có sổ hong');
    expect(text('được hông')).toBe('được không');
    expect(text('5 r')).toBe('5 r');
    expect(text('tại s')).toBe('tại sao');
    expect(text('xong r')).toBe('xong roi');
    expect(text('đóng r')).toBe('đóng rồi');
  });
});

describe('normalizeCitizenText: Telex and VNI leftovers', () => {
  it('decodes Telex tokens into the accented syllable', () => {
    expect(text('mình muốn đóng baor hieerm')).toBe('mình muốn đóng bảo hiểm');
    expect(text('bhxh tuwj nguyeenj')).toBe('bhxh tự nguyện');
    expect(text('tôi ddongs rồi')).toBe('tôi đóng rồi');
    expect(text('nguowif nhà được không')).toBe('người nhà được không');
    expect(text('có dduwowcj không')).toBe('có được không');
    expect(text('thẻ khoong còn hạn')).toBe('thẻ không còn hạn');
  });

  it('decodes VNI tokens', () => {
    expect(text('bảo hie6m3')).toBe('bảo hiểm');
    expect(text('đóng bao3 hiểm')).toBe('đóng bảo hiểm');
    expect(text('được d9u7o7c5')).toBe('được được');
  });

  it('writes a lone decoded token folded in a message without diacritics', () => {
    const result = normalizeCitizenText('minh muon dong baor hiem');
    expect(result.text).toBe('minh muon dong bao hiem');
    expect(result.changes).toEqual([{ from: 'baor', to: 'bao', reason: 'telex' }]);
  });

  it('treats a message typed in Telex as accented, while hadDiacritics reports the original', () => {
    const result = normalizeCitizenText('minhf muoons ddongs baor hieerm tuwj nguyeenj');
    expect(result.text).toBe('mình muốn đóng bảo hiểm tự nguyện');
    expect(result.hadDiacritics).toBe(false);
    expect(result.changes.every((change) => change.reason === 'telex')).toBe(true);
    expect(text('bao3 hie6m3 xa4 ho65i')).toBe('bảo hiểm xã hội');
  });

  it('leaves valid syllables, English words and codes that look like Telex alone', () => {
    expect(text('xoong nồi, soong')).toBe('xoong nồi, soong');
    expect(text('thanks, is this ok, has it')).toBe('thanks, is this ok, has it');
    expect(text('mã A1 và GD4797932112346')).toBe('mã A1 và GD4797932112346');
  });
});

describe('normalizeCitizenText: spelling', () => {
  it('corrects tokens that are not Vietnamese syllables to the nearest domain syllable', () => {
    expect(text('bảo hỉem xã hội')).toBe('bảo hiểm xã hội');
    expect(text('hộ ngèo')).toBe('hộ nghèo');
    expect(text('nguời nhà')).toBe('người nhà');
    expect(text('tu nguyenn')).toBe('tu nguyen');
    expect(text('bao hiemm')).toBe('bao hiem');
    expect(text('fải đóng không')).toBe('phải đóng không');
    expect(text('jờ đóng được không')).toBe('giờ đóng được không');
    expect(normalizeCitizenText('hộ ngèo').changes).toEqual([
      { from: 'ngèo', to: 'nghèo', reason: 'spelling' },
    ]);
  });

  it('fixes the usual accent slips of a valid syllable the lexicon lacks', () => {
    expect(text('bảo hiêm')).toBe('bảo hiểm');
    expect(text('bảo hiễm')).toBe('bảo hiểm');
    expect(text('hoà nhập, thuỷ lợi')).toBe('hòa nhập, thủy lợi');
  });

  it('leaves valid words, names, numbers, codes, dates, links and known abbreviations alone', () => {
    const untouched = [
      'tư nguyen',
      'ho ngheo',
      'nguoi nha',
      'Hai vợ chồng tôi và 2 đứa con',
      'tôi bị bão',
      'làm nail, spa',
      'ok hello thanks zalo vneid vssid bhxh bhyt cccd',
      'mã GD4797932112346, số 9900000001',
      'sinh ngày 22/9/2021, đóng 1.500.000 đồng, 3,5tr',
      'gửi email tới abc@gmail.com hoặc https://baohiemxahoi.gov.vn?',
      'ở Thái Thụy, Kbang, Đắk Lắk',
      'VssID báo lỗi',
      'hotline 1900 9068',
    ];
    for (const message of untouched) expect(text(message), message).toBe(message);
  });

  it('never corrects an abbreviation of data/text/abbreviations.json that is no shorthand', () => {
    const forms = abbreviationData.entries
      .flatMap((entry) => entry.forms)
      .filter((form) => /^\p{L}+$/u.test(form) && !shorthandForms.has(form));
    expect(forms.length).toBeGreaterThan(20);
    for (const form of forms) expect(text(`mình hỏi ${form} nhé`), form).toBe(`mình hỏi ${form} nhé`);
  });

  it('leaves a token alone when no candidate is clearly best', () => {
    expect(text('qwrtp')).toBe('qwrtp');
    expect(text('zxcv bnm')).toBe('zxcv bnm');
  });
});

describe('normalizeCitizenText: diacritics follow the message', () => {
  it('inserts folded expansions and corrections into a message typed without diacritics', () => {
    const result = normalizeCitizenText('nha e ko biet bhxh tn dong bn 1 thang, ho ngeo co dc ho tro k');
    expect(result.text).toBe(
      'nha em khong biet bhxh tu nguyen dong bao nhieu 1 thang, ho ngheo co duoc ho tro khong',
    );
    expect(result.hadDiacritics).toBe(false);
    expect(hasDiacritics(result.text)).toBe(false);
  });

  it('inserts accented forms into a message with diacritics', () => {
    const result = normalizeCitizenText('nhà e ko biết bhxh tn đóng bn 1 tháng, hộ ngèo có dc hỗ trợ k');
    expect(result.text).toBe(
      'nhà em không biết bhxh tự nguyện đóng bao nhiêu 1 tháng, hộ nghèo có được hỗ trợ không',
    );
    expect(result.hadDiacritics).toBe(true);
  });

  it('gives an unaccented message the fold of what the accented one gives, on shorthand', () => {
    const accented = 'a ơi cho e hỏi, nhà 4ng mua bhyt hgđ hết bn, vk ck mình lm cty r, ko đc hỗ trợ j à';
    expect(text(stripDiacritics(accented))).toBe(foldVietnamese(text(accented)));
  });

  it('never adds diacritics to a message typed without them (Telex leftovers aside)', () => {
    const plainWords = fc.constantFrom(
      ...[...shorthandForms].filter((form) => !hasDiacritics(form)),
      'bao',
      'hiem',
      'nguoi',
      'nguyenn',
      'ngeo',
      'dong',
      '500k',
      '2ng',
      '?',
      ',',
      'ok',
    );
    fc.assert(
      fc.property(fc.array(plainWords, { maxLength: 12 }), (words) => {
        const result = normalizeCitizenText(words.join(' '));
        expect(result.hadDiacritics).toBe(false);
        expect(hasDiacritics(result.text)).toBe(false);
      }),
    );
  });
});

describe('normalizeCitizenText: properties', () => {
  const pool = [
    ...shorthandForms,
    ...[...shorthandForms].map((form) => form.toUpperCase()),
    'bảo',
    'hỉem',
    'ngèo',
    'nguời',
    'baor',
    'hieerm',
    'tuwj',
    'ddongs',
    'bao3',
    'hie6m',
    '2ng',
    '4NG',
    '500k',
    '1tr5',
    '2',
    '?',
    ',',
    '.',
    '\n',
    'ơi',
    'cảm ơn',
    'đóng',
    'tiền',
    'tuổi',
    'bhxh',
    'thẻ',
    'quên',
    'hoà',
    'nguyenn',
    'abc@x.vn',
    'e-mail',
    '(',
    ')',
    'Hùng',
    'khoong',
    'fải',
    'xoong',
    'hiêm',
    'nail',
    '05/11/1992',
  ];

  it('is idempotent: normalising twice gives the result of normalising once', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.constantFrom(...pool), { maxLength: 14 }).map((words) => words.join(' ')),
          fc.string({ maxLength: 40 }),
          fc.stringMatching(/^[a-zđăâêôơư0-9 ,.?!/-]{0,40}$/),
        ),
        (input) => {
          const once = normalizeCitizenText(input);
          const twice = normalizeCitizenText(once.text);
          expect(twice.text).toBe(once.text);
          expect(once.folded).toBe(foldVietnamese(once.text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves text made only of lexicon syllables unchanged', () => {
    const syllables = defaultCitizenNormalizer()
      .syllables()
      .filter((syllable) => !shorthandForms.has(syllable) && !shorthandForms.has(foldVietnamese(syllable)));
    expect(syllables.length).toBeGreaterThan(2500);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...syllables), fc.constantFrom(' ', ' ', ', ', '. ', '? ', '\n')), {
          minLength: 1,
          maxLength: 20,
        }),
        (parts) => {
          const input = parts.map(([syllable, separator]) => syllable + separator).join('');
          const result = normalizeCitizenText(input);
          expect(result.text).toBe(input);
          expect(result.changes).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isVietnameseSyllable', () => {
  it('accepts syllables spelt by the rules', () => {
    const valid = [
      'nghèo',
      'người',
      'quyền',
      'giữ',
      'gì',
      'gìn',
      'khuya',
      'kỳ',
      'yêu',
      'uyên',
      'xoong',
      'được',
    ];
    for (const syllable of [...valid, 'bảo', 'hoặc', 'quốc', 'nguyện', 'giếng', 'thuở', 'khuỷu', 'ĐÓNG']) {
      expect(isVietnameseSyllable(syllable), syllable).toBe(true);
    }
    for (const folded of ['nguoi', 'ngheo', 'tu', 'nguyen', 'khong', 'gi', 'qua', 'kiem']) {
      expect(isVietnameseSyllable(folded), folded).toBe(true);
    }
  });

  it('rejects what breaks them: onsets before e/ê/i, k/c, qu, finals, tones on stop finals, Telex', () => {
    const invalid = ['ngèo', 'ngeo', 'ghà', 'kà', 'cé', 'ci', 'qa', 'bhxh', 'hỉem', 'khoong', 'càc', 'hiẽp'];
    for (const token of [...invalid, 'baor', 'tuwj', 'ddong', 'ok', 'hello', 'iên', 'tyên', 'nguyeen']) {
      expect(isVietnameseSyllable(token), token).toBe(false);
    }
  });
});

describe('lexicon', () => {
  const normalizer = defaultCitizenNormalizer();

  it('holds the FAQ, the notes, the abbreviation expansions and the common syllables', () => {
    expect(normalizer.lexiconSize).toBeGreaterThan(3000);
    expect(normalizer.foldedLexiconSize).toBeGreaterThan(1000);
    const notes = readdirSync(NOTES_DIR)
      .filter((file) => file.endsWith('.md'))
      .map((file) => readFileSync(join(NOTES_DIR, file), 'utf8'));
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) {
      for (const [word] of note
        .normalize('NFC')
        .toLowerCase()
        .matchAll(/[\p{L}\p{M}]+/gu)) {
        if (isVietnameseSyllable(word)) expect(normalizer.knows(word), word).toBe(true);
      }
    }
    for (const entry of abbreviationData.entries) {
      for (const word of entry.expansion.toLowerCase().split(' '))
        expect(normalizer.knows(word), word).toBe(true);
    }
    expect(normalizer.knows('nghèo')).toBe(true);
    expect(normalizer.knows('ngheo')).toBe(true);
  });

  it('takes more texts from the caller', () => {
    expect(normalizer.knows('ngoẹo')).toBe(false);
    const extended = createCitizenNormalizer({ extraTexts: ['cổ bị ngoẹo'] });
    expect(extended.knows('ngoẹo')).toBe(true);
  });

  it('data/text/syllables.json: folded keys, valid accented forms, lower-case keep words', () => {
    const syllables = syllableData.syllables as Record<string, string>;
    expect(Object.keys(syllables).length).toBeGreaterThan(1000);
    for (const [folded, forms] of Object.entries(syllables)) {
      for (const form of forms.split(' ')) {
        expect(foldVietnamese(form), form).toBe(folded);
        expect(isVietnameseSyllable(form), form).toBe(true);
        expect(form).toBe(form.normalize('NFC').toLowerCase());
      }
    }
    for (const word of syllableData.keep) expect(word).toBe(word.toLowerCase());
  });
});

describe('normalizeCitizenText: speed (a loose sanity check, not a benchmark)', () => {
  it('normalises a 200-character message in well under 20 ms on average', () => {
    const message =
      'ad ơi cho e hỏi, nhà e 4ng mua bhyt hgđ thì hết bn tiền 1 năm ạ? e đóng bhxh tn mức 1tr5 đc ko, ' +
      'bảo hỉem xã hội tự nguyen có hỗ trợ hộ ngèo k, mk quên mk vssid r, baor hieerm, cảm ơn ad nhìu';
    expect(message.length).toBeGreaterThanOrEqual(180);
    normalizeCitizenText(message);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) normalizeCitizenText(`${message} ${i % 50}`);
    const average = (performance.now() - started) / 1000;
    expect(average).toBeLessThan(20);
  });
});
