// Facts and names the demo generator draws from (../shared/DOMAIN.md): the
// Capital City's districts and khoroo counts, the Cabinet Secretariat's units
// as approved by Government Resolution No. 5 of 2024, Mongolian names.
#ifndef LEDGER_DEMO_DEMO_NAMES_H_
#define LEDGER_DEMO_DEMO_NAMES_H_

#include <string_view>

namespace ledger::cli {

struct DistrictFact {
  const char* slug;
  const char* name;
  int khoroos;  // 152 in all
};
inline constexpr DistrictFact kDistricts[] = {
    {"baganuur", "Багануур", 5},     {"bagakhangai", "Багахангай", 2},
    {"bayangol", "Баянгол", 25},     {"bayanzurkh", "Баянзүрх", 24},
    {"chingeltei", "Чингэлтэй", 16}, {"khan-uul", "Хан-Уул", 21},
    {"nalaikh", "Налайх", 7},        {"songinokhairkhan", "Сонгинохайрхан", 32},
    {"sukhbaatar", "Сүхбаатар", 20},
};

struct UnitFact {
  const char* slug;
  const char* name;
};
inline constexpr UnitFact kSecretariatUnits[] = {
    {"sectoral-policy", "Салбарын бодлого, зохицуулалтын газар"},
    {"regional-management", "Бүс нутаг, орон нутгийн удирдлагын газар"},
    {"law-justice", "Хууль, эрх зүйн газар"},
    {"human-resources", "Засгийн газрын хүний нөөцийн газар"},
    {"digital-governance", "Цахим засаглал, мэдээллийн технологийн газар"},
    {"public-administration", "Төрийн захиргааны удирдлагын газар"},
    {"finance-investment", "Санхүү, хөрөнгө оруулалтын газар"},
    {"state-protocol", "Төрийн ёслолын газар"},
    {"pm-office", "Ерөнхий сайдын ажлын алба"},
    {"deputy-pm-regional", "Ерөнхий сайдын орлогчийн ажлын алба (Бүс нутгийн хөгжил, онцгой байдлын удирдлага)"},
    {"deputy-pm-trade", "Ерөнхий сайдын орлогчийн ажлын алба (Гадаад худалдаа, хөрөнгө оруулалт)"},
};

// The three longest-serving Chief Cabinet Secretaries named by the Cabinet
// Secretariat's public history page ("Badarch Baldan 33 years, Bat-Ochir
// Gombo 5 years and Saaral Zundui 5 years" of 33 holders since 1921),
// written patronymic first in Mongolian Cyrillic. Their terms' dates and
// the other 30 holders are generated.
struct NamedHolder {
  int years;
  const char* name;
};
inline constexpr NamedHolder kLongestServing[] = {
    {33, "Балдан Бадарч"}, {5, "Гомбо Бат-Очир"}, {5, "Зундуй Саарал"}};

// The Chief Cabinet Secretary's titles since 1921, in the order the
// Secretariat's published history gives them (its English in the comments).
// The Mongolian forms are translations and the dates are generated: the
// source gives only the order.
struct DatedName {
  const char* effective;
  const char* title;
};
inline constexpr DatedName kChiefCabinetSecretaryTitles[] = {
    // Cabinet Secretary /Officer Secretary/
    {"1921-07-11", "Засгийн газрын нарийн бичгийн дарга /Хэрэг эрхлэх нарийн бичгийн дарга/"},
    // Cabinet Secretary and Chief General Department, Officer Secretary and Cabinet Secretary
    {"1924-11-26",
     "Засгийн газрын нарийн бичгийн дарга бөгөөд Ерөнхий хэрэг эрхлэх газрын дарга, Хэрэг "
     "эрхлэх нарийн бичгийн дарга"},
    // Officer Cabinet Secretary
    {"1932-06-01", "Засгийн газрын Хэрэг эрхлэх нарийн бичгийн дарга"},
    // Chief Cabinet Secretariat and Officer Secretary
    {"1940-07-06", "Засгийн газрын Хэрэг эрхлэх хорооны дарга бөгөөд Хэрэг эрхлэх нарийн бичгийн дарга"},
    // Secretary and Officer Secretary
    {"1952-05-01", "Нарийн бичгийн дарга бөгөөд Хэрэг эрхлэх нарийн бичгийн дарга"},
    // Secretary of Cabinet and Economic Council and Chief Cabinet Secretary
    {"1957-03-01",
     "Засгийн газар, Эдийн засгийн зөвлөлийн нарийн бичгийн дарга бөгөөд Хэрэг эрхлэх газрын дарга"},
    // Chief Secretary of Ministerial Council and Chief Secretariat Administration and Governance
    {"1962-01-01",
     "Сайд нарын Зөвлөлийн нарийн бичгийн дарга, Хэрэг эрхлэх удирдах газрын дарга"},
    // Chief Secretary of Ministerial Council
    {"1976-06-01", "Сайд нарын Зөвлөлийн Хэрэг эрхлэх газрын дарга"},
    // Chief Cabinet Office
    {"1990-05-01", "Засгийн газрын Тамгын газрын дарга"},
    // Chief Cabinet Secretary
    {"1996-08-01", "Засгийн газрын Хэрэг эрхлэх газрын дарга"},
};

struct MinistryFact {
  const char* id;
  const char* name;
  const char* minister;
};
inline constexpr MinistryFact kMinistries[] = {
    {"mn.ministry.finance", "Сангийн яам", "Сангийн сайд"},
    {"mn.ministry.justice", "Хууль зүй, дотоод хэргийн яам", "Хууль зүй, дотоод хэргийн сайд"},
    {"mn.ministry.education", "Боловсролын яам", "Боловсролын сайд"},
};

struct BreachKind {
  const char* law;
  const char* article;
  const char* finding;
  const char* body;
};
inline constexpr BreachKind kBreachKinds[] = {
    {"Төрийн албаны тухай хууль", "39.1.3",
     "Албан тушаалаа урвуулан ашиглаж хамаатан садангаа томилуулсан", "Төрийн албаны зөвлөл"},
    {"Төрийн албаны тухай хууль", "37.1.5", "Ажлын цагийг удаа дараа зөрчсөн",
     "Дотоод аудитын хэлтэс"},
    {"Нийтийн албанд нийтийн болон хувийн ашиг сонирхлыг зохицуулах, ашиг сонирхлын зөрчлөөс "
     "урьдчилан сэргийлэх тухай хууль",
     "8.1", "Хувийн ашиг сонирхлын мэдүүлгээ хугацаанд нь гаргаагүй", "Авлигатай тэмцэх газар"},
    {"Авлигын эсрэг хууль", "7.1", "Албан үүргээ гүйцэтгэхдээ бэлэг авсан",
     "Авлигатай тэмцэх газар"},
};

// The article a dismissal on each ground usually cites.
inline std::string_view ArticleFor(std::string_view ground) {
  if (ground == "resignation") return "Төрийн албаны тухай хууль, 40.1.1";
  if (ground == "retirement") return "Төрийн албаны тухай хууль, 40.1.3";
  if (ground == "health") return "Төрийн албаны тухай хууль, 40.1.4";
  if (ground == "restructuring") return "Төрийн албаны тухай хууль, 41.1.1";
  if (ground == "disciplinary") return "Төрийн албаны тухай хууль, 48.1.4";
  if (ground == "end-of-term") return "Засгийн газрын тухай хууль, 22";
  return "Төрийн албаны тухай хууль, 40.1";
}

inline constexpr const char* kPatronymics[] = {
    "Балдан",  "Батбаяр",   "Ганбаатар", "Сүхбаатар",   "Дорж",        "Цэрэндорж",
    "Мөнхбат", "Пүрэвдорж", "Очир",      "Жамъян",      "Лхагва",      "Даваа",
    "Нямаа",   "Ганзориг",  "Энхбаяр",   "Бат-Эрдэнэ",  "Төмөрбаатар", "Гомбо",
    "Дамдин",  "Ценд",      "Баасан",    "Хүрэлбаатар", "Алтангэрэл",  "Дашдорж"};
inline constexpr const char* kMaleNames[] = {"Бадарч",     "Батболд",   "Эрдэнэбат", "Ганхуяг",
                                             "Мөнх-Очир",  "Тэмүүлэн",  "Билгүүн",   "Амарсайхан",
                                             "Түвшинбаяр", "Отгонбаяр", "Ганбат",    "Энхжаргал",
                                             "Болд",       "Сүхбат",    "Өлзийбаяр", "Пүрэвсүрэн"};
inline constexpr const char* kFemaleNames[] = {
    "Оюунчимэг", "Сарантуяа", "Наранцэцэг", "Болормаа",    "Энхтуяа",  "Алтанцэцэг",
    "Цэцэгмаа",  "Баярмаа",   "Дуламсүрэн", "Хулан",       "Номин",    "Анужин",
    "Сэлэнгэ",   "Мөнхзул",   "Ариунаа",    "Түмэнжаргал", "Оюунтуяа", "Гэрэлмаа"};

}  // namespace ledger::cli

#endif  // LEDGER_DEMO_DEMO_NAMES_H_
