/**
 * Texts of the card lookup. A citizen's name and date of birth never appear in a reply; the
 * card number is masked except its last 4 characters. A status reply gives the card's state
 * on its first line and stays within REPLY_MAX_CHARS (see policy/replies.ts).
 */
import { CONTACT } from '../dialogue/replies.js';
import type { Citation, Reply } from '../messages.js';
import { formatPercent } from '../policy/money.js';
import { compactLegalText, fitLines, GIVE_WAY, type ReplyLine } from '../policy/replies.js';
import { formatVietnameseDate, formatVietnameseMonth } from '../text/dates.js';
import { benefitLevelOn } from './benefit.js';
import { type CardRecord, daysBetween, maskCardNumber } from './card.js';

/** A card that ends within this many days (or has ended) gets the renewal advice. */
export const NEAR_EXPIRY_DAYS = 30;

const EXAMPLE = 'Ví dụ: 0123456789 12/03/1985';

export function askCodeReply(): Reply {
  return {
    text:
      'Để kiểm tra thẻ BHYT, bạn vui lòng gửi mã số BHXH (10 chữ số, in trên thẻ BHYT hoặc sổ BHXH) ' +
      `và ngày sinh của người có thẻ. Bạn có thể gửi cả hai trong một tin nhắn. ${EXAMPLE}`,
    intent: 'card.ask_code',
    path: 'slot',
    citations: [],
  };
}

/** "Tôi không có thẻ giấy, chỉ có VssID", "quên mã số rồi": where the code is, and the question stays open. */
export function whereIsTheCodeReply(): Reply {
  return {
    text:
      'Bạn không cần thẻ giấy. Mã số BHXH (10 chữ số) có trong ứng dụng ' +
      `${CONTACT.apps.join(' hoặc ')}, trên thẻ BHYT (là 10 số cuối của mã thẻ) hoặc trên sổ BHXH. ` +
      `Nếu không tìm được, bạn gọi ${CONTACT.hotlineName} ${CONTACT.hotline}. ` +
      `Khi có mã, bạn gửi mã số BHXH và ngày sinh của người có thẻ. ${EXAMPLE}`,
    intent: 'card.where_is_code',
    path: 'slot',
    citations: [],
  };
}

export function askDateOfBirthReply(): Reply {
  return {
    text: 'Cảm ơn bạn. Bạn vui lòng gửi ngày sinh của người có thẻ (ngày/tháng/năm), ví dụ: 12/03/1985',
    intent: 'card.ask_dob',
    path: 'slot',
    citations: [],
  };
}

export function invalidCodeReply(): Reply {
  return {
    text:
      'Mã số BHXH gồm đúng 10 chữ số (là 10 số cuối của mã thẻ BHYT). ' +
      `Bạn vui lòng kiểm tra và gửi lại. ${EXAMPLE}`,
    intent: 'card.invalid_code',
    path: 'slot',
    citations: [],
  };
}

/**
 * A phone number or a CCCD where the code was wanted. Never echoes the number, and says why the
 * bot does not need it, so nobody sends it again.
 */
export function notACodeReply(identifier: 'phone' | 'cccd'): Reply {
  const opening =
    identifier === 'phone'
      ? 'Cảm ơn bạn. Tôi không gọi điện hay nhắn tin lại được, nên bạn không cần gửi số điện thoại.'
      : 'Số bạn gửi có vẻ là số CCCD (12 chữ số). Để giữ an toàn, bạn không cần gửi số CCCD.';
  return {
    text:
      `${opening} Để kiểm tra thẻ BHYT, tôi cần mã số BHXH: 10 chữ số in trên thẻ BHYT ` +
      `(là 10 số cuối của mã thẻ) hoặc trong sổ BHXH, kèm ngày sinh của người có thẻ. ${EXAMPLE}`,
    intent: identifier === 'phone' ? 'card.phone_not_code' : 'card.cccd_not_code',
    path: 'slot',
    citations: [],
  };
}

