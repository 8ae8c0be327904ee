// The words for the events' types, field names and enumerated values
// (docs/EVENTS.md) and the views' columns, in Mongolian and English: i18n.js
// merges them into its tables. A name missing here shows as itself (the
// API's name).
const fields = [
  // [field, Mongolian, English]
  ['origin', 'Гарал (origin)', 'Origin'], ['log_key', 'Бүртгэлийн түлхүүр', 'Log key'],
  ['root_key', 'Үндсэн түлхүүр', 'Root key'], ['root_name', 'Үндсэн түлхүүрийн нэр', 'Root key name'],
  ['key', 'Түлхүүр', 'Key'], ['name', 'Нэр', 'Name'], ['role', 'Үүрэг', 'Role'],
  ['organisations', 'Байгууллагууд', 'Organisations'], ['note', 'Тэмдэглэл', 'Note'], ['reason', 'Шалтгаан', 'Reason'],
  ['old_key', 'Хуучин түлхүүр', 'Old key'], ['new_key', 'Шинэ түлхүүр', 'New key'],
  ['org', 'Байгууллага', 'Organisation'], ['post', 'Албан тушаал', 'Post'], ['person', 'Хүн', 'Person'],
  ['breach', 'Зөрчил', 'Breach'], ['sanction', 'Шийтгэл', 'Sanction'],
  ['from_post', 'Өмнөх албан тушаал', 'From post'], ['to_post', 'Шинэ албан тушаал', 'To post'],
  ['subject_seq', 'Хамаарах бичлэг', 'Record concerned'], ['dismissal_seq', 'Чөлөөлөлтийн бичлэг', 'Dismissal record'],
  ['target_seq', 'Засах бичлэг', 'Record corrected'], ['effective_date', 'Хүчин төгөлдөр болох огноо', 'Effective date'],
  ['decision_instrument', 'Шийдвэрийн хэлбэр', 'Decision instrument'], ['decision_number', 'Шийдвэрийн дугаар', 'Decision number'],
  ['decision_date', 'Шийдвэрийн огноо', 'Decision date'], ['parent', 'Дээд байгууллага', 'Parent organisation'],
  ['level', 'Түвшин', 'Level'], ['max_headcount', 'Орон тооны дээд хязгаар', 'Approved headcount cap'],
  ['successor', 'Залгамжлагч', 'Successor'], ['title', 'Албан тушаалын нэр', 'Title'], ['category', 'Ангилал', 'Category'],
  ['grade', 'Зэрэглэл', 'Grade'], ['leadership', 'Удирдах албан тушаал', 'Leadership post'], ['positions', 'Орон тоо', 'Positions'],
  ['full_name', 'Овог нэр', 'Full name'], ['gender', 'Хүйс', 'Gender'], ['birth_year', 'Төрсөн он', 'Year of birth'],
  ['register_commitment', 'Регистрийн дугаарын хэш', 'Register number commitment'],
  ['tenure', 'Томилгооны төрөл', 'Tenure'], ['appointing_authority', 'Томилсон эрх бүхий этгээд', 'Appointing authority'],
  ['selection_basis', 'Сонгон шалгаруулалтын үндэслэл', 'Selection basis'], ['ground', 'Чөлөөлсөн үндэслэл', 'Ground'],
  ['legal_article', 'Хуулийн зүйл, заалт', 'Legal article'], ['law', 'Хууль', 'Law'], ['article', 'Зүйл, заалт', 'Article'],
  ['finding', 'Дүгнэлт', 'Finding'], ['investigating_body', 'Шалгасан байгууллага', 'Investigating body'],
  ['date_found', 'Илрүүлсэн огноо', 'Date found'], ['status', 'Төлөв', 'Status'], ['date', 'Огноо', 'Date'], ['kind', 'Төрөл', 'Kind'],
  ['salary_reduction_percent', 'Цалин бууруулах хувь', 'Salary reduction (%)'],
  ['salary_reduction_months', 'Цалин бууруулах сар', 'Salary reduction (months)'], ['court', 'Шүүх', 'Court'],
  ['case_number', 'Хэргийн дугаар', 'Case number'], ['ruling_date', 'Шүүхийн шийдвэрийн огноо', 'Ruling date'],
  ['outcome', 'Үр дүн', 'Outcome'], ['compensation_mnt', 'Нөхөн олговор (₮)', 'Compensation (MNT)'],
  ['field', 'Талбар', 'Field'], ['value', 'Утга', 'Value'],
];

const columns = [
  // [view column, Mongolian, English]
  ['from_seq', 'Эхэлсэн бичлэг', 'Began in record'], ['to_seq', 'Дууссан бичлэг', 'Ended in record'],
  ['headcount', 'Ажиллагсад', 'Headcount'], ['max_headcount', 'Батлагдсан хязгаар', 'Approved cap'],
  ['over', 'Хэтэрсэн', 'Over the cap'], ['headcount_with_units', 'Харьяа нэгжтэй нийт', 'With its units'],
  ['period', 'Хугацаа', 'Period'], ['headcount_start', 'Эхэнд', 'At the start'], ['headcount_end', 'Төгсгөлд', 'At the end'],
  ['appointments', 'Томилгоо', 'Appointments'], ['dismissals', 'Чөлөөлөлт', 'Dismissals'],
  ['no_lawful_ground', 'Хуулийн үндэслэлгүй', 'No lawful ground'], ['annulled_by_court', 'Шүүх хүчингүй болгосон', 'Annulled by a court'],
  ['turnover_rate', 'Эргэцийн хувь', 'Turnover rate'], ['group', 'Бүлэг', 'Group'], ['female', 'Эмэгтэй', 'Women'],
  ['male', 'Эрэгтэй', 'Men'], ['unspecified', 'Заагаагүй', 'Not stated'], ['female_share', 'Эмэгтэйчүүдийн хувь', 'Share of women'],
  ['below_quota', 'Квотоос доогуур', 'Below the quota'], ['finding', 'Шалтгаан', 'Why'], ['title', 'Албан тушаалын нэр', 'Title'],
  ['units', 'Харьяа нэгж', 'Units'], ['parent', 'Дээд байгууллага', 'Parent organisation'],
];

