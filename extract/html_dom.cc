#include "extract/html_dom.h"

#include <libxml/parser.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "extract/text_util.h"

namespace caravan::extract {
namespace {

const std::unordered_map<std::string_view, Tag>& TagTable() {
  static const auto* table = new std::unordered_map<std::string_view, Tag>{
      {"a", Tag::kA}, {"address", Tag::kAddress}, {"article", Tag::kArticle}, {"aside", Tag::kAside},
      {"audio", Tag::kAudio}, {"base", Tag::kBase}, {"blockquote", Tag::kBlockquote},
      {"body", Tag::kBody}, {"br", Tag::kBr}, {"button", Tag::kButton}, {"canvas", Tag::kCanvas},
      {"caption", Tag::kCaption}, {"center", Tag::kCenter}, {"code", Tag::kCode}, {"dd", Tag::kDd},
      {"details", Tag::kDetails}, {"dialog", Tag::kDialog}, {"div", Tag::kDiv}, {"dl", Tag::kDl},
      {"dt", Tag::kDt}, {"embed", Tag::kEmbed}, {"fieldset", Tag::kFieldset},
      {"figcaption", Tag::kFigcaption}, {"figure", Tag::kFigure}, {"footer", Tag::kFooter},
      {"form", Tag::kForm}, {"frame", Tag::kFrame}, {"frameset", Tag::kFrameset}, {"h1", Tag::kH1},
      {"h2", Tag::kH2}, {"h3", Tag::kH3}, {"h4", Tag::kH4}, {"h5", Tag::kH5}, {"h6", Tag::kH6},
      {"head", Tag::kHead}, {"header", Tag::kHeader}, {"hr", Tag::kHr}, {"html", Tag::kHtml},
      {"iframe", Tag::kIframe}, {"img", Tag::kImg}, {"input", Tag::kInput}, {"label", Tag::kLabel},
      {"li", Tag::kLi}, {"link", Tag::kLink}, {"main", Tag::kMain}, {"map", Tag::kMap}, {"math", Tag::kMath},
      {"menu", Tag::kMenu}, {"meta", Tag::kMeta}, {"nav", Tag::kNav}, {"noscript", Tag::kNoscript},
      {"object", Tag::kObject}, {"ol", Tag::kOl}, {"option", Tag::kOption}, {"p", Tag::kP},
      {"picture", Tag::kPicture}, {"pre", Tag::kPre}, {"script", Tag::kScript}, {"section", Tag::kSection},
      {"select", Tag::kSelect}, {"source", Tag::kSource},
      {"style", Tag::kStyle}, {"summary", Tag::kSummary}, {"svg", Tag::kSvg}, {"table", Tag::kTable},
      {"tbody", Tag::kTbody}, {"td", Tag::kTd}, {"template", Tag::kTemplate}, {"textarea", Tag::kTextarea},
      {"tfoot", Tag::kTfoot}, {"th", Tag::kTh}, {"thead", Tag::kThead}, {"time", Tag::kTime},
      {"title", Tag::kTitle}, {"tr", Tag::kTr}, {"ul", Tag::kUl}, {"video", Tag::kVideo},
  };
  return *table;
}

bool IsInvisible(Tag t) {
  switch (t) {
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kNoscript:
    case Tag::kTemplate:
    case Tag::kSvg:
    case Tag::kHead:
    case Tag::kMath:
    case Tag::kSelect:
    case Tag::kTextarea:
      return true;
    default:
      return false;
  }
}

// libxml2 2.9 knows HTML 4 only. An end tag of an element it does not know
// cannot close a <div> left open inside it, so one unclosed div in a <nav>
// puts the rest of the page into the nav; browsers close it. So HTML5
// sectioning elements are renamed to div, keeping their name in this
// attribute, and end tags are balanced the browser's way before libxml2
// sees them: </nav> (or </div>) closes every div-like element opened
// since the matching start tag, and a stray end tag is dropped.
constexpr std::string_view kRenamedAttr = "caravan-tag";
constexpr std::string_view kRenamed[] = {
    "article", "aside",      "footer", "header",  "main",    "nav",    "section",
    "figure",  "figcaption", "hgroup", "details", "summary", "dialog",
};

bool IsNameChar(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == ':'; }

// Position of the first case-insensitive `needle` from `i`, or npos.
size_t FindNoCase(std::string_view s, size_t i, std::string_view needle) {
  while (i < s.size()) {
    size_t at = s.find(needle[0], i);
    if (at == std::string_view::npos) break;
    if (StartsWithNoCase(s.substr(at), needle)) return at;
    i = at + 1;
  }
  return std::string_view::npos;
}

// Copies from `i` through the first case-insensitive `needle`, or to the end.
size_t SkipPast(std::string_view s, size_t i, std::string_view needle, std::string* out) {
  size_t at = FindNoCase(s, i, needle);
  size_t end = at == std::string_view::npos ? s.size() : at + needle.size();
  if (out != nullptr) out->append(s.substr(i, end - i));
  return end;
}

// Position just past the '>' ending the tag that starts at `i`, skipping
// quoted attribute values; s.size() when the tag is never closed.
size_t TagEnd(std::string_view s, size_t i) {
  char quote = 0;
  for (size_t j = i; j < s.size(); ++j) {
    char c = s[j];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return j + 1;
    }
  }
  return s.size();
}

// Appends text with each run of ASCII whitespace shortened to one
// character (a newline if the run had one). Only <pre> shows the
// difference, and libxml2 reads text one character at a time.
void AppendSpaceRuns(std::string_view text, std::string* out) {
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && !IsAsciiSpace(text[j])) ++j;
    out->append(text.substr(i, j - i));
    if (j == text.size()) break;
    size_t k = j;
    bool newline = false;
    for (; k < text.size() && IsAsciiSpace(text[k]); ++k) {
      if (text[k] == '\n') newline = true;
    }
    out->push_back(newline ? '\n' : text[j]);
    i = k;
  }
}

