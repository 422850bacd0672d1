#include "extract/code_bodies.h"

#include <cstring>
#include <vector>

#include "common/ascii.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Where the end tag `</name` that closes a raw-text element starts, at or
// after `from`: "</name" followed by space, '/' or '>' (any case), as the
// tokenizer's "appropriate end tag" reads; npos when there is none.
size_t EndTagAt(std::string_view html, size_t from, std::string_view name) {
  for (size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    size_t after = at + 2 + name.size();
    if (after >= html.size()) return std::string_view::npos;
    if (EqualsNoCase(html.substr(at + 2, name.size()), name) &&
        (IsTagSpace(html[after]) || html[after] == '/' || html[after] == '>')) {
      return at;
    }
  }
  return std::string_view::npos;
}

// Just past the "-->" or "--!>" (incorrectly-closed-comment) that closes a
// comment whose text starts at `from`; npos when the page ends first.
size_t CommentEnd(std::string_view html, size_t from) {
  for (size_t at = html.find("--", from); at != std::string_view::npos; at = html.find("--", at + 1)) {
    std::string_view after = html.substr(at + 2);
    if (after.starts_with(">")) return at + 3;
    if (after.starts_with("!>")) return at + 4;
  }
  return std::string_view::npos;
}

// The end of a tag whose name ends at `at`: just past its '>', skipping
// quoted attribute values; npos when the page ends first.
size_t TagEnd(std::string_view html, size_t at) {
  while (at < html.size()) {
    char c = html[at];
    if (c == '>') return at + 1;
    if (c != '=') {
      ++at;
      continue;
    }
    ++at;
    while (at < html.size() && IsTagSpace(html[at])) ++at;
    if (at < html.size() && (html[at] == '"' || html[at] == '\'')) {
      size_t close = html.find(html[at], at + 1);
      if (close == std::string_view::npos) return std::string_view::npos;
      at = close + 1;
    }
  }
  return std::string_view::npos;
}

enum class Kind { kOther, kScript, kStyle, kRawText, kPlaintext, kForeign };

struct Element {
  std::string_view name;
  Kind kind;
};

constexpr Element kElements[] = {
    {"script", Kind::kScript},    {"style", Kind::kStyle},     {"textarea", Kind::kRawText},
    {"title", Kind::kRawText},    {"noscript", Kind::kRawText}, {"iframe", Kind::kRawText},
    {"noembed", Kind::kRawText},  {"noframes", Kind::kRawText}, {"xmp", Kind::kRawText},
    {"plaintext", Kind::kPlaintext}, {"svg", Kind::kForeign},   {"math", Kind::kForeign},
};

Kind KindOf(std::string_view name) {
  for (const Element& e : kElements) {
    if (EqualsNoCase(name, e.name)) return e.kind;
  }
  return Kind::kOther;
}

}  // namespace

bool WithoutCodeBodies(std::string_view html, std::string* out, std::vector<std::string_view>* styles) {
  std::vector<std::pair<size_t, size_t>> drop;  // [begin, end) of bodies
  int foreign = 0;                              // open <svg> and <math>
  size_t at = 0;
  while (true) {
    const void* lt = at < html.size() ? std::memchr(html.data() + at, '<', html.size() - at) : nullptr;
    if (lt == nullptr) break;
    at = static_cast<const char*>(lt) - html.data();
    std::string_view rest = html.substr(at);
    if (rest.starts_with("<!--")) {
      if (rest.starts_with("<!-->") || rest.starts_with("<!--->")) {
        at = html.find('>', at) + 1;
        continue;
      }
      size_t end = CommentEnd(html, at + 4);
      if (end == std::string_view::npos) break;
      at = end;
      continue;
    }
    if (rest.starts_with("<!") || rest.starts_with("<?")) {  // doctype, bogus comment
      size_t end = html.find('>', at);
      if (end == std::string_view::npos) break;
      at = end + 1;
      continue;
    }
    bool closing = rest.size() > 1 && rest[1] == '/';
    size_t name_at = at + (closing ? 2 : 1);
    if (name_at >= html.size()) break;
    if (!IsAsciiAlpha(html[name_at])) {
      if (!closing) {
        ++at;  // a '<' in text
        continue;
      }
      size_t end = html.find('>', at);  // "</>" or a bogus comment
      if (end == std::string_view::npos) break;
      at = end + 1;
      continue;
    }
    size_t name_end = name_at;
    while (name_end < html.size() && !IsTagSpace(html[name_end]) && html[name_end] != '/' && html[name_end] != '>') {
      ++name_end;
    }
    std::string_view name = html.substr(name_at, name_end - name_at);
    size_t tag_end = TagEnd(html, name_end);
    if (tag_end == std::string_view::npos) break;
    Kind kind = KindOf(name);
    at = tag_end;
    if (closing) {
      if (kind == Kind::kForeign && foreign > 0) --foreign;
      continue;
    }
    if (kind == Kind::kForeign) {
      if (html[tag_end - 2] != '/') ++foreign;
      continue;
    }
    if (kind == Kind::kOther || foreign > 0) continue;
    if (kind == Kind::kPlaintext) break;
    size_t body_end = EndTagAt(html, tag_end, name);
    if (body_end == std::string_view::npos) break;
    if (kind == Kind::kScript) {
      std::string_view body = html.substr(tag_end, body_end - tag_end);
      if (body.find("<!--") != std::string_view::npos) break;
      // A character reference in the start tag may spell "ld+json" too.
      std::string_view attributes = html.substr(name_end, tag_end - name_end);
      if (ContainsNoCase(attributes, "ld+json") || attributes.find('&') != std::string_view::npos) {
        at = body_end;
        continue;
      }
    }
    if (kind == Kind::kStyle && styles != nullptr) styles->push_back(html.substr(tag_end, body_end - tag_end));
    if (kind != Kind::kRawText && body_end > tag_end) drop.emplace_back(tag_end, body_end);
    at = body_end;
  }
  if (drop.empty()) return false;
  out->clear();
  size_t kept = 0;
  for (const auto& [begin, end] : drop) {
    out->append(html.substr(kept, begin - kept));
    kept = end;
  }
  out->append(html.substr(kept));
  return true;
}

}  // namespace caravan::extract
