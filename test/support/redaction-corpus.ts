/**
 * The redaction corpus: personal data written as people really type it, and
 * numbers that are not personal and must stay, in sentences of requests from
 * every jurisdiction. Made by a seeded generator, so the committed file
 * (test/fixtures/redaction-corpus.json) can be made again byte for byte:
 *
 *   node test/support/redaction-corpus.ts > test/fixtures/redaction-corpus.json
 *
 * Two parts. `tuned`: the rules are made to pass every item of it. `held_out`:
 * other sentence frames, other names, other random values and spellings the
 * rules were never tuned on; its recall and precision are reported as they are
 * (docs/redaction.md). The generator was committed before the rules changed.
 */

type Part = 'tuned' | 'held_out';

export interface CorpusItem {
  id: string;
  part: Part;
  jurisdiction: string;
  /** The requester of the request the sentence comes from. */
  requester: { name: string };
  text: string;
  /** The stretch under test: hidden when `personal`, untouched otherwise. */
  start: number;
  end: number;
  personal: boolean;
  kind: string;
}

/** mulberry32: a small seeded generator, the same sequence on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Draw {
  pick: <T>(list: readonly T[]) => T;
  digits: (count: number) => string;
  int: (min: number, max: number) => number;
  chance: (p: number) => boolean;
}

function drawer(seed: number): Draw {
  const next = random(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    pick: (list) => {
      const item = list[Math.floor(next() * list.length)];
      if (item === undefined) throw new Error('empty list');
      return item;
    },
    digits: (count) => Array.from({ length: count }, () => String(int(0, 9))).join(''),
    chance: (p) => next() < p,
  };
}

// ── How digits are written ────────────────────────────────────────────────
const SCRIPTS = {
  latin: '0123456789',
  arabic: '٠١٢٣٤٥٦٧٨٩',
  persian: '۰۱۲۳۴۵۶۷۸۹',
  fullwidth: '０１２３４５６７８９',
} as const;
type Script = keyof typeof SCRIPTS;
const inScript = (text: string, script: Script) =>
  text.replace(/\d/g, (d) => Array.from(SCRIPTS[script])[Number(d)] ?? d);

/** Splits `digits` into groups of the given sizes (the rest in a last group). */
function grouped(digits: string, sizes: readonly number[], separator: string): string {
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    groups.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) groups.push(digits.slice(at));
  return groups.join(separator);
}

// ── Phone plans: national significant numbers and how each is dialled at home ──
interface Plan {
  cc: string;
  mobile: (d: Draw) => string;
  fixed: (d: Draw) => string;
  /** The national form of a national significant number (with its trunk prefix where one is dialled). */
  national: (nsn: string) => string;
  /** How many leading digits of the national form are an area code people put in brackets (0: never). */
  area: (national: string) => number;
}

const withZero = (nsn: string) => `0${nsn}`;

const PLANS: Readonly<Record<string, Plan>> = {
  JO: {
    cc: '962',
    mobile: (d) => `7${d.pick(['7', '8', '9'])}${d.digits(7)}`,
    fixed: (d) => `${d.pick(['2', '3', '5', '6'])}${String(d.int(2, 9))}${d.digits(6)}`,
    national: withZero,
    area: (national) => (national.length === 10 ? 3 : 2),
  },
  TN: {
    cc: '216',
    mobile: (d) => `${d.pick(['2', '5', '9'])}${d.digits(7)}`,
    fixed: (d) => `7${d.pick(['1', '2', '3', '4', '5'])}${d.digits(6)}`,
    national: (nsn) => nsn,
    area: () => 0,
  },
  MA: {
    cc: '212',
    mobile: (d) => `${d.pick(['6', '7'])}${String(d.int(0, 9))}${d.digits(7)}`,
    fixed: (d) => `5${d.pick(['22', '24', '28', '35', '37', '39'])}${d.digits(6)}`,
    national: withZero,
    area: () => 0,
  },
  LB: {
    cc: '961',
    mobile: (d) => `${d.pick(['3', '70', '71', '76', '79', '81'])}${d.digits(6)}`,
    fixed: (d) =>
      `${d.pick(['1', '4', '5', '6', '7', '8', '9'])}${String(d.int(2, 9))}${d.digits(5)}`,
    // Seven-digit numbers (03 and the landlines) are dialled with 0; 70, 71, 76, 79 and 81 without.
    national: (nsn) => (nsn.length === 7 ? withZero(nsn) : nsn),
    area: (national) => (national.startsWith('0') ? 2 : 0),
  },
  YE: {
    cc: '967',
    mobile: (d) => `7${d.pick(['0', '1', '3', '7', '8'])}${d.digits(7)}`,
    fixed: (d) =>
      `${d.pick(['1', '2', '3', '4', '5', '6', '7'])}${String(d.int(2, 9))}${d.digits(5)}`,
    // Mobiles are dialled as they are; landlines with 0 and the area code.
    national: (nsn) => (nsn.length === 7 ? withZero(nsn) : nsn),
    area: (national) => (national.startsWith('0') ? 2 : 0),
  },
  GB: {
    cc: '44',
    mobile: (d) => `7${d.pick(['4', '5', '7', '8', '9'])}${String(d.int(1, 9))}${d.digits(7)}`,
    fixed: (d) =>
      d.chance(0.5)
        ? `20${d.pick(['3', '7', '8'])}${d.digits(7)}`
        : `161${String(d.int(2, 9))}${d.digits(6)}`,
    national: withZero,
    area: (national) => (national.startsWith('02') ? 3 : national.startsWith('07') ? 5 : 4),
  },
  US: {
    cc: '1',
    mobile: (d) =>
      `${d.pick(['202', '212', '312', '415', '617', '713'])}${String(d.int(2, 9))}${d.digits(6)}`,
    fixed: (d) =>
      `${d.pick(['303', '404', '503', '602', '718', '808'])}${String(d.int(2, 9))}${d.digits(6)}`,
    national: (nsn) => nsn,
    area: () => 3,
  },
};

