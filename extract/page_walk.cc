#include "extract/page_walk.h"

#include <re2/re2.h>

#include <algorithm>
#include <string>

#include "extract/text_util.h"
#include "languages/phrases.h"

namespace caravan::extract {
namespace {

constexpr size_t kMaxNodes = 32;  // per kind of evidence: the first few decide
// Menus and teasers above the headline name many elements for dates; the
// article's own come after them.
constexpr size_t kMaxDated = 128;

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

// Words that introduce a publication date, or failing that an update.
const RE2& DateLabel() {
  static const RE2* re = [] {
    std::string alternatives;
    for (std::string_view label : languages::Phrases(languages::List::kDateLabels)) {
      if (!alternatives.empty()) alternatives += '|';
      alternatives += RE2::QuoteMeta(re2::StringPiece(label.data(), label.size()));
    }
    return new RE2("(?i)(" + alternatives + ")");
  }();
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

}  // namespace

bool InOtherTexts(const Node* n, const std::unordered_set<const Node*>& around_headline) {
  std::string names;
  for (const Node* p = n; p != nullptr && IsElement(p); p = p->parent) {
    if (around_headline.contains(p)) return false;
    if (IsOtherText(p, &names)) return true;
  }
  return false;
}

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

}  // namespace caravan::extract
