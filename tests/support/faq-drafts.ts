/**
 * Synthetic FAQ items shared by the answer tests: the current support rate, and two items that
 * a question such as "bhxh mot lan" fits about equally (so the bot must ask which one).
 */
import type { FaqDraft } from '../../functions/core/knowledge/faq.js';

export const SUPPORT_NOW: FaqDraft = {
  id: 'ho-tro-moi',
  questions: ['Hộ nghèo tham gia BHXH tự nguyện được hỗ trợ bao nhiêu?', 'Mức hỗ trợ đóng BHXH tự nguyện'],
  answer: 'Từ 1/7/2025, người thuộc hộ nghèo được hỗ trợ 50% mức đóng tính theo chuẩn hộ nghèo nông thôn.',
  citations: [{ document: 'Nghị định 159/2025/NĐ-CP', date: '2025-07-01' }],
  effectiveFrom: '2025-07-01',
  status: 'published',
};

export const WITHDRAW_ONCE: FaqDraft = {
  id: 'rut-mot-lan',
  questions: ['Điều kiện hưởng BHXH một lần là gì?'],
  answer: 'BHXH một lần chỉ được giải quyết trong một số trường hợp luật quy định.',
  citations: [{ document: 'Luật Bảo hiểm xã hội 41/2024/QH15', section: 'Điều 102' }],
  effectiveFrom: '2025-07-01',
  status: 'published',
};

export const PAY_AHEAD: FaqDraft = {
  id: 'dong-mot-lan',
  questions: ['Đóng trước BHXH tự nguyện một lần được không?'],
  answer: 'Có thể đóng một lần cho nhiều năm về sau theo phương thức luật cho phép.',
  citations: [{ document: 'Luật Bảo hiểm xã hội 41/2024/QH15', section: 'Điều 36' }],
  effectiveFrom: '2025-07-01',
  status: 'published',
};