const JURISDICTIONS = Object.keys(PLANS);

/** Groupings people write a number of `length` digits in. */
function groupingsFor(length: number): (readonly number[])[] {
  const byLength: Record<number, (readonly number[])[]> = {
    7: [[7], [3, 4], [1, 3, 3]],
    8: [[8], [2, 3, 3], [2, 2, 2, 2], [4, 4], [2, 6]],
    9: [[9], [3, 3, 3], [2, 3, 4], [3, 6], [2, 7]],
    10: [[10], [4, 3, 3], [3, 3, 2, 2], [3, 4, 3], [3, 7], [3, 3, 4], [2, 2, 2, 2, 2]],
    11: [[11], [5, 6], [3, 4, 4], [4, 3, 4], [5, 3, 3]],
  };
  return byLength[length] ?? [[length]];
}

/** A phone number written one of the ways people write it. */
function phoneWritten(d: Draw, jurisdiction: string, part: Part): string {
  const plan = PLANS[jurisdiction];
  if (!plan) throw new Error(jurisdiction);
  const nsn = d.chance(0.65) ? plan.mobile(d) : plan.fixed(d);
  const national = plan.national(nsn);
  const sep = d.pick(
    part === 'tuned' ? [' ', '-', '.', '', '  ', ' - '] : [' ', '-', '', '. ', ' '],
  );
  let written: string;
  if (d.chance(0.6)) {
    const area = plan.area(national);
    if (area > 0 && d.chance(0.25)) {
      const rest = national.slice(area);
      const tail =
        jurisdiction === 'US'
          ? `${rest.slice(0, 3)}-${rest.slice(3)}`
          : grouped(rest, d.pick(groupingsFor(rest.length)), d.pick(['', ' ']));
      written = `(${national.slice(0, area)}) ${tail}`;
    } else written = grouped(national, d.pick(groupingsFor(national.length)), sep);
  } else {
    const prefix = d.pick(part === 'tuned' ? ['+', '00', '+', ''] : ['+', '00', '(+', '']);
    const cc = prefix === '(+' ? `(+${plan.cc})` : `${prefix}${plan.cc}`;
    const rest = grouped(nsn, d.pick(groupingsFor(nsn.length)), sep);
    written = `${cc}${d.pick([' ', '  ', '-', ' '])}${rest}`;
  }
  const script = d.pick<Script>(
    part === 'tuned'
      ? ['latin', 'latin', 'latin', 'arabic', 'persian', 'fullwidth']
      : ['latin', 'latin', 'arabic', 'fullwidth'],
  );
  return inScript(written, script);
}

// ── E-mail addresses ──────────────────────────────────────────────────────
const LOCALS = [
  'layla.h',
  'omar_k',
  'ahmad1987',
  'sara.mansour',
  'f.zahra',
  'nour-ali',
  'y.benali',
];
const LOCALS_HELD = ['hiba.q', 'tariq77', 'mona.saleh', 'k.jaber', 'rami_h'];
const DOMAINS = ['example.jo', 'mail.example.com', 'example.tn', 'example.ma', 'example.org'];
const DOMAINS_HELD = ['example.net', 'post.example.lb', 'example.co.uk'];