// The attributes anything in extraction reads; libxml2 spends much of its
// time on the others (data-*, srcset, inline handlers), which make up most
// of a modern page's markup.
bool IsKeptAttribute(std::string_view name) {
  static constexpr std::string_view kKept[] = {
      "class", "id",       "role", "itemprop", "style",   "hidden", "href",       "rel",     "type",
      "lang",  "xml:lang", "name", "property", "content", "value",  "http-equiv", "datetime",
  };
  // Most attributes on a page are data-* and the like: reject them by
  // length before comparing.
  if (name.size() < 2 || name.size() > 10) return false;
  char lower[10];
  for (size_t i = 0; i < name.size(); ++i) lower[i] = AsciiLower(name[i]);
  std::string_view l(lower, name.size());
  for (std::string_view k : kKept) {
    if (l == k) return true;
  }
  return false;
}

// Copies the attributes of the start tag whose name ends at `i` that
// IsKeptAttribute, each verbatim, and the tag's end ("/>" or ">"), as the
// HTML tokenizer splits them. Returns the position after the tag; a tag
// that never ends is copied whole.
size_t CopyKeptAttributes(std::string_view s, size_t i, std::string* out) {
  size_t start = i;
  size_t mark = out->size();
  while (i < s.size()) {
    char c = s[i];
    if (IsAsciiSpace(c) || (c == '/' && i + 1 < s.size() && s[i + 1] != '>')) {
      ++i;
      continue;
    }
    if (c == '>' || c == '/') {
      if (c == '/') out->push_back('/');
      out->push_back('>');
      return i + (c == '/' ? 2 : 1);
    }
    size_t attr = i;
    // A leading '=' belongs to the name, as in browsers.
    ++i;
    while (i < s.size() && !IsAsciiSpace(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') ++i;
    std::string_view name = s.substr(attr, i - attr);
    size_t j = i;
    while (j < s.size() && IsAsciiSpace(s[j])) ++j;
    if (j < s.size() && s[j] == '=') {
      ++j;
      while (j < s.size() && IsAsciiSpace(s[j])) ++j;
      if (j < s.size() && (s[j] == '"' || s[j] == '\'')) {
        size_t close = s.find(s[j], j + 1);
        if (close == std::string_view::npos) break;
        j = close + 1;
      } else {
        while (j < s.size() && !IsAsciiSpace(s[j]) && s[j] != '>') ++j;
      }
      i = j;
    }
    if (IsKeptAttribute(name)) {
      out->push_back(' ');
      out->append(s.substr(attr, i - attr));
    }
  }
  out->resize(mark);
  out->append(s.substr(start));
  return s.size();
}

// Copies from `i` through the '>' that ends the tag there.
size_t CopyTag(std::string_view s, size_t i, std::string* out) {
  size_t end = TagEnd(s, i);
  out->append(s.substr(i, end - i));
  return end;
}

// Elements whose neighbouring whitespace no reader sees: blocks (their
// edges separate words anyway) and what lives in <head>.
bool IsBlockName(std::string_view lower_name) {
  const auto& table = TagTable();
  auto it = table.find(lower_name);
  if (it == table.end()) return false;
  switch (it->second) {
    case Tag::kHead:
    case Tag::kMeta:
    case Tag::kLink:
    case Tag::kTitle:
    case Tag::kBase:
    case Tag::kScript:
    case Tag::kStyle:
      return true;
    default:
      return IsBlock(it->second);
  }
}

// True if the tag at `lt` (or the end of input) is IsBlockName.
bool BlockTagAt(std::string_view s, size_t lt) {
  if (lt >= s.size()) return true;
  size_t start = lt + 1 < s.size() && s[lt + 1] == '/' ? lt + 2 : lt + 1;
  size_t end = start;
  while (end < s.size() && IsNameChar(s[end]) && end - start < 16) ++end;
  char name[16];
  size_t n = std::min<size_t>(end - start, sizeof name);
  for (size_t k = 0; k < n; ++k) name[k] = AsciiLower(s[start + k]);
  return IsBlockName(std::string_view(name, n));
}

bool IsAllSpace(std::string_view text) { return std::all_of(text.begin(), text.end(), IsAsciiSpace); }

// The source with div-like elements renamed and balanced (see above) and
// <noscript> elements removed: pages are read as a browser with scripts on
// reads them, and their fallbacks often hold unbalanced tags. What nothing
// downstream reads is left out as well, because libxml2 would spend up to
// half its time on it: comments, <svg> drawings, and the bodies of
// <style> and of <script> other than JSON-LD (the elements stay, empty),
// and whitespace between blocks, which would only make text nodes.
std::string PrepareHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 1024);
  std::vector<std::string_view> open;  // div-like elements, innermost last
  int pre_depth = 0;
  char open_heading = 0;  // the digit of the heading open, or 0
  bool after_block = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t lt = std::min(s.find('<', i), s.size());
    std::string_view text = s.substr(i, lt - i);
    if (pre_depth > 0) {
      out.append(text);
    } else if (!text.empty() && !(after_block && IsAllSpace(text) && BlockTagAt(s, lt))) {
      AppendSpaceRuns(text, &out);
      after_block = false;
    }
    if (lt == s.size()) break;
    i = lt;
    if (s.substr(i, 4) == "<!--") {
      // From i + 2: "<!-->" is a whole (empty) comment to browsers.
      i = SkipPast(s, i + 2, "-->", nullptr);
      continue;
    }
    bool end_tag = i + 1 < s.size() && s[i + 1] == '/';
    size_t name_start = i + (end_tag ? 2 : 1);
    size_t name_end = name_start;
    while (name_end < s.size() && IsNameChar(s[name_end])) ++name_end;
    std::string name = AsciiLowerCopy(s.substr(name_start, name_end - name_start));
    if (name.empty()) {
      out.push_back('<');
      ++i;
      after_block = false;
      continue;
    }
    after_block = IsBlockName(name);
    if (name == "pre") pre_depth = std::max(0, pre_depth + (end_tag ? -1 : 1));
    bool heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    if (heading && !end_tag) open_heading = name[1];
    if (heading && end_tag) {
      // Any </hN> closes the open heading, as in browsers: "<h2>..</h3>"
      // would otherwise make the rest of the page a heading.
      i = TagEnd(s, name_end);
      if (open_heading != 0) {
        out += "</h";
        out += open_heading;
        out += '>';
        open_heading = 0;
      }
      continue;
    }
    if (!end_tag && (name == "script" || name == "style")) {
      size_t gt = TagEnd(s, name_end);
      std::string_view start_tag = s.substr(i, gt - i);
      out.append(start_tag);
      std::string close = "</" + name;
      size_t at = FindNoCase(s, gt, close);
      if (at == std::string_view::npos) break;
      if (name == "script" && ContainsNoCase(start_tag, "ld+json")) out.append(s.substr(gt, at - gt));
      i = CopyTag(s, at, &out);
      continue;
    }
    if (!end_tag && (name == "textarea" || name == "title")) {
      // Raw text: copy through the end tag untouched.
      i = CopyTag(s, SkipPast(s, i, "</" + name, &out), &out);
      continue;
    }
    if (!end_tag && name == "svg") {
      size_t gt = TagEnd(s, name_end);
      bool self_closed = gt >= 2 && s[gt - 2] == '/';
      size_t close = self_closed ? std::string_view::npos : FindNoCase(s, gt, "</svg");
      // Unclosed or self-closed: only the start tag goes.
      i = close == std::string_view::npos ? gt : TagEnd(s, close);
      continue;
    }
    if (name == "noscript") {
      size_t close = end_tag ? i : SkipPast(s, i, "</noscript", nullptr);
      if (close >= s.size()) close = i;  // unclosed: drop just the tag
      size_t gt = s.find('>', close);
      i = gt == std::string_view::npos ? s.size() : gt + 1;
      continue;
    }
    std::string_view div_like;
    if (name == "div") div_like = "div";
    for (std::string_view r : kRenamed) {
      if (name == r) div_like = r;
    }
    if (div_like.empty()) {
      if (end_tag) {
        i = CopyTag(s, i, &out);
      } else {
        out.append(s.substr(i, name_end - i));
        i = CopyKeptAttributes(s, name_end, &out);
      }
      continue;
    }
    if (!end_tag) {
      open.push_back(div_like);
      if (div_like == "div") {
        out.append(s.substr(i, name_end - i));
      } else {
        out += "<div ";
        out += kRenamedAttr;
        out += "=\"";
        out += div_like;
        out += "\"";
      }
      i = CopyKeptAttributes(s, name_end, &out);
      continue;
    }
    size_t gt = s.find('>', name_end);
    i = gt == std::string_view::npos ? s.size() : gt + 1;
    auto match = std::find(open.rbegin(), open.rend(), div_like);
    if (match == open.rend()) continue;  // stray end tag
    size_t pops = static_cast<size_t>(match - open.rbegin()) + 1;
    for (size_t k = 0; k < pops; ++k) out += "</div>";
    open.resize(open.size() - pops);
  }
  return out;
}

}  // namespace

