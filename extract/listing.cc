#include "extract/listing.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crawler/url/url.h"
#include "extract/boilerplate.h"
#include "extract/text_util.h"
#include "languages/phrases.h"

namespace caravan::extract {
namespace {

// Sizes are bytes of UTF-8 with the ends of each text node trimmed: the
// verdict compares parts of one page with each other, so they need not
// weigh scripts alike, and counting bytes costs no decoding.
//
// A heading linking this much is a title ("More" is not).
constexpr uint32_t kHeadingTitleBytes = 10;
// A link with this much text, outside headings, can be a title: four words
// or so, a dozen Cyrillic letters, eight Chinese characters.
constexpr uint32_t kLinkTitleBytes = 24;
// Text allowed before a title link in its block: a date, a rubric.
constexpr uint32_t kLeadInBytes = 32;
// What a title link without a heading needs beside it to be a teaser (a
// date, an excerpt) rather than an entry of a link list.
constexpr uint32_t kBesideTitleBytes = 8;
// A teaser is a title, an excerpt of a few sentences and its meta line:
// a short article has more paragraphs.
constexpr uint32_t kTeaserBytes = 1500;
constexpr int kTeaserParagraphs = 2;
// A paragraph this long says something; shorter ones are dates and "Read
// more" lines.
constexpr uint32_t kSentenceBytes = 40;
// Less prose than this outside teasers is no article body.
constexpr uint32_t kMinBodyBytes = 300;
// A paragraph this long is prose, not a caption or a line of meta.
constexpr uint32_t kProseBytes = 150;
// Prose outside teasers that makes a page more than an index of them: a
// few paragraphs, more than a category's description or an author's bio.
constexpr uint32_t kOwnTextBytes = 1000;
// A row of page numbers is short: "Pages: 1 2 3 ... 12 Next".
constexpr uint32_t kPagerBytes = 200;
// A page number's link, a screen-reader label included.
constexpr uint32_t kPageLinkBytes = 16;
// Fewer teasers are a related-posts box; this many are a page of them.
constexpr int kMinTeasers = 3;
constexpr int kManyTeasers = 5;
constexpr uint32_t kNone = UINT32_MAX;

// What the walk does with an element.
enum class Role : uint8_t {
  kInline,    // its text goes to the nearest frame
  kBlock,     // gets a frame
  kHeading,   // a block that can be a title
  kLink,      // <a>
  kHeadData,  // <meta>, <link>, <script>: read for marks, not walked
  // Not walked: code, forms' fields, and sidebars and footers, which hold
  // no teasers or prose that count and a sixth of a page's nodes.
  kSkip,
};

using Roles = std::array<Role, static_cast<size_t>(Tag::kVideo) + 1>;

// By table, fetched once per page: html_dom.h's predicates are calls, and
// the walk asks for every element.
const Roles& RoleTable() {
  static const Roles* roles = [] {
    auto* r = new Roles();
    for (size_t i = 0; i < r->size(); ++i) {
      auto t = static_cast<Tag>(i);
      Role role = IsHeading(t) ? Role::kHeading : IsBlock(t) ? Role::kBlock : Role::kInline;
      if (t == Tag::kA) role = Role::kLink;
      if (IsScriptLike(t) || t == Tag::kTitle || t == Tag::kSelect || t == Tag::kTextarea ||
          t == Tag::kAside || t == Tag::kFooter) {
        role = Role::kSkip;
      }
      if (t == Tag::kMeta || t == Tag::kLink || t == Tag::kScript) role = Role::kHeadData;
      (*r)[i] = role;
    }
    return r;
  }();
  return *roles;
}

// One element's subtree, summed up when the walk leaves it. Kept small:
// a page has thousands.
struct Frame {
  Node* node = nullptr;
  const char* longest = nullptr;  // the longest text node inside, trimmed
  uint32_t longest_size = 0;
  uint32_t parent = kNone;
  uint32_t text = 0;
  uint32_t link_text = 0;
  uint32_t site_link_text = 0;  // in links to other pages of the same site
  uint32_t lead_in = 0;         // of an <a>: the text before it in its block
  // Hashes of the first link to another page of the site and of the first
  // title's target, to tell titles apart; 0 for none.
  uint32_t site_href = 0;
  uint32_t title_href = 0;
  // The teasers among the children, last first, chained by next_teaser.
  uint32_t last_teaser = kNone;
  uint32_t next_teaser = kNone;
  uint16_t titles = 0;        // distinct titles inside (saturating)
  uint16_t number_links = 0;  // page numbers inside, as links or in wrappers
  uint16_t paragraphs = 0;    // <p> of a sentence or more inside
  uint16_t teaser_children = 0;
  Tag tag = Tag::kOther;
  int8_t furniture = -1;            // by its own tag or name; -1 until asked
  bool ends_in_number : 1 = false;  // the last text so far is a page number
  bool has_heading : 1 = false;
  bool heading_title : 1 = false;  // the title is a heading
  bool teaser : 1 = false;
  bool counted : 1 = false;  // a teaser in a group outside page furniture
};

// What the page says about itself.
struct Marks {
  bool rel_prev = false;      // <link rel=prev>
  bool pagination = false;    // rel=next/prev, or a row of page numbers
  bool listing_type = false;  // JSON-LD CollectionPage and kin
  bool article_type = false;  // og:type article, JSON-LD Article and kin
  bool published_time = false;
};

// `s` as a number of up to 6 digits, else -1.
int PageNumber(std::string_view s) {
  if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), IsAsciiDigit)) return -1;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// FNV-1a, never 0.
