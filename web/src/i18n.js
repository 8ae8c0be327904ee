// Every word the pages show, in Mongolian (the default) and English.
// t('key', {n: 3}) fills {n}; a missing key shows itself, so gaps are visible.
// Field names and view columns: i18n_fields.js; why a check failed or a
// record was flagged: i18n_reasons.js.
import { fieldWords } from './i18n_fields.js';
import { reasonWords } from './i18n_reasons.js';

const mn = {
  'app.title': 'Төрийн албаны томилгооны бүртгэл',
  'app.tagline': 'Төрийн албан хаагчдын томилгоо, чөлөөлөлт, зөрчлийн нээлттэй, гарын үсэгтэй бүртгэл',
  'nav.home': 'Нүүр', 'nav.findings': 'Илрүүлэлт', 'nav.offline': 'Офлайн шалгагч', 'nav.api': 'API',
  'lang.switch': 'English',
  'search.placeholder': 'Нэр, албан тушаал, байгууллага эсвэл бичлэгийн дугаар',
  'search.button': 'Хайх', 'search.none': 'Илэрц олдсонгүй.', 'search.results': '“{q}” хайлтын илэрц',
  'kind.person': 'Хүн', 'kind.post': 'Албан тушаал', 'kind.org': 'Байгууллага', 'kind.record': 'Бичлэг',
  'home.log': 'Бүртгэлийн төлөв', 'home.origin': 'Гарал (origin)', 'home.size': 'Бичлэгийн тоо',
  'home.checkpoint': 'Сүүлийн гарын үсэгтэй checkpoint', 'home.latest': 'Сүүлийн бичлэгүүд',
  'home.try': 'Жишээ', 'home.watch': 'Энэ хөтөч дэх хяналт',
  'sources': 'Эх өгөгдөл (хэн ч давтан асууж болно)', 'loading': 'Ачаалж байна…', 'error': 'Алдаа',
  'csv': 'CSV татах', 'more': 'Дараагийн хуудас', 'prev': 'Өмнөх хуудас', 'rows': '{from}–{to} / нийт {total}',
  'person.title': 'Албан хаагчийн хувийн хэрэг', 'person.service': 'Алба хаасан түүх',
  'col.seq': 'Дугаар', 'col.type': 'Төрөл', 'col.date': 'Огноо', 'col.recorded': 'Бүртгэсэн',
  'col.decision': 'Шийдвэр', 'col.signer': 'Гарын үсэг зурсан', 'col.flags': 'Тэмдэглэгээ',
  'col.post': 'Албан тушаал', 'col.org': 'Байгууллага', 'col.person': 'Хүн', 'col.from': 'Эхэлсэн',
  'col.to': 'Дууссан', 'col.tenure': 'Төрөл', 'col.how': 'Хэрхэн эхэлсэн', 'col.ended': 'Хэрхэн дууссан',
  'col.rule': 'Дүрэм', 'col.why': 'Шалтгаан', 'col.days': 'Хоног',
  'post.summary': '{holders} хүн хашсан · дундаж {mean} хоног · медиан {median} · хамгийн урт {longest} ({who})', 'col.name': 'Нэр', 'col.id': 'Таних дугаар',
  'post.title': 'Албан тушаал', 'post.history': 'Албан тушаал хашсан хүмүүс', 'post.chart': 'Ажилласан хугацаа',
  'post.titles': 'Албан тушаалын нэр цаг хугацааны туршид (тасархай шугам: нэр өөрчлөгдсөн он)',
  'org.title': 'Байгууллага', 'org.staffing': 'Орон тоо ба батлагдсан дээд хязгаар',
  'org.headcount': 'Ажиллагсад', 'org.cap': 'Батлагдсан хязгаар', 'org.withunits': 'Харьяа нэгжтэй нийт',
  'org.over': 'ХЯЗГААРААС ХЭТЭРСЭН', 'org.turnover': 'Сонгуулийн өмнө ба дараах эргэц',
  'org.gender': 'Хүйсийн тэнцвэр', 'org.women': 'Эмэгтэй', 'org.men': 'Эрэгтэй',
  'org.appointments': 'Томилгоо', 'org.dismissals': 'Чөлөөлөлт', 'org.posts': 'Албан тушаалууд',
  'findings.title': 'Илрүүлэлт: дүрэм зөрчсөн бичлэгүүд', 'findings.rule': 'Дүрэм',
  'findings.org': 'Байгууллага (доод нэгжтэй)', 'findings.asof': 'Бүртгэлийн хэмжээгээр (as-of-seq)',
  'findings.apply': 'Шүүх', 'findings.all': 'Бүгд',
  'record.title': 'Бичлэг №{seq}', 'record.body': 'Агуулга', 'record.signer': 'Гарын үсэг зурсан түлхүүр',
  'record.hash': 'Бичлэгийн хэш', 'record.verify': 'Энэ хөтөч дээр шалгах',
  'record.verifying': 'Шалгаж байна…', 'record.verified': 'ШАЛГАГДЛАА: бичлэг гарын үсэгтэй бүртгэлд байна ({ms} мс).',
  'record.failed': 'ШАЛГАЛТ АМЖИЛТГҮЙ: “{step}” алхам бүтсэнгүй.', 'record.bundle': 'Офлайн нотолгоо татах (.tlog-proof)',
  'step.crypto': 'Хөтчийн WebCrypto бэлэн', 'step.key': 'Бүртгэлийн түлхүүрийг тогтоосон',
  'step.leaf': 'Бичлэгийн байтаас навчны хэш (SHA-256(0x00‖бичлэг))',
  'step.record': 'Байт дахь бичлэгийн дугаар нотолгоонд тохирно',
  'step.signer': 'Хэлтсийн гарын үсэг (Ed25519) хүчинтэй',
  'step.checkpoint': 'Checkpoint-ийн гарын үсэг тогтоосон түлхүүрээр хүчинтэй',
  'step.proof': 'Оруулгын нотолгооноос үндсэн хэш тооцоолсон (RFC 6962)',
  'step.root': 'Тооцоолсон үндсэн хэш гарын үсэгтэй үндэстэй тэнцүү',
  'step.consistency': 'Энэ хөтчийн хадгалсан checkpoint-ээс хойш түүх өөрчлөгдөөгүй',
  'step.identity': 'Гарын үсэг зурсан хэлтэс (түлхүүрийг бүртгэсэн бичлэг ижил модонд)',
  'detail.identity': '{name} ({role}, {orgs}), №{seq}-д бүртгэгдсэн; түүнээс хойш хүчингүй болсон эсэхийг шалгаагүй',
  'identity.none': 'нотолгоонд гарын үсэг зурагчийн бүртгэл алга',
  'status.ok': 'тийм', 'status.failed': 'БҮТСЭНГҮЙ', 'status.skipped': 'алгассан',
  'detail.leaf': '{bytes} байт → {hash}', 'detail.record': '№{seq}, {type}, тэмдэглэгээ: {flags}',
  'detail.signer': 'түлхүүр {signer}', 'detail.checkpoint': '{origin}, хэмжээ {size}',
  'detail.proof': '{hashes} хэш → {root}', 'detail.root': '{root}',
  'detail.consistency': 'хэмжээ {from} → {to}: зөвхөн нэмэгдсэн',
  'detail.consistency.first': 'анх удаа: хэмжээ {size} хадгаллаа',
  'pin.first': 'Анх удаа: энэ хөтөч бүртгэлийн түлхүүрийг тогтоолоо. Хурууны хээ: {fp}. Үүнийг бүртгэлийн нийтэлсэн түлхүүртэй (өөр сувгаар) харьцуулна уу.',
  'pin.same': 'Тогтоосон түлхүүр: {fp}',
  'pin.differs': 'АНХААР: сервер өөр түлхүүр өгч байна! Тогтоосон: {pinned}. Одоо: {served}. Энэ нь бүртгэлийг сольсон эсвэл хуурамч сервер гэсэн үг байж болно. Шалгалт тогтоосон түлхүүрийг ашиглана.',
  'pin.reset': 'Шинэ түлхүүрийг итгэх (зөвхөн шалтгааныг мэдэж байвал)',
  'watch.ok': 'Бүртгэл энэ хөтчийн өмнө харсан төлөвөөс зөвхөн нэмэгдсэн ({from} → {to}).',
  'watch.first': 'Энэ хөтөч бүртгэлийн хэмжээ {size}-ийг анх удаа хадгаллаа.',
  'watch.rewrite': 'АНХААР: ТҮҮХИЙГ ДАХИН БИЧСЭН эсвэл САЛААЛСАН: хуучин checkpoint ({from}) шинэтэй ({to}) нийцэхгүй. {reason}',
  'watch.rollback': 'АНХААР: бүртгэл өмнө харснаас ЖИЖИГ болсон ({to} < {from}): хуучирсан эсвэл буцаагдсан.',
  'watch.badcp': 'АНХААР: серверийн checkpoint тогтоосон түлхүүрээр шалгагдсангүй: {reason}',
  'insecure.title': 'Энэ хуудсан дээр шалгах боломжгүй',
  'insecure.body': 'Хөтөч WebCrypto-г зөвхөн аюулгүй орчинд (HTTPS, http://127.0.0.1 эсвэл file://) олгодог. Энэ хуудсыг {origin} хаягаар энгийн HTTP-ээр нээсэн тул шалгалт хийх боломжгүй. Сервер `--tls-cert`, `--tls-key`-ээр HTTPS ажиллуулах, эсвэл офлайн verify.html-г татаж нээнэ үү.',
  'offline.title': 'Офлайн шалгагч', 'offline.intro': 'Сервер, сүлжээ хэрэггүй. Нотолгооны файл (.tlog-proof) болон бүртгэлийн түлхүүрийг оруулна уу.',
  'offline.bundle': 'Нотолгооны файл (c2sp.org/tlog-proof)', 'offline.key': 'Бүртгэлийн шалгах түлхүүр (vkey)',
  'offline.run': 'Шалгах',
  'flag.over-headcount': 'Орон тооноос хэтэрсэн', 'flag.second-holder': 'Хоёр дахь эзэмшигч',
  'flag.no-lawful-ground': 'Хуулийн үндэслэлгүй', 'flag.no-merit-selection': 'Сонгон шалгаруулалтгүй',
  'flag.back-dated': 'Хойш огноолсон', 'flag.post-election-appointment': 'Сонгуулийн дараах томилгоо',
  'flag.future-dated': 'Ирээдүйн огноотой', 'flag.duplicate-person': 'Давхар бүртгэл',
  'nav.hr': 'Шийдвэр бүртгэх',
  'hr.title': 'Хүний нөөцийн шийдвэр бүртгэх', 'hr.intro': 'Хэлтсийн хувийн түлхүүрийг (PEM) файлаас уншина. Түлхүүр энэ хөтчөөс гарахгүй: гарын үсгийг хөтөч дээр зурж, зөвхөн гарын үсэгтэй бичлэгийг серверт илгээнэ.',
  'hr.key': '1. Хэлтсийн түлхүүр', 'hr.keyhelp': '`ledger keygen`-ийн бичсэн PEM (PKCS#8 Ed25519) хувийн түлхүүрийн файл.',
  'hr.keyok': 'Бүртгэлтэй түлхүүр: {name} ({role}; байгууллага: {orgs})', 'hr.keyunknown': 'Энэ түлхүүр бүртгэлд алга: бүртгэл үүнийг хүлээн авахгүй.',
  'hr.keyrevoked': 'Энэ түлхүүрийг хүчингүй болгосон: бүртгэл үүнийг хүлээн авахгүй.',
  'key.notpem': 'PEM хувийн түлхүүр биш (-----BEGIN PRIVATE KEY-----).', 'key.noted25519': 'Ed25519 PKCS#8 түлхүүр биш.',
  'key.unsupported': 'Энэ хөтөч Ed25519-ийг WebCrypto-д дэмждэггүй.',
  'hr.event': '2. Шийдвэр', 'hr.fields': '{type}-ийн талбарууд', 'hr.optional': 'заавал биш', 'hr.idlist': 'таслалаар тусгаарла',
  'hr.clientidhelp': '(давхар илгээлтээс хамгаална)', 'hr.clientid': 'client_id хоосон эсвэл 128 байтаас урт',
  'hr.correctable': 'Залруулгаар (correction.made) өөрчилж болох талбарууд',
  'hr.check': '3. Шалгалт ба урьдчилан харах', 'hr.valid': 'Бүх талбар зөв.', 'hr.problems': '{n} талбар буруу:',
  'hr.needkey': 'Гарын үсэг зурахын тулд түлхүүрээ ачаална уу.', 'hr.outofscope': '“{name}” түлхүүр “{org}” байгууллагад бүртгэх эрхгүй: бүртгэл татгалзана.',
  'hr.preview': 'Илгээх бичлэг', 'hr.dryrun': 'Илгээвэл юу болох вэ (сервер дээр туршиж шалгасан, юу ч бичээгүй)',
  'hr.dryrunning': 'Сервер дээр туршиж байна…', 'hr.wouldbe': 'Хүлээн авна: №{seq} бичлэг болно.', 'hr.wouldduplicate': 'Өмнө нь №{seq} болж бүртгэгдсэн (давхардал): шинэ бичлэг нэмэгдэхгүй.',
  'hr.wouldflag': 'Дүрмийн тэмдэглэгээ авна:', 'hr.noflags': 'Дүрмийн тэмдэглэгээгүй.', 'hr.wouldreject': 'ТАТГАЛЗАНА: {status} {code}',
  'hr.submit': 'Илгээх', 'hr.sending': 'Илгээж байна…', 'hr.accepted': 'Бүртгэгдлээ: бичлэг №{seq}.', 'hr.duplicate': 'Өмнө нь бүртгэгдсэн: бичлэг №{seq} (давхардал).',
  'hr.open': '№{seq}-г нээх', 'hr.readonly': 'Энэ сервер зөвхөн уншина: илгээх боломжгүй.',
  'field.required': 'заавал бөглөнө', 'field.control': 'удирдах тэмдэгт агуулж болохгүй', 'field.utf8': 'UTF-8 биш тэмдэгт',
  'field.toolong': 'хэт урт', 'field.id': '1–128 тэмдэгт: A–Z a–z 0–9 . _ : / -', 'field.choice': 'жагсаалтаас сонгоно',
  'field.uint': 'сөрөг биш бүхэл тоо', 'field.bool': 'true эсвэл false', 'field.date': 'бодит огноо YYYY-MM-DD',
  'field.key32': '32 байтын base64', 'field.idlist': 'ID-ууд эсвэл *', 'field.kind': 'үл мэдэгдэх төрөл',
  'demo.home': 'Жишээ өгөгдөл. Олон нийтэд нээлттэй эх сурвалжаас: Засгийн газрын Хэрэг эрхлэх газрын бүтэц (Засгийн газрын 2024 оны 7-р сарын 24-ний 5-р тогтоол, орон тоо 241, 11 нэгж, Ерөнхий сайдын орлогчийн хоёр ажлын алба), 1921 оноос хойш 33 хүн Хэрэг эрхлэх газрын дарга байсан ба хамгийн удаан ажилласан гурав (Балдан Бадарч 33 жил, Гомбо Бат-Очир 5 жил, Зундуй Саарал 5 жил). Бусад бүх хүн, огноо, шийдвэр зохиомол.',
  'demo.post': 'Жишээ өгөгдөл: 33 эзэмшигчийн тоо болон хамгийн удаан ажилласан гурвын нэр, хугацаа (Балдан Бадарч 33, Гомбо Бат-Очир 5, Зундуй Саарал 5 жил) нь Хэрэг эрхлэх газрын нийтэлсэн түүхээс; бусад 30 эзэмшигч, бүх огноо зохиомол. Албан тушаалын 10 нэр, тэдгээрийн дараалал мөн тэр эх сурвалжаас (монгол хэлбэр нь орчуулга); нэр өөрчлөгдсөн огноо зохиомол.',
  'notfound': 'Хуудас олдсонгүй.',
  'bool.yes': 'тийм', 'bool.no': 'үгүй', 'chart.days': 'хоног',
  'org.units': '{n} харьяа нэгж', 'org.turnovertable': 'Эргэцийн хүснэгт', 'org.gendertable': 'Хүйсийн хүснэгт',
  'home.witnesses': 'Гэрчүүд (бие даасан байгууллагууд)',
  'step.witnesses': 'Гэрчүүд энэ checkpoint-д гарын үсэг зурсан (бодлогын ирцээр)', 'detail.witnesses': '{summary}',
  'policy.first': 'Гэрчийн бодлогыг сервер санал болгосон; энэ хөтөч анх удаа тогтоолоо (түлхүүрийн адил). Үүнийг бүртгэлийн өөр сувгаар нийтэлсэн бодлоготой харьцуулна уу.',
  'policy.same': 'Тогтоосон гэрчийн бодлого (серверийн санал болгосон).',
  'policy.differs': 'Тогтоосон бодлого (өмнө нь тогтоосон).',
  'policy.own': 'Таны өөрийн тогтоосон гэрчийн бодлого.',
  'policy.none': 'Гэрчийн бодлого алга: сервер санал болгоогүй, та ч тогтоогоогүй. Гэрчийн гарын үсгийг шалгахгүй.',
  'policy.summary': '{n} гэрч; шаардлагатай ирц: {quorum}.', 'policy.nonequorum': 'гэрч шаардахгүй', 'policy.kofn': '{n} гэрчээс {k}',
  'policy.warn': 'АНХААР: сервер өөр гэрчийн бодлого санал болгож байна! Шалгалт тогтоосон бодлогыг ашиглана.',
  'policy.trust': 'Шинэ бодлогыг итгэх (зөвхөн шалтгааныг мэдэж байвал)',
  'policy.edit': 'Өөрийн бодлогыг тогтоох', 'policy.ownhelp': 'c2sp.org/tlog-policy хэлбэрийн бичвэр: log, witness, group, quorum мөрүүд. Таны итгэдэг гэрчүүдийг сонгоно.',
  'policy.pin': 'Энэ бодлогыг тогтоох', 'policy.forget': 'Серверийн бодлого руу буцах',
  'witness.ok': 'гарын үсэг хүчинтэй, {time}', 'witness.bad': 'ГАРЫН ҮСЭГ ХҮЧИНГҮЙ: энэ мөрийг өөрчилсөн эсвэл хуурамч',
  'witness.absent': 'гарын үсэг зураагүй', 'witness.future': 'гарын үсэг {time} — ирээдүйн цагтай тул тооцохгүй',
  'witness.summary': '{total} гэрчээс {n} нь гэрчилсэн, хамгийн сүүлд {newest}',
  'witness.quorum': 'Ирц хангагдсан.', 'witness.noquorum': 'ИРЦ ХАНГАГДААГҮЙ: бодлогын шаардсан тооны гэрч гарын үсэг зураагүй.',
  'witness.badverdict': 'АНХААР: дараах гэрчийн гарын үсэг хүчингүй: {names}. Checkpoint-ийг итгэж болохгүй.',
  'witness.error': 'АНХААР: гэрчийн шалгалт бүтсэнгүй: {reason}',
  'witness.alert': 'АНХААР: гэрчийн гарын үсэг буруу эсвэл ирц хангагдаагүй (Нүүр хуудсыг үзнэ үү).',
  'witness.nocp': 'Checkpoint шалгагдаагүй тул гэрчийг шалгасангүй.',
  'witness.nocosig': 'серверийн checkpoint-д гэрчийн гарын үсэг алга',
  'witness.notyet': 'гэрчүүд хэмжээ {size} хүртэлх модыг гэрчилсэн; №{seq} бичлэг түүнээс шинэ тул хараахан гэрчлэгдээгүй',
  'offline.policy': 'Гэрчийн бодлого (заавал биш; c2sp.org/tlog-policy)',
  'offline.maxage': 'Checkpoint-ийн хамгийн их нас (жишээ нь 24h, 36h, 7d; хоосон бол хязгааргүй)',
  'age.d': '{n} өдөр', 'age.h': '{n} цаг', 'age.m': '{n} минут', 'age.s': '{n} секунд',
  'witness.stale': 'гарын үсэг {time}, {age}-ийн өмнө: хязгаараас ({max}) хуучин тул тооцохгүй',
  'witness.staleverdict': 'АНХААР: CHECKPOINT ХУУЧИРСАН: гэрчийн хамгийн сүүлийн гарын үсэг {age}-ийн өмнө ({time}) зурагдсан, хязгаар {max}. Сервер шинэ checkpoint-оо гэрчлүүлээгүй, эсвэл танд хуучин төлөв харуулж байж болно.',
  'witness.stalealert': 'АНХААР: checkpoint хуучирсан: гэрчийн хамгийн сүүлийн гарын үсэг {age}-ийн өмнөх (хязгаар {max}).',
  'policy.maxage': 'Checkpoint-ийн хамгийн их нас: {max} (гэрчийн гарын үсгийн цагаар, энэ хөтчийн цагтай харьцуулна).',
  'policy.maxagelabel': 'Хамгийн их нас (24h, 36h, 7d, 1h30m)', 'policy.maxagesave': 'Хадгалах',
};

