/**
 * Fixed replies of the dialogue layer. Kept short and polite; every text has proper
 * diacritics whatever the citizen typed.
 */
import contact from '../../../data/contact.json' with { type: 'json' };
import type { Reply, ReplyButton } from '../messages.js';
import type { SmallTalkKind } from './smalltalk.js';

export const CONTACT = contact;

/** Topic buttons shown after /start and /help. The data is sent back as a typed question. */
export const TOPIC_BUTTONS: readonly ReplyButton[] = [
  { label: '🧮 Tính tiền đóng BHXH tự nguyện', data: 'topic:calc' },
  { label: '📋 Quyền lợi BHXH, BHYT', data: 'topic:benefits' },
  { label: '💳 Kiểm tra thẻ BHYT', data: 'topic:card' },
  { label: '❓ Hướng dẫn', data: 'topic:help' },
];

/** What each topic button means, as the question a citizen would type. */
export const TOPIC_QUESTIONS: Readonly<Record<string, string>> = {
  'topic:calc': 'tôi muốn tính tiền đóng bhxh tự nguyện',
  'topic:benefits': 'quyền lợi khi tham gia bhxh tự nguyện',
  'topic:card': 'kiểm tra thẻ bhyt',
  'topic:help': '/help',
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