uint32_t HashOf(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h | 1;
}

// Reads the @type values of JSON-LD text without parsing it: the types
// are all this needs, and scripts of a few hundred KiB are common.
void ScanLinkedDataTypes(std::string_view json, Marks* marks) {
  static constexpr std::string_view kListingTypes[] = {"CollectionPage", "SearchResultsPage", "ProfilePage"};
  static constexpr std::string_view kArticleTypes[] = {"Article",
                                                       "NewsArticle",
                                                       "BlogPosting",
                                                       "ReportageNews",
                                                       "AnalysisNewsArticle",
                                                       "OpinionNewsArticle",
                                                       "BackgroundNewsArticle",
                                                       "ScholarlyArticle",
                                                       "TechArticle",
                                                       "Report",
                                                       "LiveBlogPosting"};
  bool item_list = false;
  auto check = [&](std::string_view type) {
    for (std::string_view t : kListingTypes) marks->listing_type = marks->listing_type || type == t;
    for (std::string_view t : kArticleTypes) marks->article_type = marks->article_type || type == t;
    item_list = item_list || type == "ItemList";
  };
  for (size_t pos = json.find("\"@type\""); pos != std::string_view::npos;
       pos = json.find("\"@type\"", pos)) {
    pos += 7;
    while (pos < json.size() && (IsAsciiSpace(json[pos]) || json[pos] == ':')) ++pos;
    bool array = pos < json.size() && json[pos] == '[';
    while (pos < json.size()) {
      while (pos < json.size() && (IsAsciiSpace(json[pos]) || json[pos] == '[' || json[pos] == ',')) ++pos;
      if (pos >= json.size() || json[pos] != '"') break;
      size_t end = json.find('"', pos + 1);
      if (end == std::string_view::npos) return;
      check(json.substr(pos + 1, end - pos - 1));
      pos = end + 1;
      if (!array) break;
    }
  }
  // A list on an article page is its parts (steps, related items); a
  // collection's items may be typed as articles.
  if (item_list && !marks->article_type) marks->listing_type = true;
}

void ReadHeadElement(Node* n, Tag tag, Marks* marks) {
  if (tag == Tag::kMeta) {
    std::string_view key = Attr(n, "property");
    if (key.empty()) key = Attr(n, "name");
    if (EqualsNoCase(key, "og:type")) {
      marks->article_type = marks->article_type || EqualsNoCase(TrimAscii(Attr(n, "content")), "article");
    } else if (EqualsNoCase(key, "article:published_time")) {
      marks->published_time = !TrimAscii(Attr(n, "content")).empty();
    }
  } else if (tag == Tag::kLink) {
    std::string_view rel = Attr(n, "rel");
    bool prev = HasToken(rel, "prev") || HasToken(rel, "previous");
    marks->rel_prev = marks->rel_prev || prev;
    marks->pagination = marks->pagination || prev || HasToken(rel, "next");
  } else if (tag == Tag::kScript && EqualsNoCase(TrimAscii(Attr(n, "type")), "application/ld+json")) {
    for (Node* c = n->child; c != nullptr; c = c->next) {
      if (IsText(c)) ScanLinkedDataTypes(TextOf(c), marks);
    }
  }
}

