/**
 * Demo agencies of the four launch jurisdictions: real ministries' names, with
 * routing keywords in both languages. Contact addresses are placeholders under
 * example.org (RFC 2606), never a real agency's mailbox.
 */
export interface SeedAgency {
  code: string;
  jurisdiction: string;
  name: { ar: string; en: string };
  keywords: { ar: string[]; en: string[] };
}

const agency = (
  jurisdiction: string,
  slug: string,
  ar: string,
  en: string,
  keywordsAr: string[],
  keywordsEn: string[],
): SeedAgency => ({
  code: `${jurisdiction}-${slug}`,
  jurisdiction,
  name: { ar, en },
  keywords: { ar: keywordsAr, en: keywordsEn },
});

const HEALTH_AR = ['صحة', 'مستشفى', 'دواء', 'أطباء', 'لقاح'];
const HEALTH_EN = ['health', 'hospital', 'medicine', 'doctors', 'vaccine'];
const EDUCATION_AR = ['تعليم', 'مدرسة', 'مدارس', 'معلمين', 'امتحانات'];
const EDUCATION_EN = ['education', 'school', 'schools', 'teachers', 'exams'];
const FINANCE_AR = ['موازنة', 'ضرائب', 'إنفاق', 'دين', 'رواتب'];
const FINANCE_EN = ['budget', 'tax', 'spending', 'debt', 'salaries'];
const WATER_AR = ['مياه', 'صرف صحي', 'سدود', 'آبار'];
const WATER_EN = ['water', 'sewage', 'dams', 'wells'];
const ENVIRONMENT_AR = ['بيئة', 'تلوث', 'نفايات', 'مناخ'];
const ENVIRONMENT_EN = ['environment', 'pollution', 'waste', 'climate'];
const TRANSPORT_AR = ['نقل', 'طرق', 'حافلات', 'مواصلات'];
const TRANSPORT_EN = ['transport', 'roads', 'buses', 'traffic'];

export const SEED_AGENCIES: readonly SeedAgency[] = [
  agency('JO', 'MOH', 'وزارة الصحة', 'Ministry of Health', HEALTH_AR, HEALTH_EN),
  agency(
    'JO',
    'MOE',
    'وزارة التربية والتعليم',
    'Ministry of Education',
    EDUCATION_AR,
    EDUCATION_EN,
  ),
  agency('JO', 'MOF', 'وزارة المالية', 'Ministry of Finance', FINANCE_AR, FINANCE_EN),
  agency('JO', 'MWI', 'وزارة المياه والري', 'Ministry of Water and Irrigation', WATER_AR, WATER_EN),
  agency(
    'JO',
    'GAM',
    'أمانة عمّان الكبرى',
    'Greater Amman Municipality',
    ['بلدية', 'رخص بناء', 'نظافة', ...TRANSPORT_AR],
    ['municipality', 'building permits', 'cleaning', ...TRANSPORT_EN],
  ),
  agency(
    'JO',
    'IC',
    'مجلس المعلومات',
    'Information Council',
    ['معلومات', 'تظلم', 'شكوى'],
    ['information', 'appeal', 'complaint'],
  ),
  agency('JO', 'MOENV', 'وزارة البيئة', 'Ministry of Environment', ENVIRONMENT_AR, ENVIRONMENT_EN),
  agency('TN', 'MS', 'وزارة الصحة', 'Ministry of Health', HEALTH_AR, HEALTH_EN),
  agency('TN', 'ME', 'وزارة التربية', 'Ministry of Education', EDUCATION_AR, EDUCATION_EN),
  agency('TN', 'MF', 'وزارة المالية', 'Ministry of Finance', FINANCE_AR, FINANCE_EN),
  agency(
    'TN',
    'SONEDE',
    'الشركة الوطنية لاستغلال وتوزيع المياه',
    'National Water Distribution Utility (SONEDE)',
    WATER_AR,
    WATER_EN,
  ),
  agency(
    'TN',
    'MEQ',
    'وزارة التجهيز والإسكان',
    'Ministry of Equipment and Housing',
    ['طرق', 'جسور', 'إسكان', 'بناء'],
    ['roads', 'bridges', 'housing', 'construction'],
  ),
  agency(
    'MA',
    'MS',
    'وزارة الصحة والحماية الاجتماعية',
    'Ministry of Health and Social Protection',
    HEALTH_AR,
    HEALTH_EN,
  ),
  agency(
    'MA',
    'MEN',
    'وزارة التربية الوطنية والتعليم الأولي والرياضة',
    'Ministry of National Education, Preschool and Sports',
    EDUCATION_AR,
    EDUCATION_EN,
  ),
  agency(
    'MA',
    'MEF',
    'وزارة الاقتصاد والمالية',
    'Ministry of Economy and Finance',
    FINANCE_AR,
    FINANCE_EN,
  ),
  agency(
    'MA',
    'MEAU',
    'وزارة التجهيز والماء',
    'Ministry of Equipment and Water',
    [...WATER_AR, 'طرق'],
    [...WATER_EN, 'roads'],
  ),
  agency(
    'MA',
    'MTEDD',
    'وزارة الانتقال الطاقي والتنمية المستدامة',
    'Ministry of Energy Transition and Sustainable Development',
    [...ENVIRONMENT_AR, 'طاقة'],
    [...ENVIRONMENT_EN, 'energy'],
  ),
  agency('LB', 'MOPH', 'وزارة الصحة العامة', 'Ministry of Public Health', HEALTH_AR, HEALTH_EN),
  agency(
    'LB',
    'MEHE',
    'وزارة التربية والتعليم العالي',
    'Ministry of Education and Higher Education',
    EDUCATION_AR,
    EDUCATION_EN,
  ),
  agency('LB', 'MOF', 'وزارة المالية', 'Ministry of Finance', FINANCE_AR, FINANCE_EN),
  agency(
    'LB',
    'MEW',
    'وزارة الطاقة والمياه',
    'Ministry of Energy and Water',
    [...WATER_AR, 'كهرباء', 'طاقة'],
    [...WATER_EN, 'electricity', 'energy'],
  ),
  agency('LB', 'MOE', 'وزارة البيئة', 'Ministry of Environment', ENVIRONMENT_AR, ENVIRONMENT_EN),
];

/** Fixed demo accounts (never created in production); all share DEMO_PASSWORD. */
export const DEMO_USERS = [
  {
    email: 'citizen@example.org',
    name: 'Demo Citizen · مواطن تجريبي',
    roles: ['citizen'],
    agency: null,
    jurisdiction: null,
  },
  {
    email: 'officer@example.org',
    name: 'Demo Officer · موظف تجريبي',
    roles: ['officer'],
    agency: 'JO-MOH',
    jurisdiction: null,
  },
  {
    // An officer of Jordan's Information Council, the appeal body of its law.
    email: 'appeals@example.org',
    name: 'Demo Council Officer · موظف مجلس المعلومات',
    roles: ['officer'],
    agency: 'JO-IC',
    jurisdiction: null,
  },
  {
    email: 'agency-admin@example.org',
    name: 'Demo Agency Admin · مسؤول جهة تجريبي',
    roles: ['agency_admin'],
    agency: 'JO-MOH',
    jurisdiction: null,
  },
  {
    email: 'auditor@example.org',
    name: 'Demo Auditor · مدقق تجريبي',
    roles: ['auditor'],
    agency: null,
    jurisdiction: 'JO',
  },
  {
    email: 'admin@example.org',
    name: 'Demo Admin · مدير تجريبي',
    roles: ['admin'],
    agency: null,
    jurisdiction: null,
  },
] as const;
