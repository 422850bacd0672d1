#include "bench/store/corpus.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/hash.h"
#include "common/proto_time.h"
#include "dedup/document.h"
#include "topics/topics.h"

namespace caravan::bench {
namespace {

// Function words first (most frequent), then the vocabulary of the field.
// "|" separates the two parts.
constexpr const char* kEnglish =
    "the of and to in a is that for on with as by was from at are it be this has have an which its were or "
    "their not but also been will after more than over they new other into between would had said first two such "
    "these can about up who all one may under through during while most some only both three since its out "
    "against however there when where what because would could should must very further already including "
    "| government country countries region regional economic economy trade project projects investment "
    "investments infrastructure railway railways road roads port ports corridor corridors transport transit "
    "logistics cargo freight container containers border borders minister ministry president agreement "
    "agreements cooperation development bank loan loans debt finance financial energy gas oil pipeline pipelines "
    "power electricity water security military defence policy political diplomacy diplomatic summit meeting "
    "talks visit delegation partnership strategy strategic initiative belt china chinese beijing russia russian "
    "moscow kazakhstan kazakh astana almaty uzbekistan uzbek tashkent kyrgyzstan kyrgyz bishkek tajikistan dushanbe "
    "turkmenistan ashgabat turkey turkish ankara istanbul iran tehran afghanistan pakistan gwadar khorgos aktau "
    "caspian sea europe european union market markets growth production export exports import imports tariff "
    "tariffs customs volume volumes capacity terminal terminals shipping route routes network construction "
    "contract contracts company companies state enterprise enterprises private sector industry industrial "
    "mining copper uranium coal wheat grain agriculture farmers city cities people population workers jobs labour "
    "migration migrants education students university research report analysis experts analyst analysts data "
    "figures percent billion million dollars yuan tenge rubles lira budget revenue costs price prices inflation "
    "currency sanctions war conflict stability terrorism extremism water resources climate drought environment "
    "connectivity integration competition influence interests relations neighbours partners allies media press "
    "statement officials authorities parliament elections reform reforms law laws court rights society public "
    "opinion history culture language future plans plan year years month months week today yesterday january "
    "february march april may june july august september october november december spring summer autumn winter "
    "north south east west central asia asian eurasia eurasian silk ancient modern major key large small high low "
    "long short important significant possible likely recent current previous next annual average total national "
    "international global local foreign domestic western eastern southern northern landlocked";

constexpr const char* kEnglishPhrases[] = {
    "belt and road initiative", "middle corridor", "according to the ministry", "trans-caspian international transport route",
    "shanghai cooperation organisation", "eurasian economic union", "china-kyrgyzstan-uzbekistan railway",
    "dry port", "free trade zone", "foreign direct investment", "the two sides agreed",
    "memorandum of understanding", "central asian states", "energy security", "debt trap", "one belt one road",
    "china-pakistan economic corridor", "the ministry of foreign affairs", "in the first half of the year",
    "at the invitation of"};

constexpr const char* kRussian =
    "и в не на что с по о к из за для от как это его а также до при был была были будет их который которые "
    "после более чем между года году лет время все он она они мы вы уже только еще может могут быть этом этого "
    "того том так но или если где когда чтобы есть нет под над через около всего кроме однако именно "
    "| коридор проект инициатива сотрудничество развитие экономика торговля транспорт железная дорога порт "
    "граница правительство министр президент министерство соглашение договор инвестиции кредит банк энергетика "
    "газ нефть трубопровод электроэнергия вода безопасность оборона политика дипломатия саммит встреча переговоры "
    "визит делегация партнерство стратегия пояс путь китай пекин россия москва казахстан астана алматы "
    "узбекистан ташкент киргизия кыргызстан бишкек таджикистан душанбе туркменистан ашхабад турция анкара иран "
    "афганистан пакистан хоргос актау каспий европа рынок рост производство экспорт импорт тариф таможня объем "
    "мощность терминал маршрут сеть строительство контракт компания государство предприятие сектор "
    "промышленность добыча медь уран уголь пшеница зерно сельское хозяйство город население работник рабочие "
    "миграция мигранты образование студенты университет исследование доклад анализ эксперт аналитик данные "
    "процент миллиард миллион доллар юань тенге рубль бюджет доход расход цена инфляция валюта санкции война "
    "конфликт стабильность терроризм ресурс климат засуха среда связанность интеграция конкуренция влияние "
    "интерес отношения сосед партнер союзник пресса заявление чиновник власть парламент выборы реформа закон суд "
    "право общество мнение история культура язык будущее план год месяц неделя сегодня вчера январь февраль "
    "март апрель май июнь июль август сентябрь октябрь ноябрь декабрь север юг восток запад центральная азия "
    "евразия шелковый древний главный крупный важный национальный международный глобальный местный "
    "иностранный внутренний западный восточный вопрос решение ситуация система уровень процесс область "
    "республика глава сторона страна регион союз организация участие поддержка помощь условие обязательство";

constexpr const char* kRussianPhrases[] = {
    "один пояс один путь", "средний коридор", "по данным министерства", "шанхайская организация сотрудничества",
    "евразийский экономический союз", "железная дорога китай киргизия узбекистан", "сухой порт",
    "прямые иностранные инвестиции", "стороны договорились", "меморандум о взаимопонимании",
    "страны центральной азии", "энергетическая безопасность", "транскаспийский международный транспортный маршрут",
    "министерство иностранных дел", "в первом полугодии", "по словам эксперта"};

constexpr const char* kTurkish =
    "ve bir bu da de ile için olarak olan en çok daha gibi ama ancak sonra kadar göre ise her yeni iki büyük "
    "olan olduğu olduğunu var yok değil ki ne o bu şu biz siz onlar ayrıca hem veya yani ilk son önce "
    "arasında üzerinde içinde tarafından karşı doğru bile artık henüz sadece yalnızca birçok bazı tüm "
    "| koridor proje girişim işbirliği kalkınma ekonomi ticaret ulaştırma demiryolu liman sınır hükümet bakan "
    "cumhurbaşkanı bakanlık anlaşma yatırım kredi banka enerji doğalgaz petrol boru hattı elektrik su güvenlik "
    "savunma politika diplomasi zirve toplantı görüşme ziyaret heyet ortaklık strateji kuşak yol çin pekin rusya "
    "moskova kazakistan astana almatı özbekistan taşkent kırgızistan bişkek tacikistan duşanbe türkmenistan "
    "aşkabat türkiye ankara istanbul iran tahran afganistan pakistan hazar avrupa pazar büyüme üretim ihracat "
    "ithalat gümrük hacim kapasite terminal güzergah ağ inşaat sözleşme şirket devlet sektör sanayi madencilik "
    "bakır uranyum kömür buğday tahıl tarım çiftçi şehir nüfus işçi istihdam göç eğitim öğrenci üniversite "
    "araştırma rapor analiz uzman veri yüzde milyar milyon dolar yuan lira bütçe gelir maliyet fiyat enflasyon "
    "para yaptırım savaş çatışma istikrar terör kaynak iklim kuraklık çevre bağlantı entegrasyon rekabet etki "
    "çıkar ilişki komşu müttefik basın açıklama yetkili meclis seçim reform kanun mahkeme hak toplum kamuoyu "
    "tarih kültür dil gelecek plan yıl ay hafta bugün dün ocak şubat mart nisan mayıs haziran temmuz ağustos "
    "eylül ekim kasım aralık kuzey güney doğu batı orta asya avrasya ipek kadim önemli büyük küçük ulusal "
    "uluslararası küresel yerel yabancı türk dünya devletleri teşkilatı bölge bölgesel ülke ülkeler halk "
    "konu karar durum sistem seviye süreç alan cumhuriyet başkan taraf birlik örgüt katılım destek yardım";

constexpr const char* kTurkishPhrases[] = {
    "kuşak ve yol", "orta koridor", "bakanlığın açıklamasına göre", "şanghay işbirliği örgütü",
    "avrasya ekonomik birliği", "kuru liman", "doğrudan yabancı yatırım", "taraflar anlaştı", "mutabakat zaptı",
    "orta asya ülkeleri", "enerji güvenliği", "türk devletleri teşkilatı", "dışişleri bakanlığı",
    "yılın ilk yarısında", "bakü tiflis kars demiryolu"};

constexpr const char* kKazakh =
    "және мен бұл да де үшін бойынша деп болып болды еді бар жоқ осы сол ол олар біз жаңа екі үлкен көп "
    "тағы әрі немесе бірақ алайда кейін дейін сияқты туралы арасында ішінде арқылы қарай бері бір барлық "
    "кейбір әр өз оның олардың біздің қазір енді тек ғана ең өте "
    "| дәліз жоба бастама ынтымақтастық даму экономика сауда көлік теміржол порт шекара үкімет министр "
    "президент министрлік келісім инвестиция несие банк энергетика газ мұнай құбыр электр су қауіпсіздік "
    "қорғаныс саясат дипломатия саммит кездесу келіссөз сапар делегация әріптестік стратегия белдеу жол "
    "қытай бейжің ресей мәскеу қазақстан астана алматы өзбекстан ташкент қырғызстан бішкек тәжікстан "
    "душанбе түрікменстан ашхабад түркия анкара иран ауғанстан пәкістан қорғас ақтау каспий еуропа нарық "
    "өсім өндіріс экспорт импорт тариф кеден көлем қуат терминал бағыт желі құрылыс келісімшарт компания "
    "мемлекет кәсіпорын сала өнеркәсіп кен мыс уран көмір бидай астық ауыл шаруашылығы қала халық жұмысшы "
    "көші-қон білім студент университет зерттеу баяндама талдау сарапшы дерек пайыз миллиард миллион доллар "
    "юань теңге бюджет табыс шығын баға инфляция валюта санкция соғыс қақтығыс тұрақтылық терроризм ресурс "
    "климат құрғақшылық орта байланыс интеграция бәсеке ықпал мүдде қарым-қатынас көрші серіктес одақтас "
    "баспасөз мәлімдеме шенеунік билік парламент сайлау реформа заң сот құқық қоғам пікір тарих мәдениет тіл "
    "болашақ жоспар жыл ай апта бүгін кеше қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек "
    "қазан қараша желтоқсан солтүстік оңтүстік шығыс батыс орталық азия еуразия жібек ежелгі маңызды ірі "
    "ұлттық халықаралық жаһандық жергілікті шетел мәселе шешім жағдай жүйе деңгей үдеріс облыс республика "
    "басшы тарап ел аймақ одақ ұйым қатысу қолдау көмек";

constexpr const char* kKazakhPhrases[] = {
    "бір белдеу бір жол", "орта дәліз", "министрліктің мәліметінше", "шанхай ынтымақтастық ұйымы",
    "еуразиялық экономикалық одақ", "құрғақ порт", "тікелей шетел инвестициялары", "тараптар келісті",
    "өзара түсіністік туралы меморандум", "орталық азия елдері", "энергетикалық қауіпсіздік",
    "сыртқы істер министрлігі", "жылдың бірінші жартысында", "қытай қырғызстан өзбекстан теміржолы"};

// Chinese: particles and common words first, then the field's words, then
// words made of common characters (below).
constexpr const char* kChinese =
    "的 了 是 在 和 有 也 将 与 对 为 等 中 上 这 其 及 由 从 以 到 并 但 而 于 被 把 已 都 还 就 "
    "我们 他们 表示 进行 一个 没有 可以 认为 目前 通过 根据 已经 同时 以及 此外 其中 方面 问题 "
    "| 一带一路 中亚 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 丝绸之路 经济带 合作 "
    "发展 铁路 港口 霍尔果斯 阿克套 瓜达尔 上海合作组织 能源 天然气 石油 管道 贸易 投资 贷款 债务 "
    "安全 外交 峰会 总统 政府 部长 协议 项目 基础设施 运输 物流 中欧班列 跨里海 中间走廊 走廊 口岸 "
    "边境 海关 货物 集装箱 出口 进口 关税 市场 增长 生产 企业 公司 国家 地区 区域 经济 政策 战略 "
    "倡议 伙伴关系 会谈 访问 代表团 北京 莫斯科 俄罗斯 阿斯塔纳 阿拉木图 塔什干 比什凯克 杜尚别 "
    "阿什哈巴德 土耳其 伊朗 阿富汗 巴基斯坦 中巴经济走廊 里海 欧洲 欧盟 铜 铀 煤炭 小麦 粮食 农业 "
    "城市 人口 工人 就业 移民 教育 学生 大学 研究 报告 分析 专家 数据 百分之 亿 万 美元 人民币 "
    "预算 收入 成本 价格 通胀 货币 制裁 战争 冲突 稳定 恐怖主义 资源 气候 干旱 环境 互联互通 一体化 "
    "竞争 影响 利益 关系 邻国 媒体 声明 官员 当局 议会 选举 改革 法律 法院 权利 社会 舆论 历史 文化 "
    "语言 未来 计划 今年 去年 明年 月 日 北部 南部 东部 西部 古代 现代 重要 主要 国际 全球 地方 外国 "
    "国内 电力 水资源 军事 国防 高质量 共建 双边 多边 务实 新时代 命运共同体 开放 繁荣 共赢";

constexpr const char* kChinesePhrases[] = {
    "一带一路倡议", "中间走廊", "据外交部介绍", "上海合作组织", "欧亚经济联盟", "中吉乌铁路", "无水港",
    "外国直接投资", "双方同意", "谅解备忘录", "中亚国家", "能源安全", "跨里海国际运输路线",
    "上半年", "丝绸之路经济带"};

// Common characters of which further Chinese words are made.
constexpr const char* kChineseChars =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把"
    "性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质"
    "气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活"
    "设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则"
    "任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美"
    "再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元";

// Syllables of names (people, places, companies) in Latin and Cyrillic.
constexpr const char* kLatinSyllables[] = {"ka", "ra", "bek", "nur", "sul", "tan", "ay", "gul", "er", "dos",
                                           "mur", "at", "zhan", "ol", "ib", "ra", "him", "sa", "id", "ov",
                                           "ev", "li", "ma", "den", "as", "kar", "al", "te", "mir", "yil"};
constexpr const char* kCyrillicSyllables[] = {"ка", "ра", "бек", "нур", "сул", "тан", "ай", "гуль", "ер", "дос",
                                              "мур", "ат", "жан", "ол", "иб", "ра", "хим", "са", "ид", "ов",
                                              "ев", "ли", "ма", "ден", "ас", "кар", "ал", "те", "мир", "жыл"};

// Endings that inflect content words now and then.
const std::vector<std::string>& Endings(const std::string& code) {
  static const auto* const kRu = new std::vector<std::string>{"а", "у", "ом", "е", "ы", "ов", "ами", "ах"};
  static const auto* const kTr = new std::vector<std::string>{"ler", "lar", "in", "ın", "de", "da", "den",
                                                             "e", "i", "nin", "leri", "ında"};
  static const auto* const kKk = new std::vector<std::string>{"тың", "ның", "ға", "ге", "да", "де", "мен",
                                                             "дар", "лар", "ы", "і", "нан"};
  static const auto* const kEn = new std::vector<std::string>{"s", "s", "s", "ed", "ing"};
  static const auto* const kNone = new std::vector<std::string>{};
  if (code == "ru") return *kRu;
  if (code == "tr") return *kTr;
  if (code == "kk") return *kKk;
  if (code == "en") return *kEn;
  return *kNone;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// UTF-8 characters of `s`.
std::vector<std::string> Chars(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0) n = 4;
    else if (c >= 0xE0) n = 3;
    else if (c >= 0xC0) n = 2;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

Language MakeLanguage(const std::string& code, const char* words, const std::vector<std::string>& phrases,
                      std::mt19937_64& rng) {
  Language lang;
  lang.code = code;
  lang.phrases = phrases;
  std::vector<std::string> all = Split(words);
  auto bar = std::find(all.begin(), all.end(), "|");
  lang.function_words = static_cast<size_t>(bar - all.begin());
  all.erase(bar);
  // The field's words in a random order of frequency, the same each run.
  std::shuffle(all.begin() + static_cast<long>(lang.function_words), all.end(), rng);
  lang.words = std::move(all);
  const bool cyrillic = code == "ru" || code == "kk";
  const auto* syllables = cyrillic ? kCyrillicSyllables : kLatinSyllables;
  const size_t n_syllables = std::size(kLatinSyllables);
  for (int i = 0; i < 20'000; ++i) {
    std::string name;
    const int parts = 2 + static_cast<int>(rng() % 3);
    for (int k = 0; k < parts; ++k) name += syllables[rng() % n_syllables];
    lang.names.push_back(name);
  }
  return lang;
}

Language MakeChinese(std::mt19937_64& rng) {
  Language lang;
  lang.code = "zh";
  lang.cjk = true;
  lang.phrases.assign(std::begin(kChinesePhrases), std::end(kChinesePhrases));
  std::vector<std::string> all = Split(kChinese);
  auto bar = std::find(all.begin(), all.end(), "|");
  lang.function_words = static_cast<size_t>(bar - all.begin());
  all.erase(bar);
  std::shuffle(all.begin() + static_cast<long>(lang.function_words), all.end(), rng);
  // Then 3,000 words of two or three common characters, the commonest
  // characters most often.
  const std::vector<std::string> chars = Chars(kChineseChars);
  const Zipf pick(chars.size(), 0.8);
  for (int i = 0; i < 3'000; ++i) {
    std::string w = chars[pick(rng)] + chars[pick(rng)];
    if (rng() % 4 == 0) w += chars[pick(rng)];
    all.push_back(w);
  }
  lang.words = std::move(all);
  // Names: transliterations, three or four characters.
  for (int i = 0; i < 20'000; ++i) {
    std::string name;
    const int parts = 3 + static_cast<int>(rng() % 2);
    for (int k = 0; k < parts; ++k) name += chars[rng() % chars.size()];
    lang.names.push_back(name);
  }
  return lang;
}

// Capitalizes the first letter of ASCII and basic Cyrillic (а-я) words.
void Capitalize(std::string* s) {
  if (s->empty()) return;
  auto* b = reinterpret_cast<unsigned char*>(s->data());
  if (b[0] >= 'a' && b[0] <= 'z') {
    b[0] = static_cast<unsigned char>(b[0] - 32);
  } else if (s->size() >= 2 && b[0] == 0xD0 && b[1] >= 0xB0 && b[1] <= 0xBF) {
    b[1] = static_cast<unsigned char>(b[1] - 0x20);  // а-п
  } else if (s->size() >= 2 && b[0] == 0xD1 && b[1] >= 0x80 && b[1] <= 0x8F) {
    b[0] = 0xD0;  // р-я
    b[1] = static_cast<unsigned char>(b[1] + 0x20);
  }
}

std::string Hex(uint64_t v, int digits) {
  static const char* kDigits = "0123456789abcdef";
  std::string s(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, v >>= 4) s[static_cast<size_t>(i)] = kDigits[v & 15];
  return s;
}

std::string Slug(const std::string& title, int64_t n) {
  std::string slug;
  for (char c : title) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) slug += c;
    else if (c >= 'A' && c <= 'Z') slug += static_cast<char>(c + 32);
    else if (c == ' ' && !slug.empty() && slug.back() != '-') slug += '-';
    if (slug.size() >= 60) break;
  }
  return slug + (slug.empty() || slug.back() == '-' ? "" : "-") + std::to_string(n);
}

std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

}  // namespace

