#include "extract/boilerplate.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "extract/text_util.h"

namespace caravan::extract {
namespace {

constexpr uint32_t kAny = 0;
constexpr uint32_t kSmall = 800;  // share bars, post meta, tag lists
constexpr uint32_t kBio = 2500;   // author boxes carry a short biography
// Screen-reader and hidden labels; large hidden parts are galleries and
// tabs a reader opens.
constexpr uint32_t kLabel = 200;

struct Word {
  std::string_view word;
  uint32_t max_text;
};

constexpr Word kWords[] = {
    {"nav", kAny}, {"navi", kAny}, {"navbar", kAny}, {"navigation", kAny}, {"menu", kAny}, {"menus", kAny},
    {"submenu", kAny}, {"megamenu", kAny}, {"breadcrumb", kAny}, {"breadcrumbs", kAny}, {"crumbs", kAny},
    {"cookie", kAny}, {"cookies", kAny}, {"consent", kAny}, {"gdpr", kAny}, {"banner", kAny},
    {"related", kAny}, {"recommend", kAny}, {"recommended", kAny}, {"recommendations", kAny},
    {"comment", kAny}, {"comments", kAny}, {"footer", kAny}, {"sidebar", kAny}, {"widget", kAny},
    {"widgets", kAny}, {"newsletter", kAny}, {"subscribe", kAny}, {"subscription", kAny}, {"wpml", kAny},
    {"pagination", kAny}, {"pager", kAny}, {"popup", kAny}, {"modal", kAny}, {"ad", kAny}, {"ads", kAny},
    {"advert", kAny}, {"advertisement", kAny}, {"sponsor", kAny}, {"sponsored", kAny}, {"promo", kAny},
    {"outbrain", kAny}, {"taboola", kAny}, {"disqus", kAny}, {"sharedaddy", kAny}, {"addtoany", kAny},
    {"shariff", kAny}, {"tagcloud", kAny}, {"toolbar", kAny}, {"skip", kAny}, {"masthead", kAny},
    {"topbar", kAny}, {"offcanvas", kAny}, {"login", kAny}, {"signup", kAny}, {"share", kSmall},
    {"shares", kSmall}, {"sharing", kSmall}, {"social", kSmall}, {"meta", kSmall}, {"byline", kSmall},
    {"date", kSmall}, {"dates", kSmall}, {"tags", kSmall}, {"tag", kSmall}, {"keywords", kSmall},
    {"rating", kSmall}, {"likes", kSmall}, {"icons", kSmall}, {"button", kSmall}, {"buttons", kSmall},
    {"btn", kSmall}, {"lang", kSmall}, {"language", kSmall}, {"languages", kSmall}, {"switcher", kSmall},
    {"translations", kSmall}, {"email", kSmall}, {"caption", kSmall}, {"captions", kSmall},
    {"legend", kSmall}, {"credit", kSmall}, {"credits", kSmall}, {"copyright", kSmall}, {"author", kBio},
    {"authors", kBio}, {"subnav", kAny}, {"respond", kAny}, {"reply", kAny}, {"nocomments", kAny},
    {"kommentar", kAny}, {"kommentare", kAny}, {"sociable", kAny}, {"syndication", kSmall},
    {"attachment", kSmall}, {"attachments", kSmall}, {"timestamp", kSmall}, {"infoline", kSmall},
    {"ratings", kSmall}, {"popular", kSmall}, {"next", kSmall}, {"prev", kSmall},
    {"previous", kSmall}, {"embed", kSmall},
    {"embedded", kSmall},
};

// Word stems long enough to be unambiguous, for run-together names such
// as "relatedposts" or "sharebuttons".
constexpr Word kStems[] = {
    {"share", kSmall},    {"social", kSmall},   {"related", kAny},      {"comment", kAny},
    {"breadcrumb", kAny}, {"newsletter", kAny}, {"cookie", kAny},       {"sidebar", kAny},
    {"widget", kAny},     {"advert", kAny},     {"sponsor", kAny},      {"footer", kAny},
    {"navbar", kAny},     {"navigation", kAny}, {"recommend", kAny},    {"subscri", kAny},
    {"pagination", kAny}, {"popup", kAny},      {"author", kBio},       {"tagcloud", kAny},
    {"consent", kAny},    {"gdpr", kAny},       {"langswitch", kSmall}, {"languageswitch", kSmall},
    {"kommentar", kAny},  {"nextpost", kSmall}, {"nextstory", kSmall},  {"nextarticle", kSmall},
    {"mostread", kSmall}, {"mostpopular", kSmall},
};

// Word endings of run-together names ("postmetadata", "entryfooter").
constexpr Word kSuffixes[] = {
    {"meta", kSmall}, {"metadata", kSmall}, {"footer", kAny}, {"comments", kAny}, {"sharing", kSmall},
};

// A name with a word for an image and a word for what is said about it
// ("image-source", "img-metadata", "mediaCredit") labels a
// picture: its caption or credit, never article text.
constexpr std::string_view kImageWords[] = {"image", "img", "photo", "foto", "bild", "picture", "media"};
constexpr std::string_view kImageLabelWords[] = {"source",  "credit",    "credits",
                                                 "caption", "copyright", "metadata"};

// Words that start like a stem but name content.
constexpr std::string_view kStemExceptions[] = {"commentary", "commentaries", "authority", "authorities"};

// Class names that hide an element from readers.
constexpr std::string_view kHiddenClasses[] = {
    "hidden",          "hide",           "d-none",    "sr-only",           "screen-reader-text",
    "visually-hidden", "visuallyhidden", "invisible", "element-invisible", "assistive-text",
};

// Class names that keep an element off the printed page: the article is
// what a reader prints, so such elements are furniture when small.
constexpr std::string_view kNoPrintClasses[] = {
    "noprint", "no-print", "hide-print", "hide-for-print", "hidden-print", "d-print-none", "print-hidden",
};

// Prefixes of taxonomy, state and page-builder layout classes: their words
// are slugs or layout, not the element's role.
constexpr std::string_view kIgnoredPrefixes[] = {
    "tag-",  "category-", "categories-",   "has-",       "is-",
    "no-",   "with-",     "without-",      "postid-",    "format-",
    "type-", "status-",   "page-template", "elementor-", "single-format",
};

constexpr std::string_view kRoles[] = {
    "navigation", "banner",  "contentinfo", "complementary", "search",
    "menu",       "menubar", "dialog",      "alertdialog",   "toolbar",
};

const std::unordered_map<std::string_view, uint32_t>& WordTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, uint32_t>;
    for (const Word& w : kWords) t->emplace(w.word, w.max_text);
    return t;
  }();
  return *table;
}

