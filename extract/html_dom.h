// A thin layer over libxml2's HTML parser: ownership, tag ids, attribute
// access and a traversal that needs no recursion (pages nest arbitrarily).
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

namespace caravan::extract {

enum class Tag : uint8_t {
  kOther,  // unknown or uninteresting elements, custom elements included
  kA, kAddress, kArticle, kAside, kAudio, kBase, kBlockquote, kBody, kBr, kButton, kCanvas,
  kCaption, kCenter, kCode, kDd, kDetails, kDialog, kDiv, kDl, kDt, kEmbed, kFieldset, kFigcaption,
  kFigure, kFooter, kForm, kFrame, kFrameset, kH1, kH2, kH3, kH4, kH5, kH6, kHead, kHeader, kHr,
  kHtml, kIframe, kImg, kInput, kLabel, kLi, kLink, kMain, kMap, kMath, kMenu, kMeta, kNav,
  kNoscript, kObject, kOl, kOption, kP, kPicture, kPre, kScript, kSection, kSelect, kSource, kStyle,
  kSummary, kSvg, kTable, kTbody, kTd, kTemplate, kTextarea, kTfoot, kTh, kThead, kTime, kTitle,
  kTr, kUl, kVideo,
};

Tag TagOf(const xmlNode* node);  // kOther for non-elements
inline bool IsElement(const xmlNode* n) { return n->type == XML_ELEMENT_NODE; }
inline bool IsText(const xmlNode* n) { return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE; }
bool IsHeading(Tag t);
// Elements that start a new line of text when rendered.
bool IsBlock(Tag t);

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

// Parses UTF-8 HTML leniently (recover, no network, no diagnostics,
// meta charset ignored because the input is already UTF-8), into the tree
// a browser with scripting on would build as far as extraction cares:
// NUL bytes and <noscript> elements are left out, and HTML5 sectioning elements (article,
// nav, header, ...) are parsed as <div>s carrying their real name, which
// TagOf reports (libxml2 2.9 predates them and mis-nests pages around
// them). May return null for input libxml2 cannot make a document of.
DocPtr ParseHtml(std::string_view utf8);

// The <body> element, else the root element, else null.
xmlNode* BodyOf(xmlDoc* doc);

// The value of attribute `name` (lowercase) or "" when absent. The view
// points into the document and lives as long as it.
std::string_view Attr(const xmlNode* node, std::string_view name);
bool HasAttr(const xmlNode* node, std::string_view name);
// Text content of a text node ("" for other nodes).
inline std::string_view TextOf(const xmlNode* n) {
  return n->content ? std::string_view(reinterpret_cast<const char*>(n->content)) : std::string_view();
}
inline std::string_view NameOf(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

// The subtree's text with spaces collapsed; block elements and <br>
// separate words. Skips script/style-like elements.
std::string InnerText(const xmlNode* node);

// Visits the subtree of `root` in document order without recursion.
// `enter(node)` returns whether to descend into the node's children;
// `leave(node)` runs after its children (also when they were skipped).
template <typename Enter, typename Leave>
void Walk(xmlNode* root, Enter&& enter, Leave&& leave) {
  if (root == nullptr) return;
  xmlNode* n = root;
  while (true) {
    if (enter(n) && n->children != nullptr) {
      n = n->children;
      continue;
    }
    while (true) {
      leave(n);
      if (n == root) return;
      if (n->next != nullptr) {
        n = n->next;
        break;
      }
      n = n->parent;
    }
  }
}

}  // namespace caravan::extract
