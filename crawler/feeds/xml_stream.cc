#include "crawler/feeds/xml_stream.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include "crawler/feeds/html_text.h"
#include "crawler/feeds/trim.h"
#include "crawler/url/reference.h"

namespace caravan::feeds::xml {
namespace {

constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";

struct Frame {
  Element element;
  bool capture = false;  // the handler wants this element's text
  bool collect = false;  // this element or an ancestor does: keep the text
  std::string text;
};

// Per-parse state, reached from every callback through ctxt->_private
// (libxml2 copies _private into the contexts it makes for entity content).
struct State {
  Handler* handler = nullptr;
  std::string document_url;
  xmlParserCtxtPtr root_ctxt = nullptr;
  std::vector<Frame> stack;
  ParseResult result;
};

State* StateOf(void* ctx) { return static_cast<State*>(static_cast<xmlParserCtxtPtr>(ctx)->_private); }

std::string Str(const xmlChar* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

std::string ConventionalNs(const xmlChar* prefix) {
  std::string p = Str(prefix);
  if (p == "dc") return std::string(kDcNs);
  if (p == "dcterms") return std::string(kDcTermsNs);
  if (p == "atom") return std::string(kAtom10Ns);
  if (p == "rdf") return std::string(kRdfNs);
  if (p == "xml") return std::string(kXmlNs);
  return "undeclared:" + p;
}

// Without XML_PARSE_NOENT libxml2 hands attribute values over with their
// references still escaped ("&#38;", "&name;"); decode them the way it would
// for a tree, which leaves external entities unread.
std::string DecodeAttribute(xmlParserCtxtPtr ctxt, const xmlChar* begin, const xmlChar* end) {
  std::string raw(reinterpret_cast<const char*>(begin), static_cast<size_t>(end - begin));
  if (raw.find('&') == std::string::npos) return raw;
  xmlChar* decoded =
      xmlStringLenDecodeEntities(ctxt, begin, static_cast<int>(end - begin), XML_SUBSTITUTE_REF, 0, 0, 0);
  if (!decoded) return raw;
  std::string out = Str(decoded);
  xmlFree(decoded);
  return out;
}

void OnStart(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int, const xmlChar**,
             int nb_attributes, int, const xmlChar** attributes) {
  State* s = StateOf(ctx);
  if (s->handler->Done()) return;
  Frame frame;
  Element& e = frame.element;
  e.local = Str(localname);
  if (uri) {
    e.ns = Str(uri);
  } else if (prefix) {
    e.ns = ConventionalNs(prefix);
  }
  e.depth = static_cast<int>(s->stack.size()) + 1;
  e.base = s->stack.empty() ? s->document_url : s->stack.back().element.base;
  for (int i = 0; i < nb_attributes; ++i) {
    const xmlChar** a = attributes + 5 * i;  // localname, prefix, URI, value, end
    Attribute attribute;
    attribute.local = Str(a[0]);
    attribute.ns = a[2] ? Str(a[2]) : a[1] ? ConventionalNs(a[1]) : "";
    attribute.value = DecodeAttribute(static_cast<xmlParserCtxtPtr>(ctx), a[3], a[4]);
    if (attribute.ns == kXmlNs && attribute.local == "base") {
      if (auto base = url::ResolveReference(e.base, TrimSpace(attribute.value))) e.base = *base;
    }
    e.attributes.push_back(std::move(attribute));
  }
  ++s->result.elements;
  frame.capture = s->handler->Start(e);
  // Text of inline XHTML (Atom type="xhtml") is what a reader sees: the
  // code in <script> and <style> is not part of it.
  bool code = e.ns == kXhtmlNs && (e.local == "script" || e.local == "style");
  frame.collect = !code && (frame.capture || (!s->stack.empty() && s->stack.back().collect));
  s->stack.push_back(std::move(frame));
  if (s->handler->Done()) xmlStopParser(s->root_ctxt);
}

void CloseTop(State* s) {
  Frame frame = std::move(s->stack.back());
  s->stack.pop_back();
  if (!s->stack.empty() && s->stack.back().collect) s->stack.back().text += frame.text;
  s->handler->End(frame.element, frame.capture ? std::move(frame.text) : std::string());
}

void OnEnd(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  State* s = StateOf(ctx);
  if (!s->stack.empty() && !s->handler->Done()) CloseTop(s);
}

void OnText(void* ctx, const xmlChar* text, int len) {
  State* s = StateOf(ctx);
  if (!s->stack.empty() && s->stack.back().collect) {
    s->stack.back().text.append(reinterpret_cast<const char*>(text), static_cast<size_t>(len));
  }
}

void OnError(void* ctx, xmlErrorPtr error) {
  State* s = StateOf(ctx);
  if (!s->result.first_error.empty() || !error || !error->message || s->handler->Done()) return;
  std::string message = error->message;
  while (!message.empty() && message.back() == '\n') message.pop_back();
  s->result.first_error = "line " + std::to_string(error->line) + ": " + message;
}

bool IsNameStart(unsigned char c) { return std::isalpha(c) || c == '_' || c == ':' || c >= 0x80; }
bool IsNameByte(unsigned char c) { return IsNameStart(c) || std::isdigit(c) || c == '.' || c == '-'; }

// The reference that starts at body[i] == '&'.
struct Reference {
  enum Kind { kNone, kNumeric, kNamed } kind = kNone;
  size_t length = 0;      // "&...;" included
  std::string_view name;  // kNamed: between '&' and ';'
};

Reference ReferenceAt(std::string_view body, size_t i) {
  Reference ref;
  size_t j = i + 1;
  if (j < body.size() && body[j] == '#') {
    ++j;
    bool hex = j < body.size() && (body[j] == 'x' || body[j] == 'X');
    if (hex) ++j;
    size_t start = j;
    while (j < body.size() && (hex ? std::isxdigit(static_cast<unsigned char>(body[j]))
                                   : std::isdigit(static_cast<unsigned char>(body[j])))) {
      ++j;
    }
    if (j > start && j < body.size() && body[j] == ';') ref = {Reference::kNumeric, j + 1 - i, {}};
    return ref;
  }
  if (j >= body.size() || !IsNameStart(static_cast<unsigned char>(body[j]))) return ref;
  while (j < body.size() && j - i < 64 && IsNameByte(static_cast<unsigned char>(body[j]))) ++j;
  if (j < body.size() && body[j] == ';') ref = {Reference::kNamed, j + 1 - i, body.substr(i + 1, j - i - 1)};
  return ref;
}

// Names of the general entities an internal DTD subset declares.
std::vector<std::string_view> DeclaredEntities(std::string_view subset) {
  std::vector<std::string_view> names;
  for (size_t i = subset.find("<!ENTITY"); i != std::string_view::npos; i = subset.find("<!ENTITY", i + 1)) {
    size_t j = i + 8;
    while (j < subset.size() && std::isspace(static_cast<unsigned char>(subset[j]))) ++j;
    if (j >= subset.size() || subset[j] == '%') continue;  // a parameter entity
    size_t start = j;
    while (j < subset.size() && IsNameByte(static_cast<unsigned char>(subset[j]))) ++j;
    names.push_back(subset.substr(start, j - start));
  }
  return names;
}

std::string CharacterReference(std::string_view utf8) {
  // Decodes the one UTF-8 character HtmlEntity returns.
  unsigned char c = static_cast<unsigned char>(utf8[0]);
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  uint32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (size_t k = 1; k < len && k < utf8.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[k]) & 0x3F);
  return "&#" + std::to_string(cp) + ";";
}

// libxml2's recovery drops every entity reference in content once it has
// seen a well-formedness error, &amp; included (it keeps character
// references), and it drops references it cannot resolve. Feeds break both
// ways all the time, and a lost '&' silently changes a URL. So, outside
// CDATA, comments, processing instructions and the DOCTYPE:
//  - &amp; &lt; &gt; &quot; &apos; and the HTML 4 entities feeds use
//    without declaring them (&nbsp;) become character references;
//  - a '&' that starts no reference ("?a=1&b=2") becomes &#38;;
//  - references to entities nobody declared stay as text ("&#38;foo;");
//  - "&#X41;" becomes "&#x41;" (HTML allows the X, XML does not);
// and white space before the XML declaration (a classic of broken WordPress
// plugins) is dropped. Entities the internal subset declares are left to
// libxml2. nullopt when nothing needed rewriting.
std::optional<std::string> Repair(std::string_view body) {
  // Byte-level rewriting only makes sense for ASCII-compatible encodings.
  if (body.substr(0, 4).find('\0') != std::string_view::npos) return std::nullopt;
  std::string out;
  size_t copied = 0;
  auto replace = [&](size_t at, size_t length, std::string_view with) {
    out.append(body.substr(copied, at - copied)).append(with);
    copied = at + length;
  };
  size_t i = body.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  size_t first = i;
  while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
  if (i > first && body.substr(i).starts_with("<?xml")) replace(first, i - first, "");

  std::vector<std::string_view> declared;
  while ((i = body.find_first_of("&<", i)) != std::string_view::npos) {
    if (body[i] == '<') {
      std::string_view rest = body.substr(i);
      size_t end = std::string_view::npos;
      if (rest.starts_with("<![CDATA[")) {
        end = body.find("]]>", i);
      } else if (rest.starts_with("<!--")) {
        end = body.find("-->", i);
      } else if (rest.starts_with("<?")) {
        end = body.find("?>", i);
      } else if (rest.starts_with("<!DOCTYPE")) {
        size_t bracket = body.find('[', i), close = body.find('>', i);
        if (bracket < close) {
          size_t subset_end = body.find(']', bracket);
          declared = DeclaredEntities(body.substr(bracket, subset_end - bracket));
          close = body.find('>', subset_end);
        }
        end = close;
      } else {
        ++i;
        continue;
      }
      i = end == std::string_view::npos ? body.size() : end + 1;
      continue;
    }
    Reference ref = ReferenceAt(body, i);
    if (ref.kind == Reference::kNone) {
      replace(i, 1, "&#38;");
    } else if (ref.kind == Reference::kNumeric) {
      if (body[i + 2] == 'X') replace(i, 3, "&#x");
    } else if (std::find(declared.begin(), declared.end(), ref.name) == declared.end()) {
      static constexpr std::pair<std::string_view, std::string_view> kXmlEntities[] = {
          {"amp", "&#38;"}, {"lt", "&#60;"}, {"gt", "&#62;"}, {"quot", "&#34;"}, {"apos", "&#39;"}};
      std::string with;
      for (const auto& [name, reference] : kXmlEntities) {
        if (ref.name == name) with = reference;
      }
      if (with.empty()) {
        std::string html = HtmlEntity(ref.name);
        with = html.empty() ? "&#38;" + std::string(ref.name) + ";" : CharacterReference(html);
      }
      replace(i, ref.length, with);
    }
    i += ref.kind == Reference::kNone ? 1 : ref.length;
  }
  if (copied == 0) return std::nullopt;
  out.append(body.substr(copied));
  return out;
}

// libxml2 reports encoding and I/O trouble through its thread-local generic
// handler, which prints to stderr; a crawler would print that for every
// odd feed. Silences it for one parse on this thread.
class QuietGenericErrors {
 public:
  QuietGenericErrors() : handler_(xmlGenericError), context_(xmlGenericErrorContext) {
    xmlSetGenericErrorFunc(nullptr, Ignore);
  }
  ~QuietGenericErrors() { xmlSetGenericErrorFunc(context_, handler_); }
  QuietGenericErrors(const QuietGenericErrors&) = delete;
  QuietGenericErrors& operator=(const QuietGenericErrors&) = delete;

