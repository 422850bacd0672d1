#include "extract/hidden_css.h"

#include "common/ascii.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

bool IsNameChar(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == '_'; }

// `s` lowercased without whitespace, so that "display : none" reads as
// "display:none".
std::string Squeezed(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (!IsAsciiSpace(c)) out.push_back(AsciiLower(c));
  }
  return out;
}

// Whether `declaration` ("display:none") is one in `squeezed`, not the
// tail of another property's ("backface-visibility:hidden").
bool HasDeclaration(std::string_view squeezed, std::string_view declaration) {
  for (size_t at = squeezed.find(declaration); at != std::string_view::npos; at = squeezed.find(declaration, at + 1)) {
    if (at == 0 || squeezed[at - 1] == ';' || squeezed[at - 1] == '{') return true;
  }
  return false;
}

bool HidesBy(std::string_view squeezed) {
  return HasDeclaration(squeezed, "display:none") || HasDeclaration(squeezed, "visibility:hidden");
}

// Declarations that make an element visible: any display but none, or
// visibility:visible.
bool ShowsBy(std::string_view squeezed) {
  for (size_t at = squeezed.find("display:"); at != std::string_view::npos; at = squeezed.find("display:", at + 1)) {
    if (squeezed.substr(at + 8, 4) != "none") return true;
  }
  return squeezed.find("visibility:visible") != std::string_view::npos;
}

// Each class (prefix '.') and id (prefix '#') name in a selector.
template <typename Visit>
void EachName(std::string_view selector, Visit&& visit) {
  for (size_t i = 0; i < selector.size(); ++i) {
    char kind = selector[i];
    if (kind != '.' && kind != '#') continue;
    size_t end = i + 1;
    while (end < selector.size() && IsNameChar(selector[end])) ++end;
    if (end > i + 1) visit(kind, selector.substr(i + 1, end - i - 1));
    i = end - 1;
  }
}

// The name of a selector that is one class or id, optionally after a tag
// name ("div.note", "#promo"); kind is '.' or '#'; "" for any other.
std::string_view SingleName(std::string_view selector, char* kind) {
  selector = TrimAscii(selector);
  size_t i = 0;
  while (i < selector.size() && IsAsciiAlpha(selector[i])) ++i;
  if (i >= selector.size() || (selector[i] != '.' && selector[i] != '#')) return {};
  *kind = selector[i];
  std::string_view name = selector.substr(i + 1);
  if (name.empty()) return {};
  for (char c : name) {
    if (!IsNameChar(c)) return {};
  }
  return name;
}

}  // namespace

bool IsHiddenStyle(std::string_view style) {
  // Most style attributes set neither; no need to normalise those.
  if (!ContainsNoCase(style, "none") && !ContainsNoCase(style, "hidden")) return false;
  return HidesBy(Squeezed(style));
}

void HiddenRules::AddRule(std::string_view selectors, std::string_view declarations) {
  // Most rules set neither property (critical CSS runs to hundreds of
  // them); property names are written in lower case.
  if (declarations.find("display") == std::string_view::npos &&
      declarations.find("visibility") == std::string_view::npos) {
    return;
  }
  std::string squeezed = Squeezed(declarations);
  bool hides = HidesBy(squeezed);
  if (!hides && !ShowsBy(squeezed)) return;
  for (std::string_view selector : SplitAny(selectors, {","})) {
    if (!hides) {
      EachName(selector,
               [&](char kind, std::string_view name) { (kind == '.' ? shown_classes_ : shown_ids_).emplace(name); });
      continue;
    }
    char kind = 0;
    std::string_view name = SingleName(selector, &kind);
    if (!name.empty()) (kind == '.' ? hidden_classes_ : hidden_ids_).emplace(name);
  }
}

void HiddenRules::Add(std::string_view css) {
  // Values are written in lower case, as property names are.
  if (css.find("none") == std::string_view::npos && css.find("hidden") == std::string_view::npos) return;
  size_t at = 0;
  while (at < css.size()) {
    size_t open = css.find('{', at);
    if (open == std::string_view::npos) return;
    std::string_view prelude = css.substr(at, open - at);
    // Statements without a block ("@import ...;") and stray braces end
    // before the selector.
    if (size_t end = prelude.find_last_of(";}"); end != std::string_view::npos) prelude = prelude.substr(end + 1);
    // Comments before a selector; one inside a selector spoils only it.
    for (size_t c = prelude.find("/*"); c != std::string_view::npos; c = prelude.find("/*")) {
      size_t end = prelude.find("*/", c + 2);
      prelude = end == std::string_view::npos ? std::string_view() : prelude.substr(end + 2);
    }
    prelude = TrimAscii(prelude);
    if (prelude.starts_with("@")) {
      // Skip the whole at-block, nested rules included.
      int depth = 0;
      size_t i = open;
      for (; i < css.size(); ++i) {
        if (css[i] == '{') ++depth;
        if (css[i] == '}' && --depth == 0) break;
      }
      at = i + 1;
      continue;
    }
    size_t close = css.find('}', open + 1);
    if (close == std::string_view::npos) close = css.size();
    AddRule(prelude, css.substr(open + 1, close - open - 1));
    at = close + 1;
  }
}

bool HiddenRules::Hides(std::string_view cls, std::string_view id) const {
  if (!hidden_ids_.empty() && !id.empty()) {
    std::string key(TrimAscii(id));
    if (hidden_ids_.count(key) > 0 && shown_ids_.count(key) == 0) return true;
  }
  if (hidden_classes_.empty()) return false;
  size_t i = 0;
  while (i < cls.size()) {
    while (i < cls.size() && IsAsciiSpace(cls[i])) ++i;
    size_t end = i;
    while (end < cls.size() && !IsAsciiSpace(cls[end])) ++end;
    if (end > i) {
      std::string key(cls.substr(i, end - i));
      if (hidden_classes_.count(key) > 0 && shown_classes_.count(key) == 0) return true;
    }
    i = end;
  }
  return false;
}

}  // namespace caravan::extract
