#include "extract/metadata.h"

#include <algorithm>

#include "crawler/url/reference.h"
#include "crawler/url/url.h"
#include "extract/authors.h"
#include "extract/images.h"
#include "extract/jsonld.h"
#include "extract/language.h"
#include "extract/page_dates.h"
#include "extract/page_walk.h"
#include "extract/tags.h"
#include "extract/text_util.h"
#include "extract/title.h"
#include "extract/translations.h"

namespace caravan::extract {
namespace {

constexpr size_t kMaxBylineChars = 120;

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

  FindPageDates(page, ld, url, main, out);

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
