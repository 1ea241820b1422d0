/**
 * Synthetic demo conversations for `npm start` on a fresh data directory, so the analyst
 * screens are not empty for a newcomer: three weeks of turns on Zalo and Telegram, answered
 * by FAQ, calculators, the card look-up and documents, with "don't know" questions typed
 * with and without diacritics or in shorthand, clarifications and 👍/👎.
 *
 * Clearly marked: every chat hash starts with `demo-` (the console shows "dữ liệu mẫu") and
 * every answer starts with "(Dữ liệu mẫu)". Deterministic (a seeded generator), written once
 * (marker `META#demo-conversations` in the content table), already in redacted form.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoClients } from '../../adapters/dynamodb/client.js';
import { DynamoConversationLog } from '../../adapters/dynamodb/conversation-log.js';
import { addDays } from '../../app/console/analytics.js';
import { vietnamDate } from '../../core/dialogue/handle.js';
import type { Citation } from '../../core/messages.js';
import type { TurnRecord } from '../../core/ports.js';
import type { Config } from '../../shared/config.js';
import { seededRandom } from '../../shared/random.js';

export const DEMO_CHAT_PREFIX = 'demo-';
export const DEMO_DAYS = 21;
const DEMO_ANSWER_MARK = '(Dữ liệu mẫu)';
const MARKER = { pk: 'META#demo-conversations', sk: 'META' };

interface Template {
  readonly path: string;
  readonly intent: string;
  readonly questions: readonly string[];
  readonly answer: string;
  readonly citations?: readonly Citation[];
  readonly weight: number;
}

const LAW: Citation = { document: 'Luật Bảo hiểm xã hội 41/2024/QH15', date: '2024-06-29' };
const DECREE: Citation = { document: 'Nghị định 159/2025/NĐ-CP', section: 'Điều 4' };

const TEMPLATES: readonly Template[] = [
  {
    path: 'faq',
    intent: 'faq:bhxh-tn-ai-duoc-tham-gia',
    questions: [
      'Ai được tham gia BHXH tự nguyện?',
      'ai duoc tham gia bhxh tu nguyen',
      'ai đc tham gia bhxh tn',
    ],
    answer: 'Công dân Việt Nam từ đủ 15 tuổi trở lên không thuộc diện bắt buộc được tham gia.',
    citations: [LAW],
    weight: 10,
  },
  {
    path: 'faq',
    intent: 'faq:bhxh-tn-ho-tro',
    questions: ['Nhà nước hỗ trợ tiền đóng BHXH tự nguyện bao nhiêu?', 'nha nuoc ho tro bao nhieu'],
    answer: 'Nhà nước hỗ trợ theo tỉ lệ trên mức đóng theo chuẩn hộ nghèo khu vực nông thôn.',
    citations: [DECREE],
    weight: 8,
  },
  {
    path: 'faq',
    intent: 'faq:bhxh-tn-noi-dong',
    questions: ['Đóng BHXH tự nguyện ở đâu?', 'dong bhxh tu nguyen o dau'],
    answer: 'Bạn đóng tại đại lý thu, bưu điện hoặc qua Cổng dịch vụ công.',
    citations: [LAW],
    weight: 6,
  },
  {
    path: 'calculator',
    intent: 'calc.vsi_contribution',
    questions: ['thu nhập 2 triệu đóng bhxh tự nguyện bao nhiêu', 'muc dong bhxh tu nguyen 1tr5'],
    answer: 'Bạn đóng 330.000 đồng/tháng (22% thu nhập 1.500.000 đồng).',
    citations: [LAW],
    weight: 12,
  },
  {
    path: 'calculator',
    intent: 'calc.hi_household',
    questions: ['bhyt hgd 4 nguoi dong bn', 'BHYT hộ gia đình 3 người đóng bao nhiêu?'],
    answer: 'Cả hộ đóng 3.052.800 đồng/năm.',
    citations: [DECREE],
    weight: 10,
  },
  {
    path: 'card',
    intent: 'card.status',
    questions: ['[mã số BHXH] [ngày]', 'tra cứu thẻ bhyt [mã số BHXH]'],
    answer: 'Thẻ BHYT của bạn còn hạn đến [ngày].',
    weight: 7,
  },
  {
    path: 'document',
    intent: 'document',
    questions: ['thời gian đóng tối thiểu để hưởng lương hưu', 'hưởng lương hưu cần đóng bao nhiêu năm'],
    answer: 'Theo Luật BHXH 2024, cần đủ 15 năm đóng trở lên.',
    citations: [{ ...LAW, section: 'Điều 98' }],
    weight: 7,
  },
  {
    path: 'fallback',
    intent: 'fallback',
    questions: [
      'làm sao để đổi tên trên ứng dụng vssid',
      'lam sao de doi ten tren ung dung vssid',
      'đổi tên trên vssid thế nào ạ',
    ],
    answer: 'Xin lỗi, tôi chưa có thông tin về việc này. Bạn gọi 1900 9068 để được hỗ trợ.',
    weight: 5,
  },
  {
    path: 'fallback',
    intent: 'fallback',
    questions: [
      'đóng bhxh tự nguyện qua momo được không',
      'dong bhxh tn qua momo dc ko',
      'đóng bảo hiểm xã hội tự nguyện qua ví momo',
    ],
    answer: 'Xin lỗi, tôi chưa có thông tin về việc này. Bạn gọi 1900 9068 để được hỗ trợ.',
    weight: 4,
  },
  {
    path: 'fallback',
    intent: 'fallback',
    questions: ['khám trái tuyến có được hoàn tiền bhyt không', 'kham trai tuyen co duoc hoan tien khong'],
    answer: 'Xin lỗi, tôi chưa có thông tin về việc này. Bạn gọi 1900 9068 để được hỗ trợ.',
    weight: 3,
  },
  {
    path: 'clarify',
    intent: 'clarify',
    questions: ['thẻ bhyt hết hạn gia hạn online', 'the bhyt het han gia han online'],
    answer: 'Có phải bạn muốn hỏi nội dung dưới đây? Mời bạn bấm chọn.',
    weight: 3,
  },
  {
    path: 'greeting',
    intent: 'greeting',
    questions: ['xin chào', 'chào ad'],
    answer: 'Chào bạn! Tôi có thể giúp gì về BHXH tự nguyện và BHYT hộ gia đình?',
    weight: 4,
  },
  {
    path: 'handoff',
    intent: 'handoff',
    questions: ['cho tôi gặp nhân viên', 'gap tu van vien'],
    answer: 'Bạn gọi tổng đài 1900 9068 để gặp tư vấn viên.',
    weight: 2,
  },
];

/** The demo turns for the `days` days up to `today` (Vietnam), oldest first, none after `notAfter`. */
export function demoTurns(
  today: string,
  notAfter: Date,
  options: { readonly days?: number; readonly perDay?: number; readonly seed?: number } = {},
): TurnRecord[] {
  const days = options.days ?? DEMO_DAYS;
  const random = seededRandom(options.seed ?? 20261201);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const total = TEMPLATES.reduce((sum, template) => sum + template.weight, 0);
  const template = (): Template => {
    let roll = random() * total;
    for (const candidate of TEMPLATES) {
      roll -= candidate.weight;
      if (roll < 0) return candidate;
    }
    return TEMPLATES[0] as Template;
  };
  const turns: TurnRecord[] = [];
  for (let offset = days - 1; offset >= 0; offset--) {
    const day = addDays(today, -offset);
    const count = options.perDay ?? 30 + Math.floor(random() * 50);
    for (let index = 0; index < count; index++) {
      const chosen = template();
      // 06:00–22:00 Vietnam time = 23:00 (day before) – 15:00 UTC.
      const minutes = 6 * 60 + Math.floor(random() * 16 * 60);
      const at = new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 3600_000 + minutes * 60_000 + index * 1000);
      if (at > notAfter) continue;
      const rated = ['faq', 'calculator', 'card', 'document', 'fallback'].includes(chosen.path);
      const vote = random();
      turns.push({
        turnId: `${at.toISOString().replace(/[-:.]/g, '')}-demo${String(index).padStart(5, '0')}`,
        channel: random() < 0.6 ? 'zalo' : 'telegram',
        chatHash: `${DEMO_CHAT_PREFIX}${String(Math.floor(random() * Math.max(400, count * 0.6))).padStart(5, '0')}`,
        at: at.toISOString(),
        question: pick(chosen.questions),
        answer: `${DEMO_ANSWER_MARK} ${chosen.answer}`,
        intent: chosen.intent,
        path: chosen.path,
        citations: [...(chosen.citations ?? [])],
        latencyMs: Math.round(300 + random() ** 2 * 4000),
        ...(rated && vote < 0.12
          ? { feedback: 'up' as const }
          : rated && vote > 0.95
            ? { feedback: 'down' as const }
            : {}),
      });
    }
  }
  return turns;
}

/** Seed step: the demo conversations, once per data directory. */
export async function seedDemoConversations(context: {
  readonly config: Config;
  readonly clients: DynamoClients;
  readonly log: (line: string) => void;
}): Promise<void> {
  const { config, clients } = context;
  const marker = await clients.doc.send(new GetCommand({ TableName: config.tables.content, Key: MARKER }));
  if (marker.Item) return;
  const now = new Date();
  const log = new DynamoConversationLog(
    clients.doc,
    config.tables.conversations,
    { now: () => now },
    config.conversationRetentionDays,
  );
  const turns = demoTurns(config.asOfDate ?? vietnamDate(now), now);
  await log.appendMany(turns);
  await clients.doc.send(
    new PutCommand({
      TableName: config.tables.content,
      Item: { ...MARKER, kind: 'meta', seededAt: now.toISOString(), turns: turns.length },
    }),
  );
  context.log(
    `demo conversations: ${turns.length} synthetic turns over ${DEMO_DAYS} days (chats "${DEMO_CHAT_PREFIX}…")`,
  );
}
