// Streaming XML for feeds and sitemaps (libxml2 SAX2 underneath), shared by
// crawler/feeds and crawler/sitemaps. Streaming keeps a 50 MB sitemap from
// becoming a several-hundred-MB DOM.
//
// Safety: no network, no DTD loading, external entities are never read
// (XXE), internal entity expansion is bounded by libxml2. Real feeds are
// often malformed, so errors are recovered where libxml2 can, without losing
// references on the way: bare '&' are kept as text, the HTML 4 entities feeds
// use without declaring them (&nbsp;) resolve to characters and other
// undeclared references stay as text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace caravan::feeds::xml {

// Well-known namespaces, so callers can tell <dc:date> from <date>.
inline constexpr std::string_view kAtom10Ns = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
inline constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kDcTermsNs = "http://purl.org/dc/terms/";

struct Attribute {
  std::string ns;  // namespace URI, "" for unqualified attributes
  std::string local;
  std::string value;  // entity and character references decoded
};

struct Element {
  // Namespace URI, "" for none. When a prefix was never declared (common:
  // <dc:date> without xmlns:dc) it is the URI the prefix conventionally
  // stands for, or "undeclared:<prefix>" so that <foo:title> never passes
  // for <title>.
  std::string ns;
  std::string local;
  std::vector<Attribute> attributes;
  std::string base;  // xml:base in scope, resolved against the document URL
  int depth = 0;     // root element = 1

  // Value of the attribute `local` in any namespace ("" when absent), so
  // that rdf:about and about both match "about".
  std::string_view Attr(std::string_view local) const;
};

class Handler {
 public:
  virtual ~Handler() = default;
  // Called for each start tag. Returns true to receive, at End, the text of
  // the element and all its descendants (markup dropped, CDATA included).
  virtual bool Start(const Element& element) = 0;
  // `text` is empty unless Start asked for it.
  virtual void End(const Element& element, std::string text) = 0;
  // True once the handler has seen enough (say, a root it does not parse).
  virtual bool Done() const { return false; }
};

struct ParseResult {
  int elements = 0;         // elements seen; 0 = nothing XML-like at all
  std::string first_error;  // first libxml2 error with its line, "" if none
};

// Parses `body`, reporting elements to `handler` in document order.
// `document_url` is the base for xml:base.
ParseResult Parse(std::string_view body, std::string_view document_url, Handler* handler);

}  // namespace caravan::feeds::xml