function emailWritten(d: Draw, part: Part): string {
  const local = d.pick(part === 'tuned' ? LOCALS : LOCALS_HELD);
  const domain = d.pick(part === 'tuned' ? DOMAINS : DOMAINS_HELD);
  const labels = domain.split('.');
  switch (d.int(0, 7)) {
    case 0:
      return `${local}＠${domain}`;
    case 1: {
      const cut = d.int(1, local.length - 1);
      return `${local.slice(0, cut)}\u200b${local.slice(cut)}@${domain}`;
    }
    case 2:
      return `${local} [at] ${labels.join(' [dot] ')}`;
    case 3:
      return `${local}(at)${labels.join('(dot)')}`;
    case 4:
      return `${local} at ${labels.join(' dot ')}`;
    case 5:
      return `${local.toUpperCase()}@${domain.toUpperCase()}`;
    case 6:
      return `${local} @ ${domain}`;
    default:
      return `${local}@${domain}`;
  }
}

// ── National identity numbers ─────────────────────────────────────────────
function idWritten(d: Draw, jurisdiction: string): string {
  switch (jurisdiction) {
    case 'JO': {
      const number = `${d.pick(['9', '2'])}${d.digits(9)}`;
      return grouped(
        number,
        d.pick([[10], [3, 3, 4], [4, 3, 3], [2, 4, 4]]),
        d.pick([' ', '-', '']),
      );
    }
    case 'TN':
      return grouped(`${d.pick(['0', '1'])}${d.digits(7)}`, d.pick([[8], [2, 3, 3], [4, 4]]), ' ');
    case 'MA':
      return `${d.pick(['BE', 'AB', 'J', 'EE', 'K', 'BK', 'CD'])}${d.pick(['', ' ', '-'])}${d.digits(d.int(5, 6))}`;
    case 'GB':
      return `${d.pick(['QQ', 'AB', 'JK', 'PR'])} ${d.digits(2)} ${d.digits(2)} ${d.digits(2)} ${d.pick(['A', 'B', 'C', 'D'])}`;
    case 'US':
      return `${String(d.int(101, 665))}-${String(d.int(10, 99))}-${String(d.int(1000, 9999))}`;
    default:
      return grouped(d.digits(d.int(8, 12)), d.pick([[12], [3, 3, 3, 3]]), ' ');
  }
}

// ── Names: Arabic, and the Latin spellings people write them in ────────────
interface Person {
  arabic: string[];
  latin: string[][];
}

const FIRST: readonly [string, readonly string[]][] = [
  ['محمد', ['Mohammed', 'Muhammad', 'Mohamed', 'Mohammad']],
  ['ليلى', ['Layla', 'Leila', 'Laila']],
  ['عمر', ['Omar', 'Umar']],
  ['فاطمة', ['Fatima', 'Fatma', 'Fatimah']],
  ['يوسف', ['Youssef', 'Yousef', 'Yusuf']],
  ['خالد', ['Khaled', 'Khalid']],
  ['سارة', ['Sara', 'Sarah']],
  ['أحمد', ['Ahmad', 'Ahmed']],
];
const FIRST_HELD: readonly [string, readonly string[]][] = [
  ['هند', ['Hind', 'Hend']],
  ['طارق', ['Tarek', 'Tariq']],
  ['مريم', ['Maryam', 'Meriem', 'Mariam']],
  ['إبراهيم', ['Ibrahim', 'Ebrahim']],
];
const MIDDLE: readonly [string, readonly string[]][] = [
  ['علي', ['Ali', 'Aly']],
  ['حسن', ['Hassan', 'Hasan']],
  ['سليمان', ['Suleiman', 'Slimane', 'Sulaiman']],
  ['كريم', ['Karim', 'Kareem']],
];
const FAMILY: readonly [string, readonly string[]][] = [
  ['الحداد', ['Haddad', 'Al-Haddad', 'El Haddad', 'Alhaddad']],
  ['الخطيب', ['Khatib', 'Al-Khatib', 'El Khatib']],
  ['النجار', ['Najjar', 'Al-Najjar', 'Ennajjar']],
  ['المصري', ['Masri', 'Al-Masri', 'El Masry']],
  ['بن علي', ['Ben Ali', 'Benali', 'Bin Ali']],
  ['العمري', ['Omari', 'Al-Omari', 'El Amri']],
  ['الزعبي', ['Zoubi', 'Al-Zoubi', 'Alzoubi']],
  ['الطراونة', ['Tarawneh', 'Al-Tarawneh']],
];
const FAMILY_HELD: readonly [string, readonly string[]][] = [
  ['الشامي', ['Shami', 'Chami', 'Al-Shami']],
  ['جابر', ['Jaber', 'Jabir', 'Djaber']],
  ['العلوي', ['Alaoui', 'El Alaoui', 'Al-Alawi']],
  ['سعادة', ['Saadeh', 'Saade']],
];