const en = {
  'app.title': 'Civil-service appointment ledger',
  'app.tagline': 'An open, signed register of appointments, dismissals and breaches in the civil service',
  'nav.home': 'Home', 'nav.findings': 'Findings', 'nav.offline': 'Offline verifier', 'nav.api': 'API',
  'lang.switch': 'Монгол',
  'search.placeholder': 'A name, post, organisation or record number',
  'search.button': 'Search', 'search.none': 'Nothing found.', 'search.results': 'Results for “{q}”',
  'kind.person': 'Person', 'kind.post': 'Post', 'kind.org': 'Organisation', 'kind.record': 'Record',
  'home.log': 'The log', 'home.origin': 'Origin', 'home.size': 'Records',
  'home.checkpoint': 'Latest signed checkpoint', 'home.latest': 'Latest records',
  'home.try': 'Try', 'home.watch': 'Watched by this browser',
  'sources': 'Data (anyone can repeat these calls)', 'loading': 'Loading…', 'error': 'Error',
  'csv': 'Download CSV', 'more': 'Next page', 'prev': 'Previous page', 'rows': '{from}–{to} of {total}',
  'person.title': 'Service record', 'person.service': 'Service history',
  'col.seq': 'Seq', 'col.type': 'Type', 'col.date': 'Effective', 'col.recorded': 'Recorded',
  'col.decision': 'Decision', 'col.signer': 'Signed by', 'col.flags': 'Flags',
  'col.post': 'Post', 'col.org': 'Organisation', 'col.person': 'Person', 'col.from': 'From',
  'col.to': 'To', 'col.tenure': 'Tenure', 'col.how': 'Began by', 'col.ended': 'Ended by',
  'col.rule': 'Rule', 'col.why': 'Why', 'col.days': 'Days',
  'post.summary': '{holders} holders · mean {mean} days · median {median} · longest {longest} ({who})', 'col.name': 'Name', 'col.id': 'ID',
  'post.title': 'Post', 'post.history': 'Holders of this post', 'post.chart': 'Tenures',
  'post.titles': 'The post’s titles over time (dashed lines on the chart: the year the title changed)',
  'org.title': 'Organisation', 'org.staffing': 'Staffing against the approved cap',
  'org.headcount': 'Headcount', 'org.cap': 'Approved cap', 'org.withunits': 'With its units',
  'org.over': 'OVER THE CAP', 'org.turnover': 'Turnover around elections',
  'org.gender': 'Gender balance', 'org.women': 'Women', 'org.men': 'Men',
  'org.appointments': 'Appointments', 'org.dismissals': 'Dismissals', 'org.posts': 'Posts',
  'findings.title': 'Findings: records that broke a rule', 'findings.rule': 'Rule',
  'findings.org': 'Organisation (and its units)', 'findings.asof': 'As of log size (as-of-seq)',
  'findings.apply': 'Filter', 'findings.all': 'All',
  'record.title': 'Record {seq}', 'record.body': 'Contents', 'record.signer': 'Signing key',
  'record.hash': 'Record hash', 'record.verify': 'Verify in this browser',
  'record.verifying': 'Verifying…', 'record.verified': 'VERIFIED: this record is in the signed log ({ms} ms).',
  'record.failed': 'VERIFICATION FAILED at the step “{step}”.', 'record.bundle': 'Download the offline proof (.tlog-proof)',
  'step.crypto': 'WebCrypto is available in this browser', 'step.key': 'The log key is pinned',
  'step.leaf': 'Leaf hash from the record bytes (SHA-256(0x00‖record))',
  'step.record': 'The record bytes carry the proof’s index',
  'step.signer': 'The department’s Ed25519 signature is valid',
  'step.checkpoint': 'The checkpoint’s signature verifies with the pinned key',
  'step.proof': 'Root computed from the inclusion proof (RFC 6962)',
  'step.root': 'The computed root equals the signed root',
  'step.consistency': 'History unchanged since the checkpoint this browser kept',
  'step.identity': 'Who signed (the record that registered the key, in the same signed tree)',
  'detail.identity': '{name} ({role}, {orgs}), registered at seq {seq}; revocation since then is not checked',
  'identity.none': 'the bundle does not carry the signer’s registration',
  'status.ok': 'yes', 'status.failed': 'FAILED', 'status.skipped': 'skipped',
  'detail.leaf': '{bytes} bytes → {hash}', 'detail.record': 'seq {seq}, {type}, flags: {flags}',
  'detail.signer': 'key {signer}', 'detail.checkpoint': '{origin}, size {size}',
  'detail.proof': '{hashes} hashes → {root}', 'detail.root': '{root}',
  'detail.consistency': 'size {from} → {to}: only appended',
  'detail.consistency.first': 'first visit: kept size {size}',
  'pin.first': 'First use: this browser now pins the log key. Fingerprint: {fp}. Compare it with the key the log publishes elsewhere.',
  'pin.same': 'Pinned key: {fp}',
  'pin.differs': 'WARNING: the server offers a DIFFERENT log key! Pinned: {pinned}. Served: {served}. The log may have been replaced, or this is not the real server. Verification keeps using the pinned key.',
  'pin.reset': 'Trust the new key (only if you know why it changed)',
  'watch.ok': 'The log only grew since this browser last saw it ({from} → {to}).',
  'watch.first': 'This browser kept the log at size {size} for the first time.',
  'watch.rewrite': 'WARNING: HISTORY REWRITTEN or FORKED: the kept checkpoint ({from}) is not consistent with the new one ({to}). {reason}',
  'watch.rollback': 'WARNING: the log is SMALLER than this browser saw before ({to} < {from}): stale or rolled back.',
  'watch.badcp': 'WARNING: the server’s checkpoint does not verify with the pinned key: {reason}',
  'insecure.title': 'Verification is unavailable on this page',
  'insecure.body': 'Browsers give WebCrypto only to secure contexts (HTTPS, http://127.0.0.1 or file://). This page was opened over plain HTTP at {origin}, so it cannot check anything. Serve it over HTTPS (`ledger serve --tls-cert ... --tls-key ...`), or download the offline verify.html and open it from disk.',
  'offline.title': 'Offline verifier', 'offline.intro': 'No server, no network. Give it a proof file (.tlog-proof) and the log’s verifier key.',
  'offline.bundle': 'Proof file (c2sp.org/tlog-proof)', 'offline.key': 'The log’s verifier key (vkey)',
  'offline.run': 'Verify',
  'flag.over-headcount': 'Over the headcount cap', 'flag.second-holder': 'Second holder',
  'flag.no-lawful-ground': 'No lawful ground', 'flag.no-merit-selection': 'No merit selection',
  'flag.back-dated': 'Back-dated', 'flag.post-election-appointment': 'Post-election appointment',
  'flag.future-dated': 'Future-dated', 'flag.duplicate-person': 'Duplicate person',
  'nav.hr': 'Record a decision',
  'hr.title': 'Record an HR decision', 'hr.intro': 'The department’s private key (PEM) is read from a file and never leaves this browser: the record is signed here, and only the signed record is sent.',
  'hr.key': '1. The department’s key', 'hr.keyhelp': 'A PEM (PKCS#8 Ed25519) private key file as `ledger keygen` writes it.',
  'hr.keyok': 'Registered key: {name} ({role}; organisations: {orgs})', 'hr.keyunknown': 'This key is not in the registry: the ledger will refuse it.',
  'hr.keyrevoked': 'This key was revoked: the ledger will refuse it.',
  'key.notpem': 'Not a PEM private key (-----BEGIN PRIVATE KEY-----).', 'key.noted25519': 'Not an Ed25519 PKCS#8 key.',
  'key.unsupported': 'This browser’s WebCrypto has no Ed25519.',
  'hr.event': '2. The decision', 'hr.fields': 'Fields of {type}', 'hr.optional': 'optional', 'hr.idlist': 'comma separated',
  'hr.clientidhelp': '(guards against sending twice)', 'hr.clientid': 'client_id is empty or over 128 bytes',
  'hr.correctable': 'Fields a correction (correction.made) may change',
  'hr.check': '3. Check and preview', 'hr.valid': 'Every field is valid.', 'hr.problems': '{n} fields are not valid:',
  'hr.needkey': 'Load your key to sign.', 'hr.outofscope': 'The key “{name}” may not record for “{org}”: the ledger will refuse it.',
  'hr.preview': 'The submission to send', 'hr.dryrun': 'What sending it would do (tried on the server, nothing written)',
  'hr.dryrunning': 'Trying it on the server…', 'hr.wouldbe': 'It would be accepted as record {seq}.', 'hr.wouldduplicate': 'Already recorded as record {seq} (a replay): nothing new would be added.',
  'hr.wouldflag': 'It would be flagged:', 'hr.noflags': 'No rule would flag it.', 'hr.wouldreject': 'IT WOULD BE REFUSED: {status} {code}',
  'hr.submit': 'Submit', 'hr.sending': 'Sending…', 'hr.accepted': 'Recorded as record {seq}.', 'hr.duplicate': 'Already recorded as record {seq} (a replay).',
  'hr.open': 'open record {seq}', 'hr.readonly': 'This server is read-only: nothing can be submitted.',
  'field.required': 'required', 'field.control': 'no control characters', 'field.utf8': 'not valid UTF-8',
  'field.toolong': 'too long', 'field.id': '1–128 of A–Z a–z 0–9 . _ : / -', 'field.choice': 'pick one of the choices',
  'field.uint': 'a non-negative whole number', 'field.bool': 'true or false', 'field.date': 'a real date YYYY-MM-DD',
  'field.key32': 'base64 of 32 bytes', 'field.idlist': 'ids or *', 'field.kind': 'unknown kind',
  'demo.home': 'Demo data. From public sources: the Cabinet Secretariat’s structure (Government Resolution No. 5 of 24 July 2024, a cap of 241, 11 units including the two Deputy Prime Minister’s Offices), and that 33 people have been Chief Cabinet Secretary since 1921, the longest-serving three being Badarch Baldan (33 years), Bat-Ochir Gombo (5) and Saaral Zundui (5). Every other person, date and decision is generated.',
  'demo.post': 'Demo data: the number of holders (33) and the three longest-serving by name and length of service (Badarch Baldan 33, Bat-Ochir Gombo 5, Saaral Zundui 5 years) come from the Cabinet Secretariat’s published history; the other 30 holders and all dates are generated. The post’s ten titles and their order come from the same source (the Mongolian forms are translations); the dates the title changed are generated.',
  'notfound': 'No such page.',
  'bool.yes': 'yes', 'bool.no': 'no', 'chart.days': 'days',
  'org.units': '{n} units', 'org.turnovertable': 'Turnover table', 'org.gendertable': 'Gender table',
  'home.witnesses': 'Witnesses (independent organisations)',
  'step.witnesses': 'Witnesses cosigned this checkpoint (the policy’s quorum)', 'detail.witnesses': '{summary}',
  'policy.first': 'Witness policy offered by the server; this browser pinned it on first use (as with the key). Compare it with the policy the log publishes elsewhere.',
  'policy.same': 'Pinned witness policy (the one the server offers).',
  'policy.differs': 'Pinned policy (the one pinned before).',
  'policy.own': 'Your own pinned witness policy.',
  'policy.none': 'No witness policy: the server offers none and you pinned none. Cosignatures are not checked.',
  'policy.summary': '{n} witnesses; quorum needed: {quorum}.', 'policy.nonequorum': 'no witness needed', 'policy.kofn': '{k} of {n}',
  'policy.warn': 'WARNING: the server offers a DIFFERENT witness policy! Checks keep using the pinned one.',
  'policy.trust': 'Trust the new policy (only if you know why it changed)',
  'policy.edit': 'Pin your own policy', 'policy.ownhelp': 'Text in the c2sp.org/tlog-policy form: log, witness, group and quorum lines. Choose the witnesses you trust.',
  'policy.pin': 'Pin this policy', 'policy.forget': 'Go back to the server’s policy',
  'witness.ok': 'cosignature valid, {time}', 'witness.bad': 'THE COSIGNATURE DOES NOT VERIFY: the line was changed or forged',
  'witness.absent': 'did not cosign', 'witness.future': 'cosigned at {time}, in the future: not counted',
  'witness.summary': 'witnessed by {n} of {total}, newest {newest}',
  'witness.quorum': 'Quorum met.', 'witness.noquorum': 'QUORUM NOT MET: fewer witnesses cosigned than the policy needs.',
  'witness.badverdict': 'WARNING: the cosignature of {names} does not verify. Do not trust this checkpoint.',
  'witness.error': 'WARNING: the witness check failed: {reason}',
  'witness.alert': 'WARNING: a witness cosignature is bad or the quorum is not met (see Home).',
  'witness.nocp': 'The checkpoint did not verify, so its witnesses were not checked.',
  'witness.nocosig': 'the server’s checkpoint carries no cosignature',
  'witness.notyet': 'the witnesses cosigned the tree up to size {size}; record {seq} is newer and not witnessed yet',
  'offline.policy': 'Witness policy (optional; c2sp.org/tlog-policy)',
  'offline.maxage': 'Maximum checkpoint age (e.g. 24h, 36h, 7d; empty: any age)',
  'age.d': '{n} d', 'age.h': '{n} h', 'age.m': '{n} min', 'age.s': '{n} s',
  'witness.stale': 'cosigned at {time}, {age} ago: older than the limit ({max}), not counted',
  'witness.staleverdict': 'WARNING: STALE CHECKPOINT: the newest witness cosignature was made {age} ago ({time}), the limit is {max}. The server has not had a newer checkpoint witnessed, or is showing you an old state.',
  'witness.stalealert': 'WARNING: stale checkpoint: the newest witness cosignature is {age} old (limit {max}).',
  'policy.maxage': 'Maximum checkpoint age: {max} (by the witnesses’ signed times against this browser’s clock).',
  'policy.maxagelabel': 'Maximum age (24h, 36h, 7d, 1h30m)', 'policy.maxagesave': 'Save',
};

