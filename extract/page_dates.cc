#include "extract/page_dates.h"

#include <functional>
#include <optional>
#include <vector>

#include "extract/dates.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

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

void FindPageDates(const Page& page, const LinkedData& ld, std::string_view url, const MainText& main,
                   Article* out) {
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
}

}  // namespace caravan::extract