function person(d: Draw, part: Part): Person {
  const first = d.pick(part === 'tuned' ? FIRST : FIRST_HELD);
  const middle = d.pick(MIDDLE);
  const family = d.pick(part === 'tuned' ? FAMILY : FAMILY_HELD);
  return {
    arabic: [first[0], middle[0], family[0]],
    latin: [[...first[1]], [...middle[1]], [...family[1]]],
  };
}

/** How a text names the requester: two parts, the family name alone, or Latin letters. */
function nameWritten(d: Draw, who: Person): string {
  const [first = '', middle = '', family = ''] = who.arabic;
  const latin = (i: number) => d.pick(who.latin[i] ?? ['']);
  const bare = family.replace(/^ال/, '');
  switch (d.int(0, 8)) {
    case 0:
      return `${first} ${family}`;
    case 1:
      return `${middle} ${family}`;
    case 2:
      return family;
    case 3:
      return family.startsWith('ال') ? bare : family;
    case 4:
      return `${latin(0)} ${latin(1)} ${latin(2)}`;
    case 5:
      return `${latin(0)} ${latin(2)}`;
    case 6:
      return `${latin(2)}, ${latin(0)}`;
    case 7:
      return latin(2);
    default:
      return `${first.replace(/ة$/, 'ه').replace(/^أ/, 'ا')} ${middle}`;
  }
}

// ── Numbers that are not personal ─────────────────────────────────────────
const thousands = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

function notPersonal(d: Draw, jurisdiction: string): { kind: string; value: string } {
  const year = String(d.int(2005, 2026));
  const month = String(d.int(1, 12)).padStart(2, '0');
  const dayOf = String(d.int(1, 28)).padStart(2, '0');
  const currency = d.pick(
    {
      JO: ['دينار', 'د.أ', 'JOD', 'JD', 'dinars'],
      TN: ['دينار', 'د.ت', 'DT', 'TND', 'dinars'],
      MA: ['درهم', 'MAD', 'DH', 'dirhams'],
      LB: ['ليرة', 'ل.ل', 'LBP', 'USD'],
      YE: ['ريال', 'YER', 'ر.ي', 'rials'],
      GB: ['GBP', 'pounds'],
      US: ['USD', 'dollars'],
    }[jurisdiction] ?? ['USD'],
  );
  switch (d.int(0, 9)) {
    case 0:
    case 1: {
      const amount = d.pick([
        d.int(10_000_000, 99_999_999),
        d.int(100_000, 9_999_999),
        d.int(1_000_000_000, 9_999_999_999),
      ]);
      return {
        kind: 'amount',
        value: `${thousands(amount, d.pick([',', ' ', '.', ' ', '']))} ${currency}`,
      };
    }
    case 2:
      return { kind: 'year', value: year };
    case 3:
      return {
        kind: 'date',
        value: d.pick([
          `${year}-${month}-${dayOf}`,
          `${dayOf}/${month}/${year}`,
          `${dayOf}-${month}-${year}`,
          `${dayOf}.${month}.${year}`,
        ]),
      };
    case 4:
      return {
        kind: 'law',
        value: d.pick([
          `${String(d.int(1, 99))} لسنة ${year}`,
          `${year}-${String(d.int(1, 99))}`,
          `No. ${String(d.int(1, 99))} of ${year}`,
        ]),
      };
    case 5:
      return { kind: 'article', value: String(d.int(1, 120)) };
    case 6:
      return {
        kind: 'decision',
        value: d.pick([
          `${year}/${String(d.int(100, 9999))}`,
          String(d.int(1000, 99999)),
          `${year}-${String(d.int(1000, 9999))}`,
        ]),
      };
    case 7:
      return {
        kind: 'contract',
        value: d.pick([
          `${year}-${String(d.int(1000, 9999))}`,
          `${year}/${String(d.int(10, 99))}/${String(d.int(100, 999))}`,
          String(d.int(10_000_000, 99_999_999)),
        ]),
      };
    case 8:
      return {
        kind: 'percentage',
        value: d.pick([
          `${String(d.int(1, 99))}.${String(d.int(1, 9))}%`,
          `${String(d.int(1, 100))} %`,
          `${String(d.int(1, 99))}٪`,
        ]),
      };
    default:
      return { kind: 'count', value: String(d.int(1000, 99_999_999)) };
  }
}

