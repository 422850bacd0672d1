#include "bench/crawl/generated_web.h"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string_view>
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

struct Article {
  std::string title;
  std::string path;
  std::string author;
  std::string section;
  std::chrono::sys_days day;
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
  a.section = std::string(r.Pick(kSections));
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
  a.path = "/en/" + a.section + "/" + slug + std::to_string(page) + "/";
  // Newer pages have higher numbers: the feed and home page list the top ones.
  a.day = std::chrono::sys_days{std::chrono::year{2018} / 1 / 1} + std::chrono::days{page * 2 + site % 3};
  return a;
}

std::string SiteName(int site) {
  constexpr int kPlaceCount = sizeof(kPlaces) / sizeof(kPlaces[0]);
  constexpr int kKindCount = sizeof(kInstitutes) / sizeof(kInstitutes[0]);
  return std::string(kPlaces[site % kPlaceCount]) + " " +
         std::string(kInstitutes[(site / kPlaceCount) % kKindCount]);
}

std::string IsoDate(std::chrono::sys_days day, int hour) {
  std::chrono::year_month_day ymd{day};
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:00:00+05:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hour);
  return buf;
}

std::string RfcDate(std::chrono::sys_days day) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::chrono::year_month_day ymd{day};
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%s, %02u %s %04d 04:00:00 +0000",
                kDays[std::chrono::weekday{day}.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMon[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
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

void Header(std::string* out, int site, const WebShape& shape, const std::string& title) {
  std::string name = SiteName(site);
  *out += "<header class=\"site-header\"><div class=\"logo\">";
  Link(out, "/", name);
  *out += "</div>\n<nav class=\"main-navigation menu\"><ul><li>";
  Link(out, "/", "Home");
  *out += "</li>";
  // Featured articles: the same links on every page of the site.
  for (int f = 0; f < 4 && f < shape.pages; ++f) {
    Article a = MakeArticle(site, f);
    *out += "<li>";
    Link(out, a.path, a.section == "news" ? "News" : a.section == "interviews" ? "Interviews" : "Featured");
    *out += "</li>";
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

std::string ArticlePage(const WebShape& shape, int site, int page) {
  Article a = MakeArticle(site, page);
  std::string iso = IsoDate(a.day, 9 + page % 8);
  std::string out;
  out.reserve(24 * 1024);
  Head(&out, site, a.title);
  out += "<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\"" + a.title +
         "\">\n<meta property=\"article:published_time\" content=\"" + iso + "\">\n<meta name=\"author\" content=\"" +
         a.author + "\">\n<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
         "\"NewsArticle\",\"headline\":\"" + a.title + "\",\"datePublished\":\"" + iso +
         "\",\"author\":{\"@type\":\"Person\",\"name\":\"" + a.author + "\"}}</script>\n</head>\n"
         "<body class=\"post-template-default single single-post\">\n";
  Header(&out, site, shape, a.title);
  out += "<main id=\"main\" class=\"site-main\">\n<article class=\"post type-post status-publish\">\n"
         "<header class=\"entry-header\"><h1 class=\"entry-title\">" + a.title + "</h1>\n"
         "<div class=\"entry-meta\"><span class=\"posted-on\"><time class=\"entry-date published\" datetime=\"" +
         iso + "\">" + iso.substr(0, 10) + "</time></span> <span class=\"byline\">by " + a.author +
         "</span></div></header>\n<div class=\"entry-content\">\n";
  Rng r(site, page, 2);
  int paragraphs = 4 + r.Below(5);
  for (int p = 0; p < paragraphs; ++p) {
    out += "<p>";
    int sentences = 3 + r.Below(4);
    for (int s = 0; s < sentences; ++s) {
      if (s > 0) out += ' ';
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
         " is a research fellow at the " + SiteName(site) + " working on connectivity in Eurasia.</p></div>\n"
         "</article>\n<section class=\"related-posts\"><h3>Related posts</h3><ul>";
  std::vector<int> related;
  if (page > 0) related.push_back(page - 1);
  if (page + 1 < shape.pages) related.push_back(page + 1);
  for (int i = 0; i < 3; ++i) related.push_back(r.Below(shape.pages));
  for (int target : related) {
    Article t = MakeArticle(site, target);
    out += "<li>";
    Link(&out, t.path, t.title);
    out += "</li>";
  }
  out += "</ul></section>\n</main>\n<aside class=\"sidebar widget-area\"><section class=\"widget recent-posts\">"
         "<h2 class=\"widget-title\">Latest articles</h2><ul>";
  for (int i = 0; i < 5 && i < shape.pages; ++i) {
    Article t = MakeArticle(site, shape.pages - 1 - i);
    out += "<li>";
    Link(&out, t.path, t.title);
    out += "</li>";
  }
  out += "</ul></section>\n<section class=\"widget newsletter\"><h2>Subscribe to our newsletter</h2><form>"
         "<input type=\"email\" placeholder=\"Your e-mail\"><button>Subscribe</button></form></section></aside>\n";
  Footer(&out, site);
  return out;
}

std::string HomePage(const WebShape& shape, int site) {
  std::string out;
  Head(&out, site, "Home");
  out += "</head>\n<body class=\"home blog\">\n";
  Header(&out, site, shape, "Latest publications");
  out += "<main id=\"main\" class=\"site-main\"><h1>Latest publications</h1>\n";
  for (int i = 0; i < shape.home_links && i < shape.pages; ++i) {
    int page = shape.pages - 1 - i;
    Article a = MakeArticle(site, page);
    Rng r(site, page, 2);
    out += "<article class=\"teaser\"><h2>";
    Link(&out, a.path, a.title);
    out += "</h2><p class=\"excerpt\">" + Sentence(r) + "</p><span class=\"byline\">" + a.author + ", " +
           IsoDate(a.day, 9).substr(0, 10) + "</span></article>\n";
  }
  out += "</main>\n";
  Footer(&out, site);
  return out;
}

std::string Feed(const WebShape& shape, int site, const std::string& origin) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      "<channel>\n<title>" + SiteName(site) + "</title>\n<link>" + origin + "/</link>\n"
      "<description>Research on Central Asia and the Belt and Road</description>\n";
  for (int i = 0; i < shape.feed_items && i < shape.pages; ++i) {
    int page = shape.pages - 1 - i;
    Article a = MakeArticle(site, page);
    Rng r(site, page, 2);
    out += "<item><title><![CDATA[" + a.title + "]]></title><link>" + origin + a.path + "</link><pubDate>" +
           RfcDate(a.day) + "</pubDate><dc:creator>" + a.author + "</dc:creator><description><![CDATA[" +
           Sentence(r) + "]]></description></item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

std::string Sitemap(const WebShape& shape, int site, const std::string& origin) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (int page = 0; page < shape.pages; ++page) {
    Article a = MakeArticle(site, page);
    out += "<url><loc>" + origin + a.path + "</loc><lastmod>" + IsoDate(a.day, 9).substr(0, 10) +
           "</lastmod></url>\n";
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

}  // namespace

net::HttpResponse Serve(const WebShape& shape, int site, const std::string& origin, const std::string& path) {
  if (path == "/") return Respond("text/html; charset=utf-8", HomePage(shape, site));
  if (path == "/robots.txt") {
    return Respond("text/plain", "User-agent: *\nDisallow: /private/\nDisallow: /wp-admin/\nSitemap: " + origin +
                                     "/sitemap.xml\n");
  }
  if (path == "/feed/") return Respond("application/rss+xml; charset=utf-8", Feed(shape, site, origin));
  if (path == "/sitemap.xml") return Respond("application/xml", Sitemap(shape, site, origin));
  // Article paths end in "-<page>/"; the rest must match what that page's
  // title gives, so made-up paths get the 404 a real site would send.
  if (path.starts_with("/en/") && path.back() == '/') {
    std::string_view rest(path.data(), path.size() - 1);
    std::string_view digits = rest.substr(rest.find_last_of("-/") + 1);
    int page = 0;
    bool number = !digits.empty() && digits.size() <= 6;
    for (char c : digits) {
      if (c < '0' || c > '9') number = false;
      page = page * 10 + (c - '0');
    }
    if (number && page < shape.pages && MakeArticle(site, page).path == path) {
      return Respond("text/html; charset=utf-8", ArticlePage(shape, site, page));
    }
  }
  net::HttpResponse missing = Respond("text/html; charset=utf-8", "<html><body><h1>Page not found</h1></body></html>\n");
  missing.status = 404;
  return missing;
}

}  // namespace caravan::bench
