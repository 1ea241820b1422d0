/**
 * Rule-based cues on folded text that tell a calculation request from a general question.
 * They are deliberately narrow: "ai được tham gia bhxh tự nguyện" or "đóng ở đâu" must stay
 * with the knowledge engine.
 */
import { type Reading, typedAs } from '../../text/reading.js';
export const VSI_CONTEXT =
  /\b(?:bhxh ?tu nguyen|bhxhtn|bhxh ?tn|bh ?xh tu nguyen|bao hiem xa hoi tu nguyen|bao hiem tu nguyen|bh tu nguyen|tu nguyen)\b/;
/**
 * Any word of the bot's domain (insurance, pensions, benefits, cards, papers, the office, pay).
 * A question with none of them ("giá lúa hôm nay bao nhiêu") is another topic, not a question
 * the bot failed to understand. "tôi muốn hỏi chút" is not another topic either: it asks for help.
 * Wide on purpose: a false match only means the usual routing.
 */
export const DOMAIN_WORD =
  /\b(?:bh|bhxh|bhyt|bhtn|bh ?xh|bh ?yt|bao hiem|huu|tro cap|ho tro|dong|dong tien|the|kham|chua benh|benh|benh vien|thuoc|vien phi|thai san|sinh con|om|tu tuat|mai tang|chet|mat|qua doi|so|ma so|cccd|can cuoc|vneid|vssid|dinh danh|ngheo|dan toc|tham gia|muc|nghi viec|that nghiep|cong ty|luong|thu nhap|chinh sach|nha nuoc|tong dai|nhan vien|ho so|thu tuc|giay to|dang ky|hoc sinh|sinh vien|tuoi|rut|mot lan|gia han|het han|con han|tra cuu|tu nguyen|ho gia dinh|hgd|tn|hoi|tu van|giup|thac mac|van de)\b/;
export const HI_CONTEXT = /\b(?:bhyt|bao hiem y te|bh ?y te)\b/;
export const HOUSEHOLD_CONTEXT =
  /\b(?:ho gia dinh|hgd|theo ho|ca nha|gia dinh|ca ho|nha toi|nha minh|thanh vien)\b/;
export const PENSION_CONTEXT =
  /\b(?:luong huu|huu tri|ve huu|nghi huu|ty le huong|ti le huong|ty le luong huu|ti le luong huu)\b/;
/**
 * What a participant *receives* (maternity, funeral, survivor, withdrawal): "thai sản bhxh tự
 * nguyện được bao nhiêu tiền" asks about a benefit, not about what to pay.
 */
export const BENEFIT_CONTEXT =
  /\b(?:thai san|sinh con|sinh em be|mai tang|tu tuat|tien tuat|tro cap|rut (?:bhxh|bao hiem|tien|so|ve|ra|het|lai)|(?:nhan|huong|lanh|rut) (?:[a-z]+ ){0,4}?(?:mot|1) (?:lan|cuc))\b/;
/** "đóng" or "nộp" (pay in): "nộp bao nhiêu", "mỗi tháng nộp". */
export const CALC_CUE =
  /\b(?:(?:dong|nop) bao nhieu|(?:dong|nop) het bao nhieu|(?:dong|nop) mat bao nhieu|bao nhieu tien|muc dong|tien (?:dong|nop)|so tien (?:phai )?(?:dong|nop)|phai (?:dong|nop)|tinh tien|tinh muc|tinh giup|tinh thu|tinh xem|tinh dum|tinh ho|mat bao nhieu|het bao nhieu|(?:moi|1|mot) thang (?:phai )?(?:dong|nop)|(?:dong|nop) (?:moi|1|mot) thang|phi dong|bao nhieu (?:mot|1) thang|(?:tong|tat ca) bao nhieu|muon tinh|can tinh)\b/;
export const INCOME_CUE = /\b(?:thu nhap|muc luong|luong|chon muc|muc thu nhap|can cu dong)\b/;
export const MIN_CUE = /\b(?:toi thieu|thap nhat|it nhat)\b/;
/**
 * "tối đa", "cao nhất". Folded, "toi da" is also "tôi đã": typed with accents the span decides;
 * typed without, a verb right after ("tôi đã tham gia", "tôi đã đóng") says it is "tôi đã".
 */
const MAX_WORDS = /\b(?:toi da|cao nhat|nhieu nhat)\b/g;
const PAST_VERB_AFTER =
  /^\s+(?:tham gia|dong|mua|nop|di|lam|co|nghi|hoi|biet|doc|xem|nghe|tung|tim|gui|ve|ra|bi|dang|o|song|chuyen|bo|ngung|dung|het|mat|lap|ky|nhan|rut|huong)\b/;

export function asksForMaximum(reading: Reading): boolean {
  for (const match of reading.folded.matchAll(MAX_WORDS)) {
    const end = match.index + match[0].length;
    const typed = typedAs(reading, match.index, end, ['tối đa', 'cao nhất', 'nhiều nhất']);
    if (typed === true) return true;
    if (typed === undefined && !PAST_VERB_AFTER.test(reading.folded.slice(end))) return true;
  }
  return false;
}
/** "hỗ trợ", and the everyday "Nhà nước bù / đỡ / giúp" a part of it. */
export const SUPPORT_CUE =
  /\b(?:ho tro|nha nuoc ho tro|duoc giam|(?:nha nuoc|duoc) (?:bu|do|giup|dong giup|tra giup)|bu cho|bu them|do mot phan|do cho)\b/;
export const HOW_MUCH = /\b(?:bao nhieu|muc|may phan tram|nhieu khong)\b|\bmay ?%/;
export const RATE_CUE =
  /(?:\bbao nhieu ?(?:%|phan tram)|\bty le\b|\bti le\b|\bduoc huong bao nhieu\b|\bhuong bao nhieu\b|\bluong huu (?:duoc )?bao nhieu\b|\bduoc bao nhieu\b|\bmay phan tram\b|\btinh\b)/;
/** Card lookups and procedures are other skills' business. */
export const CARD_LOOKUP = /\b(?:the bhyt|han the|het han|ma the|ma so bhxh|tra cuu|kiem tra the)\b/;
export const YEARS_QUESTION = /\b(?:bao nhieu nam|may nam|bao lau)\b/;
/**
 * "… không?", "… chưa?", "… được không ạ?": a question about the rules, not a request for a
 * figure; polite particles may close it.
 */
export const YES_NO_QUESTION =
  /\b(?:khong|chua|phai khong|dung khong|duoc khong)(?:\s*[?.!,]*\s*(?:a|ad|admin|ah|ak|vay|v|nhi|nhe|nha|ha|ban|em|anh|chi|ta|the|z))*\s*[?.!]*$/;
/** An explicit request to compute ("tính giúp", "tính tiền"), even when phrased "… được không". */
export const CALCULATE_REQUEST =
  /\b(?:tinh giup|tinh dum|tinh ho|tinh thu|tinh xem|tinh tien|tinh muc|muon tinh|can tinh)\b/;
/** Asking for the contribution rate itself. */
export const RATE_QUESTION = /(?:\bty le\b|\bti le\b|\bphan tram\b|%)/;
