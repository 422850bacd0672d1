#include "crawler/feeds/html_text.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include <libxml/HTMLparser.h>

#include "common/ascii.h"
#include "common/spaces.h"

namespace caravan::feeds {
namespace {

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the reference starting at html[i] == '&'. Returns the number of
// bytes consumed, 0 when it is not a reference we know (the '&' stays text).
size_t DecodeReference(std::string_view html, size_t i, std::string* out) {
  size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 32) return 0;
  std::string_view body = html.substr(i + 1, semi - i - 1);
  if (body.size() >= 2 && body[0] == '#') {
    bool hex = body[1] == 'x' || body[1] == 'X';
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return 0;
    uint32_t cp = 0;
    for (char c : digits) {
      if (!(hex ? IsHexDigit(c) : IsAsciiDigit(c))) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(HexValue(c));
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    AppendUtf8(cp, out);
    return semi - i + 1;
  }
  std::string text = HtmlEntity(body);
  if (text.empty()) return 0;
  *out += text;
  return semi - i + 1;
}

// Lower-cased element name at the start of a tag's inside ("/P class=x" -> "p").
std::string TagName(std::string_view tag) {
  if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
  std::string name;
  for (char c : tag) {
    if (!IsAsciiAlnum(c)) break;
    name += AsciiLower(c);
  }
  return name;
}

bool IsBlock(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "footer", "h1", "h2",
      "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr",
      "ul"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

}  // namespace

std::string HtmlEntity(std::string_view name) {
  // libxml2 (already linked for the feeds' XML) has HTML 4's table.
  std::string key(name);
  const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(key.c_str()));
  if (entity == nullptr) return "";
  std::string out;
  AppendUtf8(entity->value, &out);
  return out;
}

std::string HtmlToText(std::string_view html) {
  std::string text;
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<' && html.substr(i, 4) == "<!--") {
      // An unterminated comment ends at the next '>', as old browsers read
      // it, rather than swallowing the rest of the title.
      size_t end = html.find("-->", i + 4);
      if (end != std::string_view::npos) end += 2;
      else end = html.find('>', i + 4);
      i = end == std::string_view::npos ? html.size() : end + 1;
      continue;
    }
    if (c == '<' && i + 1 < html.size() &&
        (IsAsciiAlpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!')) {
      size_t end = html.find('>', i);
      if (end != std::string_view::npos) {
        std::string name = TagName(html.substr(i + 1, end - i - 1));
        if (name == "script" || name == "style") {
          // Their content is code, not text.
          size_t close = html.find("</", end);
          while (close != std::string_view::npos && TagName(html.substr(close + 2, name.size())) != name) {
            close = html.find("</", close + 2);
          }
          end = close == std::string_view::npos ? html.size() - 1 : html.find('>', close);
          if (end == std::string_view::npos) end = html.size() - 1;
        } else if (IsBlock(name)) {
          text += ' ';  // "<p>a</p><p>b</p>" reads "a b", while "W<b>o</b>rd" stays one word
        }
        i = end + 1;
        continue;
      }
    }
    if (c == '&') {
      if (size_t used = DecodeReference(html, i, &text)) {
        i += used;
        continue;
      }
    }
    text += c;
    ++i;
  }
  return CollapseSpaces(text, Spaces::kAscii);
}

}  // namespace caravan::feeds