Zipf::Zipf(size_t n, double s, double shift) {
  cdf_.resize(n);
  double sum = 0;
  for (size_t r = 0; r < n; ++r) cdf_[r] = sum += 1.0 / std::pow(static_cast<double>(r) + 1 + shift, s);
  for (double& c : cdf_) c /= sum;
}

size_t Zipf::operator()(std::mt19937_64& rng) const {
  const double u = std::uniform_real_distribution<double>(0, 1)(rng);
  return std::min<size_t>(static_cast<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin()),
                          cdf_.size() - 1);
}

double Zipf::Share(size_t rank) const { return rank == 0 ? cdf_[0] : cdf_[rank] - cdf_[rank - 1]; }

Corpus::Corpus(uint64_t seed, int64_t docs) : rng_(seed), docs_(docs), source_zipf_(200, 0.7) {
  languages_.push_back(MakeLanguage("en", kEnglish, {std::begin(kEnglishPhrases), std::end(kEnglishPhrases)}, rng_));
  languages_.push_back(MakeLanguage("ru", kRussian, {std::begin(kRussianPhrases), std::end(kRussianPhrases)}, rng_));
  languages_.push_back(MakeLanguage("tr", kTurkish, {std::begin(kTurkishPhrases), std::end(kTurkishPhrases)}, rng_));
  languages_.push_back(MakeLanguage("kk", kKazakh, {std::begin(kKazakhPhrases), std::end(kKazakhPhrases)}, rng_));
  languages_.push_back(MakeChinese(rng_));
  for (const Language& lang : languages_) {
    word_zipf_.emplace_back(lang.words.size(), 1.0, 1.7);
    name_zipf_.emplace_back(lang.names.size(), 0.9);
  }

  // 200 sources, largest first: a source's share of documents follows
  // source_zipf_. Primary languages: en 45 %, ru 22 %, tr 12 %, kk 10 %,
  // zh 11 % of sources; a third also publish in a second language.
  constexpr const char* kStems[] = {"steppe", "caspian", "silk", "eurasia", "turan", "pamir", "altai", "oxus",
                                    "tianshan", "aral", "kazakh", "fergana", "samarkand", "bukhara", "orda",
                                    "tengri", "irtysh", "syrdarya", "karakum", "kyzylkum"};
  constexpr const char* kKinds[] = {"policy-institute", "review", "times", "analytica", "news", "journal",
                                    "monitor", "forum", "center", "observer"};
  constexpr const char* kTlds[] = {".org", ".com", ".kz", ".ru", ".com.tr", ".cn", ".uz", ".kg"};
  const char* primaries[] = {"en", "ru", "tr", "kk", "zh"};
  const double primary_cdf[] = {0.45, 0.67, 0.79, 0.89, 1.0};
  for (int i = 0; i < 200; ++i) {
    Source s;
    const std::string stem = kStems[i % std::size(kStems)];
    const std::string kind = kKinds[(i / std::size(kStems)) % std::size(kKinds)];
    s.name = stem + "-" + kind;
    s.host = "www." + s.name + kTlds[rng_() % std::size(kTlds)];
    s.site_name = stem + " " + kind;
    Capitalize(&s.site_name);
    const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
    s.primary = primaries[std::lower_bound(std::begin(primary_cdf), std::end(primary_cdf), u) -
                          std::begin(primary_cdf)];
    if (rng_() % 3 == 0) {
      s.secondary = s.primary == "en" ? "ru" : "en";
      s.secondary_share = 0.1 + 0.3 * std::uniform_real_distribution<double>(0, 1)(rng_);
    }
    // Navigation, a search form, a cookie notice: some 2-4 KB per page.
    const Language& lang = language(s.primary);
    s.nav_html = "<header class=\"site-header\"><a class=\"logo\" href=\"/\">" + Escape(s.site_name) +
                 "</a><nav class=\"main-nav\"><ul>";
    const int items = 12 + static_cast<int>(rng_() % 20);
    for (int k = 0; k < items; ++k) {
      const std::string& w = lang.words[lang.function_words + rng_() % (lang.words.size() - lang.function_words)];
      s.nav_html += "<li class=\"menu-item\"><a href=\"https://" + s.host + "/category/" + Hex(rng_(), 6) +
                    "/\">" + Escape(w) + "</a></li>";
    }
    s.nav_html += "</ul></nav><form class=\"search\" action=\"/\"><input type=\"search\" name=\"s\"></form></header>";
    s.nav_html += "<div class=\"cookie-notice\">" + Sentence(lang, 25) + "</div>";
    sources_.push_back(std::move(s));
  }
}