/** Ten digits that may be a phone number or a code: nothing is kept until the citizen says which. */
export function unsureCodeReply(): Reply {
  return {
    text:
      'Dãy 10 chữ số bạn gửi giống một số điện thoại, nên tôi chưa dùng số này. Nếu đó là mã số BHXH ' +
      'in trên thẻ BHYT, bạn vui lòng gửi lại kèm chữ "mã", ví dụ: mã 0123456789 12/03/1985. ' +
      'Tôi không cần số điện thoại của bạn.',
    intent: 'card.unsure_code',
    path: 'slot',
    citations: [],
  };
}

export function invalidDateOfBirthReply(): Reply {
  return {
    text: 'Ngày sinh chưa đúng. Bạn vui lòng gửi theo dạng ngày/tháng/năm với năm đủ 4 chữ số, ví dụ: 12/03/1985',
    intent: 'card.invalid_dob',
    path: 'slot',
    citations: [],
  };
}

export function cancelledReply(): Reply {
  return {
    text: 'Tôi đã dừng kiểm tra thẻ BHYT. Bạn cần hỏi gì thêm cứ nhắn nhé.',
    intent: 'card.cancelled',
    path: 'prompt',
    citations: [],
  };
}

/**
 * The same reply whether the code is unknown or the date of birth is wrong, so nobody can
 * learn which codes exist.
 */
export function noMatchReply(): Reply {
  return {
    text:
      'Chưa tìm thấy thẻ BHYT khớp với mã số BHXH và ngày sinh bạn gửi. ' +
      `Bạn vui lòng kiểm tra lại và gửi cả hai trong một tin nhắn. ${EXAMPLE}\n` +
      `Bạn cũng có thể tra cứu trên ứng dụng ${CONTACT.apps.join(' hoặc ')}.`,
    intent: 'card.no_match',
    path: 'card',
    citations: [],
  };
}

/** Same text for every lock (this chat, or this code), so a lock reveals nothing about a code. */
export function lockoutReply(): Reply {
  return {
    text:
      'Đã có quá nhiều lần nhập thông tin chưa khớp. Để bảo vệ thông tin cá nhân, ' +
      'chức năng kiểm tra thẻ BHYT tạm thời bị khóa; bạn vui lòng thử lại sau.\n' +
      `Trong lúc chờ, bạn có thể xem thẻ trên ứng dụng ${CONTACT.apps.join(' hoặc ')}, ` +
      `hoặc gọi ${CONTACT.hotlineName} ${CONTACT.hotline}.`,
    intent: 'card.lockout',
    path: 'lockout',
    citations: [],
  };
}

/** How to renew, for a card that is about to end or has ended; terse when the reply is long. */
function renewalLine(expired: boolean): ReplyLine {
  const pay = 'bạn đóng tiếp BHYT hộ gia đình tại đại lý thu';
  const online = 'VssID, Cổng Dịch vụ công quốc gia';
  return {
    text:
      `Để gia hạn, ${pay} (bưu điện, UBND xã/phường) hoặc cơ quan BHXH nơi cư trú, hoặc đóng trực tuyến qua ${online}` +
      (expired ? '.' : '; nên đóng trước ngày hết hạn để quyền lợi không bị gián đoạn.'),
    short: `Để gia hạn, ${pay}, cơ quan BHXH, ${online.replace(', ', ' hoặc ')}.`,
    rank: GIVE_WAY.terse,
  };
}

/** The first sentence of a note, for when the whole note does not fit. */
function leadSentence(note: string): string {
  const end = note.search(/[.!?](\s|$)/);
  return end < 0 ? note : note.slice(0, end + 1);
}

export type CardValidity =
  | { readonly state: 'valid'; readonly daysLeft: number }
  | { readonly state: 'expiring'; readonly daysLeft: number }
  | { readonly state: 'expired'; readonly daysAgo: number }
  | { readonly state: 'not-yet-valid' };

/** Validity on `asOf` (YYYY-MM-DD); validTo is the last valid day. */
export function cardValidity(card: Pick<CardRecord, 'validFrom' | 'validTo'>, asOf: string): CardValidity {
  if (asOf < card.validFrom) return { state: 'not-yet-valid' };
  const daysLeft = daysBetween(asOf, card.validTo);
  if (daysLeft < 0) return { state: 'expired', daysAgo: -daysLeft };
  if (daysLeft <= NEAR_EXPIRY_DAYS) return { state: 'expiring', daysLeft };
  return { state: 'valid', daysLeft };
}