// ── Sentence frames: `{x}` is the stretch under test ───────────────────────
const PERSONAL_FRAMES: Readonly<Record<string, Readonly<Record<Part, readonly string[]>>>> = {
  phone: {
    tuned: [
      'للتواصل: {x}',
      'يرجى الاتصال بي على الرقم {x} في أي وقت.',
      'هاتفي {x} وشكرا لكم',
      'Please call me on {x} if anything is unclear.',
      'رقم الموبايل {x}',
      'WhatsApp: {x}',
      'Tél. {x} — merci de me rappeler.',
      'أرجو إرسال الوثائق، جوال {x}',
      'أطلب نسخة من العقد. {x}',
      'Contact {x} after 4 pm.',
    ],
    held_out: [
      'يمكنكم الوصول إلي عبر {x} خلال ساعات الدوام.',
      'My mobile is {x}.',
      'رقمي الخلوي {x} والبريد أدناه',
      'Portable : {x}',
      'مع الشكر، {x}',
    ],
  },
  email: {
    tuned: [
      'بريدي الإلكتروني {x}',
      'Please reply to {x}.',
      'courriel : {x}',
      'أرسلوا الرد إلى {x} من فضلكم',
      'e-mail {x}',
    ],
    held_out: ['للمراسلة {x}', 'You can write to me at {x} any time.', 'Mon adresse : {x}'],
  },
  national_id: {
    tuned: [
      'الرقم الوطني {x}',
      'رقم الهوية: {x}',
      'ب.ت.و عدد {x}',
      'CIN {x}',
      'My national ID number is {x}.',
      'بطاقة التعريف الوطنية رقم {x}',
    ],
    held_out: ['رقم البطاقة الشخصية {x}', 'Carte nationale n° {x}', 'ID card {x}'],
  },
  requester: {
    tuned: [
      'مقدم الطلب: {x}',
      'أنا {x} وأطلب نسخة من التقرير.',
      'Submitted by {x} on behalf of the residents.',
      'السيد {x} يطلب الاطلاع على المحضر',
      'Regards, {x}',
      'كتب {x} إلى الوزارة سابقا',
    ],
    held_out: ['مع التحية، {x}', 'Signed: {x}', 'باسم {x} وعائلته'],
  },
};

const NON_PERSONAL_FRAMES: Readonly<Record<string, Readonly<Record<Part, readonly string[]>>>> = {
  amount: {
    tuned: ['بلغت قيمة العقد {x}.', 'The budget line was {x} in total.', 'خصص مبلغ {x} للمشروع'],
    held_out: ['كلفة الصيانة السنوية {x} تقريبا', 'Le marché s’élève à {x}.'],
  },
  year: {
    tuned: ['أطلب بيانات عام {x} كاملة.', 'Spending in {x} by month.', 'التقرير السنوي لسنة {x}'],
    held_out: ['خلال الفترة {x} وما بعدها', 'Depuis {x}, rien n’a été publié.'],
  },
  date: {
    tuned: [
      'الاجتماع المنعقد بتاريخ {x}',
      'the minutes of the meeting held on {x}',
      'محضر الجلسة المؤرخ في {x}',
    ],
    held_out: ['صدر الكتاب في {x} ولم ينشر', 'Le procès-verbal du {x}'],
  },
  law: {
    tuned: ['وفق القانون رقم {x}', 'under Law {x}', 'القانون عدد {x} المتعلق بالحق في النفاذ'],
    held_out: ['استنادا إلى النظام رقم {x}', 'la loi n° {x}'],
  },
  article: {
    tuned: ['استنادا إلى المادة {x} من القانون', 'as Article {x} requires', 'الفصل {x} من القانون'],
    held_out: ['بموجب البند {x}', 'selon l’article {x}'],
  },
  decision: {
    tuned: ['نسخة من القرار رقم {x}', 'a copy of decision {x}', 'قرار مجلس الوزراء رقم {x}'],
    held_out: ['المرسوم رقم {x}', 'l’arrêté n° {x}'],
  },
  contract: {
    tuned: ['العقد رقم {x} مع الشركة', 'contract no. {x} and its annexes', 'المناقصة رقم {x}'],
    held_out: ['العطاء رقم {x}', 'le marché n° {x}'],
  },
  percentage: {
    tuned: ['ارتفعت النسبة إلى {x} هذا العام', 'a rise of {x} on last year', 'بنسبة {x}'],
    held_out: ['انخفض العجز {x}', 'soit {x} du total'],
  },
  count: {
    tuned: ['عدد المستفيدين {x} مستفيد', 'a total of {x} beneficiaries', 'تم إصدار {x} رخصة'],
    held_out: ['بلغ عدد الطلبات {x} طلبا', '{x} habitants recensés'],
  },
};

