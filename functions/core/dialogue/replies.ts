/**
 * Fixed replies of the dialogue layer. Kept short and polite; every text has proper
 * diacritics whatever the citizen typed.
 */
import * as z from 'zod';
import contactRaw from '../../../data/contact.json' with { type: 'json' };
import type { Reply, ReplyButton } from '../messages.js';
import type { SmallTalkKind } from './smalltalk.js';

/** data/contact.json: the hotline and office wording of fallback and lockout replies. */
export const contactFileSchema = z.object({
  hotline: z.string().min(1),
  hotlineName: z.string().min(1),
  localOffice: z.string().min(1),
  /** The first is named in the hand-off reply. */
  apps: z.tuple([z.string().min(1)], z.string().min(1)),
  note: z.string().optional(),
});

export const CONTACT = contactFileSchema.parse(contactRaw);

/** Topic buttons shown after /start and /help. The data is sent back as a typed question. */
export const TOPIC_BUTTONS: readonly ReplyButton[] = [
  { label: '🧮 Tính tiền đóng BHXH tự nguyện', data: 'topic:calc' },
  { label: '📋 Quyền lợi BHXH, BHYT', data: 'topic:benefits' },
  { label: '💳 Kiểm tra thẻ BHYT', data: 'topic:card' },
  { label: '❓ Hướng dẫn', data: 'topic:help' },
];

const VSI_EXAMPLE = 'Thu nhập 3 triệu đóng BHXH tự nguyện bao nhiêu?';
const HI_EXAMPLE = 'BHYT hộ gia đình 4 người đóng bao nhiêu?';

/** What each topic button means, as the question a citizen would type. */
export const TOPIC_QUESTIONS: Readonly<Record<string, string>> = {
  'topic:calc': 'tôi muốn tính tiền đóng bhxh tự nguyện',
  'topic:benefits': 'quyền lợi khi tham gia bhxh tự nguyện',
  'topic:card': 'kiểm tra thẻ bhyt',
  'topic:help': '/help',
  'topic:vsi-example': VSI_EXAMPLE,
  'topic:hi-example': HI_EXAMPLE,
  'topic:hi-calc': 'tôi muốn tính tiền mua bhyt hộ gia đình',
  'topic:pension-calc': 'tôi muốn tính tỷ lệ hưởng lương hưu',
};

/** Three questions a citizen can press when the bot did not understand. */
const SUGGESTED_QUESTIONS: readonly ReplyButton[] = [
  { label: VSI_EXAMPLE, data: 'topic:vsi-example' },
  { label: HI_EXAMPLE, data: 'topic:hi-example' },
  { label: 'Kiểm tra hạn thẻ BHYT', data: 'topic:card' },
];

/** The button a routing label gets on a "Bạn muốn hỏi…?" reply: a topic question of its skill. */
export const INTENT_CHOICES: Readonly<Record<string, ReplyButton>> = {
  'calc.vsi_contribution': { label: 'Tính tiền đóng BHXH tự nguyện', data: 'topic:calc' },
  'calc.hi_household': { label: 'Tính tiền BHYT hộ gia đình', data: 'topic:hi-calc' },
  'calc.pension_rate': { label: 'Tính tỷ lệ lương hưu', data: 'topic:pension-calc' },
  'card.lookup': { label: 'Kiểm tra thẻ BHYT của bạn', data: 'topic:card' },
};

export function greetingReply(): Reply {
  return {
    text:
      'Xin chào! Tôi là trợ lý tư vấn BHXH tự nguyện và BHYT hộ gia đình.\n' +
      'Bạn có thể hỏi về mức đóng, mức hỗ trợ của Nhà nước, quyền lợi, thủ tục, ' +
      'hoặc kiểm tra hạn thẻ BHYT của mình. Mời bạn chọn một chủ đề hoặc gõ câu hỏi.',
    intent: 'greeting',
    path: 'greeting',
    citations: [],
    buttons: TOPIC_BUTTONS,
  };
}

/** A short polite answer to thanks, "ok" or goodbye; greetings get the full greeting. */
export function smallTalkReply(kind: SmallTalkKind): Reply {
  if (kind === 'greeting') return greetingReply();
  const text = {
    thanks:
      'Dạ, không có gì ạ. Khi cần hỏi thêm về BHXH tự nguyện hay BHYT hộ gia đình, bạn cứ nhắn cho tôi nhé.',
    ack: 'Dạ. Bạn cần hỏi thêm điều gì cứ nhắn cho tôi nhé.',
    bye: 'Cảm ơn bạn đã nhắn tin. Chúc bạn và gia đình nhiều sức khỏe!',
  }[kind];
  return { text, intent: `smalltalk.${kind}`, path: 'smalltalk', citations: [] };
}

export function helpReply(): Reply {
  return {
    text:
      'Bạn có thể gõ câu hỏi bằng tiếng Việt, có dấu hoặc không dấu. Ví dụ:\n' +
      '• "Thu nhập 3 triệu đóng BHXH tự nguyện bao nhiêu?"\n' +
      '• "BHYT hộ gia đình 4 người đóng bao nhiêu?"\n' +
      '• "Nam đóng 18 năm được hưởng lương hưu bao nhiêu %?"\n' +
      '• "Kiểm tra thẻ BHYT" (cần mã số BHXH và ngày sinh)\n' +
      `Cần hỗ trợ thêm, xin gọi ${CONTACT.hotlineName} ${CONTACT.hotline}.`,
    intent: 'help',
    path: 'help',
    citations: [],
    buttons: TOPIC_BUTTONS,
  };
}