// Breadcrumbs are not among them: their last item, the page's own title,
// is often long and no link, which makes a trail read like prose.
constexpr std::string_view kNavigational[] = {
    "nav",        "navi",  "navbar",  "navigation", "menu", "menus", "submenu", "megamenu",
    "pagination", "pager", "toolbar", "tagcloud",
};

// Combines verdicts of several words: the most permissive size wins, and
// the element is navigational only if every matching word is.
void Merge(BoilerplateVerdict* v, uint32_t max_text, bool navigational) {
  if (!v->boilerplate) {
    *v = {true, max_text, navigational};
    return;
  }
  if (v->max_text != kAny && (max_text == kAny || max_text > v->max_text)) v->max_text = max_text;
  v->navigational = v->navigational && navigational;
}

void ClassifyToken(std::string_view token, BoilerplateVerdict* v) {
  if (token.empty()) return;
  bool navigational = false;
  for (std::string_view n : kNavigational) navigational = navigational || token.starts_with(n);
  const auto& words = WordTable();
  if (auto it = words.find(token); it != words.end()) {
    Merge(v, it->second, navigational);
    return;
  }
  for (std::string_view ex : kStemExceptions) {
    if (token.starts_with(ex)) return;
  }
  for (const Word& s : kStems) {
    if (token.starts_with(s.word)) {
      Merge(v, s.max_text, navigational);
      return;
    }
  }
  for (const Word& s : kSuffixes) {
    if (token.size() > s.word.size() && token.ends_with(s.word)) {
      Merge(v, s.max_text, navigational);
      return;
    }
  }
}