/** One sentence with its stretch placed; the requester is named in the context. */
function placed(frame: string, value: string) {
  const start = frame.indexOf('{x}');
  return { text: frame.replace('{x}', value), start, end: start + value.length };
}

/** The corpus: `tuned` items from one seed and frames, `held_out` from another seed and other frames. */
export function makeCorpus(): CorpusItem[] {
  const items: CorpusItem[] = [];
  const parts: [Part, number, number, number][] = [
    // part, seed, personal items, non-personal items
    ['tuned', 20_261_206, 330, 230],
    ['held_out', 7_919_113, 120, 90],
  ];
  for (const [part, seed, personalCount, otherCount] of parts) {
    const d = drawer(seed);
    const add = (
      jurisdiction: string,
      who: Person,
      personal: boolean,
      kind: string,
      frame: string,
      value: string,
    ) =>
      items.push({
        id: `${part === 'tuned' ? 't' : 'h'}-${String(items.length + 1).padStart(4, '0')}`,
        part,
        jurisdiction,
        requester: { name: who.arabic.join(' ') },
        ...placed(frame, value),
        personal,
        kind,
      });
    for (let i = 0; i < personalCount; i += 1) {
      const jurisdiction = JURISDICTIONS[i % JURISDICTIONS.length] ?? 'JO';
      const who = person(d, part);
      const kind = d.pick([
        'phone',
        'phone',
        'phone',
        'email',
        'national_id',
        'requester',
        'requester',
      ]);
      const frames = PERSONAL_FRAMES[kind]?.[part] ?? [];
      const value =
        kind === 'phone'
          ? phoneWritten(d, jurisdiction, part)
          : kind === 'email'
            ? emailWritten(d, part)
            : kind === 'national_id'
              ? idWritten(d, jurisdiction)
              : nameWritten(d, who);
      add(jurisdiction, who, true, kind, d.pick(frames), value);
    }
    for (let i = 0; i < otherCount; i += 1) {
      const jurisdiction = JURISDICTIONS[i % JURISDICTIONS.length] ?? 'JO';
      const who = person(d, part);
      const { kind, value } = notPersonal(d, jurisdiction);
      add(jurisdiction, who, false, kind, d.pick(NON_PERSONAL_FRAMES[kind]?.[part] ?? []), value);
    }
  }
  return items;
}

/** Recall and precision of a redactor over corpus items, with the items it got wrong. */
export function scoreCorpus(
  items: readonly CorpusItem[],
  hidden: (item: CorpusItem) => readonly { start: number; end: number }[],
) {
  let found = 0;
  let personal = 0;
  let touched = 0;
  const missed: CorpusItem[] = [];
  const overHidden: CorpusItem[] = [];
  for (const item of items) {
    const stretches = hidden(item);
    const covers = (at: number) => stretches.some((s) => s.start <= at && at < s.end);
    if (item.personal) {
      personal += 1;
      // Hidden when every letter and digit of it is inside a redaction.
      const chars = Array.from({ length: item.end - item.start }, (_, i) => item.start + i);
      const whole = chars.every((at) => !/[\p{L}\p{N}]/u.test(item.text[at] ?? '') || covers(at));
      if (whole) found += 1;
      else missed.push(item);
    } else if (stretches.some((s) => s.start < item.end && item.start < s.end)) {
      touched += 1;
      overHidden.push(item);
    }
  }
  const others = items.length - personal;
  return {
    personal,
    others,
    recall: personal ? found / personal : 1,
    precision: found + touched ? found / (found + touched) : 1,
    kept: others ? (others - touched) / others : 1,
    missed,
    overHidden,
  };
}

if (import.meta.main) {
  const corpus = makeCorpus();
  process.stdout.write(`[\n${corpus.map((item) => `  ${JSON.stringify(item)}`).join(',\n')}\n]\n`);
}