const Language& Corpus::language(const std::string& code) const {
  for (const Language& l : languages_) {
    if (l.code == code) return l;
  }
  return languages_.front();
}

std::string Corpus::ContentWord(const std::string& code, std::mt19937_64& rng) const {
  const Language& lang = language(code);
  // Ranks 10-150 among the field's words: searched for, neither stop word
  // nor hapax.
  const size_t span = std::min<size_t>(140, lang.words.size() - lang.function_words - 10);
  return lang.words[lang.function_words + 10 + rng() % span];
}

std::string Corpus::Name(const std::string& code, std::mt19937_64& rng) const {
  const Language& lang = language(code);
  // Among the commonest thousand of the pool: rare, but there.
  std::string name = lang.names[rng() % 1000];
  if (!lang.cjk) Capitalize(&name);
  return name;
}

std::string Corpus::Word(const Language& lang) {
  const size_t li = static_cast<size_t>(&lang - languages_.data());
  const uint64_t roll = rng_() % 1000;
  if (roll < 25) {  // a name
    std::string name = lang.names[name_zipf_[li](rng_)];
    if (!lang.cjk) Capitalize(&name);
    return name;
  }
  if (roll < 40) {  // a number
    if (rng_() % 2) return std::to_string(1990 + rng_() % 37);
    return std::to_string(rng_() % 1000) + (lang.cjk ? "" : (rng_() % 2 ? "," : ".") + std::to_string(rng_() % 10));
  }
  const size_t rank = word_zipf_[li](rng_);
  std::string w = lang.words[rank];
  if (rank >= lang.function_words) {
    const auto& endings = Endings(lang.code);
    if (!endings.empty() && rng_() % 3 == 0) w += endings[rng_() % endings.size()];
  }
  return w;
}