// Whether the main text holds the opening of `node_text`, up to the first
// line break or run of spaces (the main text collapses them).
bool InText(std::string_view text, std::string_view node_text) {
  constexpr size_t kSample = 40;
  constexpr size_t kMinSample = 12;
  size_t end = 0;
  while (end < std::min(node_text.size(), kSample)) {
    size_t space = SpaceAt(node_text.substr(end));
    if (space > 0 && (node_text[end] != ' ' || SpaceAt(node_text.substr(end + 1)) > 0)) break;
    end += space > 0 ? space : 1;
  }
  // Back to the start of a character.
  while (end > 0 && end < node_text.size() && (static_cast<unsigned char>(node_text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return end >= kMinSample && text.find(node_text.substr(0, end)) != std::string_view::npos;
}

// Where a link leads, as far as telling the page's own URL and site from
// others needs; views into the link, nothing decoded or allocated (pages
// have hundreds of links).
struct Target {
  std::string_view host;  // "" for a relative reference
  // Path and query without a trailing slash; "" for a reference relative
  // to the page's folder.
  std::string_view path;
};

std::optional<Target> TargetOf(std::string_view href) {
  href = TrimAscii(href);
  href = href.substr(0, href.find('#'));
  if (href.empty()) return std::nullopt;
  Target t;
  size_t colon = href.find(':');
  if (colon != std::string_view::npos && colon < href.find_first_of("/?")) {
    if (!StartsWithNoCase(href, "http:") && !StartsWithNoCase(href, "https:")) return std::nullopt;
    href.remove_prefix(colon + 1);
  }
  if (href.starts_with("//")) {
    size_t end = std::min(href.find_first_of("/?", 2), href.size());
    t.host = href.substr(2, end - 2);
    if (size_t at = t.host.rfind('@'); at != std::string_view::npos) t.host.remove_prefix(at + 1);
    t.host = t.host.substr(0, t.host.find(':'));
    if (t.host.starts_with("www.") || t.host.starts_with("WWW.")) t.host.remove_prefix(4);
    href.remove_prefix(end);
    if (href.empty()) href = "/";
  }
  if (href.starts_with('/')) {
    t.path = href.size() > 1 && href.ends_with('/') ? href.substr(0, href.size() - 1) : href;
  }
  return t;
}

// Whether a pager marks `n` as the page shown (aria-current, or a class
// such as "current", "active", "modern-page-current").
bool IsCurrentPage(const Node* n) {
  if (HasAttr(n, "aria-current")) return true;
  std::string_view cls = Attr(n, "class");
  return ContainsNoCase(cls, "current") || ContainsNoCase(cls, "active");
}

// Page chrome by its tag (asides and footers are not even walked).
bool IsFurnitureTag(Tag t) { return t == Tag::kNav || t == Tag::kHeader || t == Tag::kForm; }

// The classifier's arrays, kept per thread (so one classifier at a time
// per thread): pages have thousands of elements, and growing fresh arrays
// for each page cost more than the walk.
struct Buffers {
  std::vector<Frame> frames;
  std::vector<uint32_t> open;
  std::vector<uint32_t> groups;
  std::vector<uint32_t> prose;
};

// Sums a page up bottom-up, one frame per block or link, into teasers,
// groups of them, prose paragraphs and the page's marks (ClassifyListing).
class Classifier {
 public:
  explicit Classifier(std::string_view url)
      : page_(TargetOf(url).value_or(Target())),
        frames_(buffers_.frames),
        open_(buffers_.open),
        groups_(buffers_.groups),
        prose_(buffers_.prose) {
    frames_.clear();
    open_.clear();
    groups_.clear();
    prose_.clear();
  }
  ~Classifier() {
    // A monster page's arrays are not worth keeping.
    if (frames_.capacity() > kKeptFrames) buffers_ = Buffers();
  }

  // Sums up the subtree of `root`; several subtrees may be read.
  void Read(Node* root);
  // After reading the `roots` of the main text: at most how many teasers
  // the main text holds, and how much text they can have (MayBeListing).
  void BoundTeasers(const std::vector<Node*>& roots, int* teasers, uint32_t* text);
  // The verdict on the whole page read from its root.
  ListingVerdict Decide(const MainText& main, std::string_view url);

 private:
  void Enter(Node* n, Tag tag);
  void Leave(uint32_t i);
  bool InFurniture(uint32_t i, uint32_t page_text);

  // Whether `href` leads to another page of the page's site (of any site
  // when the page's URL is unknown).
  bool IsOtherSitePage(std::string_view href) const;

  static constexpr size_t kKeptFrames = 1 << 16;
  static thread_local Buffers buffers_;

  const Roles& roles_ = RoleTable();
  Target page_;
  Marks marks_;
  std::vector<Frame>& frames_;
  std::vector<uint32_t>& open_;
  std::vector<uint32_t>& groups_;  // parents of two teasers or more
  std::vector<uint32_t>& prose_;   // paragraphs
  int a_depth_ = 0;
  int heading_depth_ = 0;
  uint32_t body_ = kNone;
};

thread_local Buffers Classifier::buffers_;

void Classifier::BoundTeasers(const std::vector<Node*>& roots, int* teasers, uint32_t* text) {
  // Roots that are no bigger than a teaser may be inside one, and so may
  // those that got no frame (inline or skipped elements).
  size_t small = roots.size();
  for (const Frame& f : frames_) {
    if (f.parent == kNone && f.text > kTeaserBytes &&
        std::find(roots.begin(), roots.end(), f.node) != roots.end()) {
      --small;
    }
  }
  *teasers = static_cast<int>(small);
  *text = static_cast<uint32_t>(small) * kTeaserBytes;
  for (uint32_t g : groups_) {
    uint32_t root = g;
    while (frames_[root].parent != kNone) root = frames_[root].parent;
    if (InFurniture(g, frames_[root].text)) continue;
    for (uint32_t t = frames_[g].last_teaser; t != kNone; t = frames_[t].next_teaser) {
      ++*teasers;
      *text += frames_[t].text;
    }
  }
}

bool Classifier::IsOtherSitePage(std::string_view href) const {
  std::optional<Target> t = TargetOf(href);
  if (!t) return false;
  if (!t->host.empty() && !page_.host.empty() && !EqualsNoCase(t->host, page_.host)) return false;
  return t->path.empty() || t->path != page_.path;
}

void Classifier::Read(Node* root) {
  Walk(
      root,
      [&](Node* n) {
        if (IsText(n)) {
          if (open_.empty()) return false;
          Frame& f = frames_[open_.back()];
          std::string_view text = TrimAscii(TextOf(n));
          if (text.empty()) return false;
          auto bytes = static_cast<uint32_t>(text.size());
          f.text += bytes;
          if (a_depth_ > 0) f.link_text += bytes;
          if (bytes > f.longest_size) {
            f.longest = text.data();
            f.longest_size = bytes;
          }
          f.ends_in_number = bytes <= 4 && PageNumber(text) > 0;
          // The current page of a pager is a number that links nowhere.
          if (f.ends_in_number && a_depth_ == 0 && (IsCurrentPage(n->parent) || IsCurrentPage(f.node))) {
            ++f.number_links;
          }
          return false;
        }
        // Comments and the doctype are kOther, inline, and have no children.
        Tag tag = TagOf(n);
        switch (roles_[static_cast<size_t>(tag)]) {
          case Role::kHeadData:
            ReadHeadElement(n, tag, &marks_);
            return false;
          case Role::kSkip:
            return false;
          case Role::kInline:
            return true;
          case Role::kBlock:
          case Role::kHeading:
          case Role::kLink:
            Enter(n, tag);
            return true;
        }
        return true;
      },
      [&](Node* n) {
        if (!IsText(n) && !open_.empty() && frames_[open_.back()].node == n) {
          uint32_t i = open_.back();
          open_.pop_back();
          Leave(i);
        }
      });
}

void Classifier::Enter(Node* n, Tag tag) {
  auto i = static_cast<uint32_t>(frames_.size());
  Frame& f = frames_.emplace_back();
  f.node = n;
  f.tag = tag;
  f.parent = open_.empty() ? kNone : open_.back();
  if (tag == Tag::kBody) body_ = i;
  if (roles_[static_cast<size_t>(tag)] == Role::kHeading) ++heading_depth_;
  if (tag == Tag::kA) {
    ++a_depth_;
    // Frames are blocks and links, and links do not nest: the nearest
    // frame is the link's block, holding its text so far.
    if (!open_.empty()) f.lead_in = frames_[open_.back()].text;
  }
  open_.push_back(i);
}

void Classifier::Leave(uint32_t i) {
  Frame& f = frames_[i];
  if (roles_[static_cast<size_t>(f.tag)] == Role::kHeading) {
    --heading_depth_;
    bool title = f.site_link_text >= kHeadingTitleBytes && f.site_link_text * 2 >= f.text;
    f.titles = title ? 1 : 0;
    f.heading_title = title;
    f.title_href = title ? f.site_href : 0;
    f.has_heading = true;
  } else if (f.tag == Tag::kA) {
    --a_depth_;
    // Only a link that could be a title is worth reading the target of.
    bool could_title =
        f.has_heading || (heading_depth_ > 0 ? f.text >= kHeadingTitleBytes
                                             : f.text >= kLinkTitleBytes && f.lead_in <= kLeadInBytes);
    std::string_view href;
    if (could_title && IsOtherSitePage(href = Attr(f.node, "href"))) {
      f.site_href = HashOf(href);
      f.site_link_text = f.text;
      // A card that is one link around its heading and excerpt.
      f.heading_title = f.has_heading;
      f.teaser = f.has_heading && f.text <= kTeaserBytes;
      if (heading_depth_ == 0) {
        f.titles = 1;
        f.title_href = f.site_href;
      }
    }
    // Post navigation names the neighbouring posts; a pager says "Next".
    if (f.text < kLinkTitleBytes) {
      std::string_view rel = Attr(f.node, "rel");
      if (HasToken(rel, "next") || HasToken(rel, "prev")) marks_.pagination = true;
    }
  } else if (f.tag != Tag::kBody && f.titles == 1 && f.text <= kTeaserBytes &&
             f.paragraphs + (f.tag == Tag::kP) <= kTeaserParagraphs &&
             (f.heading_title || f.text - f.site_link_text >= kBesideTitleBytes)) {
    f.teaser = true;
  } else if (f.tag == Tag::kP && f.text >= kProseBytes && f.link_text * 2 < f.text) {
    prose_.push_back(i);
  }
  if (f.tag == Tag::kP && f.text >= kSentenceBytes) ++f.paragraphs;
  if (f.tag == Tag::kA && f.ends_in_number && f.text <= kPageLinkBytes) f.number_links = 1;
  if (f.number_links >= 2 && f.text <= kPagerBytes) marks_.pagination = true;
  if (f.teaser_children >= 2) groups_.push_back(i);

  if (f.parent == kNone) return;
  Frame& p = frames_[f.parent];
  p.text += f.text;
  p.link_text += f.link_text;
  p.site_link_text += f.site_link_text;
  p.paragraphs = static_cast<uint16_t>(std::min(p.paragraphs + f.paragraphs, 1000));
  if (p.site_href == 0) p.site_href = f.site_href;
  if (f.longest_size > p.longest_size) {
    p.longest = f.longest;
    p.longest_size = f.longest_size;
  }
  if (f.titles > 0) {
    if (p.titles == 0) {
      p.titles = f.titles;
      p.title_href = f.title_href;
    } else if (f.titles > 1 || f.title_href != p.title_href) {
      p.titles = static_cast<uint16_t>(std::min(p.titles + f.titles, 1000));
    }
    p.heading_title = p.heading_title || f.heading_title;
  }
  p.has_heading = p.has_heading || f.has_heading;
  if (f.teaser) {
    f.next_teaser = p.last_teaser;
    p.last_teaser = i;
    ++p.teaser_children;
  }
  // A page number wrapped in an <li> or <span> still belongs to the row;
  // one in a table cell is a calendar's day.
  if (f.number_links == 1 && f.text <= kPageLinkBytes && f.tag != Tag::kTd) ++p.number_links;
}

// Whether frame `i` lies in page furniture: a tag or class, id or role
// naming navigation, sidebars, related posts and the like. A wrapper of
// half the page is layout, whatever its name ("content-sidebar-wrap").
bool Classifier::InFurniture(uint32_t i, uint32_t page_text) {
  for (uint32_t a = i; a != kNone && a != body_; a = frames_[a].parent) {
    Frame& f = frames_[a];
    if (f.furniture < 0) {
      bool named = false;
      if (!IsFurnitureTag(f.tag)) {
        BoilerplateVerdict v =
            ClassifyBoilerplate(Attr(f.node, "class"), Attr(f.node, "id"), Attr(f.node, "role"));
        named = v.boilerplate && v.max_text == 0;
      }
      f.furniture = (IsFurnitureTag(f.tag) || named) && f.text * 2 < page_text ? 1 : 0;
    }
    if (f.furniture == 1) return true;
  }
  return false;
}

// The article's own words: its standfirst counts as much as its text.
size_t MainBytes(const MainText& main) { return main.text.size() + main.standfirst.size(); }

ListingVerdict Classifier::Decide(const MainText& main, std::string_view url) {
  if (body_ == kNone) return {};
  uint32_t page_text = frames_[body_].text;
  std::vector<Frame*> teasers;
  for (uint32_t g : groups_) {
    if (InFurniture(g, page_text)) continue;
    for (uint32_t t = frames_[g].last_teaser; t != kNone; t = frames_[t].next_teaser) {
      frames_[t].counted = true;
      teasers.push_back(&frames_[t]);
    }
  }
  auto content_teasers = static_cast<int>(teasers.size());
  if (content_teasers < kMinTeasers) return {};

  // How much of the main text is teasers, how much is prose beside them.
  int main_teasers = 0;
  uint32_t teaser_text = 0;
  uint32_t teaser_prose = 0;
  for (const Frame* t : teasers) {
    if (!InText(main.text, std::string_view(t->longest, t->longest_size))) continue;
    ++main_teasers;
    teaser_text += t->text;
    teaser_prose += t->text - t->link_text;
  }
  auto main_bytes = static_cast<uint32_t>(MainBytes(main));
  uint32_t body = main_bytes - std::min<uint32_t>(main_bytes, teaser_prose);

  // The page's own prose outside teasers and furniture, whether or not
  // the main text found it: a hub page that introduces its teasers.
  uint32_t own_text = 0;
  for (uint32_t i : prose_) {
    bool teaser = false;
    for (uint32_t a = i; a != kNone && !teaser; a = frames_[a].parent) teaser = frames_[a].counted;
    if (!teaser && !InFurniture(i, page_text)) own_text += frames_[i].text;
  }

  int strength = 0;
  if (main_teasers >= kMinTeasers && teaser_text >= body) {
    strength = main_teasers >= kManyTeasers && teaser_text >= 2 * body ? 2 : 1;
  }
  if (body < kMinBodyBytes) {
    strength = std::max(strength, content_teasers >= kManyTeasers && own_text == 0 ? 2 : 1);
  }
  if (own_text >= kOwnTextBytes) strength = std::min(strength, 1);
  UrlShape shape = ShapeOfUrl(url);
  int support =
      int{marks_.pagination} + int{marks_.listing_type} + int{shape.archive_like || shape.page >= 2};
  int against = int{marks_.article_type && !marks_.listing_type} + int{marks_.published_time};
  ListingVerdict v;
  v.listing = strength == 2 ? support >= against : strength == 1 && support > against;
  v.continuation = v.listing && (shape.page >= 2 || marks_.rel_prev);
  return v;
}

bool IsLanguageSegment(std::string_view s) {
  size_t dash = s.find_first_of("-_");
  std::string_view lang = s.substr(0, dash);
  if (lang.size() != 2 || !std::all_of(lang.begin(), lang.end(), IsAsciiAlpha)) return false;
  if (dash == std::string_view::npos) return true;
  std::string_view region = s.substr(dash + 1);
  return region.size() >= 2 && region.size() <= 4 &&
         std::all_of(region.begin(), region.end(), [](char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); });
}

// Whether the page needs the whole walk. Teasers can only be part of the
// main text when they lie in the elements it came from or hold one of them
// (a root inside a teaser, if the root is no bigger than one), and a main
// text too long for those few teasers to have written leaves a body either
// way. Most pages are such articles, and reading only their main text's
// elements spares them a walk over the whole page.
bool MayBeListing(const MainText& main, std::string_view url) {
  Classifier c(url);
  for (Node* root : main.roots) c.Read(root);
  int teasers = 0;
  uint32_t text = 0;
  c.BoundTeasers(main.roots, &teasers, &text);
  return teasers >= kMinTeasers || MainBytes(main) < kMinBodyBytes + size_t{text};
}

}  // namespace

UrlShape ShapeOfUrl(std::string_view url) {
  UrlShape shape;
  std::optional<url::Url> u = url::Parse(url);
  if (!u || u->host.empty()) return shape;
  std::vector<std::string> segments;
  for (const std::string& s : SplitAny(u->path, {"/"})) segments.push_back(AsciiLowerCopy(s));
  // The trailing run of date segments: a year, then a month and a day.
  size_t dated = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& s = segments[i];
    for (std::string_view w : languages::Phrases(languages::List::kArchiveWords)) shape.archive_like = shape.archive_like || s == w;
    if (s == "page" && i + 1 < segments.size() && PageNumber(segments[i + 1]) > 0) {
      shape.archive_like = true;
      shape.page = PageNumber(segments[i + 1]);
    }
    bool year = s.size() == 4 && (s.starts_with("19") || s.starts_with("20")) && PageNumber(s) > 0;
    dated = year ? 1 : dated > 0 && dated < 3 && s.size() <= 2 && PageNumber(s) > 0 ? dated + 1 : 0;
  }
  size_t lead = !segments.empty() && IsLanguageSegment(segments.front()) ? 1 : 0;
  if (dated > 0 && dated + lead >= segments.size()) shape.archive_like = true;
  // The site's or a language's home page ("/?p=3289" is a post).
  bool home = segments.size() <= lead || (segments.size() == 1 && segments[0].starts_with("index."));
  if (home && (!u->query || u->query->empty())) shape.archive_like = true;
  if (u->query) {
    for (const std::string& pair : SplitAny(*u->query, {"&"})) {
      size_t eq = pair.find('=');
      if (eq == std::string::npos || eq + 1 == pair.size()) continue;
      std::string key = AsciiLowerCopy(pair.substr(0, eq));
      int n = PageNumber(std::string_view(pair).substr(eq + 1));
      if (key == "s" || key == "q" || key == "query" || key == "search" || key == "keyword" ||
          key == "keywords") {
        shape.archive_like = true;
      } else if (key == "page" || key == "paged" || key == "pg" || key.starts_with("pagen_")) {
        shape.page = std::max(shape.page, n);
      } else if ((key == "start" || key == "offset") && n > 0) {
        shape.page = std::max(shape.page, 2);
      }
    }
  }
  return shape;
}

ListingVerdict ClassifyListing(HtmlDocument* doc, const MainText& main, std::string_view url) {
  // A main text taken from the whole page is read whole anyway.
  bool whole = std::any_of(main.roots.begin(), main.roots.end(),
                           [&](const Node* r) { return r == doc->body() || r == doc->root(); });
  if (!whole && !MayBeListing(main, url)) return {};
  Classifier c(url);
  c.Read(doc->root());
  return c.Decide(main, url);
}

}  // namespace caravan::extract
