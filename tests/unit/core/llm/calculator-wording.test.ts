import { describe, expect, it } from 'vitest';
import { createTurnContext, type Skill } from '../../../../functions/core/dialogue/skill.js';
import { withModelWording } from '../../../../functions/core/llm/generate.js';
import { createPolicySkills } from '../../../../functions/core/policy/skills.js';
import { answered, scriptedLlm } from '../../../support/llm.js';

const now = new Date('2026-03-01T03:00:00Z');
const QUESTION = 'thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu một tháng';
const context = () =>
  createTurnContext({
    message: {
      channel: 'telegram',
      messageId: '1',
      chatId: '42',
      sentAt: now.toISOString(),
      kind: 'text',
      text: QUESTION,
    },
    text: QUESTION,
    asOf: '2026-03-01',
    now,
    session: { key: 'telegram:hashofchat', updatedAt: now.toISOString() },
  });

function calculator(): Skill {
  const skill = createPolicySkills().find((candidate) => candidate.detect(context()) > 0.5);
  if (!skill) throw new Error('no calculator claims the question');
  return skill;
}

describe('a calculator reworded by the model', () => {
  it('keeps the computed figures: a reply using them is sent with the calculator citations', async () => {
    const computed = (await calculator().handle(context())).reply;
    expect(computed.path).toBe('calculator');
    const monthly = /(\d{1,3}(?:\.\d{3})+) đồng/.exec(computed.text)?.[1];
    expect(monthly).toBeDefined();
    const llm = scriptedLlm(() =>
      answered({
        status: 'answer',
        text: `Với thu nhập 2 triệu, mỗi tháng bạn đóng ${monthly} đồng [F1].`,
        cites: ['F1'],
      }),
    );
    const { reply } = await withModelWording(calculator(), llm).handle(context());
    expect(llm.requests).toHaveLength(1);
    expect(reply.text).toMatch(
      new RegExp(
        `^Với thu nhập 2 triệu, mỗi tháng bạn đóng ${monthly?.replace(/\./g, '\\.')} đồng \\[1\\]\\.`,
      ),
    );
    expect(reply.text).toContain('Nguồn:\n[1] ');
    expect(reply).toMatchObject({
      path: 'calculator',
      intent: computed.intent,
      citations: computed.citations,
    });
    expect(reply.llm).toMatchObject({ outcome: 'used' });
  });

  it('sends the calculator reply itself when the model changes a figure', async () => {
    const computed = (await calculator().handle(context())).reply;
    const llm = scriptedLlm(() =>
      answered({ status: 'answer', text: 'Mỗi năm bạn đóng 5.280.000 đồng [F1].', cites: ['F1'] }),
    );
    const { reply } = await withModelWording(calculator(), llm).handle(context());
    expect(reply.text).toBe(computed.text);
    expect(reply.llm).toMatchObject({ outcome: 'fallback', fallbackReason: 'gate:figure' });
  });

  it('does not call the model unless LLM_INTENTS has calculators', async () => {
    const llm = scriptedLlm(() => answered({}), { intents: ['documents'] });
    const { reply } = await withModelWording(calculator(), llm).handle(context());
    expect(llm.requests).toHaveLength(0);
    expect(reply.llm).toBeUndefined();
  });
});
