import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasDiacritics, VietnameseAnalyzer } from '../../../../functions/core/text/analyze.js';
import { foldVietnamese } from '../../../../functions/core/text/fold.js';
import { stripDiacritics } from '../../../support/text.js';

const analyzer = new VietnameseAnalyzer();

/** Vietnamese-looking text: syllables with tones, đ, capitals, punctuation and spaces. */
const vietnameseText = fc
  .array(
    fc.constantFrom(
      'Bảo',
      'hiểm',
      'xã',
      'hội',
      'tự',
      'nguyện',
      'ĐÓNG',
      'được',
      'hộ',
      'gia',
      'đình',
      'BHXH',
      'bhyt',
      'ko',
      'dc',
      'thẻ',
      'thể',
      'có',
      '22%',
      '30/6/2019',
      '1.500.000',
      'Ưu',
      'tiên',
      ',',
      '.',
      '?',
      '\n',
    ),
    { maxLength: 30 },
  )
  .map((words) => words.join(' '));

describe('foldVietnamese', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, fc.string()), (text) => {
        const once = foldVietnamese(text);
        expect(foldVietnamese(once)).toBe(once);
      }),
    );
  });

  it('removes every diacritic and maps đ to d', () => {
    expect(foldVietnamese('Đóng BẢO HIỂM  Xã hội tự nguyện')).toBe('dong bao hiem xa hoi tu nguyen');
    fc.assert(
      fc.property(vietnameseText, (text) => {
        expect(hasDiacritics(foldVietnamese(text))).toBe(false);
      }),
    );
  });
});