// Calls `f` with each lowercase word of `name`, split at punctuation,
// whitespace, digit boundaries and camelCase humps.
template <typename F>
void ForEachWord(std::string_view name, F&& f) {
  std::string token;
  char prev = 0;
  for (char c : name) {
    bool alpha = IsAsciiAlpha(c);
    bool digit = IsAsciiDigit(c);
    bool boundary = !(alpha || digit) || (alpha && c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z') ||
                    (digit && IsAsciiAlpha(prev)) || (alpha && IsAsciiDigit(prev));
    if (boundary && !token.empty()) {
      f(std::string_view(token));
      token.clear();
    }
    if (alpha || digit) token.push_back(AsciiLower(c));
    prev = c;
  }
  if (!token.empty()) f(std::string_view(token));
}

// Verdicts remembered per thread: a page repeats its class names hundreds
// of times and a site's pages share them, while working a name out costs
// dozens of comparisons. Open addressing over one array of slots, keys in
// one arena: a lookup touches about two cache lines, where a node-based
// map chased three pointers (the lookups were 6% of all extraction time).
// Cleared when half full, so memory stays bounded.
template <typename V>
class Memo {
 public:
  Memo() : slots_(kSlots) {}
  const V* Find(std::string_view key) const {
    uint64_t h = Hash(key);
    for (size_t i = h & kMask;; i = (i + 1) & kMask) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return nullptr;
      if (s.hash == h && std::string_view(keys_).substr(s.offset, s.size) == key) return &s.value;
    }
  }
  void Put(std::string_view key, V value) {
    if (used_ >= kSlots / 2 || keys_.size() + key.size() > UINT32_MAX) Clear();
    uint64_t h = Hash(key);
    size_t i = h & kMask;
    while (slots_[i].hash != 0) i = (i + 1) & kMask;
    slots_[i] = Slot{h, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key.size()), value};
    keys_.append(key);
    ++used_;
  }

 private:
  static constexpr size_t kSlots = 1 << 15;
  static constexpr size_t kMask = kSlots - 1;
  struct Slot {
    uint64_t hash = 0;  // 0: empty
    uint32_t offset = 0;
    uint32_t size = 0;
    V value{};
  };
  static uint64_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key) | 1; }
  void Clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    keys_.clear();
    used_ = 0;
  }
  std::vector<Slot> slots_;
  std::string keys_;
  size_t used_ = 0;
};

void ClassifyNameUncached(std::string_view name, BoilerplateVerdict* v) {
  std::string lower = AsciiLowerCopy(name);
  for (std::string_view h : kHiddenClasses) {
    if (lower == h) {
      Merge(v, kLabel, false);
      return;
    }
  }
  for (std::string_view h : kNoPrintClasses) {
    if (lower == h) {
      Merge(v, kSmall, false);
      return;
    }
  }
  for (std::string_view p : kIgnoredPrefixes) {
    if (lower.starts_with(p)) return;
  }
  bool image = false;
  bool label = false;
  ForEachWord(name, [&](std::string_view word) {
    ClassifyToken(word, v);
    for (std::string_view w : kImageWords) image = image || word == w;
    for (std::string_view w : kImageLabelWords) label = label || word == w;
  });
  if (image && label) Merge(v, kSmall, false);
}

// Merging is associative, so a name's merged verdict stands for its words.
void ClassifyName(std::string_view name, BoilerplateVerdict* v) {
  if (name.empty()) return;
  thread_local Memo<BoilerplateVerdict> memo;
  const BoilerplateVerdict* known = memo.Find(name);
  BoilerplateVerdict fresh;
  if (known == nullptr) {
    ClassifyNameUncached(name, &fresh);
    memo.Put(name, fresh);
    known = &fresh;
  }
  if (known->boilerplate) Merge(v, known->max_text, known->navigational);
}

void ClassifyList(std::string_view list, BoilerplateVerdict* v) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsAsciiSpace(list[i])) ++i;
    size_t start = i;
    while (i < list.size() && !IsAsciiSpace(list[i])) ++i;
    if (i > start) ClassifyName(list.substr(start, i - start), v);
  }
}