std::string Corpus::Sentence(const Language& lang, int words) {
  std::string s;
  const std::string space = lang.cjk ? "" : " ";
  for (int i = 0; i < words; ++i) {
    std::string w = (rng_() % 40 == 0) ? lang.phrases[rng_() % lang.phrases.size()] : Word(lang);
    if (i == 0 && !lang.cjk) Capitalize(&w);
    if (i > 0) s += (i % 9 == 8 && rng_() % 2) ? (lang.cjk ? "，" : ", ") : space;
    s += w;
  }
  return s + (lang.cjk ? "。" : ".");
}

std::string Corpus::Paragraph(const Language& lang) {
  std::string p;
  const int sentences = 2 + static_cast<int>(rng_() % 6);
  for (int i = 0; i < sentences; ++i) {
    if (i > 0 && !lang.cjk) p += ' ';
    p += Sentence(lang, 8 + static_cast<int>(rng_() % 18));
  }
  return p;
}

std::string Corpus::Title(const Language& lang) {
  std::string t;
  const int words = lang.cjk ? 5 + static_cast<int>(rng_() % 6) : 5 + static_cast<int>(rng_() % 8);
  for (int i = 0; i < words; ++i) {
    // Titles lean on the field's words and stock phrases.
    std::string w;
    if (rng_() % 6 == 0) {
      w = lang.phrases[rng_() % lang.phrases.size()];
    } else {
      const size_t rank = std::min(lang.words.size() - 1,
                                   lang.function_words + word_zipf_[static_cast<size_t>(&lang - languages_.data())](rng_) % 200);
      w = lang.words[rank];
    }
    if (!lang.cjk && (i == 0 || rng_() % 3 == 0)) Capitalize(&w);
    if (i > 0 && !lang.cjk) t += ' ';
    t += w;
  }
  return t;
}