export function fallbackReply(): Reply {
  return {
    text:
      'Xin lỗi, tôi chưa có thông tin chắc chắn để trả lời câu hỏi này. ' +
      `Bạn vui lòng gọi ${CONTACT.hotlineName} ${CONTACT.hotline} ` +
      `hoặc liên hệ ${CONTACT.localOffice} để được hướng dẫn chính xác.`,
    intent: 'unknown',
    path: 'fallback',
    citations: [],
    askFeedback: true,
  };
}

/** "Cho tôi gặp nhân viên": where a person answers; recorded on the turn (path handoff) for analysts. */
export function handoffReply(): Reply {
  return {
    text:
      'Dạ, hiện tôi chưa chuyển trực tiếp được tới nhân viên. Bạn có thể được tư vấn trực tiếp qua:\n' +
      `• ${CONTACT.hotlineName}: ${CONTACT.hotline}\n` +
      `• Ứng dụng ${CONTACT.apps[0]} (mục hỗ trợ)\n` +
      `• ${capitalize(CONTACT.localOffice)}\n` +
      'Tôi vẫn có thể tính tiền đóng, giải đáp chính sách hoặc kiểm tra thẻ BHYT cho bạn ngay tại đây.',
    intent: 'handoff',
    path: 'handoff',
    citations: [],
  };
}

/** Where a question the bot does not cover should go instead. */
export type OutOfScopeKind = 'compulsory' | 'unemployment' | 'other';

export function outOfScopeReply(kind: OutOfScopeKind): Reply {
  const where = {
    compulsory:
      'BHXH bắt buộc do công ty (đơn vị sử dụng lao động) kê khai và đóng cho người lao động. ' +
      `Bạn vui lòng hỏi bộ phận nhân sự của công ty, hoặc ${CONTACT.localOffice} nơi công ty đóng BHXH ` +
      `(tổng đài ${CONTACT.hotline}). Tranh chấp về lương, hợp đồng thì liên hệ công đoàn hoặc cơ quan quản lý lao động địa phương.`,
    unemployment:
      'Trợ cấp thất nghiệp do Trung tâm Dịch vụ việc làm tiếp nhận hồ sơ và giải quyết. ' +
      'Bạn vui lòng nộp hồ sơ tại Trung tâm Dịch vụ việc làm của tỉnh, thành phố nơi muốn nhận trợ cấp.',
    other: `Câu hỏi này nằm ngoài phạm vi tôi hỗ trợ.`,
  }[kind];
  return {
    text:
      `${where}\n` +
      'Tôi chỉ tư vấn về BHXH tự nguyện, BHYT hộ gia đình và kiểm tra thẻ BHYT: mức đóng, hỗ trợ của Nhà nước, quyền lợi, thủ tục.',
    intent: `out_of_scope.${kind}`,
    path: 'out_of_scope',
    citations: [],
    buttons: SUGGESTED_QUESTIONS,
  };
}

/** Insults: short and neutral, and still an open door. */
export function abuseReply(): Reply {
  return {
    text:
      'Xin lỗi nếu câu trả lời trước chưa giúp được bạn. Bạn có thể hỏi lại ngắn gọn, ' +
      `hoặc gọi ${CONTACT.hotlineName} ${CONTACT.hotline} để được hỗ trợ trực tiếp.`,
    intent: 'abuse',
    path: 'fallback',
    citations: [],
  };
}

/** A message the bot could not read as any question: a hint to rephrase and three to press. */
export function notUnderstoodReply(): Reply {
  return {
    text:
      'Xin lỗi, tôi chưa hiểu ý bạn. Bạn thử hỏi ngắn gọn, nêu rõ việc cần hỏi, ví dụ: ' +
      '"mức đóng BHXH tự nguyện", "BHYT hộ gia đình 3 người", "thẻ BHYT của tôi còn hạn không". ' +
      `Hoặc bấm một câu hỏi gợi ý dưới đây, hay gọi ${CONTACT.hotlineName} ${CONTACT.hotline}.`,
    intent: 'not_understood',
    path: 'fallback',
    citations: [],
    buttons: SUGGESTED_QUESTIONS,
  };
}

/** Two or three readings fit about equally: ask which one, with each as a button. */
export function chooseIntentReply(options: readonly ReplyButton[]): Reply {
  const lead =
    options.length === 1
      ? 'Có phải bạn muốn hỏi nội dung dưới đây? Mời bạn bấm chọn, hoặc gõ lại câu hỏi rõ hơn:\n'
      : 'Bạn muốn hỏi về nội dung nào dưới đây? Mời bạn bấm chọn hoặc gõ lại câu hỏi rõ hơn:\n';
  return {
    text: lead + options.map((option, index) => `${index + 1}. ${option.label}`).join('\n'),
    intent: 'clarify',
    path: 'clarify',
    citations: [],
    buttons: options.map((option, index) => ({ label: `${index + 1}. ${option.label}`, data: option.data })),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function unsupportedMediaReply(): Reply {
  return {
    text: 'Cảm ơn bạn! Hiện tôi chỉ đọc được tin nhắn chữ. Bạn vui lòng gõ câu hỏi của mình nhé.',
    intent: 'unsupported',
    path: 'prompt',
    citations: [],
  };
}

export function abandonedNotice(): string {
  return 'Tôi tạm dừng câu hỏi trước để trả lời câu hỏi mới của bạn.';
}