describe('VietnameseAnalyzer', () => {
  it('analyses NFC and NFD input the same', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const nfc = text.normalize('NFC');
        const nfd = text.normalize('NFD');
        expect(analyzer.indexTerms(nfd)).toEqual(analyzer.indexTerms(nfc));
        expect(analyzer.queryTerms(nfd)).toEqual(analyzer.queryTerms(nfc));
      }),
    );
  });

  it('gives an unaccented question exactly the folded terms of the accented one', () => {
    const withoutSynonyms = new VietnameseAnalyzer({ synonyms: [] });
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const accented = withoutSynonyms.queryTerms(text).filter((term) => term.kind !== 'exact');
        expect(withoutSynonyms.queryTerms(stripDiacritics(text))).toEqual(accented);
      }),
    );
  });

  it('gives an unaccented question every folded term of the accented one, synonyms included', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const accented = analyzer.queryTerms(text).filter((term) => term.kind !== 'exact');
        expect(analyzer.queryTerms(stripDiacritics(text))).toEqual(expect.arrayContaining(accented));
      }),
    );
  });

  it('adds a synonym only for a phrase written as in the group when it has accents', () => {
    const custom = new VietnameseAnalyzer({ synonyms: [{ words: ['thẻ', 'thẻ bảo hiểm y tế'] }] });
    const terms = (question: string) => custom.queryTerms(question).map((term) => term.term);
    expect(terms('phát thẻ mới')).toContain('y_te');
    // "có thể" (can) and "thế nào" (how) fold to the same "the" but are not "thẻ" (card).
    expect(terms('tôi có thể đóng ở đâu')).not.toContain('y_te');
    expect(terms('thủ tục thế nào')).not.toContain('y_te');
    // Without accents "the" may be any of them, so it keeps the synonym.
    expect(terms('co the dong o dau')).toContain('y_te');
  });

  it('adds exact-accent terms only when the question has diacritics', () => {
    expect(analyzer.queryTerms('thẻ bảo hiểm').some((term) => term.kind === 'exact')).toBe(true);
    expect(analyzer.queryTerms('the bao hiem').some((term) => term.kind === 'exact')).toBe(false);
  });

  it('expands abbreviations in documents and chat shorthand only in questions', () => {
    const indexed = analyzer.indexTerms('Đóng BHXH tự nguyện');
    expect(indexed).toEqual(expect.arrayContaining(['bao_hiem', 'hiem_xa', 'xa_hoi', 'tu_nguyen']));
    const question = analyzer.queryTerms('bhxh tn ko dc ho tro a').map((term) => term.term);
    expect(question).toEqual(expect.arrayContaining(['bao_hiem', 'xa_hoi', 'tu_nguyen', 'ho_tro']));
    // "ko"/"dc" become không/được, which are stopwords: only their pairs remain.
    expect(question).not.toContain('ko');
    expect(question).not.toContain('khong');
    expect(analyzer.indexTerms('TN')).toEqual(['tn']);
  });

  it('expands chat shorthand of several syllables in questions ("1 lần" → "một lần")', () => {
    const terms = analyzer.queryTerms('rut bhxh 1 lan dc ko').map((term) => term.term);
    expect(terms).toEqual(expect.arrayContaining(['lan', 'mot_lan']));
    expect(terms).not.toContain('1');
    // Only the whole phrase, inside one phrase, and only in questions.
    expect(analyzer.queryTerms('mức 1. Lần sau').map((term) => term.term)).toContain('1');
    expect(analyzer.indexTerms('đóng 1 lần')).toContain('1');
  });

  it('reads the percent sign as "phần trăm" in passages and questions', () => {
    expect(analyzer.indexTerms('đạt 92,3%')).toEqual(
      expect.arrayContaining(['92,3', 'phan', 'tram', 'phan_tram']),
    );
    const asked = analyzer.queryTerms('tỷ lệ bao phủ đạt bao nhiêu phần trăm').map((term) => term.term);
    expect(asked).toContain('phan_tram');
    expect(analyzer.queryTerms('dat bn %').map((term) => term.term)).toContain('phan_tram');
  });

  it('indexes the month and the year of a written date with it, and only in passages', () => {
    const indexed = analyzer.indexTerms('Đến ngày 30/09/2023 và tháng 12/2024');
    expect(indexed).toEqual(expect.arrayContaining(['30/09/2023', '9/2023', '2023', '12/2024', '2024']));
    expect(indexed).not.toContain('09/2023');
    expect(analyzer.queryTerms('den 30/9/2023').map((term) => term.term)).not.toContain('2023');
    // Not a date: amounts and decimals stay whole and alone.
    expect(analyzer.indexTerms('1.500.000 và 3,5')).not.toEqual(expect.arrayContaining(['500', '3']));
  });

  it('keeps syllable pairs inside a phrase but not across punctuation', () => {
    const terms = analyzer.indexTerms('tự nguyện. Bảo hiểm');
    expect(terms).toContain('tu_nguyen');
    expect(terms).toContain('bao_hiem');
    expect(terms).not.toContain('nguyen_bao');
  });

  it('adds the synonyms of a phrase in a question as a phrase of their own', () => {
    const custom = new VietnameseAnalyzer({ synonyms: [{ words: ['quyền lợi', 'chế độ'] }], stopwords: [] });
    const terms = custom.queryTerms('quyen loi gi').map((term) => term.term);
    expect(terms).toEqual(['quyen', 'loi', 'quyen_loi', 'gi', 'loi_gi', 'che', 'do', 'che_do']);
    expect(custom.indexTerms('quyền lợi')).not.toContain('che_do');
  });

  it('drops question phrases from a question, with the pairs they would form, but not from passages', () => {
    const custom = new VietnameseAnalyzer({ questionPhrases: ['bao nhiêu'], stopwords: [], synonyms: [] });
    const terms = custom.queryTerms('mức đóng bao nhiêu tiền').map((term) => term.term);
    expect(terms.filter((term) => !term.startsWith('~'))).toEqual(['muc', 'dong', 'muc_dong', 'tien']);
    expect(custom.queryTerms('muc dong bn tien').map((term) => term.term)).toEqual([
      'muc',
      'dong',
      'muc_dong',
      'tien',
    ]);
    // Only the whole phrase: "bao" alone (bảo, báo) stays a word.
    expect(custom.queryTerms('bao hiem').map((term) => term.term)).toEqual(['bao', 'hiem', 'bao_hiem']);
    expect(custom.indexTerms('bao nhiêu')).toContain('bao_nhieu');
  });

  it('takes its abbreviation table as data', () => {
    const custom = new VietnameseAnalyzer({
      abbreviations: [{ forms: ['qtx'], expansion: 'quỹ tử tuất', scope: 'all' }],
      stopwords: [],
    });
    expect(custom.indexTerms('QTX')).toEqual([
      'quy',
      '~quỹ',
      'tu',
      '~tử',
      'quy_tu',
      'tuat',
      '~tuất',
      'tu_tuat',
    ]);
  });
});