namespace {

Tag LookUpTag(const xmlNode* node) {
  const auto& table = TagTable();
  std::string_view name = NameOf(node);
  const xmlAttr* first = node->properties;
  if (first != nullptr && name == "div" && NameOf(reinterpret_cast<const xmlNode*>(first)) == kRenamedAttr &&
      first->children != nullptr && IsText(first->children)) {
    name = TextOf(first->children);
  }
  auto it = table.find(name);
  return it == table.end() ? Tag::kOther : it->second;
}

// ParseHtml stores each element's tag in the node's spare `extra` field,
// plus one so that 0 still means "not looked up": extraction asks for
// tags many times per element, and the lookup hashes the name.
constexpr unsigned short kTagCached = 1;

void CacheTags(xmlNode* root) {
  Walk(
      root,
      [](xmlNode* n) {
        if (!IsElement(n)) return false;
        n->extra = static_cast<unsigned short>(static_cast<unsigned short>(LookUpTag(n)) + kTagCached);
        return true;
      },
      [](xmlNode*) {});
}

}  // namespace

Tag TagOf(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return Tag::kOther;
  if (node->extra >= kTagCached) return static_cast<Tag>(node->extra - kTagCached);
  return LookUpTag(node);
}

bool IsHeading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

bool IsBlock(Tag t) {
  switch (t) {
    case Tag::kAddress:
    case Tag::kArticle:
    case Tag::kAside:
    case Tag::kBlockquote:
    case Tag::kBody:
    case Tag::kBr:
    case Tag::kCaption:
    case Tag::kCenter:
    case Tag::kDd:
    case Tag::kDetails:
    case Tag::kDialog:
    case Tag::kDiv:
    case Tag::kDl:
    case Tag::kDt:
    case Tag::kFieldset:
    case Tag::kFigcaption:
    case Tag::kFigure:
    case Tag::kFooter:
    case Tag::kForm:
    case Tag::kH1:
    case Tag::kH2:
    case Tag::kH3:
    case Tag::kH4:
    case Tag::kH5:
    case Tag::kH6:
    case Tag::kHeader:
    case Tag::kHr:
    case Tag::kHtml:
    case Tag::kLi:
    case Tag::kMain:
    case Tag::kMenu:
    case Tag::kNav:
    case Tag::kOl:
    case Tag::kOption:
    case Tag::kP:
    case Tag::kPre:
    case Tag::kSection:
    case Tag::kSummary:
    case Tag::kTable:
    case Tag::kTbody:
    case Tag::kTd:
    case Tag::kTfoot:
    case Tag::kTh:
    case Tag::kThead:
    case Tag::kTr:
    case Tag::kUl:
      return true;
    default:
      return false;
  }
}

