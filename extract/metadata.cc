#include "extract/metadata.h"

#include <algorithm>
#include <functional>
#include <re2/re2.h>
#include <unordered_map>
#include <unordered_set>

#include "crawler/url/reference.h"
#include "crawler/url/url.h"
#include "extract/authors.h"
#include "extract/dates.h"
#include "extract/images.h"
#include "extract/jsonld.h"
#include "extract/language.h"
#include "extract/tags.h"
#include "extract/text_util.h"
#include "extract/title.h"
#include "extract/translations.h"

namespace caravan::extract {
namespace {

constexpr size_t kMaxNodes = 32;  // per kind of evidence: the first few decide
// Menus and teasers above the headline name many elements for dates; the
// article's own come after them.
constexpr size_t kMaxDated = 128;
constexpr size_t kMaxBylineChars = 120;

// What one pass over the page collects.
struct Page {
  std::string title;
  std::string html_lang;
  std::string base;
  std::string canonical;
  // First content per lowercased meta name / property / itemprop / http-equiv.
  std::unordered_map<std::string, std::string> meta;
  std::vector<std::string> meta_authors;
  std::vector<std::string> hrefs;
  std::vector<std::string> feeds;
  std::vector<std::string> jsonld;
  // Every <meta>, <link href> and <a> in document order, for tags and
  // translations (tags.h, translations.h), which this pass reads for them.
  std::vector<Node*> metas;
  std::vector<Node*> links;
  std::vector<Node*> anchors;
  std::vector<Node*> times;      // <time datetime>
  std::vector<Node*> itemprops;  // elements with itemprop (not meta)
  std::vector<Node*> rel_authors;
  std::vector<Node*> bylines;  // class/id says author or byline
  // class/id says date, time, published; <time> without datetime. With
  // each, its place in document order among elements.
  std::vector<std::pair<Node*, size_t>> dated;
  std::vector<Node*> labelled;  // holds a text like "Published: ..." or "Stand: ..."
  size_t h1_place = 0;          // the first h1's place, as for `dated`
  std::vector<Node*> h1s;
};

void PushCapped(std::vector<Node*>* v, Node* n) {
  if (v->size() < kMaxNodes) v->push_back(n);
}

bool IsFeedType(std::string_view type, std::string_view href) {
  std::string t = AsciiLowerCopy(TrimAscii(type));
  if (t == "application/rss+xml" || t == "application/atom+xml" || t == "application/rdf+xml" ||
      t == "application/feed+json" || t == "application/x.atom+xml") {
    return true;
  }
  if (t == "text/xml" || t == "application/xml") {
    std::string h = AsciiLowerCopy(href);
    return h.find("rss") != std::string::npos || h.find("feed") != std::string::npos ||
           h.find("atom") != std::string::npos;
  }
  return false;
}

void CollectMeta(Node* n, Page* page) {
  std::string_view content = Attr(n, "content");
  if (content.empty()) return;
  for (std::string_view key_attr : {"property", "name", "itemprop", "http-equiv"}) {
    std::string_view key = Attr(n, key_attr);
    if (key.empty()) continue;
    std::string k = AsciiLowerCopy(TrimAscii(key));
    if (k == "author" || k == "article:author" || k == "dc.creator" || k == "dcterms.creator" ||
        k == "sailthru.author" || k == "parsely-author" || k == "byl" || k == "citation_author") {
      page->meta_authors.emplace_back(content);
    }
    page->meta.emplace(std::move(k), std::string(content));
  }
}

bool InComments(const Node* n) {
  for (const Node* p = n->parent; p != nullptr && IsElement(p); p = p->parent) {
    if (ContainsNoCase(Attr(p, "class"), "comment") || ContainsNoCase(Attr(p, "id"), "comment") ||
        EqualsNoCase(Attr(p, "id"), "respond")) {
      return true;
    }
  }
  return false;
}

// Words that introduce a publication date, or failing that an update,
// in the languages of the sources.
const RE2& DateLabel() {
  static const RE2* re = new RE2(
      "(?i)(published|posted|updated|last edited|last modified|date:|datum|veröffentlicht|erstellt am|"
      "erschienen|aktualisiert|stand:|publié|mise en ligne|mis à jour|publicado|pubblicato|опубликовано|"
      "дата публикации|обновлено|yayın|yayınlanma|güncellenme|发布时间|发布日期|发表时间|更新时间)");
  return *re;
}

bool HasDigit(std::string_view s) { return std::any_of(s.begin(), s.end(), IsAsciiDigit); }

// The element's class and id, lowercased, into `*out` (reused: this runs
// for every element with attributes).
void LowerNames(const Node* n, std::string* out) {
  out->clear();
  for (std::string_view attr : {Attr(n, "class"), Attr(n, "id")}) {
    for (char c : attr) out->push_back(AsciiLower(c));
    out->push_back(' ');
  }
}

bool ContainsAnyOf(std::string_view names, std::initializer_list<std::string_view> needles) {
  for (std::string_view needle : needles) {
    if (names.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

// Dates in comments, sidebars and lists of related posts belong to other
// texts than the page's. Blocks around the headline are the page's
// whatever their names say ("has-sidebar", "layout-with-sidebar-right").
bool IsOtherText(const Node* n, std::string* names) {
  if (TagOf(n) == Tag::kAside || EqualsNoCase(Attr(n, "id"), "respond")) return true;
  LowerNames(n, names);
  return ContainsAnyOf(*names, {"comment", "related", "sidebar"});
}

bool InOtherTexts(const Node* n, const std::unordered_set<const Node*>& around_headline) {
  std::string names;
  for (const Node* p = n; p != nullptr && IsElement(p); p = p->parent) {
    if (around_headline.contains(p)) return false;
    if (IsOtherText(p, &names)) return true;
  }
  return false;
}

// The first `limit` bytes of text under `root`, other texts left out.
std::string OpeningText(Node* root, size_t limit) {
  std::string out;
  std::string names;
  Walk(
      root,
      [&](Node* n) {
        if (out.size() >= limit) return false;
        if (IsText(n)) {
          std::string_view text = TrimAscii(TextOf(n));
          if (!text.empty()) out.append(text).push_back(' ');
          return false;
        }
        return IsElement(n) && !IsScriptLike(TagOf(n)) && !IsOtherText(n, &names);
      },
      [](Node*) {});
  return out.substr(0, std::min(out.size(), limit));
}

Page Collect(HtmlDocument* doc) {
  Page page;
  Node* root = doc->root();
  if (root == nullptr) return page;
  page.html_lang = std::string(Attr(root, "lang"));
  if (page.html_lang.empty()) page.html_lang = std::string(Attr(root, "xml:lang"));
  std::string names;
  size_t place = 0;
  Walk(
      root,
      [&](Node* n) {
        if (IsText(n)) {
          std::string_view text = TextOf(n);
          if (page.labelled.size() < kMaxNodes && text.size() <= 300 && HasDigit(text) &&
              RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), DateLabel())) {
            page.labelled.push_back(n->parent);
          }
          return false;
        }
        if (!IsElement(n)) return false;
        ++place;
        Tag tag = TagOf(n);
        switch (tag) {
          case Tag::kTitle:
            if (page.title.empty()) page.title = InnerText(n);
            return false;
          case Tag::kMeta:
            CollectMeta(n, &page);
            page.metas.push_back(n);
            return false;
          case Tag::kBase:
            if (page.base.empty()) page.base = std::string(Attr(n, "href"));
            return false;
          case Tag::kLink: {
            std::string_view rel = Attr(n, "rel");
            std::string_view href = Attr(n, "href");
            if (href.empty()) return false;
            page.links.push_back(n);
            if (HasToken(rel, "canonical") && page.canonical.empty()) page.canonical = std::string(href);
            if (HasToken(rel, "alternate") && IsFeedType(Attr(n, "type"), href)) {
              page.feeds.emplace_back(href);
            }
            // An archive's other pages are links to follow, even when the
            // template names them only in the head.
            if (HasToken(rel, "next") || HasToken(rel, "prev")) page.hrefs.emplace_back(href);
            return false;
          }
          case Tag::kScript: {
            std::string type = AsciiLowerCopy(TrimAscii(Attr(n, "type")));
            if (type == "application/ld+json" && page.jsonld.size() < kMaxNodes) {
              std::string body;
              for (Node* c = n->child; c != nullptr; c = c->next) {
                if (IsText(c)) body += TextOf(c);
              }
              page.jsonld.push_back(std::move(body));
            }
            return false;
          }
          case Tag::kStyle:
          case Tag::kTemplate:
          case Tag::kSvg:
          case Tag::kNoscript:
            return false;
          case Tag::kA: {
            page.anchors.push_back(n);
            std::string_view href = Attr(n, "href");
            if (!href.empty()) page.hrefs.emplace_back(href);
            if (HasToken(Attr(n, "rel"), "author")) PushCapped(&page.rel_authors, n);
            break;
          }
          case Tag::kTime:
            if (HasAttr(n, "datetime")) PushCapped(&page.times, n);
            break;
          case Tag::kH1:
            if (page.h1s.empty()) page.h1_place = place;
            PushCapped(&page.h1s, n);
            break;
          default:
            break;
        }
        if (tag == Tag::kArea) {
          std::string_view href = Attr(n, "href");
          if (!href.empty()) page.hrefs.emplace_back(href);
        }
        if (HasAttr(n, "itemprop")) PushCapped(&page.itemprops, n);
        // <small> sets off the line under a headline that holds its date.
        bool unnamed_date = (tag == Tag::kTime && !HasAttr(n, "datetime")) || n->tag_id == MyHTML_TAG_SMALL;
        if (unnamed_date && page.dated.size() < kMaxDated) {
          page.dated.emplace_back(n, place);
          return true;
        }
        if (!HasAttributes(n)) return true;
        LowerNames(n, &names);
        // Comment authors are not the article's.
        if (page.bylines.size() < kMaxNodes && ContainsAnyOf(names, {"author", "byline"}) &&
            !ContainsAnyOf(names, {"comment"}) && !InComments(n)) {
          page.bylines.push_back(n);
        }
        if (page.dated.size() < kMaxDated &&
            ContainsAnyOf(names, {"date", "datum", "time", "publish", "posted", "submitted", "meta", "byline",
                                  "subline", "fecha"})) {
          page.dated.emplace_back(n, place);
        }
        return true;
      },
      [](Node*) {});
  return page;
}

std::string MetaValue(const Page& page, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    auto it = page.meta.find(std::string(k));
    if (it != page.meta.end()) {
      std::string v = CollapseSpaces(it->second);
      if (!v.empty()) return v;
    }
  }
  return "";
}

std::string FirstH1(const Page& page, const MainText& main) {
  auto inside = [&](Node* n) {
    for (Node* p = n; p != nullptr; p = p->parent) {
      if (std::find(main.roots.begin(), main.roots.end(), p) != main.roots.end()) return true;
    }
    return false;
  };
  for (Node* h : page.h1s) {
    if (!inside(h)) continue;
    std::string t = InnerText(h);
    if (!t.empty()) return t;
  }
  std::vector<std::string> texts;
  for (Node* h : page.h1s) {
    std::string t = InnerText(h);
    if (!t.empty()) texts.push_back(std::move(t));
  }
  return texts.size() == 1 ? texts.front() : "";
}

std::string ChooseTitle(const Page& page, const LinkedData& ld, const MainText& main,
                        std::string_view site_name, std::string_view host) {
  std::string chosen = StripSiteName(MetaValue(page, {"og:title", "twitter:title"}), site_name, host);
  if (chosen.empty() || LooksLikeSite(chosen, site_name, host)) chosen = ld.headline;
  if (chosen.empty()) chosen = FirstH1(page, main);
  if (chosen.empty()) return StripSiteName(CollapseSpaces(page.title), site_name, host);
  // A headline on the page that the chosen title merely decorates (with a
  // section, a site name we could not recognise, a kicker) is the title.
  std::string folded = FoldCase(chosen);
  for (Node* h : page.h1s) {
    std::string text = InnerText(h);
    if (text.empty() || text.size() == chosen.size() || text.size() * 10 < chosen.size() * 3 ||
        Words(text) < 2 || LooksLikeSite(text, site_name, host)) {
      continue;
    }
    if (folded.find(FoldCase(text)) != std::string::npos) return text;
  }
  return chosen;
}

// --- dates ----------------------------------------------------------------

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;

// A date as one source states it: the instant, the offset its writer gave
// (0 for UTC and for none) and whether it named a zone at all.
struct Stated {
  int64_t ms = 0;
  int offset = 0;
  bool zoned = false;
};

std::optional<Stated> Stating(std::string_view value) {
  Stated s;
  auto ms = ParseDate(value, &s.offset, &s.zoned);
  if (!ms) return std::nullopt;
  s.ms = *ms;
  return s;
}

std::optional<Stated> StatedBy(Node* n) {
  for (std::string_view attr : {"datetime", "content", "value"}) {
    std::string_view v = Attr(n, attr);
    if (!v.empty()) {
      if (auto d = Stating(v)) return d;
    }
  }
  std::string text = InnerText(n);
  if (text.size() > 200) return std::nullopt;
  return Stating(text);
}

std::optional<Stated> FirstStated(const Page& page, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    auto it = page.meta.find(std::string(k));
    if (it == page.meta.end()) continue;
    if (auto d = Stating(it->second)) return d;
  }
  return std::nullopt;
}

std::optional<Stated> ItempropStated(const Page& page, std::string_view prop) {
  for (Node* n : page.itemprops) {
    if (!EqualsNoCase(TrimAscii(Attr(n, "itemprop")), prop)) continue;
    if (auto d = StatedBy(n)) return d;
  }
  return std::nullopt;
}

std::optional<int64_t> AsMs(std::optional<Stated> s) {
  if (!s) return std::nullopt;
  return s->ms;
}

// Publication dates in markup, strongest first.
std::vector<Stated> MarkupDates(const Page& page, const LinkedData& ld) {
  std::vector<Stated> out;
  auto add = [&](std::optional<Stated> s) {
    if (s) out.push_back(*s);
  };
  add(FirstStated(page, {"article:published_time", "og:published_time", "og:article:published_time",
                         "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
                         "publication_date", "sailthru.date", "parsely-pub-date", "dc.date.issued",
                         "dcterms.issued", "dc.date", "dcterms.date", "citation_publication_date",
                         "citation_date", "article.published"}));
  if (!ld.published.empty()) add(Stating(ld.published));
  add(ItempropStated(page, "datePublished"));
  for (Node* n : page.times) add(Stating(Attr(n, "datetime")));
  return out;
}

// A date printed for readers: in an element named for dates, nearest to
// the headline first (site headers print today's date far above it,
// teasers of other posts far below), in a line next to the headline
// (portals without date markup: "2024年09月13日 10:25 来源：..."), or after
// a label such as "Veröffentlicht am".
std::optional<int64_t> PrintedDate(const Page& page) {
  std::unordered_set<const Node*> around_headline;
  if (!page.h1s.empty()) {
    for (const Node* p = page.h1s.front(); p != nullptr; p = p->parent) around_headline.insert(p);
  }
  auto printed = [&](Node* n) -> std::optional<int64_t> {
    if (InOtherTexts(n, around_headline)) return std::nullopt;
    std::string text = InnerText(n);
    if (text.empty() || text.size() > 300) return std::nullopt;
    return FindDateInText(text);
  };
  std::vector<std::pair<Node*, size_t>> dated = page.dated;
  // Equally near, below wins: bylines follow headlines more often.
  auto distance = [&](size_t place) {
    return place > page.h1_place ? 2 * (place - page.h1_place) : 2 * (page.h1_place - place) + 1;
  };
  std::stable_sort(dated.begin(), dated.end(),
                   [&](const auto& a, const auto& b) { return distance(a.second) < distance(b.second); });
  for (const auto& [n, place] : dated) {
    if (auto d = printed(n)) return d;
  }
  if (!page.h1s.empty()) {
    int seen = 0;
    for (Node* n = page.h1s.front()->next; n != nullptr && seen < 4; n = n->next) {
      if (!IsElement(n)) continue;
      ++seen;
      if (auto d = printed(n)) return d;
    }
  }
  for (Node* n : page.labelled) {
    if (auto d = printed(n)) return d;
  }
  return std::nullopt;
}

// Whether an offset from -10:00 (Hawaii) to +11:00 (eastern Australia in
// summer) puts the UTC time `utc_ms` on the calendar day starting at
// `day_ms`, another day than in UTC. Wider bounds would let the date a
// site header prints for today pass for a timestamp's local day.
bool CanBeLocalDay(int64_t utc_ms, int64_t day_ms) {
  int64_t utc_day = utc_ms - ((utc_ms % kDayMs) + kDayMs) % kDayMs;
  return day_ms != utc_day && day_ms < utc_ms + 11 * kHourMs && utc_ms - 10 * kHourMs < day_ms + kDayMs;
}

// A timestamp in UTC names the publisher's calendar day only near
// Greenwich: "2020-02-25T02:25:54Z" is the evening of the 24th in New
// York. The same instant stated elsewhere with its offset, or a day the
// page gives in its URL or prints for readers that the timestamp can fall
// on, is the day the publisher's readers saw.
Stated LocalDay(const Stated& utc, const std::vector<Stated>& markup, std::optional<int64_t> url_day,
                const std::function<std::optional<int64_t>()>& printed_day) {
  if (!utc.zoned || utc.offset != 0) return utc;
  for (const Stated& s : markup) {
    if (s.offset != 0 && s.ms == utc.ms) return s;
  }
  if (url_day) return CanBeLocalDay(utc.ms, *url_day) ? Stated{*url_day, 0} : utc;
  if (auto printed = printed_day(); printed && CanBeLocalDay(utc.ms, *printed)) return Stated{*printed, 0};
  return utc;
}

}  // namespace