const tables = { mn: { ...fieldWords.mn, ...reasonWords.mn, ...mn }, en: { ...fieldWords.en, ...reasonWords.en, ...en } };
let current = 'mn';

export function initLang() {
  const asked = new URLSearchParams(location.search).get('lang');
  let stored = null;
  try { stored = localStorage.getItem('ledger.lang'); } catch { /* file:// in some browsers */ }
  current = tables[asked] ? asked : tables[stored] ? stored : 'mn';
  document.documentElement.lang = current;
  return current;
}
export function setLang(lang) {
  current = tables[lang] ? lang : 'mn';
  try { localStorage.setItem('ledger.lang', current); } catch { /* ignore */ }
  document.documentElement.lang = current;
}
export const lang = () => current;
// The origin `ledger demo` gives its ledger: pages then say what is real.
export const DEMO_ORIGIN = 'civil-service-ledger.example.mn/demo';
export function t(key, args = {}) {
  const s = tables[current][key] ?? tables.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (args[k] ?? `{${k}}`));
}

// Why something failed or was flagged, in the page's language: the words
// for the problem `kind` (i18n_reasons.js), filled from `args`, and the
// English `detail` to show beside them. `words` is null when the language
// has none for the kind (in English the detail says it all).
export function reason(kind, args, detail) {
  const key = `why.${kind}`;
  return { words: tables[current][key] != null ? t(key, args || {}) : null, detail: detail || '' };
}
// The same as one line of text: the words, then the detail in brackets.
export function reasonText(kind, args, detail) {
  const r = reason(kind, args, detail);
  return r.words ? (r.detail ? `${r.words} (${r.detail})` : r.words) : r.detail;
}

// A number of seconds in words, its two largest units: "1 өдөр 3 цаг", "3 h 20 min".
export function ageWords(secs) {
  let left = Math.max(0, Math.floor(secs));
  const parts = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    const n = Math.floor(left / size);
    left -= n * size;
    if (n && parts.length < 2) parts.push(t(`age.${unit}`, { n }));
    else if (parts.length) break;
  }
  return parts.join(' ') || t('age.s', { n: 0 });
}
