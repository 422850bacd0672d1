#include "extract/translations.h"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "crawler/url/reference.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

constexpr size_t kMaxTranslations = 100;

// "en", "zh-Hans", "pt-BR", "kk": letters and hyphens, a 2-3 letter start.
bool LooksLikeLanguageTag(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > 16) return false;
  size_t primary = tag.find_first_of("-_");
  if (primary == std::string_view::npos) primary = tag.size();
  if (primary < 2 || primary > 3) return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) { return IsAsciiAlpha(c) || c == '-' || c == '_'; });
}

// A language's home page: the path is empty or one segment that is a
// language tag ("/ru/", "/zh-hans").
bool IsLanguageHome(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  size_t slash = url.find('/', scheme + 3);
  if (slash == std::string_view::npos) return true;
  std::string_view path = url.substr(slash + 1);
  path = path.substr(0, path.find_first_of("?#"));
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return path.empty() || (path.find('/') == std::string_view::npos && LooksLikeLanguageTag(path));
}

// The language a WPML switcher item names in its class: "wpml-ls-item-tr".
std::string_view WpmlLanguage(std::string_view cls) {
  constexpr std::string_view kPrefix = "wpml-ls-item-";
  size_t at = 0;
  while ((at = cls.find(kPrefix, at)) != std::string_view::npos) {
    at += kPrefix.size();
    size_t end = at;
    while (end < cls.size() && !IsAsciiSpace(cls[end])) ++end;
    std::string_view lang = cls.substr(at, end - at);
    if (LooksLikeLanguageTag(lang)) return lang;
  }
  return {};
}

bool IsCurrentLanguageItem(std::string_view cls) {
  return cls.find("current-lang") != std::string_view::npos ||
         cls.find("wpml-ls-current-language") != std::string_view::npos;
}

// The language of link `a` as a language switcher item: its hreflang,
// the WPML class of its item (up to two levels up), or, inside an element
// whose class or id says "lang", a lang attribute on it or on a child (the
// label naming the language). "" when it is no switcher link. Sets
// *current when the item is marked as the page's own language.
std::string_view SwitcherLanguage(const Node* a, bool* current) {
  std::string_view lang = Attr(a, "hreflang");
  bool in_switcher = false;
  const Node* up = a->parent;
  for (int level = 0; level < 3 && up != nullptr && IsElement(up); ++level, up = up->parent) {
    std::string_view cls = Attr(up, "class");
    if (level < 2 && IsCurrentLanguageItem(cls)) *current = true;
    if (lang.empty() && level < 2) lang = WpmlLanguage(cls);
    in_switcher = in_switcher || ContainsNoCase(cls, "lang") || ContainsNoCase(Attr(up, "id"), "lang");
  }
  if (!lang.empty() || !in_switcher) return lang;
  if (HasAttr(a, "lang")) return Attr(a, "lang");
  for (const Node* c = a->child; c != nullptr; c = c->next) {
    if (IsElement(c) && HasAttr(c, "lang")) return Attr(c, "lang");
  }
  return {};
}

class TranslationList {
 public:
  TranslationList(std::string_view base, const std::vector<std::string>& self_urls) : base_(base) {
    for (const std::string& u : self_urls) {
      if (!u.empty()) seen_.insert(u);
    }
  }
  void Add(std::string_view language, std::string_view href) {
    std::string lang(TrimAscii(language));
    if (out_.size() >= kMaxTranslations || !LooksLikeLanguageTag(lang)) return;
    std::string url = url::ResolveLink(base_, href);
    if (url.empty() || IsLanguageHome(url) || !seen_.insert(url).second) return;
    out_.push_back(Translation{std::move(lang), std::move(url)});
  }
  std::vector<Translation> Take() { return std::move(out_); }

 private:
  std::string base_;
  std::unordered_set<std::string> seen_;
  std::vector<Translation> out_;
};

}  // namespace

std::vector<Translation> FindTranslations(const std::vector<Node*>& links, const std::vector<Node*>& anchors,
                                          std::string_view base, const std::vector<std::string>& self_urls) {
  TranslationList list(base, self_urls);
  for (const Node* n : links) {
    if (HasToken(Attr(n, "rel"), "alternate") && HasAttr(n, "hreflang")) list.Add(Attr(n, "hreflang"), Attr(n, "href"));
  }
  for (const Node* n : anchors) {
    if (!HasAttr(n, "href")) continue;
    bool current = false;
    std::string_view lang = SwitcherLanguage(n, &current);
    if (!lang.empty() && !current) list.Add(lang, Attr(n, "href"));
  }
  return list.Take();
}

}  // namespace caravan::extract