void ExtractMetadata(HtmlDocument* doc, std::string_view url, const MainText& main, Article* out) {
  Page page = Collect(doc);
  LinkedData ld = ReadLinkedData(page.jsonld);

  std::string base = url::LinkBase(url, page.base);

  std::unordered_set<std::string> seen;
  for (const std::string& href : page.hrefs) {
    std::string abs = url::ResolveLink(base, href);
    if (!abs.empty() && seen.insert(abs).second) out->outlinks.push_back(std::move(abs));
  }
  seen.clear();
  for (const std::string& href : page.feeds) {
    std::string abs = url::ResolveLink(base, href);
    if (!abs.empty() && seen.insert(abs).second) out->feed_links.push_back(std::move(abs));
  }
  // An empty reference would resolve to the page itself.
  if (!page.canonical.empty()) out->canonical_url = url::ResolveLink(base, page.canonical);
  std::string og_url = MetaValue(page, {"og:url"});
  if (out->canonical_url.empty() && !og_url.empty()) out->canonical_url = url::ResolveLink(base, og_url);

  out->site_name = MetaValue(page, {"og:site_name", "application-name"});
  if (out->site_name.empty()) out->site_name = ld.publisher;
  out->description = MetaValue(page, {"description", "og:description", "twitter:description"});

  std::string host = url::HostOf(out->canonical_url.empty() ? base : out->canonical_url);
  out->title = ChooseTitle(page, ld, main, out->site_name, host);

  std::vector<std::string> authors;
  for (const std::string& a : page.meta_authors) AddAuthors(a, &authors);
  for (const std::string& a : ld.authors) AddAuthors(a, &authors);
  for (Node* n : page.rel_authors) AddAuthors(InnerText(n), &authors);
  for (Node* n : page.itemprops) {
    if (!EqualsNoCase(TrimAscii(Attr(n, "itemprop")), "author")) continue;
    std::string_view content = Attr(n, "content");
    AddAuthors(content.empty() ? InnerText(n) : std::string(content), &authors);
  }
  if (authors.empty()) {
    for (Node* n : page.bylines) {
      std::string text = InnerText(n);
      if (text.empty() || text.size() > kMaxBylineChars) continue;
      AddAuthors(text, &authors);
      if (!authors.empty()) break;
    }
  }
  out->authors = std::move(authors);

  std::vector<Stated> markup = MarkupDates(page, ld);
  std::optional<int64_t> url_day = DateFromUrl(url);
  std::optional<std::optional<int64_t>> printed;
  auto printed_day = [&] {
    if (!printed) printed = PrintedDate(page);
    return *printed;
  };
  if (!markup.empty()) {
    Stated chosen = LocalDay(markup.front(), markup, url_day, printed_day);
    out->published_ms = chosen.ms;
    out->published_offset_min = chosen.offset;
  }
  if (!out->published_ms) out->published_ms = url_day;
  if (!out->published_ms) out->published_ms = printed_day();
  // CMSs fill a bare meta "date" with the time the page was generated or
  // edited; the date printed for readers is the better word.
  if (!out->published_ms) {
    if (auto bare = FirstStated(page, {"date"})) {
      out->published_ms = bare->ms;
      out->published_offset_min = bare->offset;
    }
  }
  // The main text leaves datelines out; the elements it came from keep them.
  for (Node* root : main.roots) {
    if (out->published_ms) break;
    out->published_ms = FindDateInText(OpeningText(root, 300));
  }

  out->modified_ms = AsMs(FirstStated(page, {"article:modified_time", "og:updated_time", "datemodified",
                                              "last-modified", "dcterms.modified"}));
  if (!out->modified_ms && !ld.modified.empty()) out->modified_ms = ParseDate(ld.modified);
  if (!out->modified_ms) out->modified_ms = AsMs(ItempropStated(page, "dateModified"));

  out->language = PrimaryLanguage(page.html_lang);
  if (out->language.empty())
    out->language = PrimaryLanguage(MetaValue(page, {"content-language", "language", "dc.language"}));
  if (out->language.empty()) out->language = PrimaryLanguage(ld.language);

  out->tags = FindTags(page.metas, page.anchors, ld.keywords);
  out->translations = FindTranslations(page.links, page.anchors, base, {url::ResolveLink("", url), out->canonical_url});
  Image lead;
  std::string og_image = MetaValue(page, {"og:image", "og:image:url", "twitter:image"});
  if (!og_image.empty()) lead = Image{url::ResolveLink(base, og_image), MetaValue(page, {"og:image:alt", "twitter:image:alt"})};
  out->images = FindImages(main.roots, base, std::move(lead));
}

}  // namespace caravan::extract
