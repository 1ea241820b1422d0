import { describe, expect, it } from 'vitest';
import type { DialogueDeps } from '../../../../functions/core/dialogue/handle.js';
import { readMessage, type Skill } from '../../../../functions/core/dialogue/skill.js';
import { detectSmallTalk } from '../../../../functions/core/dialogue/smalltalk.js';
import { createPolicySkills } from '../../../../functions/core/policy/skills.js';
import { foldVietnamese } from '../../../../functions/core/text/fold.js';
import { converse } from '../../../support/dialogue.js';
import { stripDiacritics } from '../../../support/text.js';

describe('detectSmallTalk', () => {
  it.each([
    ['chào bạn', 'greeting'],
    ['Xin chào ad!', 'greeting'],
    ['alo', 'greeting'],
    ['Hello bot', 'greeting'],
    ['chào em, cho chị hỏi chút', 'greeting'],
    ['cảm ơn bạn nhiều', 'thanks'],
    ['cám ơn ad ạ 🙏', 'thanks'],
    ['thank you so much', 'thanks'],
    ['ok cảm ơn', 'thanks'],
    ['cảm ơnnn', 'thanks'],
    ['okkk', 'ack'],
    ['dạ vâng', 'ack'],
    ['à ok mình hiểu rồi', 'ack'],
    ['tạm biệt nhé', 'bye'],
    ['bye ad', 'bye'],
    ['thôi em out đây, bb', 'bye'],
    ['pp nhé', 'bye'],
    ['mình đi đây', 'bye'],
  ] as const)('"%s" → %s, with and without diacritics', (text, kind) => {
    expect(detectSmallTalk(foldVietnamese(text))).toBe(kind);
    expect(detectSmallTalk(foldVietnamese(stripDiacritics(text)))).toBe(kind);
  });

  it('reads the message as the bot does: shorthand expanded, "out" kept as typed', () => {
    expect(detectSmallTalk(readMessage('thôi e out đây, bb').folded)).toBe('bye');
  });

  it.each([
    'chào bạn, mức đóng bhxh tự nguyện bao nhiêu',
    'cảm ơn, cho hỏi đóng ở đâu',
    'ok vậy 3 triệu thì đóng bao nhiêu',
    'có',
    'bạn ơi',
    'thôi',
    '3',
    '',
    'chào chào chào chào chào chào chào chào chào chào chào',
  ])('"%s" is not small talk', (text) => {
    expect(detectSmallTalk(foldVietnamese(text))).toBeUndefined();
  });
});

describe('small talk in a conversation', () => {
  const NOW = new Date('2026-11-22T03:00:00Z');
  const knowledge: Skill = {
    name: 'knowledge',
    detect: () => 0,
    handle: async () => ({ reply: { text: 'kiến thức', intent: 'faq', path: 'faq', citations: [] } }),
  };
  const deps: DialogueDeps = {
    clock: { now: () => NOW },
    skills: createPolicySkills(),
    fallbackSkill: knowledge,
  };

  const talk = (texts: readonly string[]) => converse(texts, deps, 'cli:smalltalk');

  it('greets with the topic buttons and thanks back politely, never "I don\'t know"', async () => {
    const { replies } = await talk(['chao ad', 'cam on ban nhieu', 'tam biet']);
    expect(replies.map((reply) => reply.intent)).toEqual(['greeting', 'smalltalk.thanks', 'smalltalk.bye']);
    expect(replies[0]?.buttons?.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.text).not.toContain('chưa có thông tin');
  });

  it('keeps a question that waits for an answer: "ok" then the income completes the calculation', async () => {
    const { replies, session } = await talk(['tôi muốn tính tiền đóng bhxh tự nguyện', 'ok', '3 triệu']);
    expect(replies[0]?.path).toBe('slot');
    expect(replies[1]).toMatchObject({ intent: 'smalltalk.ack', path: 'smalltalk' });
    expect(replies[2]).toMatchObject({ intent: 'calc.vsi_contribution', path: 'calculator' });
    expect(replies[2]?.text).toContain('3.000.000');
    expect(replies[2]?.text).not.toContain('tạm dừng câu hỏi trước');
    expect(session.pending).toBeUndefined();
  });
});
