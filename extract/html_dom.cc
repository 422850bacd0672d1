#include "extract/html_dom.h"

#include <myhtml/myhtml.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>
#include <vector>

#include "extract/code_bodies.h"
#include "extract/text_util.h"

namespace caravan::extract {
namespace {

// The element names extraction tells apart; all others are kOther.
constexpr std::pair<std::string_view, Tag> kTagNames[] = {
    {"a", Tag::kA}, {"address", Tag::kAddress}, {"area", Tag::kArea}, {"article", Tag::kArticle}, {"aside", Tag::kAside},
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

bool IsInvisible(Tag t) {
  return IsScriptLike(t) || t == Tag::kHead || t == Tag::kSelect || t == Tag::kTextarea;
}

// One parser per thread: myhtml's parser state is not shared between
// threads, and making one costs more than parsing a small page.
myhtml_t* ThreadParser() {
  struct Holder {
    myhtml_t* parser = nullptr;
    Holder() {
      parser = myhtml_create();
      if (parser != nullptr && myhtml_init(parser, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0) != MyHTML_STATUS_OK) {
        myhtml_destroy(parser);
        parser = nullptr;
      }
    }
    ~Holder() {
      if (parser != nullptr) myhtml_destroy(parser);
    }
  };
  thread_local Holder holder;
  return holder.parser;
}

// Tag by myhtml tag id, for the ids of standard elements (custom elements
// get ids past MyHTML_TAG_LAST_ENTRY, per tree, and are kOther).
using TagsById = std::array<Tag, MyHTML_TAG_LAST_ENTRY>;

const TagsById& TagById() {
  static const TagsById* table = [] {
    auto* t = new TagsById();
    t->fill(Tag::kOther);
    myhtml_tree_t* tree = myhtml_tree_create();
    if (tree != nullptr && myhtml_tree_init(tree, ThreadParser()) == MyHTML_STATUS_OK) {
      for (const auto& [name, tag] : kTagNames) {
        myhtml_tag_id_t id = myhtml_tag_id_by_name(tree, name.data(), name.size());
        if (id < t->size()) (*t)[id] = tag;
      }
    }
    if (tree != nullptr) myhtml_tree_destroy(tree);
    return t;
  }();
  return *table;
}

// Where a slice of at most `max` bytes from `from` ends: just before its
// last '<'. myhtml 0.0.6 loses text when a slice ends inside a tag (10 of
// the 990 benchmark pages read differently in 4 KiB slices; none when
// slices end before a '<'). A slice with no '<' at all is text or one
// huge tag and is cut at `max`.
size_t SliceEnd(std::string_view s, size_t from, size_t max) {
  size_t end = std::min(s.size(), from + max);
  if (end == s.size()) return end;
  const void* lt = memrchr(s.data() + from + 1, '<', end - from - 1);
  return lt != nullptr ? static_cast<size_t>(static_cast<const char*>(lt) - s.data()) : end;
}

// The attribute `name` (lowercase, as the tokenizer stores names) of
// `node`, or null.
const myhtml_token_attr_t* FindAttr(const Node* node, std::string_view name) {
  if (node->token == nullptr) return nullptr;
  for (const myhtml_token_attr_t* a = node->token->attr_first; a != nullptr; a = a->next) {
    if (std::string_view(a->key.data, a->key.length) == name) return a;
  }
  return nullptr;
}

}  // namespace

Tag TagOf(const Node* node) {
  if (node == nullptr) return Tag::kOther;
  const TagsById& table = TagById();
  return node->tag_id < table.size() ? table[node->tag_id] : Tag::kOther;
}

bool IsElement(const Node* n) {
  switch (n->tag_id) {
    case MyHTML_TAG__UNDEF:
    case MyHTML_TAG__TEXT:
    case MyHTML_TAG__COMMENT:
    case MyHTML_TAG__DOCTYPE:
    case MyHTML_TAG__END_OF_FILE:
      return false;
    default:
      return true;
  }
}

bool IsScriptLike(Tag t) {
  switch (t) {
    case Tag::kScript:
    case Tag::kStyle:
    case Tag::kNoscript:
    case Tag::kTemplate:
    case Tag::kSvg:
    case Tag::kMath:
      return true;
    default:
      return false;
  }
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

HtmlDocument::~HtmlDocument() { myhtml_tree_destroy(tree_); }

Node* HtmlDocument::root() const { return myhtml_tree_get_node_html(tree_); }

Node* HtmlDocument::body() const {
  if (Node* b = myhtml_tree_get_node_body(tree_)) return b;
  Node* html = root();
  if (html == nullptr) return nullptr;
  for (Node* c = html->child; c != nullptr; c = c->next) {
    if (TagOf(c) == Tag::kFrameset) return c;
  }
  return html;
}

DocPtr ParseHtml(std::string_view utf8, std::chrono::milliseconds budget) {
  myhtml_t* parser = ThreadParser();
  if (parser == nullptr) return nullptr;
  myhtml_tree_t* tree = myhtml_tree_create();
  if (tree == nullptr) return nullptr;
  if (myhtml_tree_init(tree, parser) != MyHTML_STATUS_OK) {
    myhtml_tree_destroy(tree);
    return nullptr;
  }
  DocPtr doc(new HtmlDocument(tree));
  // The tree may point into what it parsed; the copy lives as long as it.
  std::vector<std::string_view> styles;
  bool dropped = WithoutCodeBodies(utf8, &doc->parsed_, &styles);
  for (std::string_view css : styles) doc->hidden_rules_.Add(css);
  if (dropped) utf8 = doc->parsed_;
  myhtml_encoding_set(tree, MyENCODING_UTF_8);
  // Scripting on, as in the browsers readers use: <noscript> holds raw
  // text, whose unbalanced fallback markup cannot swallow the page.
  tree->flags = static_cast<myhtml_tree_flags>(tree->flags | MyHTML_TREE_FLAGS_SCRIPT);
  // The deadline matters for input that drives the tree builder into its
  // quadratic paths: each start tag scans the stack of open elements, so
  // 1 MB of unclosed <div><span> took 6 s in one piece. Slices are small
  // enough to stop such a page close to the deadline.
  constexpr size_t kSlice = 32 * 1024;
  auto deadline = std::chrono::steady_clock::now() + budget;
  // At least one slice, even an empty one: myhtml sets its tokenizer up
  // on the first, and ending a parse that never began dereferences null.
  size_t at = 0;
  do {
    size_t end = SliceEnd(utf8, at, kSlice);
    myhtml_parse_chunk(tree, utf8.data() + at, end - at);
    at = end;
    if (at < utf8.size() && std::chrono::steady_clock::now() > deadline) {
      doc->truncated_ = true;
      break;
    }
  } while (at < utf8.size());
  myhtml_parse_chunk_end(tree);
  if (doc->root() == nullptr) return nullptr;
  return doc;
}

std::string_view Attr(const Node* node, std::string_view name) {
  const myhtml_token_attr_t* a = FindAttr(node, name);
  return a != nullptr && a->value.data != nullptr ? std::string_view(a->value.data, a->value.length)
                                                  : std::string_view();
}

bool HasAttr(const Node* node, std::string_view name) { return FindAttr(node, name) != nullptr; }

bool HasAttributes(const Node* node) { return node->token != nullptr && node->token->attr_first != nullptr; }

std::string_view TextOf(const Node* n) {
  if (!IsText(n) || n->token == nullptr || n->token->str.data == nullptr) return {};
  return {n->token->str.data, n->token->str.length};
}

std::string_view NameOf(const Node* n) {
  if (!IsElement(n)) return {};
  size_t length = 0;
  const char* name = myhtml_tag_name_by_id(n->tree, n->tag_id, &length);
  return name != nullptr ? std::string_view(name, length) : std::string_view();
}

std::string InnerText(const Node* node) {
  std::string out;
  bool pending = false;
  Walk(
      const_cast<Node*>(node),
      [&](Node* n) {
        if (IsText(n)) {
          AppendCollapsed(TextOf(n), &out, &pending);
          return false;
        }
        if (!IsElement(n)) return false;
        Tag t = TagOf(n);
        if (IsBlock(t)) pending = true;
        return !IsInvisible(t);
      },
      [&](Node* n) {
        if (IsElement(n) && IsBlock(TagOf(n))) pending = true;
      });
  return out;
}

}  // namespace caravan::extract