const types = [
  ['ledger.genesis', 'Бүртгэл нээсэн', 'Log opened'], ['key.register', 'Түлхүүр бүртгэсэн', 'Key registered'],
  ['key.revoke', 'Түлхүүр хүчингүй болгосон', 'Key revoked'], ['key.rotate', 'Түлхүүр сольсон', 'Key rotated'],
  ['organisation.established', 'Байгууллага байгуулсан', 'Organisation established'],
  ['organisation.renamed', 'Байгууллагын нэр өөрчилсөн', 'Organisation renamed'],
  ['organisation.restructured', 'Байгууллагын бүтэц өөрчилсөн', 'Organisation restructured'],
  ['organisation.abolished', 'Байгууллага татан буулгасан', 'Organisation abolished'],
  ['post.established', 'Албан тушаал бий болгосон', 'Post established'],
  ['post.retitled', 'Албан тушаалын нэр өөрчилсөн', 'Post retitled'], ['post.abolished', 'Албан тушаал татан буулгасан', 'Post abolished'],
  ['person.registered', 'Хүн бүртгэсэн', 'Person registered'], ['appointment.made', 'Томилгоо', 'Appointment'],
  ['dismissal.made', 'Чөлөөлөлт', 'Dismissal'], ['transfer.made', 'Шилжүүлэлт', 'Transfer'],
  ['breach.recorded', 'Зөрчил бүртгэсэн', 'Breach recorded'], ['breach.updated', 'Зөрчлийн мэдээлэл шинэчилсэн', 'Breach updated'],
  ['sanction.imposed', 'Шийтгэл ногдуулсан', 'Sanction imposed'], ['court.ruling', 'Шүүхийн шийдвэр', 'Court ruling'],
  ['correction.made', 'Залруулга', 'Correction'],
];

const values = [
  ['permanent', 'Байнгын', 'Permanent'], ['acting', 'Түр орлон гүйцэтгэх', 'Acting'],
  ['appointment', 'Томилгоо', 'Appointment'], ['transfer', 'Шилжүүлэлт', 'Transfer'], ['reinstatement', 'Эгүүлэн тогтоосон', 'Reinstatement'],
  ['dismissal', 'Чөлөөлөлт', 'Dismissal'], ['resignation', 'Өөрийн хүсэлтээр', 'Resignation'], ['retirement', 'Тэтгэвэрт гарсан', 'Retirement'],
  ['end-of-term', 'Бүрэн эрхийн хугацаа дууссан', 'End of term'], ['restructuring', 'Бүтцийн өөрчлөлт', 'Restructuring'],
  ['disciplinary', 'Сахилгын шийтгэл', 'Disciplinary'], ['health', 'Эрүүл мэндийн шалтгаан', 'Health'], ['death', 'Нас барсан', 'Death'],
  ['other', 'Бусад', 'Other'], ['competitive-examination', 'Сонгон шалгаруулалт', 'Competitive examination'],
  ['reserve-list', 'Нөөцөөс', 'Reserve list'], ['political-appointment', 'Улс төрийн томилгоо', 'Political appointment'],
  ['court-reinstatement', 'Шүүхийн шийдвэрээр эгүүлэн тогтоосон', 'Reinstated by a court'],
  ['female', 'Эмэгтэй', 'Female'], ['male', 'Эрэгтэй', 'Male'], ['unspecified', 'Заагаагүй', 'Not stated'],
  ['central-government', 'Төв засгийн газар', 'Central government'], ['ministry', 'Яам', 'Ministry'], ['agency', 'Агентлаг', 'Agency'],
  ['aimag', 'Аймаг', 'Aimag'], ['capital-city', 'Нийслэл', 'Capital city'], ['district', 'Дүүрэг', 'District'], ['soum', 'Сум', 'Soum'],
  ['khoroo', 'Хороо', 'Khoroo'], ['department', 'Газар', 'Department'], ['division', 'Хэлтэс', 'Division'],
  ['political', 'Улс төрийн', 'Political'], ['administrative', 'Төрийн захиргааны', 'Administrative'], ['special', 'Төрийн тусгай', 'Special'],
  ['support', 'Төрийн үйлчилгээний', 'Support'], ['upheld', 'Хэвээр үлдээсэн', 'Upheld'],
  ['root', 'Үндсэн түлхүүр', 'Root'], ['admin', 'Админ', 'Admin'], ['authority', 'Эрх бүхий байгууллага', 'Authority'],
  ['reinstatement-ordered', 'Эгүүлэн тогтоохыг даалгасан', 'Reinstatement ordered'], ['salary-reduction', 'Цалин бууруулах', 'Salary reduction'],
];

const table = (rows, prefix, i) => Object.fromEntries(rows.map((r) => [`${prefix}${r[0]}`, r[i]]));
export const fieldWords = {
  mn: { ...table(fields, 'fname.', 1), ...table(columns, 'col.', 1), ...table(types, 'etype.', 1), ...table(values, 'val.', 1) },
  en: { ...table(fields, 'fname.', 2), ...table(columns, 'col.', 2), ...table(types, 'etype.', 2), ...table(values, 'val.', 2) },
};
