// A thin layer over myhtml (Debian's libmodest), a WHATWG HTML tree
// builder: ownership, tag ids, attribute access and a traversal that needs
// no recursion (pages nest arbitrarily). Extraction reads myhtml's node
// struct directly (parent, child, next, prev, last_child, data).
#pragma once

#include <myhtml/token.h>
#include <myhtml/tree.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "extract/hidden_css.h"

namespace caravan::extract {

using Node = myhtml_tree_node_t;

enum class Tag : uint8_t {
  kOther,  // unknown or uninteresting elements, custom elements included
  kA, kAddress, kArea, kArticle, kAside, kAudio, kBase, kBlockquote, kBody, kBr, kButton, kCanvas,
  kCaption, kCenter, kCode, kDd, kDetails, kDialog, kDiv, kDl, kDt, kEmbed, kFieldset, kFigcaption,
  kFigure, kFooter, kForm, kFrame, kFrameset, kH1, kH2, kH3, kH4, kH5, kH6, kHead, kHeader, kHr,
  kHtml, kIframe, kImg, kInput, kLabel, kLi, kLink, kMain, kMap, kMath, kMenu, kMeta, kNav,
  kNoscript, kObject, kOl, kOption, kP, kPicture, kPre, kScript, kSection, kSelect, kSource, kStyle,
  kSummary, kSvg, kTable, kTbody, kTd, kTemplate, kTextarea, kTfoot, kTh, kThead, kTime, kTitle,
  kTr, kUl, kVideo,
};

Tag TagOf(const Node* node);  // kOther for non-elements
bool IsElement(const Node* n);
inline bool IsText(const Node* n) { return n->tag_id == MyHTML_TAG__TEXT; }
bool IsHeading(Tag t);
// Elements whose content is no markup for readers: code (script, style),
// drawings (svg, math), fallbacks (noscript) and templates.
bool IsScriptLike(Tag t);
// Elements that start a new line of text when rendered.
bool IsBlock(Tag t);

// One parsed page. Owns every node reachable from root(); nodes live as
// long as the document.
class HtmlDocument {
 public:
  explicit HtmlDocument(myhtml_tree_t* tree) : tree_(tree) {}
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  // The <html> element, which the tree builder always creates.
  Node* root() const;
  // The <body> element (or <frameset>), else root().
  Node* body() const;
  // True when parsing stopped at the time budget and the page's tail was
  // left out.
  bool truncated() const { return truncated_; }
  // What the page's own <style> elements hide (those the code-body scan
  // read; see WithoutCodeBodies).
  const HiddenRules& hidden_rules() const { return hidden_rules_; }

 private:
  friend std::unique_ptr<HtmlDocument> ParseHtml(std::string_view, std::chrono::milliseconds);
  myhtml_tree_t* tree_;
  std::string parsed_;  // the page without its code bodies, when it had any
  bool truncated_ = false;
  HiddenRules hidden_rules_;
};
using DocPtr = std::unique_ptr<HtmlDocument>;

// Parses UTF-8 HTML the way a browser with scripting on does. The input is
// fed in slices, and parsing stops once `budget` of wall-clock time is
// spent, keeping the tree built so far (see truncated()), so one hostile
// page cannot hold an extraction thread. May return null when myhtml
// cannot start a tree (out of memory).
DocPtr ParseHtml(std::string_view utf8, std::chrono::milliseconds budget = std::chrono::milliseconds(2000));

// The value of attribute `name` (lowercase) or "" when absent. The view
// points into the document and lives as long as it.
std::string_view Attr(const Node* node, std::string_view name);
bool HasAttr(const Node* node, std::string_view name);
bool HasAttributes(const Node* node);
// Text content of a text node ("" for other nodes).
std::string_view TextOf(const Node* n);
// The element's lowercase tag name ("" for text and comments).
std::string_view NameOf(const Node* n);

// The subtree's text with spaces collapsed; block elements and <br>
// separate words. Skips script/style-like elements.
std::string InnerText(const Node* node);

// Visits the subtree of `root` in document order without recursion.
// `enter(node)` returns whether to descend into the node's children;
// `leave(node)` runs after its children (also when they were skipped).
template <typename Enter, typename Leave>
void Walk(Node* root, Enter&& enter, Leave&& leave) {
  if (root == nullptr) return;
  Node* n = root;
  while (true) {
    if (enter(n) && n->child != nullptr) {
      n = n->child;
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
