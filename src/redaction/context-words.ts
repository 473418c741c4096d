import { escapeRegExp } from '../text/regexp-escape.ts';
/**
 * The words around a number that say what it is (pure, no I/O): a contact word
 * near it makes it a phone; a currency, a unit or a counted thing beside it, or
 * a legal reference before it, make it an amount, a measure or a reference.
 * Words are matched in Arabic (with a clitic و ف ب ل ك and the article allowed
 * before them), English and French, in the matching text (matching-text.ts).
 */

/** A list written as words separated by spaces and line breaks. */
const words = (list: string) => list.split(/\s+/).filter(Boolean);

const CONTACT_WORDS = words(`
  هاتف هاتفي هواتف تلفون تليفون تلفوني جوال جوالي موبايل موبايلي خلوي خلويي نقال نقالي
  محمول رقمي للتواصل التواصل تواصل للاتصال اتصال اتصلوا اتصل واتساب واتس وتساب فايبر فاكس
  تلغرام tel tél tele telephone téléphone phone mobile mob cell cellphone portable gsm
  whatsapp viber signal telegram fax call contact sms text joindre appeler appelez
  rappeler numéro
`);

const CURRENCY_WORDS = words(`
  دينار دينارا دنانير درهم درهما دراهم ليرة ليرات ريال ريالات جنيه جنيها دولار دولارا
  دولارات يورو فلس قرش مليم سنتيم jod jd tnd dt mad dh dhs lbp ll yer usd eur gbp dinar
  dinars dirham dirhams rial rials riyal riyals lira livres pound pounds dollar dollars
  euro euros millimes centimes cents
`);
/** Currency marks written without letters, or as abbreviations with dots. */
const CURRENCY_MARKS = words(`
  $ € £ د.أ د.ا د.ت د.م ل.ل ر.ي ج.م
`);

/** Units, magnitudes and the things people count (a count is not a phone). */
const UNIT_WORDS = words(`
  مليون ملايين مليار مليارات ألف آلاف الف بالمئة بالمائة المئة المائة كم كلم متر مترا
  أمتار م2 هكتار دونم طن أطنان كغ لتر ميغاواط كيلوواط يوم يوما أيام ساعة ساعات شهر أشهر
  سنة سنوات عام أعوام طلب طلبا طلبات مستفيد مستفيدا مستفيدين شخص أشخاص نسمة مواطن مواطنا
  مواطنين ساكن رخصة رخص حالة حالات وثيقة وثائق نسخة نسخ صفحة صفحات موظف موظفا موظفين طالب
  طالبا طلاب سرير أسرة وحدة وحدات مشروع مشاريع مدرسة مدارس عقد عقود million millions
  billion billions thousand mille milliard milliards percent per pour km m m2 ha hectares
  tonnes tons kg litres liters mw kw kwh days jours hours heures months mois years ans
  années requests demandes beneficiaries bénéficiaires people persons personnes residents
  inhabitants habitants citizens cases cas licences licenses permits copies pages
  documents staff employees agents students élèves beds lits units unités projects projets
  schools écoles contracts contrats visitors visiteurs votes voix
`);
const UNIT_MARKS = words(`
  % ٪ ‰
`);

/** Words after which a number is a law's, an article's, a decision's or a contract's. */
const LEGAL_WORDS = words(`
  مادة المادة مواد فقرة بند قانون قانونا نظام لائحة قرار قرارا مرسوم ظهير فصل منشور تعميم
  تعليمات أمر عقد اتفاقية اتفاق مناقصة عطاء صفقة كتاب مراسلة محضر سجل قضية دعوى حكم جريدة
  الرسمية الرائد عدد العدد لسنة سنة عام موازنة ميزانية مبلغ قيمة كلفة تكلفة فاتورة article
  art articles law loi act decree décret dahir decision décision resolution résolution
  arrêté order ordonnance circular circulaire regulation règlement contract contrat tender
  marché agreement convention gazette bulletin jort case affaire invoice facture budget
  amount montant cost coût total reference référence ref page section chapter chapitre
  paragraph paragraphe clause item no of
`);