/**
 * The card's state on `asOf` with its number masked on the first line, the benefit level on
 * the second, then where to go, how far it is paid, renewal advice, the level's legal basis
 * and how fresh the data is; within REPLY_MAX_CHARS.
 */
export function cardStatusReply(card: CardRecord, asOf: string): Reply {
  const validity = cardValidity(card, asOf);
  const validTo = formatVietnameseDate(card.validTo);
  const theCard = `Thẻ BHYT số ${maskCardNumber(card.cardNumber)}`;
  const lines: (ReplyLine | string)[] = [];
  switch (validity.state) {
    case 'valid':
      lines.push(`✅ ${theCard} còn hạn sử dụng, đến hết ngày ${validTo}.`);
      break;
    case 'expiring':
      lines.push(
        validity.daysLeft === 0
          ? `⚠️ ${theCard} sắp hết hạn: chỉ còn dùng được đến hết hôm nay (${validTo}).`
          : `⚠️ ${theCard} sắp hết hạn: còn ${validity.daysLeft} ngày (đến hết ngày ${validTo}).`,
      );
      break;
    case 'expired':
      lines.push(`❌ ${theCard} đã hết hạn sử dụng (hạn cuối là ngày ${validTo}).`);
      break;
    case 'not-yet-valid':
      lines.push(
        `⏳ ${theCard} chưa đến ngày có giá trị sử dụng: từ ngày ${formatVietnameseDate(card.validFrom)} đến hết ngày ${validTo}.`,
      );
      break;
  }
  const benefit = benefitLevelOn(card.benefitLevel, asOf);
  const facility = `${card.facilityName} (mã ${card.facilityCode})`;
  const paid = `Đã đóng BHYT đến hết tháng ${formatVietnameseMonth(card.paidThrough)}.`;
  lines.push(
    benefit
      ? {
          text: `Mức hưởng theo mã quyền lợi trên thẻ: mức ${card.benefitLevel}, ${benefit.text}.`,
          short: `Mức hưởng theo mã quyền lợi trên thẻ: mức ${card.benefitLevel}, ${formatPercent(benefit.percent)}.`,
          rank: GIVE_WAY.terse,
        }
      : `Mã quyền lợi trên thẻ: mức ${card.benefitLevel}.`,
    {
      text: `Nơi đăng ký khám, chữa bệnh ban đầu: ${facility}. ${paid}`,
      short: `Nơi khám ban đầu: ${facility}. ${paid}`,
      rank: GIVE_WAY.terse,
    },
  );
  if (validity.state === 'expiring' || validity.state === 'expired') {
    lines.push(renewalLine(validity.state === 'expired'));
  }
  if (benefit?.note) {
    // The lead sentence states the rule; the rest repeats where to check, said on the last line too.
    lines.push({ text: benefit.note, short: leadSentence(benefit.note), rank: GIVE_WAY.extra });
  }
  if (benefit) {
    const source = compactLegalText(benefit.legalSource);
    lines.push({
      text: `Căn cứ mức hưởng: ${source}.`,
      short: { text: `Căn cứ: ${source.replace(/\s*\([^)]*\)/g, '')}.`, rank: GIVE_WAY.last },
      rank: GIVE_WAY.background,
    });
  }
  const checked = `Kiểm tra ngày ${formatVietnameseDate(asOf)}`;
  const updated = formatVietnameseDate(card.updatedAt.slice(0, 10));
  lines.push({
    text: `${checked}, dữ liệu thẻ cập nhật ngày ${updated}; bạn có thể đối chiếu trên ứng dụng ${CONTACT.apps.join(' hoặc ')}.`,
    short: `${checked}, dữ liệu cập nhật ngày ${updated}.`,
    rank: GIVE_WAY.terse,
  });
  const citations: Citation[] = benefit
    ? [{ document: benefit.legalSource, section: 'Mã quyền lợi trên thẻ BHYT', date: benefit.effectiveFrom }]
    : [];
  return {
    text: fitLines(lines),
    intent: `card.${validity.state === 'not-yet-valid' ? 'not_yet_valid' : validity.state}`,
    path: 'card',
    citations,
    askFeedback: true,
    asOf,
  };
}