DocPtr ParseHtml(std::string_view utf8) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                           HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
  // libxml2 stops at a NUL byte; browsers skip it.
  std::string without_nul;
  if (utf8.find('\0') != std::string_view::npos) {
    without_nul.reserve(utf8.size());
    for (char c : utf8) {
      if (c != '\0') without_nul.push_back(c);
    }
    utf8 = without_nul;
  }
  std::string html = PrepareHtml(utf8);
  DocPtr doc(htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kOptions));
  if (doc) CacheTags(xmlDocGetRootElement(doc.get()));
  return doc;
}

xmlNode* BodyOf(xmlDoc* doc) {
  xmlNode* root = doc ? xmlDocGetRootElement(doc) : nullptr;
  if (root == nullptr) return nullptr;
  for (xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (TagOf(c) == Tag::kBody) return c;
  }
  return root;
}

std::string_view Attr(const xmlNode* node, std::string_view name) {
  if (node->type != XML_ELEMENT_NODE) return {};
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (!EqualsNoCase(NameOf(reinterpret_cast<const xmlNode*>(a)), name)) continue;
    const xmlNode* v = a->children;
    if (v == nullptr) return {};
    // The HTML parser stores an attribute value as a single text node.
    return IsText(v) ? TextOf(v) : std::string_view();
  }
  return {};
}

bool HasAttr(const xmlNode* node, std::string_view name) {
  if (node->type != XML_ELEMENT_NODE) return false;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (EqualsNoCase(NameOf(reinterpret_cast<const xmlNode*>(a)), name)) return true;
  }
  return false;
}

std::string InnerText(const xmlNode* node) {
  std::string out;
  bool pending = false;
  Walk(
      const_cast<xmlNode*>(node),
      [&](xmlNode* n) {
        if (IsText(n)) {
          AppendCollapsed(TextOf(n), &out, &pending);
          return false;
        }
        if (!IsElement(n)) return false;
        Tag t = TagOf(n);
        if (IsBlock(t)) pending = true;
        return !IsInvisible(t);
      },
      [&](xmlNode* n) {
        if (IsElement(n) && IsBlock(TagOf(n))) pending = true;
      });
  return out;
}

}  // namespace caravan::extract