bool ContainsAny(const std::string& s, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles) {
    if (s.find(n) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

BoilerplateVerdict ClassifyBoilerplate(std::string_view cls, std::string_view id, std::string_view role) {
  BoilerplateVerdict v;
  if (!role.empty()) {
    std::string r = AsciiLowerCopy(TrimAscii(role));
    for (std::string_view known : kRoles) {
      if (r == known) Merge(&v, kAny, r == "navigation" || r == "menu" || r == "menubar" || r == "toolbar");
    }
  }
  ClassifyList(cls, &v);
  ClassifyName(TrimAscii(id), &v);
  return v;
}

namespace {

// Whether `name` may be one ContainerTier looks for: each of those
// contains one of these, and most names on a page contain none, so the
// dozens of searches below are skipped for them.
bool MayNameContainer(const std::string& name) {
  return !name.empty() && ContainsAny(name, {"content", "post", "text", "body", "artic", "stor", "main", "primary"});
}

// ContentTier for a container element by its names.
int ContainerTier(Tag tag, std::string_view cls_attr, std::string_view id_attr, std::string_view role_attr) {
  std::string cls = AsciiLowerCopy(cls_attr);
  std::string id = AsciiLowerCopy(id_attr);
  std::string role = AsciiLowerCopy(role_attr);
  if (!MayNameContainer(cls) && !MayNameContainer(id)) {
    if (tag == Tag::kArticle) return 1;
    if (role == "article") return 2;
    return role == "main" || tag == Tag::kMain ? 4 : -1;
  }
  auto any = [&](std::initializer_list<std::string_view> needles) {
    return ContainsAny(cls, needles) || ContainsAny(id, needles);
  };
  if (any({"entry-content",    "post-content",   "post_content", "postcontent",   "post-text",
           "post_text",        "post-body",      "post-entry",   "postentry",     "article-content",
           "article__content", "articlecontent", "article-body", "article__body", "articlebody",
           "article-text",     "articletext",    "text-content", "body-text",     "story-body",
           "story-content",    "storycontent",   "entry-body",   "art-content",   "news-text",
           "news-body",        "newstext"})) {
    return 0;
  }
  if (tag == Tag::kArticle) return 1;
  if (ContainsAny(cls, {"post-bodycopy", "theme-content", "blog-content", "section-content", "single-post",
                        "main-column", "wpb_text_column", "field-body", "fulltext", "full-text",
                        "article__container", "article-main"}) ||
      cls == "text" || cls == "story" || cls == "article" || cls.starts_with("article ") ||
      id == "article" || id == "story" || id.starts_with("primary") || role == "article") {
    return 2;
  }
  if (ContainsAny(cls, {"content-main", "content_main", "content-body", "contentbody", "content__body",
                        "main-content", "maincontent", "page-content"}) ||
      ContainsAny(id, {"content-main", "content_main", "content-body", "contentbody", "main-content",
                       "maincontent"}) ||
      id == "content" || cls == "content") {
    return 3;
  }
  if (cls.starts_with("main") || id.starts_with("main") || role == "main") return 4;
  if (tag == Tag::kMain) return 4;
  return -1;
}

}  // namespace

int ContentTier(const Node* node, Tag tag) {
  if (!HasAttributes(node)) return tag == Tag::kArticle ? 1 : tag == Tag::kMain ? 4 : -1;
  std::string_view itemprop = Attr(node, "itemprop");
  if (!itemprop.empty() && ContainsNoCase(itemprop, "articlebody")) return 0;
  bool container = tag == Tag::kDiv || tag == Tag::kSection || tag == Tag::kArticle || tag == Tag::kMain ||
                   tag == Tag::kTd || tag == Tag::kOther;
  if (!container) return -1;
  std::string_view cls = Attr(node, "class");
  std::string_view id = Attr(node, "id");
  std::string_view role = Attr(node, "role");
  if (cls.empty() && id.empty() && role.empty()) return tag == Tag::kArticle ? 1 : tag == Tag::kMain ? 4 : -1;
  thread_local Memo<int> memo;
  thread_local std::string key;
  key.assign(1, static_cast<char>(tag));
  for (std::string_view part : {cls, id, role}) {
    key += part;
    key += '\x1f';
  }
  if (const int* known = memo.Find(key)) return *known;
  int tier = ContainerTier(tag, cls, id, role);
  memo.Put(key, tier);
  return tier;
}

bool IsLeadClass(std::string_view cls) {
  static constexpr std::string_view kLead[] = {
      "intro",      "introduction", "lead",     "lede",        "leadtext", "teaser", "excerpt", "summary",
      "standfirst", "deck",         "subtitle", "subheadline", "subhead",  "chapo",  "bajada",  "abstract",
  };
  bool found = false;
  ForEachWord(cls, [&](std::string_view word) {
    for (std::string_view l : kLead) found = found || word == l;
  });
  return found;
}

int ClassWeight(std::string_view cls, std::string_view id) {
  static constexpr std::string_view kNegative[] = {
      "-ad-",    "hidden",   "banner", "combx",    "comment",  "com-",    "contact",
      "foot",    "footnote", "gdpr",   "masthead", "media",    "meta",    "outbrain",
      "promo",   "related",  "scroll", "share",    "shoutbox", "sidebar", "skyscraper",
      "sponsor", "shopping", "tags",   "tool",     "widget",   "menu",    "nav",
  };
  static constexpr std::string_view kPositive[] = {
      "article", "body", "content", "entry", "hentry", "h-entry",
      "main",    "page", "post",    "text",  "blog",   "story",
  };
  int weight = 0;
  for (std::string_view attr : {cls, id}) {
    if (attr.empty()) continue;
    std::string s = AsciiLowerCopy(attr);
    for (std::string_view n : kNegative) {
      if (s.find(n) != std::string::npos) {
        weight -= 25;
        break;
      }
    }
    for (std::string_view p : kPositive) {
      if (s.find(p) != std::string::npos) {
        weight += 25;
        break;
      }
    }
  }
  return weight;
}

}  // namespace caravan::extract
