/**
 * The words of the demo archive (demo-plan.ts): requests people in the region
 * really send, by topic, in Arabic and English, with the answers, refusals,
 * questions and appeals that follow them. Some carry a phone number or an
 * e-mail address, as real requests do: the redaction rules of every country
 * hide them on the public pages. Pure data.
 */

export type DemoTopic = 'health' | 'education' | 'finance' | 'water' | 'environment' | 'city';

export interface DemoAsk {
  topic: DemoTopic;
  language: 'ar' | 'en';
  subject: string;
  body: string;
  /** A spreadsheet the answer releases (CSV: its first line names the columns). */
  release?: { filename: string; csv: string };
}

export const DEMO_ASKS: readonly DemoAsk[] = [
  {
    topic: 'health',
    language: 'ar',
    subject: 'عدد الأسرّة وأطباء الاختصاص في المستشفيات الحكومية',
    body: 'أرجو تزويدي بعدد الأسرّة وعدد أطباء الاختصاص في كل مستشفى حكومي للعام الماضي، موزعة حسب المحافظة. وللتواصل معي: {phone}.',
    release: {
      filename: 'hospital-beds.csv',
      csv: 'hospital,governorate,beds,specialists\nAl-Bashir,Amman,1100,240\nPrince Hamzah,Amman,500,110\nPrincess Basma,Irbid,420,85\nKarak Governmental,Karak,230,40\n',
    },
  },
  {
    topic: 'health',
    language: 'ar',
    subject: 'مدة الانتظار لعمليات القسطرة القلبية',
    body: 'ما متوسط مدة الانتظار بين تحويل المريض وإجراء القسطرة القلبية في كل مستشفى حكومي خلال السنتين الأخيرتين؟ وما عدد المرضى على قوائم الانتظار اليوم؟',
  },
  {
    topic: 'health',
    language: 'en',
    subject: 'Spending on imported medicines, by supplier',
    body: 'Please provide the ministry’s spending on imported medicines for each of the last three years, broken down by supplier and by tender, with the tender numbers. I can be reached at reporter.amal@example.net.',
    release: {
      filename: 'medicine-imports.csv',
      csv: 'year,supplier,tender,amount\n2024,Supplier A,T-2024-11,1250000\n2024,Supplier B,T-2024-19,830000\n2025,Supplier A,T-2025-04,1410000\n',
    },
  },
  {
    topic: 'health',
    language: 'ar',
    subject: 'نتائج التفتيش على مستودعات الأدوية',
    body: 'أطلب نسخة من تقارير التفتيش على مستودعات الأدوية الخاصة خلال العام الماضي، وعدد المخالفات المسجلة ونوعها، والإجراءات المتخذة بشأنها.',
  },
  {
    topic: 'education',
    language: 'ar',
    subject: 'عدد الطلاب في الصف الواحد في المدارس الحكومية',
    body: 'أرجو تزويدي بمتوسط عدد الطلاب في الشعبة الواحدة في المدارس الحكومية لكل مديرية تربية، وعدد المدارس التي تعمل بنظام الفترتين.',
    release: {
      filename: 'class-sizes.csv',
      csv: 'directorate,average_class_size,double_shift_schools\nAmman 1,38,24\nZarqa 1,41,37\nIrbid 1,36,18\nMafraq,44,29\n',
    },
  },
  {
    topic: 'education',
    language: 'ar',
    subject: 'نسب النجاح في امتحان الثانوية العامة حسب المدرسة',
    body: 'أطلب نسب النجاح في امتحان الثانوية العامة لكل مدرسة حكومية وخاصة في السنوات الثلاث الأخيرة، مع عدد المتقدمين في كل منها.',
  },
  {
    topic: 'education',
    language: 'en',
    subject: 'Teachers hired on short-term contracts',
    body: 'How many teachers did the ministry hire on short-term or daily-wage contracts in each of the last three school years, and how many of them were later given permanent posts?',
  },
  {
    topic: 'finance',
    language: 'ar',
    subject: 'الإعفاءات الضريبية الممنوحة للشركات',
    body: 'أرجو تزويدي بقيمة الإعفاءات الضريبية الممنوحة للشركات في العام الماضي، موزعة حسب القطاع، وبالأساس القانوني لكل فئة منها.',
    release: {
      filename: 'tax-exemptions.csv',
      csv: 'sector,companies,exempted_amount\nIndustry,212,48200000\nTourism,96,17400000\nAgriculture,341,9100000\n',
    },
  },
  {
    topic: 'finance',
    language: 'ar',
    subject: 'رواتب ومكافآت أعضاء مجالس إدارة الشركات المملوكة للحكومة',
    body: 'أطلب إجمالي الرواتب والمكافآت التي دُفعت لأعضاء مجالس إدارة الشركات التي تملك الحكومة حصة فيها، لكل شركة على حدة، عن السنتين الأخيرتين.',
  },
  {
    topic: 'finance',
    language: 'en',
    subject: 'Public debt service payments by creditor',
    body: 'Please send the schedule of public debt service payments made last year, by creditor and by currency, as published in the ministry’s internal reports.',
  },
  {
    topic: 'finance',
    language: 'ar',
    subject: 'عقود الاستشارات الموقعة مع شركات خاصة',
    body: 'ما عدد عقود الاستشارات التي وقعتها الوزارة مع شركات خاصة منذ بداية العام، وما قيمة كل عقد واسم الشركة وموضوع الاستشارة؟ ويمكنكم مراسلتي على nadia.f@example.org.',
  },
  {
    topic: 'water',
    language: 'ar',
    subject: 'كميات المياه المفقودة في شبكات التوزيع',
    body: 'أرجو تزويدي بنسبة الفاقد من المياه في شبكات التوزيع لكل محافظة في السنوات الخمس الأخيرة، وبالمشاريع المنفذة لتقليله وكلفتها.',
    release: {
      filename: 'water-losses.csv',
      csv: 'governorate,year,non_revenue_water_percent\nAmman,2024,46\nIrbid,2024,52\nZarqa,2024,49\nAqaba,2024,31\n',
    },
  },
  {
    topic: 'water',
    language: 'ar',
    subject: 'الآبار المخالفة التي أُغلقت',
    body: 'كم بئرًا مخالفًا أُغلق في العامين الماضيين في كل محافظة؟ وما كميات المياه التي كانت تُستخرج منها بحسب تقديرات الوزارة؟',
  },
  {
    topic: 'water',
    language: 'en',
    subject: 'Water quality test results for the capital',
    body: 'Please provide the results of drinking water quality tests in the capital for the last twelve months, by sampling point, including any test that exceeded the national standard.',
  },
  {
    topic: 'environment',
    language: 'ar',
    subject: 'قراءات محطات رصد جودة الهواء',
    body: 'أطلب القراءات الشهرية لمحطات رصد جودة الهواء قرب المناطق الصناعية خلال العام الماضي، وعدد المرات التي تجاوزت فيها القراءات الحدود المسموح بها.',
    release: {
      filename: 'air-quality.csv',
      csv: 'station,month,pm10_average,days_over_limit\nIndustrial Zone,2025-01,88,6\nIndustrial Zone,2025-02,94,9\nCity Centre,2025-01,61,1\n',
    },
  },
  {
    topic: 'environment',
    language: 'ar',
    subject: 'المخالفات البيئية المسجلة على المصانع',
    body: 'ما عدد المخالفات البيئية التي سُجلت على المصانع في العام الماضي، وما قيمة الغرامات التي حُصّلت، وأسماء المنشآت التي تكررت مخالفاتها؟',
  },
  {
    topic: 'environment',
    language: 'en',
    subject: 'Environmental impact assessments approved',
    body: 'Please list the environmental impact assessments the ministry approved in the last two years, with the project, its location and the date of approval.',
  },
  {
    topic: 'city',
    language: 'ar',
    subject: 'كلفة صيانة الطرق في الأحياء الشرقية',
    body: 'أرجو تزويدي بكلفة أعمال صيانة الطرق والأرصفة في الأحياء الشرقية خلال السنتين الماضيتين، مع أسماء المقاولين وقيمة كل عطاء.',
    release: {
      filename: 'road-maintenance.csv',
      csv: 'district,year,contractor,amount\nMarka,2024,Contractor A,640000\nTabarbour,2024,Contractor B,410000\nMarka,2025,Contractor C,720000\n',
    },
  },
  {
    topic: 'city',
    language: 'ar',
    subject: 'رخص البناء الممنوحة في المناطق الزراعية',
    body: 'كم رخصة بناء مُنحت في أراضٍ مصنفة زراعية خلال السنوات الثلاث الأخيرة؟ وما الاستثناءات التي استندت إليها؟ يمكن مراسلتي على samir.k@example.com.',
  },
  {
    topic: 'city',
    language: 'en',
    subject: 'Waste collection contracts and complaints',
    body: 'Please provide the waste collection contracts in force in the city, their value and duration, and the number of complaints about missed collections received each month this year.',
  },
];

