#include "bench/crawl/generated_web.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace caravan::bench {
namespace {

// splitmix64: cheap, and seeded per (site, page) so that any page can be
// rebuilt alone, in any order, on any thread.
class Rng {
 public:
  Rng(int site, int page, int salt)
      : state_(static_cast<uint64_t>(site) * 0x9E3779B97F4A7C15ULL ^
               static_cast<uint64_t>(page) * 0xC2B2AE3D27D4EB4FULL ^ static_cast<uint64_t>(salt)) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  template <size_t N>
  std::string_view Pick(const std::string_view (&list)[N]) {
    return list[Next() % N];
  }

 private:
  uint64_t state_;
};

constexpr std::string_view kActors[] = {
    "Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "China", "Russia",
    "Turkey", "the European Union", "Azerbaijan", "Georgia", "Iran", "Pakistan", "Mongolia",
    "the Asian Development Bank", "the Shanghai Cooperation Organisation", "the Eurasian Economic Union",
    "the Asian Infrastructure Investment Bank", "regional governments", "Chinese state-owned enterprises",
    "private logistics firms", "the World Bank", "local civil society groups", "Japan", "India",
    "the United States", "South Korea", "Gulf investors"};
constexpr std::string_view kVerbs[] = {
    "expanded", "renegotiated", "announced", "postponed", "financed", "reconsidered",
    "signed an agreement on", "openly criticised", "cautiously welcomed", "accelerated work on",
    "raised concerns about", "competed for", "quietly scaled back", "pledged new support for",
    "launched a review of", "sought a stake in", "doubled its spending on", "suspended talks on"};
constexpr std::string_view kObjects[] = {
    "the Middle Corridor", "rail links to the Caspian ports", "the Khorgos dry port",
    "a new hydropower plant on the Naryn river", "cross-border trade zones", "digital customs systems",
    "water-sharing agreements", "the China–Kyrgyzstan–Uzbekistan railway", "fibre-optic backbones",
    "special economic zones", "debt restructuring talks", "green energy corridors",
    "logistics hubs on the Caspian Sea", "the Trans-Caspian gas pipeline", "copper and gold mining concessions",
    "wind farms in the Caspian steppe", "vocational training centres", "the Termez cargo centre",
    "highway upgrades in the Ferghana Valley", "Confucius Institutes", "the Aktau seaport expansion",
    "solar parks near Samarkand", "cotton supply chains", "grain export terminals", "the Almaty–Bishkek road"};
constexpr std::string_view kCities[] = {"Astana", "Almaty", "Tashkent", "Bishkek", "Dushanbe",
                                        "Ashgabat", "Baku", "Tbilisi", "Urumqi", "Xi'an",
                                        "Aktau", "Samarkand", "Osh", "Termez", "Beijing", "Moscow",
                                        "Ankara", "Brussels"};
constexpr std::string_view kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
constexpr std::string_view kOpeners[] = {"", "", "", "Meanwhile, ", "At the same time, ", "In contrast, ",
                                         "For many analysts, ", "Officially, ", "Behind the scenes, ",
                                         "According to diplomats, ", "Since then, ", "Crucially, "};
constexpr std::string_view kTopics[] = {
    "Connectivity", "Debt", "Energy Security", "Water", "Soft Power", "Freight", "Mining", "Labour Migration",
    "Digital Silk Road", "Infrastructure", "Regional Integration", "Trade", "Climate", "Security"};
constexpr std::string_view kSections[] = {"analysis", "commentary", "news", "interviews", "reports"};
constexpr std::string_view kFirstNames[] = {"Madina", "Aibek", "Dilnoza", "Timur", "Aigerim", "Rustam",
                                            "Nargiza", "Bakhtiyor", "Elena", "Li", "Zhanna", "Farrukh",
                                            "Gulnara", "Daniyar", "Sophie", "Kenji"};
constexpr std::string_view kLastNames[] = {"Nurlanovna", "Abdullaev", "Karimova", "Suleimenov", "Wang",
                                           "Petrova", "Yusupov", "Tashkentova", "Chen", "Kassymov",
                                           "Ismoilov", "Schmidt", "Omarova", "Tanaka", "Rakhimov"};
constexpr std::string_view kPlaces[] = {"Steppe", "Caspian", "Silk Road", "Eurasian", "Pamir", "Tian Shan",
                                        "Aral", "Turan", "Ferghana", "Altai", "Syr Darya", "Kunlun",
                                        "Kyzylkum", "Zhetysu", "Amu Darya", "Karakum"};
constexpr std::string_view kInstitutes[] = {"Policy Institute", "Center for Strategic Studies", "Research Council",
                                            "Forum", "Observatory", "Institute of World Economy",
                                            "Foundation", "Analytical Center"};

// A real think-tank page carries this much markup around the article.
constexpr std::string_view kStyle =
    "<style>body{margin:0;font-family:Georgia,serif;color:#222;background:#fafafa}"
    ".site-header{background:#0b3954;color:#fff;padding:12px 24px}.logo a{color:#fff;font-size:22px;"
    "text-decoration:none}.main-navigation ul{list-style:none;margin:0;padding:0;display:flex;gap:18px}"
    ".main-navigation a{color:#e0e0e0;text-decoration:none}.cookie-banner{position:fixed;bottom:0;left:0;"
    "right:0;background:#333;color:#fff;padding:8px}.breadcrumbs{font-size:13px;padding:8px 24px;color:#666}"
    ".site-main{max-width:760px;margin:0 auto;padding:24px}.entry-title{font-size:34px;line-height:1.2}"
    ".entry-meta{color:#777;font-size:14px}.entry-content p{font-size:18px;line-height:1.6}"
    ".share-buttons a{margin-right:8px}.author-box{border-top:1px solid #ddd;margin-top:32px;padding-top:16px}"
    ".related-posts ul{padding-left:18px}.sidebar{max-width:760px;margin:0 auto;padding:0 24px}"
    ".widget-title{text-transform:uppercase;font-size:14px;letter-spacing:1px}.newsletter input{padding:6px}"
    ".site-footer{background:#0b3954;color:#ccc;padding:24px;font-size:13px}.site-footer a{color:#fff}"
    "@media (max-width:600px){.main-navigation ul{flex-direction:column}.entry-title{font-size:26px}}"
    "</style>\n";
// WordPress-style settings blob and share icons: bytes every page carries.
constexpr std::string_view kSettingsScript =
    "<script id=\"site-settings\">var siteSettings={\"ajaxUrl\":\"/wp-admin/admin-ajax.php\",\"restRoot\":"
    "\"/wp-json/\",\"locale\":\"en_US\",\"languages\":[{\"code\":\"en\",\"name\":\"English\"},{\"code\":\"ru\","
    "\"name\":\"Russian\"},{\"code\":\"kk\",\"name\":\"Kazakh\"},{\"code\":\"uz\",\"name\":\"Uzbek\"}],\"search\":"
    "{\"minChars\":3,\"debounceMs\":250,\"endpoint\":\"/wp-json/wp/v2/search\"},\"newsletter\":{\"provider\":"
    "\"mailer\",\"listId\":\"a1b2c3d4e5\",\"doubleOptIn\":true,\"messages\":{\"success\":\"Thank you for "
    "subscribing. Please check your inbox to confirm.\",\"error\":\"Something went wrong. Please try again "
    "later.\",\"invalid\":\"Please enter a valid e-mail address.\"}},\"cookies\":{\"necessary\":true,"
    "\"analytics\":false,\"marketing\":false,\"expiresDays\":180,\"text\":\"We use cookies to understand how "
    "visitors use our website and to improve it. You can change your preferences at any time.\"},\"lazyLoad\":"
    "{\"threshold\":200,\"placeholder\":\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\"},"
    "\"breakpoints\":{\"mobile\":600,\"tablet\":900,\"desktop\":1200},\"fonts\":[\"Georgia\",\"Merriweather\","
    "\"Open Sans\"],\"version\":\"6.4.3\",\"theme\":\"policy-institute-child\",\"build\":\"2024.09.1\"};</script>\n";
constexpr std::string_view kIcon =
    "<svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"M22.46 "
    "6c-.77.35-1.6.58-2.46.69.88-.53 1.56-1.37 1.88-2.38-.83.5-1.75.85-2.72 1.05C18.37 4.5 17.26 4 16 4c-2.35 0-4.27 "
    "1.92-4.27 4.29 0 .34.04.67.11.98C8.28 9.09 5.11 7.38 3 4.79c-.37.63-.58 1.37-.58 2.15 0 1.49.75 2.81 1.91 "
    "3.56-.71 0-1.37-.2-1.95-.5v.03c0 2.08 1.48 3.82 3.44 4.21a4.22 4.22 0 0 1-1.93.07 4.28 4.28 0 0 0 4 2.98 8.521 "
    "8.521 0 0 1-5.33 1.84c-.34 0-.68-.02-1.02-.06C3.44 20.29 5.7 21 8.12 21 16 21 20.33 14.46 20.33 8.79c0-.19 "
    "0-.37-.01-.56.84-.6 1.56-1.36 2.14-2.23z\"/></svg>";
constexpr std::string_view kTrackingScript =
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-BENCH0000');(function(){var c=document.cookie.indexOf('consent=1');"
    "if(c<0){document.getElementById('cookie-notice').style.display='block';}"
    "document.querySelectorAll('.share-buttons a').forEach(function(a){a.addEventListener('click',"
    "function(e){e.preventDefault();window.open(a.href,'share','width=600,height=400');});});})();</script>\n";

constexpr int kSectionCount = static_cast<int>(std::size(kSections));

// "news" -> "News", for menus and listing titles.
std::string SectionLabel(int section) {
  std::string label(kSections[section]);
  label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

struct Article {
  std::string title;
  std::string path;
  std::string author;
  int section = 0;  // index into kSections
  // When listings, the feed and the sitemap say it came out, and the time
  // its own page states (on the web of bench-crawl, a few hours later).
  std::chrono::sys_seconds published;
  std::chrono::sys_seconds page_time;
};

Article MakeArticle(int site, int page) {
  Rng r(site, page, 1);
  Article a;
  switch (r.Below(4)) {
    case 0:
      a.title = std::string(r.Pick(kTopics)) + " and " + std::string(r.Pick(kTopics)) + ": How " +
                std::string(r.Pick(kActors)) + " Sees " + std::string(r.Pick(kCities));
      break;
    case 1:
      a.title = "Why " + std::string(r.Pick(kActors)) + " " + std::string(r.Pick(kVerbs)) + " " +
                std::string(r.Pick(kObjects));
      break;
    case 2:
      a.title = std::string(r.Pick(kTopics)) + " in " + std::string(r.Pick(kCities)) + " after " +
                std::to_string(2015 + r.Below(10)) + ": " + std::string(r.Pick(kObjects));
      break;
    default:
      a.title = "Interview: " + std::string(r.Pick(kFirstNames)) + " " + std::string(r.Pick(kLastNames)) +
                " on " + std::string(r.Pick(kObjects));
  }
  if (!a.title.empty() && a.title[0] >= 'a' && a.title[0] <= 'z') a.title[0] = static_cast<char>(a.title[0] - 32);
  a.author = std::string(r.Pick(kFirstNames)) + " " + std::string(r.Pick(kLastNames));
  a.section = r.Below(kSectionCount);
  std::string slug;
  for (unsigned char c : a.title) {
    if (std::isalnum(c)) {
      slug.push_back(static_cast<char>(std::tolower(c)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  if (slug.size() > 60) slug.resize(60);
  if (!slug.empty() && slug.back() != '-') slug.push_back('-');
  a.path = "/en/" + std::string(kSections[a.section]) + "/" + slug + std::to_string(page) + "/";
  // Newer pages have higher numbers: the feed and home page list the top ones.
  auto day = std::chrono::sys_days{std::chrono::year{2018} / 1 / 1} + std::chrono::days{page * 2 + site % 3};
  a.published = day + std::chrono::hours{4};
  a.page_time = a.published + std::chrono::hours{page % 8};
  return a;
}

// One site as a request finds it.
struct SiteView {
  const WebShape& shape;
  const GeneratedWeb& web;
  int site;
  const std::string& origin;
  int published;  // articles 0..published-1 are out
  const std::vector<uint8_t>& sections;
};

std::chrono::sys_seconds Seconds(int64_t unix_ms) {
  return std::chrono::sys_seconds{std::chrono::seconds{unix_ms / 1000}};
}

Article ArticleOf(const SiteView& s, int page) {
  Article a = MakeArticle(s.site, page);
  if (s.shape.clock) a.published = a.page_time = Seconds(s.web.PublishedMs(s.site, page));
  return a;
}

std::string SiteName(int site) {
  constexpr int kPlaceCount = sizeof(kPlaces) / sizeof(kPlaces[0]);
  constexpr int kKindCount = sizeof(kInstitutes) / sizeof(kInstitutes[0]);
  return std::string(kPlaces[site % kPlaceCount]) + " " +
         std::string(kInstitutes[(site / kPlaceCount) % kKindCount]);
}

// The sites are in Central Asia: their pages state times in +05:00.
std::string IsoTime(std::chrono::sys_seconds time) {
  auto local = time + std::chrono::hours{5};
  auto day = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{local - day};
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d:%02d+05:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

// RFC 822 as RSS has it ("+0000"), or the HTTP date of RFC 9110 ("GMT").
std::string RfcTime(std::chrono::sys_seconds time, const char* zone = "+0000") {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = std::chrono::floor<std::chrono::days>(time);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{time - day};
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%s, %02u %s %04d %02d:%02d:%02d %s",
                kDays[std::chrono::weekday{day}.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMon[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), zone);
  return buf;
}

std::string Sentence(Rng& r) {
  std::string s(r.Pick(kOpeners));
  s += r.Pick(kActors);
  s += ' ';
  s += r.Pick(kVerbs);
  s += ' ';
  s += r.Pick(kObjects);
  switch (r.Below(6)) {
    case 0:
      s += " after talks in " + std::string(r.Pick(kCities)) + " in " + std::string(r.Pick(kMonths)) + " " +
           std::to_string(2016 + r.Below(9));
      break;
    case 1: s += ", despite concerns about debt sustainability"; break;
    case 2:
      s += ", with financing of " + std::to_string(40 + r.Below(2000)) + " million dollars";
      break;
    case 3:
      s += " as freight volumes rose by " + std::to_string(3 + r.Below(60)) + " percent";
      break;
    case 4: s += ", according to officials in " + std::string(r.Pick(kCities)); break;
    default: break;
  }
  if (s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
  s += '.';
  return s;
}

void Link(std::string* out, const std::string& href, std::string_view text) {
  *out += "<a href=\"";
  *out += href;
  *out += "\">";
  *out += text;
  *out += "</a>";
}

std::string CategoryPath(int section, int number) {
  std::string path = "/category/" + std::string(kSections[section]) + "/";
  if (number > 1) path += "page/" + std::to_string(number) + "/";
  return path;
}

void Header(std::string* out, const SiteView& s, const std::string& title) {
  std::string name = SiteName(s.site);
  *out += "<header class=\"site-header\"><div class=\"logo\">";
  Link(out, "/", name);
  *out += "</div>\n<nav class=\"main-navigation menu\"><ul><li>";
  Link(out, "/", "Home");
  *out += "</li>";
  // Featured articles: the same links on every page of the site.
  for (int f = 0; f < 4 && f < s.published; ++f) {
    Article a = MakeArticle(s.site, f);
    *out += "<li>";
    std::string_view section = kSections[a.section];
    Link(out, a.path, section == "news" ? "News" : section == "interviews" ? "Interviews" : "Featured");
    *out += "</li>";
  }
  if (s.shape.listing_size > 0) {
    for (int section = 0; section < kSectionCount; ++section) {
      *out += "<li class=\"menu-item-category\">";
      Link(out, CategoryPath(section, 1), SectionLabel(section));
      *out += "</li>";
    }
  }
  *out += "<li>";
  Link(out, "/private/staff/", "Staff area");
  *out += "</li></ul>\n<div class=\"mega-menu\"><ul class=\"topics\">";
  // Fragment links: as on real sites, the menu points into the home page.
  for (std::string_view topic : kTopics) {
    *out += "<li><a href=\"/#topic-";
    for (char c : topic) out->push_back(c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    *out += "\">";
    *out += topic;
    *out += "</a></li>";
  }
  *out += "</ul><ul class=\"regions\">";
  for (int i = 0; i < 14; ++i) {
    *out += "<li><a href=\"/#region-" + std::to_string(i) + "\">";
    *out += kActors[i];
    *out += "</a></li>";
  }
  *out += "</ul></div></nav></header>\n";
  *out += "<div id=\"cookie-notice\" class=\"cookie-banner\">We use cookies to improve your experience. "
          "<a href=\"https://consent.invalid/privacy\">Privacy policy</a> <button>Accept</button></div>\n";
  *out += "<div class=\"breadcrumbs\"><a href=\"/\">Home</a> &raquo; <span>" + title + "</span></div>\n";
}

void Footer(std::string* out, int site) {
  *out += "<footer class=\"site-footer\"><div class=\"footer-menu\"><a href=\"/private/contact/\">Contact</a> | "
          "<a href=\"https://maps.invalid/place\">Find us</a> | <a href=\"/feed/\">RSS</a></div><p>© 2024 " +
          SiteName(site) + ". All rights reserved. Views expressed are the authors' own.</p></footer>\n";
  *out += kTrackingScript;
  *out += "</body>\n</html>\n";
}

void Head(std::string* out, int site, const std::string& title) {
  *out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
          title + " | " + SiteName(site) + "</title>\n<meta property=\"og:site_name\" content=\"" +
          SiteName(site) + "\">\n<link rel=\"alternate\" type=\"application/rss+xml\" title=\"" + SiteName(site) +
          " &raquo; Feed\" href=\"/feed/\">\n";
  *out += kStyle;
  *out += kSettingsScript;
}

std::string ArticlePage(const SiteView& s, int page) {
  Article a = ArticleOf(s, page);
  std::string iso = IsoTime(a.page_time);
  std::string out;
  out.reserve(24 * 1024);
  Head(&out, s.site, a.title);
  out += "<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\"" + a.title +
         "\">\n<meta property=\"article:published_time\" content=\"" + iso + "\">\n<meta name=\"author\" content=\"" +
         a.author + "\">\n<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
         "\"NewsArticle\",\"headline\":\"" + a.title + "\",\"datePublished\":\"" + iso +
         "\",\"author\":{\"@type\":\"Person\",\"name\":\"" + a.author + "\"}}</script>\n</head>\n"
         "<body class=\"post-template-default single single-post\">\n";
  Header(&out, s, a.title);
  out += "<main id=\"main\" class=\"site-main\">\n<article class=\"post type-post status-publish\">\n"
         "<header class=\"entry-header\"><h1 class=\"entry-title\">" + a.title + "</h1>\n"
         "<div class=\"entry-meta\"><span class=\"posted-on\"><time class=\"entry-date published\" datetime=\"" +
         iso + "\">" + iso.substr(0, 10) + "</time></span> <span class=\"byline\">by " + a.author +
         "</span></div></header>\n<div class=\"entry-content\">\n";
  Rng r(s.site, page, 2);
  int paragraphs = 4 + r.Below(5);
  for (int p = 0; p < paragraphs; ++p) {
    out += "<p>";
    int sentences = 3 + r.Below(4);
    for (int i = 0; i < sentences; ++i) {
      if (i > 0) out += ' ';
      out += Sentence(r);
    }
    out += "</p>\n";
  }
  out += "</div>\n<div class=\"share-buttons social-share\"><span>Share:</span> ";
  for (std::string_view network : {"twitter", "facebook", "telegram", "linkedin"}) {
    out += "<a href=\"https://";
    out += network;
    out += ".invalid/share\">";
    out += kIcon;
    out += network;
    out += "</a> ";
  }
  out += "</div>\n"
         "<div class=\"author-box about-author\"><h4>About the author</h4><p>" + a.author +
         " is a research fellow at the " + SiteName(s.site) +
         " working on connectivity in Eurasia.</p></div>\n"
         "</article>\n<section class=\"related-posts\"><h3>Related posts</h3><ul>";
  std::vector<int> related;
  if (page > 0) related.push_back(page - 1);
  if (page + 1 < s.published) related.push_back(page + 1);
  // From the archive, which is out from the start: no link may give away
  // an article before it comes out.
  for (int i = 0; i < 3; ++i) related.push_back(r.Below(s.shape.pages));
  for (int target : related) {
    Article t = MakeArticle(s.site, target);
    out += "<li>";
    Link(&out, t.path, t.title);
    out += "</li>";
  }
  out += "</ul></section>\n</main>\n<aside class=\"sidebar widget-area\"><section class=\"widget recent-posts\">"
         "<h2 class=\"widget-title\">Latest articles</h2><ul>";
  for (int i = 0; i < 5 && i < s.published; ++i) {
    Article t = MakeArticle(s.site, s.published - 1 - i);
    out += "<li>";
    Link(&out, t.path, t.title);
    out += "</li>";
  }
  out += "</ul></section>\n<section class=\"widget newsletter\"><h2>Subscribe to our newsletter</h2><form>"
         "<input type=\"email\" placeholder=\"Your e-mail\"><button>Subscribe</button></form></section></aside>\n";
  Footer(&out, s.site);
  return out;
}

void Teaser(std::string* out, const SiteView& s, int page) {
  Article a = ArticleOf(s, page);
  Rng r(s.site, page, 2);
  *out += "<article class=\"teaser\"><h2>";
  Link(out, a.path, a.title);
  *out += "</h2><p class=\"excerpt\">" + Sentence(r) + "</p><span class=\"byline\">" + a.author + ", " +
          IsoTime(a.published).substr(0, 10) + "</span></article>\n";
}

std::string HomePage(const SiteView& s) {
  std::string out;
  Head(&out, s.site, "Home");
  out += "</head>\n<body class=\"home blog\">\n";
  Header(&out, s, "Latest publications");
  out += "<main id=\"main\" class=\"site-main\"><h1>Latest publications</h1>\n";
  for (int i = 0; i < s.shape.home_links && i < s.published; ++i) Teaser(&out, s, s.published - 1 - i);
  out += "</main>\n";
  Footer(&out, s.site);
  return out;
}

// Page `number` (from 1) of a section's listing, newest first as on
// WordPress, so every page shifts when an article comes out; empty past the
// last page.
std::string ListingPage(const SiteView& s, int section, int number) {
  std::vector<int> pages;
  for (int page = s.published - 1; page >= 0; --page) {
    if (s.sections[page] == section) pages.push_back(page);
  }
  int size = s.shape.listing_size;
  int last = std::max(1, (static_cast<int>(pages.size()) + size - 1) / size);
  if (number > last) return "";
  std::string title = SectionLabel(section);
  if (number > 1) title += " &ndash; Page " + std::to_string(number);
  std::string out;
  Head(&out, s.site, title);
  if (number > 1) out += "<link rel=\"prev\" href=\"" + CategoryPath(section, number - 1) + "\">\n";
  if (number < last) out += "<link rel=\"next\" href=\"" + CategoryPath(section, number + 1) + "\">\n";
  out += "</head>\n<body class=\"archive category\">\n";
  Header(&out, s, title);
  out += "<main id=\"main\" class=\"site-main\"><h1 class=\"page-title\">" + title + "</h1>\n";
  size_t first = static_cast<size_t>((number - 1) * size);
  for (size_t i = first; i < pages.size() && i < first + static_cast<size_t>(size); ++i) {
    Teaser(&out, s, pages[i]);
  }
  out += "<nav class=\"navigation pagination\">";
  if (number > 1) {
    out += "<a class=\"prev\" rel=\"prev\" href=\"" + CategoryPath(section, number - 1) + "\">Newer</a> ";
  }
  if (number < last) {
    out += "<a class=\"next\" rel=\"next\" href=\"" + CategoryPath(section, number + 1) + "\">Older</a>";
  }
  out += "</nav>\n</main>\n";
  Footer(&out, s.site);
  return out;
}

std::string Feed(const SiteView& s) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      "<channel>\n<title>" + SiteName(s.site) + "</title>\n<link>" + s.origin + "/</link>\n"
      "<description>Research on Central Asia and the Belt and Road</description>\n";
  for (int i = 0; i < s.shape.feed_items && i < s.published; ++i) {
    int page = s.published - 1 - i;
    Article a = ArticleOf(s, page);
    Rng r(s.site, page, 2);
    out += "<item><title><![CDATA[" + a.title + "]]></title><link>" + s.origin + a.path + "</link><pubDate>" +
           RfcTime(a.published) + "</pubDate><dc:creator>" + a.author +
           "</dc:creator><description><![CDATA[" + Sentence(r) + "]]></description></item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

std::string Sitemap(const SiteView& s) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (int page = 0; page < s.published; ++page) {
    Article a = ArticleOf(s, page);
    // bench-crawl's made-up dates are days; real ones are to the second.
    std::string lastmod = IsoTime(a.published);
    if (!s.shape.clock) lastmod.resize(10);
    out += "<url><loc>" + s.origin + a.path + "</loc><lastmod>" + lastmod + "</lastmod></url>\n";
  }
  out += "</urlset>\n";
  return out;
}

net::HttpResponse Respond(std::string content_type, std::string body) {
  net::HttpResponse response;
  response.headers.emplace_back("Content-Type", std::move(content_type));
  response.body = std::move(body);
  return response;
}

// "/category/<section>/" or "/category/<section>/page/N/" -> (section, N).
std::optional<std::pair<int, int>> ParseCategoryPath(std::string_view path) {
  constexpr std::string_view kPrefix = "/category/";
  if (!path.starts_with(kPrefix) || !path.ends_with('/')) return std::nullopt;
  path.remove_prefix(kPrefix.size());
  size_t slash = path.find('/');
  std::string_view name = path.substr(0, slash);
  std::string_view rest = path.substr(slash + 1);
  int section = 0;
  while (section < kSectionCount && kSections[section] != name) ++section;
  if (section == kSectionCount) return std::nullopt;
  if (rest.empty()) return std::pair{section, 1};
  if (!rest.starts_with("page/")) return std::nullopt;
  rest.remove_prefix(5);
  rest.remove_suffix(1);
  int number = 0;
  if (rest.empty() || rest.size() > 6 || rest[0] == '0') return std::nullopt;
  for (char c : rest) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + (c - '0');
  }
  if (number < 2) return std::nullopt;  // page 1 lives at the section's own URL
  return std::pair{section, number};
}

// Article paths end in "-<page>/"; the rest must match what that page's
// title gives, so made-up paths get the 404 a real site would send.
std::optional<int> ParseArticlePath(const std::string& path, int published, int site) {
  if (!path.starts_with("/en/") || path.back() != '/') return std::nullopt;
  std::string_view rest(path.data(), path.size() - 1);
  std::string_view digits = rest.substr(rest.find_last_of("-/") + 1);
  int page = 0;
  if (digits.empty() || digits.size() > 6) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    page = page * 10 + (c - '0');
  }
  if (page >= published || MakeArticle(site, page).path != path) return std::nullopt;
  return page;
}

std::optional<int64_t> ParseHttpDate(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

// Whether an If-None-Match list names `etag`.
bool EtagMatches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

GeneratedWeb::GeneratedWeb(const WebShape& shape, int sites, int64_t now_ms)
    : shape_(shape), archive_end_ms_(now_ms) {
  int total = shape_.pages + (shape_.clock ? shape_.new_per_site : 0);
  new_offsets_ms_.resize(static_cast<size_t>(sites));
  sections_.resize(static_cast<size_t>(sites));
  for (int site = 0; site < sites; ++site) {
    if (shape_.clock) {
      Rng r(site, -1, static_cast<int>(shape_.seed));  // page -1: no page's text draws from it
      auto& offsets = new_offsets_ms_[static_cast<size_t>(site)];
      for (int i = 0; i < shape_.new_per_site; ++i) {
        offsets.push_back(shape_.new_start_ms +
                          static_cast<int64_t>(r.Next() % static_cast<uint64_t>(std::max<int64_t>(
                                                              shape_.new_window_ms, 1))));
      }
      std::sort(offsets.begin(), offsets.end());
    }
    if (shape_.listing_size > 0) {
      auto& sections = sections_[static_cast<size_t>(site)];
      for (int page = 0; page < total; ++page) {
        sections.push_back(static_cast<uint8_t>(MakeArticle(site, page).section));
      }
    }
  }
}

bool GeneratedWeb::StartClock(int64_t now_ms) {
  int64_t expected = kNotStarted;
  return clock_start_ms_.compare_exchange_strong(expected, now_ms);
}

int64_t GeneratedWeb::PublishedMs(int site, int page) const {
  if (page < shape_.pages) return archive_end_ms_ - (shape_.pages - page) * shape_.archive_spacing_ms;
  int64_t start = clock_start_ms_.load();
  if (start == kNotStarted) return kNotStarted;
  return start + new_offsets_ms_[static_cast<size_t>(site)][static_cast<size_t>(page - shape_.pages)];
}

int GeneratedWeb::Published(int site, int64_t now_ms) const {
  int64_t start = clock_start_ms_.load();
  if (!shape_.clock || start == kNotStarted) return shape_.pages;
  const auto& offsets = new_offsets_ms_[static_cast<size_t>(site)];
  return shape_.pages + static_cast<int>(std::upper_bound(offsets.begin(), offsets.end(), now_ms - start) -
                                         offsets.begin());
}

void GeneratedWeb::WriteSchedule(const std::vector<std::string>& origins, std::ostream& out) const {
  int total = shape_.pages + (clock_started() ? shape_.new_per_site : 0);
  for (int site = 0; site < static_cast<int>(origins.size()); ++site) {
    for (int page = 0; page < total; ++page) {
      out << site << '\t' << origins[static_cast<size_t>(site)] << MakeArticle(site, page).path << '\t'
          << PublishedMs(site, page) << '\n';
    }
  }
}

net::HttpResponse GeneratedWeb::Serve(int site, const std::string& origin, const net::HttpRequest& request,
                                      int64_t now_ms) const {
  const std::string& path = request.path;
  if (path == "/robots.txt") {
    return Respond("text/plain", "User-agent: *\nDisallow: /private/\nDisallow: /wp-admin/\nSitemap: " + origin +
                                     "/sitemap.xml\n");
  }
  SiteView s{shape_, *this, site, origin, Published(site, now_ms), sections_[static_cast<size_t>(site)]};
  net::HttpResponse response;
  if (path == "/") {
    response = Respond("text/html; charset=utf-8", HomePage(s));
  } else if (path == "/feed/") {
    response = Respond("application/rss+xml; charset=utf-8", Feed(s));
  } else if (path == "/sitemap.xml") {
    response = Respond("application/xml", Sitemap(s));
  } else if (auto category = shape_.listing_size > 0 ? ParseCategoryPath(path) : std::nullopt) {
    response = Respond("text/html; charset=utf-8", ListingPage(s, category->first, category->second));
  } else if (auto page = ParseArticlePath(path, s.published, site)) {
    response = Respond("text/html; charset=utf-8", ArticlePage(s, *page));
  }
  if (response.body.empty()) {
    response = Respond("text/html; charset=utf-8", "<html><body><h1>Page not found</h1></body></html>\n");
    response.status = 404;
    return response;
  }
  if (!shape_.clock) return response;
  // Every page lists the newest articles (home, feed, sitemap, listings,
  // the articles' sidebar), so the whole site changes when one comes out,
  // as with a WordPress page cache that is purged on publishing.
  std::chrono::sys_seconds changed = Seconds(PublishedMs(site, s.published - 1));
  std::string etag = "\"v" + std::to_string(s.published) + "\"";
  std::string if_none_match = request.Header("If-None-Match");
  std::optional<int64_t> since = ParseHttpDate(request.Header("If-Modified-Since"));
  bool fresh = !if_none_match.empty() ? EtagMatches(if_none_match, etag)
                                      : since && *since >= changed.time_since_epoch().count();
  if (fresh) {
    response.status = 304;
    response.body.clear();
  }
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Last-Modified", RfcTime(changed, "GMT"));
  return response;
}

}  // namespace caravan::bench