Generated Corpus::Next() {
  const int64_t n = next_++;
  const size_t source_index = source_zipf_(rng_);
  const Source& source = sources_[source_index];
  const bool second = !source.secondary.empty() &&
                      std::uniform_real_distribution<double>(0, 1)(rng_) < source.secondary_share;
  const Language& lang = language(second ? source.secondary : source.primary);

  // Published: mostly new articles in ingest order over the two years, a
  // fifth backfilled from the archive at any time.
  const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
  int64_t published = Corpus::kEndMs - Corpus::kSpanMs +
                      static_cast<int64_t>(static_cast<double>(Corpus::kSpanMs) *
                                           (rng_() % 5 == 0 ? u : static_cast<double>(n) / std::max<int64_t>(docs_, 1)));
  published -= published % 60'000;  // publishers give minutes
  const int64_t fetched = published + 60'000 + static_cast<int64_t>(rng_() % (3 * 86'400'000LL));

  // 2-20 KB of text, log-uniform: most articles short, some long.
  const double target = 2048.0 * std::pow(10.0, std::uniform_real_distribution<double>(0, 1)(rng_));
  std::vector<std::string> paragraphs;
  size_t size = 0;
  while (static_cast<double>(size) < target) {
    paragraphs.push_back(Paragraph(lang));
    size += paragraphs.back().size() + 2;
  }
  std::string text;
  text.reserve(size);
  for (const std::string& p : paragraphs) {
    if (!text.empty()) text += "\n\n";
    text += p;
  }

  Generated g;
  caravan::v1::Document& doc = g.doc;
  const std::string title = Title(lang);
  const std::string section = lang.code == source.primary ? "" : "/" + lang.code;
  doc.set_source(source.name);
  doc.set_url("https://" + source.host + section + "/" + std::to_string(1970 + published / 31'556'952'000) + "/" +
              Slug(title, n) + "/");
  doc.set_canonical_url(doc.url());
  doc.set_id(dedup::DocumentId(doc.canonical_url()));
  doc.set_title(title);
  const int authors = 1 + static_cast<int>(rng_() % 3 == 0);
  for (int i = 0; i < authors; ++i) {
    std::string a = lang.names[name_zipf_[static_cast<size_t>(&lang - languages_.data())](rng_)];
    std::string b = lang.names[rng_() % lang.names.size()];
    if (!lang.cjk) {
      Capitalize(&a);
      Capitalize(&b);
    }
    doc.add_authors(lang.cjk ? a : a + " " + b);
  }
  doc.set_author(doc.authors(0));
  SetTimestampMs(doc.mutable_published(), published);
  const int offsets[] = {0, 180, 300, 360, 480};
  doc.set_published_offset_min(offsets[rng_() % std::size(offsets)]);
  if (rng_() % 4 == 0) SetTimestampMs(doc.mutable_modified(), published + static_cast<int64_t>(rng_() % 86'400'000));
  doc.set_language(lang.code);
  doc.set_content_hash(dedup::ContentHash(text));
  doc.set_text(std::move(text));
  SetTimestampMs(doc.mutable_fetched_at(), fetched);
  doc.set_content_type("text/html");
  doc.set_site_name(source.site_name);
  // The first sentence, as a description usually is; cut at a character.
  const std::string& lead = paragraphs.front();
  size_t end = std::min<size_t>(lead.find(lang.cjk ? "。" : "."), 300);
  while (end < lead.size() && (static_cast<unsigned char>(lead[end]) & 0xC0) == 0x80) --end;
  doc.set_description(lead.substr(0, end));
  const int tags = 2 + static_cast<int>(rng_() % 5);
  for (int i = 0; i < tags; ++i) doc.add_tags(ContentWord(lang.code, rng_));
  const int outlinks = 5 + static_cast<int>(rng_() % 21);
  for (int i = 0; i < outlinks; ++i) {
    if (rng_() % 5 == 0) {
      doc.add_outlinks("https://" + sources_[rng_() % sources_.size()].host + "/" + Hex(rng_(), 12) + "/");
    } else {
      doc.add_outlinks("https://" + source.host + "/" + std::to_string(2024 + rng_() % 3) + "/" + Hex(rng_(), 10) +
                       "-" + ContentWord(lang.code, rng_) + "/");
    }
  }
  const int images = static_cast<int>(rng_() % 4);
  for (int i = 0; i < images; ++i) {
    caravan::v1::Image* image = doc.add_images();
    image->set_url("https://" + source.host + "/wp-content/uploads/" + Hex(rng_(), 16) + ".jpg");
    image->set_caption(Sentence(lang, 5 + static_cast<int>(rng_() % 8)));
  }
  // Topics as the lexicon names them, the regional ones most often.
  const std::vector<std::string>& topic_names = topics::TopicNames();
  if (!topic_names.empty()) {
    static const Zipf topic_zipf(topic_names.size(), 0.8);
    const int topics = static_cast<int>(rng_() % 5);
    for (int i = 0; i < topics; ++i) {
      const std::string& name = topic_names[topic_zipf(rng_)];
      bool seen = false;
      for (const auto& t : doc.topics()) seen = seen || t.name() == name;
      if (seen) continue;
      caravan::v1::Topic* topic = doc.add_topics();
      topic->set_name(name);
      topic->set_score(20 - 4 * i + static_cast<int>(rng_() % 4));
    }
  }

  // The page: head, the site's boilerplate, the article, a footer.
  std::string& raw = g.raw;
  raw.reserve(doc.text().size() + source.nav_html.size() + 2048);
  raw += "<!DOCTYPE html><html lang=\"" + lang.code + "\"><head><meta charset=\"utf-8\"><title>" + Escape(title) +
         " | " + Escape(source.site_name) + "</title><meta name=\"description\" content=\"" +
         Escape(doc.description()) + "\"><link rel=\"canonical\" href=\"" + doc.canonical_url() +
         "\"><meta property=\"article:published_time\" content=\"" + std::to_string(published / 1000) +
         "\"><link rel=\"stylesheet\" href=\"/wp-content/themes/news/style.css?ver=6.4\"></head><body>";
  raw += source.nav_html;
  raw += "<main><article><h1 class=\"entry-title\">" + Escape(title) + "</h1><div class=\"byline\">" +
         Escape(doc.author()) + "</div><div class=\"entry-content\">";
  for (const std::string& p : paragraphs) raw += "<p>" + Escape(p) + "</p>\n";
  raw += "</div><div class=\"tags\">";
  for (const std::string& t : doc.tags()) raw += "<a rel=\"tag\" href=\"/tag/" + t + "/\">" + Escape(t) + "</a> ";
  raw += "</div></article></main><footer>&copy; " + Escape(source.site_name) +
         "</footer><script src=\"/wp-includes/js/jquery.min.js\"></script></body></html>";

  caravan::v1::FetchRecord* fetch = doc.mutable_fetch();
  fetch->set_final_url(doc.url());
  fetch->set_http_status(200);
  fetch->set_content_type("text/html; charset=UTF-8");
  fetch->set_etag("\"" + Hex(rng_(), 16) + "\"");
  fetch->set_body_bytes(static_cast<int64_t>(raw.size()));
  fetch->set_body_hash(Hash128Hex(raw));
  fetch->set_extractor_version("store_bench");
  return g;
}

}  // namespace caravan::bench