/** A mobile number as people of each country write it, for the asks' `{phone}`. */
export const DEMO_PHONES: Readonly<Record<string, string>> = {
  JO: '0791234567',
  LB: '03 123 456',
  MA: '0612345678',
  TN: '20 123 456',
};

/** An ask's words for a request to `country`: its `{phone}` a local number. */
export const askBody = (ask: DemoAsk, country: string) =>
  ask.body.replace('{phone}', DEMO_PHONES[country] ?? DEMO_PHONES.JO ?? '');

/** An answer's words by outcome, in each language. */
export const DEMO_ANSWERS = {
  granted: {
    ar: 'نرفق لكم البيانات المطلوبة كما هي مسجلة لدينا. لأي استفسار عن الجدول يمكنكم مراسلتنا على هذا الطلب.',
    en: 'Please find attached the information requested, as we hold it. Write to us on this request with any question about the table.',
  },
  partially_granted: {
    ar: 'نرفق ما يمكن الإفصاح عنه من المعلومات المطلوبة. أما الأسماء والتفاصيل التعاقدية فقد حُجبت لأنها تمس أسرارًا تجارية لأطراف ثالثة.',
    en: 'We attach what can be released. Names and contract details were withheld because they would disclose third parties’ trade secrets.',
  },
  refused: {
    ar: 'نعتذر عن تزويدكم بالمعلومات المطلوبة لأنها تتعلق بتحقيقات ما زالت جارية، وقد يضر الإفصاح عنها بسيرها.',
    en: 'We cannot release the information requested: it concerns investigations still under way, which its disclosure could harm.',
  },
  not_held: {
    ar: 'لا تحتفظ الوزارة بهذه المعلومات بالتفصيل المطلوب. قد تجدونها لدى دائرة الإحصاءات العامة.',
    en: 'The ministry does not hold this information in the detail asked for. The statistics department may hold it.',
  },
} as const;