 private:
  static void Ignore(void*, const char*, ...) {}
  xmlGenericErrorFunc handler_;
  void* context_;
};

}  // namespace

std::string_view Element::Attr(std::string_view name) const {
  for (const Attribute& a : attributes) {
    if (a.local == name) return a.value;
  }
  return {};
}

ParseResult Parse(std::string_view body, std::string_view document_url, Handler* handler) {
  static std::once_flag init;
  std::call_once(init, xmlInitParser);
  std::optional<std::string> repaired = Repair(body);
  std::string_view input = repaired ? std::string_view(*repaired) : body;
  State state;
  if (input.size() > INT_MAX) {
    state.result.first_error = "document of " + std::to_string(input.size()) + " bytes is too large for libxml2";
    return state.result;
  }
  state.handler = handler;
  state.document_url = std::string(document_url);

  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  xmlSAXVersion(&sax, 2);
  sax.startElementNs = OnStart;
  sax.endElementNs = OnEnd;
  sax.characters = OnText;
  sax.ignorableWhitespace = OnText;
  sax.cdataBlock = OnText;
  sax.serror = OnError;
  // No tree, no external subset, no loading of anything: the DTD callbacks
  // that remain (internalSubset, entityDecl) only record internal entities.
  sax.startElement = nullptr;
  sax.endElement = nullptr;
  sax.reference = nullptr;
  sax.comment = nullptr;
  sax.processingInstruction = nullptr;
  sax.externalSubset = nullptr;
  sax.resolveEntity = nullptr;
  sax.warning = nullptr;
  sax.error = nullptr;
  sax.fatalError = nullptr;

  QuietGenericErrors quiet;
  xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(input.data(), static_cast<int>(input.size()));
  if (!ctxt) {
    state.result.first_error = "libxml2 could not create a parser context";
    return state.result;
  }
  *ctxt->sax = sax;
  ctxt->_private = &state;
  state.root_ctxt = ctxt;
  // Deliberately no XML_PARSE_NOENT (it would read external entities) and
  // no XML_PARSE_DTDLOAD.
  xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING);
  xmlParseDocument(ctxt);
  // A truncated document leaves elements open; close them so the handler
  // keeps what was read before the cut.
  while (!state.stack.empty() && !handler->Done()) CloseTop(&state);
  if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
  xmlFreeParserCtxt(ctxt);
  return state.result;
}

}  // namespace caravan::feeds::xml