const CONTACT_LOOKBACK = 40;
const CONTACT_LOOKAHEAD = 25;
const BESIDE_LOOKBACK = 45;
const BESIDE_LOOKAHEAD = 20;

const alternation = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
/** A word of the list as a whole word, an Arabic clitic and article allowed before it. */
const wordOf = (words: readonly string[]) =>
  `(?<![\\p{L}\\p{N}])(?:[وفبلك]?(?:ال|لل)?)(?:${alternation(words)})(?![\\p{L}])`;

const CONTACT = new RegExp(wordOf(CONTACT_WORDS), 'iu');
const AMOUNT_AFTER = new RegExp(
  `^[\\s:)\\]-]{0,3}(?:${alternation([...CURRENCY_MARKS, ...UNIT_MARKS])}|${wordOf([...CURRENCY_WORDS, ...UNIT_WORDS])})`,
  'iu',
);
const CURRENCY_BEFORE = new RegExp(
  `(?:${alternation(CURRENCY_MARKS)}|${wordOf(CURRENCY_WORDS)})[\\s:]{0,3}$`,
  'iu',
);
// The legal word, then at most three words (رقم, No., n°, the body that issued it) before the
// number, all in one sentence: a full stop ends it, but for the abbreviations art., no. and ref.
const LEGAL_BEFORE = new RegExp(
  `${wordOf(LEGAL_WORDS)}(?:(?<=art|no|ref|n)\\.)?[:°º#]?(?:[\\s:/-]+(?:[^\\s\\d.]{1,14}|no\\.|n°)){0,3}[\\s:°º#-]*$`,
  'iu',
);

/** The text on the same line up to `length` characters before `start`. */
function before(text: string, start: number, length: number): string {
  const window = text.slice(Math.max(0, start - length), start);
  return window.slice(window.lastIndexOf('\n') + 1);
}

/** The text on the same line up to `length` characters after `end`. */
function after(text: string, end: number, length: number): string {
  const window = text.slice(end, end + length);
  const cut = window.indexOf('\n');
  return cut === -1 ? window : window.slice(0, cut);
}

/** Whether a contact word (هاتف, WhatsApp, tél…) stands near `start`–`end`, on the same line. */
export function contactWordNear(text: string, start: number, end: number): boolean {
  return (
    CONTACT.test(before(text, start, CONTACT_LOOKBACK)) ||
    CONTACT.test(after(text, end, CONTACT_LOOKAHEAD))
  );
}

/** A request's own ref (`JO-2026-000123`): a reference people cite, never personal data. */
const REQUEST_REF = /(?<![\p{L}\p{N}])[A-Z]{2}-\d{4}-\d{6,10}(?![\p{L}\p{N}])/gu;

/** Whether `start`–`end` lies within a request's ref ("2026-000123" of JO-2026-000123). */
function insideRequestRef(text: string, start: number, end: number): boolean {
  const line = before(text, start, 20);
  const from = start - line.length;
  for (const match of text.slice(from, end + 12).matchAll(REQUEST_REF))
    if (from + match.index <= start && from + match.index + match[0].length >= end) return true;
  return false;
}

/**
 * Whether a number at `start`–`end` reads as something other than personal
 * data: a currency, a unit or a counted thing right after it (whatever else
 * is near); otherwise, with no contact word near it, a currency right before
 * it or a legal word a few words before it. When in doubt it is personal.
 */
export function notPersonalNumber(text: string, start: number, end: number): boolean {
  if (insideRequestRef(text, start, end)) return true;
  if (AMOUNT_AFTER.test(after(text, end, BESIDE_LOOKAHEAD))) return true;
  if (contactWordNear(text, start, end)) return false;
  const left = before(text, start, BESIDE_LOOKBACK);
  return CURRENCY_BEFORE.test(left) || LEGAL_BEFORE.test(left);
}