export const DEMO_CLARIFY = {
  ar: 'هل تقصدون السنوات المالية أم السنوات الميلادية؟ وهل تريدون البيانات لكل مديرية أم المجموع العام؟',
  en: 'Do you mean financial or calendar years? And do you want the figures for each directorate or the national total?',
};

export const DEMO_REPLY = {
  ar: 'السنوات الميلادية، ولكل مديرية على حدة إن أمكن. شكرًا لكم.',
  en: 'Calendar years, and for each directorate if possible. Thank you.',
};

export const DEMO_EXTEND = {
  ar: 'تحتاج البيانات إلى جمع من عدة مديريات، ونحتاج إلى وقت إضافي لإعدادها.',
  en: 'The figures must be collected from several directorates; we need more time to prepare them.',
};

export const DEMO_TRANSFER = {
  ar: 'هذه المعلومات لدى جهة أخرى، وقد أحلنا طلبكم إليها.',
  en: 'Another agency holds this information; we have transferred your request to it.',
};

export const DEMO_APPEAL = {
  ar: 'المعلومات المطلوبة تتعلق بإنفاق عام، ولا ينطبق عليها الاستثناء الذي استندت إليه الجهة.',
  en: 'The information concerns public spending; the exemption the agency relied on does not apply to it.',
};

export const DEMO_DECISION = {
  upheld: {
    ar: 'بعد الاطلاع على المعلومات، يرى المجلس أن الاستثناء ينطبق، ويؤيد قرار الجهة.',
    en: 'Having seen the information, the body finds that the exemption applies and upholds the agency’s decision.',
  },
  overturned: {
    ar: 'لا ينطبق الاستثناء على إنفاق عام منشور جزئيًا، وعلى الجهة تزويد مقدم الطلب بالمعلومات.',
    en: 'The exemption does not apply to public spending already partly published; the agency must release the information.',
  },
  partially_overturned: {
    ar: 'يُفصح عن المبالغ الإجمالية، وتبقى أسماء الأطراف الثالثة محجوبة.',
    en: 'The totals must be released; third parties’ names may stay withheld.',
  },
} as const;

/** People who ask, with names as they would sign. */
export const DEMO_REQUESTERS: readonly { name: string; locale: 'ar' | 'en' }[] = [
  { name: 'ليلى حداد', locale: 'ar' },
  { name: 'عمر الخطيب', locale: 'ar' },
  { name: 'سارة بن علي', locale: 'ar' },
  { name: 'يوسف العلمي', locale: 'ar' },
  { name: 'رنا شحادة', locale: 'ar' },
  { name: 'Karim Mansour', locale: 'en' },
  { name: 'Amal Nasser', locale: 'en' },
  { name: 'هالة الزعبي', locale: 'ar' },
];
