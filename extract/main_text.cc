#include "extract/main_text.h"

#include <algorithm>
#include <deque>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "common/calendar.h"
#include "extract/boilerplate.h"
#include "extract/text_util.h"
#include "languages/phrases.h"

namespace caravan::extract {
namespace {

// Text shorter than this after pruning means the pruning ate the article.
constexpr size_t kMinText = 250;
// A content container must hold at least this much to be believed.
constexpr uint32_t kMinContainerText = 150;
// Containers that hold this much cannot be a teaser; they protect their
// ancestors from class-based pruning.
constexpr uint32_t kProtectText = 250;
// A block this long is article prose rather than a teaser or a link.
constexpr uint32_t kProseChars = 250;
// Teasers of other pages are a title and a sentence or two.
constexpr uint32_t kTeaserText = 800;

struct Info {
  Node* node = nullptr;
  uint32_t order = 0;  // pre-order position
  uint32_t last = 0;   // order of the last element inside
  Tag tag = Tag::kOther;
  int8_t tier = -1;
  bool dropped = false;
  bool suspect = false;        // furniture by name, style or place: dropped unless it is most of the page
  bool protect = false;        // holds the likely article: heuristics keep it
  bool holds_content = false;  // holds a CMS content container or <main>
  bool has_h1 = false;
  bool main_role = false;
  bool layout_table = false;
  bool visible = false;  // reached by the second pass (no dropped ancestor)
  bool scored = false;
  // First pass, everything but script-like elements.
  uint32_t raw_text = 0;
  uint32_t raw_link = 0;
  uint32_t raw_paras = 0;
  // Second pass, after pruning.
  uint32_t text = 0;
  uint32_t link = 0;
  uint32_t own = 0;  // inline text whose nearest block ancestor is this
  uint32_t own_commas = 0;
  float score = 0;
};

Info* InfoOf(const Node* n) { return n ? static_cast<Info*>(n->data) : nullptr; }

// Never article text, whatever the page.
bool AlwaysDropped(Tag t) {
  if (IsScriptLike(t)) return true;
  switch (t) {
    case Tag::kIframe:
    case Tag::kFrame:
    case Tag::kFrameset:
    case Tag::kObject:
    case Tag::kEmbed:
    case Tag::kCanvas:
    case Tag::kVideo:
    case Tag::kAudio:
    case Tag::kMap:
    case Tag::kButton:
    case Tag::kInput:
    case Tag::kSelect:
    case Tag::kTextarea:
    case Tag::kOption:
    case Tag::kLabel:
    case Tag::kMenu:
    case Tag::kDialog:
    case Tag::kHead:
    case Tag::kTitle:
    case Tag::kMeta:
    case Tag::kLink:
    case Tag::kBase:
    case Tag::kPicture:
    case Tag::kSource:
      return true;
    default:
      return false;
  }
}

bool IsHiddenStyle(std::string_view style) {
  // Most style attributes set neither; no need to normalise those.
  if (!ContainsNoCase(style, "none") && !ContainsNoCase(style, "hidden")) return false;
  std::string s;
  for (char c : style) {
    if (!IsAsciiSpace(c)) s.push_back(AsciiLower(c));
  }
  return s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos;
}

uint32_t CountChars(std::string_view text, uint32_t* commas) {
  uint32_t n = 0;
  bool space = true;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // ASCII first: it is most of the text on most pages.
    size_t sp = c < 0x80 ? (IsAsciiSpace(text[i]) ? 1 : 0) : SpaceAt(text.substr(i));
    if (sp > 0) {
      if (!space) ++n;
      space = true;
      i += sp;
      continue;
    }
    space = false;
    if (c < 0x80) {
      ++n;
      if (commas != nullptr && c == ',') ++*commas;
      ++i;
      continue;
    }
    if ((c & 0xC0) != 0x80)
      n += CharWeight(c, i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0);
    if (commas != nullptr) {
      // U+FF0C fullwidth comma and U+3001 ideographic comma.
      if (c == 0xEF && text.substr(i, 3) == "\xEF\xBC\x8C") ++*commas;
      if (c == 0xE3 && text.substr(i, 3) == "\xE3\x80\x81") ++*commas;
    }
    ++i;
  }
  return n;
}

class Analysis {
 public:
  Analysis(Node* body, bool strict) : body_(body), strict_(strict) {}
  ~Analysis() {
    for (Info& in : infos_) in.node->data = nullptr;
  }

  void Prune();
  void Measure();
  Info* BestContainer() const;
  std::vector<Node*> ExpandContainer(const Info& c) const;
  std::vector<const Info*> StandfirstAfterHeadline(const Info& c) const;
  std::vector<Node*> ReadabilityRoots() const;
  const Info* CommonAncestorOfPeers(const Info* top) const;

 private:
  void ScoreUnit(Info* unit);

  Node* body_;
  bool strict_;
  std::deque<Info> infos_;
};

void Analysis::Prune() {
  int article_depth = 0;
  int a_depth = 0;
  std::vector<Info*> tables;
  Walk(
      body_,
      [&](Node* n) {
        if (IsText(n)) {
          if (Info* p = InfoOf(n->parent)) {
            uint32_t chars = CountChars(TextOf(n), nullptr);
            p->raw_text += chars;
            if (a_depth > 0) p->raw_link += chars;
          }
          return false;
        }
        if (!IsElement(n)) return false;
        Info& in = infos_.emplace_back();
        in.node = n;
        in.order = in.last = static_cast<uint32_t>(infos_.size() - 1);
        n->data = &in;
        in.tag = TagOf(n);
        if (AlwaysDropped(in.tag)) {
          in.dropped = true;
          return false;
        }
        in.tier = static_cast<int8_t>(ContentTier(n, in.tag));
        if (in.tag == Tag::kA) ++a_depth;
        in.main_role = EqualsNoCase(TrimAscii(Attr(n, "role")), "main");
        if (in.tag == Tag::kArticle || in.tag == Tag::kMain || in.main_role) ++article_depth;
        if (!tables.empty()) {
          switch (in.tag) {
            case Tag::kP:
            case Tag::kDiv:
            case Tag::kUl:
            case Tag::kOl:
            case Tag::kTable:
            case Tag::kBlockquote:
            case Tag::kH1:
            case Tag::kH2:
            case Tag::kH3:
            case Tag::kH4:
            case Tag::kH5:
            case Tag::kH6:
            case Tag::kSection:
            case Tag::kArticle:
              tables.back()->layout_table = true;
              break;
            default:
              break;
          }
        }
        if (in.tag == Tag::kTable) tables.push_back(&in);
        return true;
      },
      [&](Node* n) {
        Info* in = InfoOf(n);
        if (!IsElement(n) || in == nullptr) return;
        in->last = static_cast<uint32_t>(infos_.size() - 1);
        if (in->dropped) return;
        if (in->tag == Tag::kTable) tables.pop_back();
        if (in->tag == Tag::kH1) in->has_h1 = true;
        if (in->tag == Tag::kArticle || in->tag == Tag::kMain || in->main_role) --article_depth;
        if (in->tag == Tag::kMain || in->main_role || (in->tier == 0 && in->raw_text >= kProtectText)) {
          in->holds_content = true;
        }
        if (in->tag == Tag::kH1 || in->holds_content) in->protect = true;
        // Page chrome by its tag; a sloppy page may still have put the
        // article inside one, and then it stays.
        if ((in->tag == Tag::kNav || in->tag == Tag::kAside || in->tag == Tag::kFooter) &&
            !in->holds_content) {
          in->dropped = true;
        }
        // A caption is a line about a picture; paragraphs under each
        // picture of a gallery are the article.
        if (in->tag == Tag::kFigcaption && in->raw_text < kProseChars) in->dropped = true;
        if (in->tag == Tag::kA) --a_depth;
        if (in->dropped) return;
        // Headings and code say little by their classes ("nav_section",
        // "language-python").
        bool classless = IsHeading(in->tag) || in->tag == Tag::kCode || in->tag == Tag::kPre;
        if (strict_ && !in->protect && n != body_ && !classless) {
          if (in->tag == Tag::kHeader && article_depth == 0) in->suspect = true;
          if (in->tag == Tag::kForm && in->raw_paras < 3) in->suspect = true;
          BoilerplateVerdict v = ClassifyBoilerplate(Attr(n, "class"), Attr(n, "id"), Attr(n, "role"));
          bool prose = v.navigational && in->raw_text >= 200 && in->raw_link * 4 < in->raw_text;
          if (v.boilerplate && (v.max_text == 0 || in->raw_text <= v.max_text) && !prose) in->suspect = true;
          if (HasAttr(n, "hidden") || IsHiddenStyle(Attr(n, "style"))) in->suspect = true;
          // A teaser that links somewhere announces another page; the
          // article's own lead, which some CMSs call a teaser too, does not,
          // and schema.org markup names it the page's description.
          if (in->raw_link > 0 && in->raw_text <= kTeaserText && ContainsNoCase(Attr(n, "class"), "teaser") &&
              !EqualsNoCase(TrimAscii(Attr(n, "itemprop")), "description")) {
            in->suspect = true;
          }
        }
        if (Info* p = InfoOf(n->parent)) {
          p->raw_text += in->raw_text;
          p->raw_link += in->raw_link;
          p->raw_paras += in->raw_paras + (in->tag == Tag::kP ? 1 : 0);
          p->has_h1 = p->has_h1 || in->has_h1;
          if (!in->suspect) {
            p->protect = p->protect || in->protect;
            p->holds_content = p->holds_content || in->holds_content;
          }
        }
      });
  // Heuristics stop short of the bulk of the page: a wrapper of most of
  // its text named "offcanvas" or "banner" is a layout accident.
  uint32_t total = InfoOf(body_)->raw_text;
  for (Info& in : infos_) {
    if (in.suspect) in.dropped = !(total >= 500 && in.raw_text * 2 > total);
  }
}

void Analysis::Measure() {
  int a_depth = 0;
  std::vector<Info*> blocks;
  Walk(
      body_,
      [&](Node* n) {
        if (IsText(n)) {
          uint32_t commas = 0;
          uint32_t chars = CountChars(TextOf(n), &commas);
          if (Info* p = InfoOf(n->parent)) {
            p->text += chars;
            if (a_depth > 0) p->link += chars;
          }
          if (!blocks.empty()) {
            blocks.back()->own += chars;
            blocks.back()->own_commas += commas;
          }
          return false;
        }
        Info* in = InfoOf(n);
        if (!IsElement(n) || in == nullptr || in->dropped) return false;
        in->visible = true;
        if (in->tag == Tag::kA) ++a_depth;
        if (IsBlock(in->tag)) blocks.push_back(in);
        return true;
      },
      [&](Node* n) {
        Info* in = InfoOf(n);
        if (!IsElement(n) || in == nullptr || in->dropped) return;
        if (in->tag == Tag::kA) --a_depth;
        if (IsBlock(in->tag)) {
          blocks.pop_back();
          if (in->own >= 25) ScoreUnit(in);
        }
        if (Info* p = InfoOf(n->parent)) {
          p->text += in->text;
          p->link += in->link;
        }
      });
}

// Readability: a paragraph's worth goes to its ancestors, fading with
// distance, so the container of most paragraphs wins.
void Analysis::ScoreUnit(Info* unit) {
  float worth = 1.0f + static_cast<float>(unit->own_commas) +
                static_cast<float>(std::min<uint32_t>(unit->own / 100, 3));
  // A text-bearing div or td is its own paragraph; its container scores.
  Node* n = unit->node->parent;
  for (int level = 0; level < 5 && n != nullptr; ++level, n = n->parent) {
    Info* a = InfoOf(n);
    if (a == nullptr || !IsElement(n)) break;
    if (!a->scored) {
      a->scored = true;
      switch (a->tag) {
        case Tag::kDiv:
        case Tag::kArticle:
        case Tag::kSection:
        case Tag::kMain:
          a->score = 5;
          break;
        case Tag::kPre:
        case Tag::kTd:
        case Tag::kBlockquote:
          a->score = 3;
          break;
        case Tag::kAddress:
        case Tag::kOl:
        case Tag::kUl:
        case Tag::kDl:
        case Tag::kDd:
        case Tag::kDt:
        case Tag::kLi:
        case Tag::kForm:
          a->score = -3;
          break;
        case Tag::kH1:
        case Tag::kH2:
        case Tag::kH3:
        case Tag::kH4:
        case Tag::kH5:
        case Tag::kH6:
        case Tag::kTh:
          a->score = -5;
          break;
        default:
          a->score = 0;
          break;
      }
      a->score += static_cast<float>(ClassWeight(Attr(n, "class"), Attr(n, "id")));
    }
    float divider = level == 0 ? 1.0f : level == 1 ? 2.0f : static_cast<float>(level * 3);
    a->score += worth / divider;
  }
}

Info* Analysis::BestContainer() const {
  const Info* best = nullptr;
  for (const Info& in : infos_) {
    if (!in.visible || in.tier < 0 || in.text < kMinContainerText) continue;
    if (best == nullptr || in.tier < best->tier || (in.tier == best->tier && in.text > best->text)) {
      best = &in;
    }
  }
  return const_cast<Info*>(best);
}

bool Contains(const Info& outer, const Info& inner) {
  return outer.order < inner.order && inner.order <= outer.last;
}

bool Prose(const Info& in, uint32_t min_text) { return in.text >= min_text && in.link * 2 < in.text; }

// Paragraphs between the page's headline and the body container: a
// standfirst that themes put in the page's hero or header, apart from the
// body and under no lead class ("hero-text", "news-description"). A
// heading in between starts some other box, and a standfirst is a
// paragraph or two.
std::vector<const Info*> Analysis::StandfirstAfterHeadline(const Info& c) const {
  constexpr uint32_t kMaxStandfirst = 1000;
  // A subheading this long right after the headline is a sentence: the deck.
  constexpr uint32_t kDeckChars = 60;
  const Info* headline = nullptr;
  for (uint32_t i = 0; i < c.order; ++i) {
    const Info& in = infos_[i];
    if (in.visible && in.tag == Tag::kH1 && !Contains(in, c)) headline = &in;
  }
  std::vector<const Info*> found;
  if (headline == nullptr) return found;
  uint32_t total = 0;
  for (uint32_t i = headline->last + 1; i < c.order; ++i) {
    const Info& in = infos_[i];
    if (!in.visible || Contains(in, c)) continue;
    bool deck = IsHeading(in.tag) && found.empty() && in.text >= kDeckChars && in.link == 0;
    if (IsHeading(in.tag) && !deck) return {};
    if ((in.tag != Tag::kP && !deck) || !Prose(in, 80) || in.link * 4 > in.text) continue;
    total += in.text;
    if (total > kMaxStandfirst) return {};
    found.push_back(&in);
  }
  return found;
}

std::string_view FirstWord(std::string_view s) {
  s = TrimAscii(s);
  size_t end = 0;
  while (end < s.size() && !IsAsciiSpace(s[end])) ++end;
  return s.substr(0, end);
}

// The container plus what the CMS put beside it: the lead paragraph in the
// article's header (the body container starts after it), and containers
// of the same kind next to it (content split into modules, several posts
// on one page).
std::vector<Node*> Analysis::ExpandContainer(const Info& c) const {
  // Lead paragraphs between the start of `scope` and the container.
  auto leads = [&](const Info& scope) {
    std::vector<const Info*> found;
    for (uint32_t i = scope.order + 1; i < c.order; ++i) {
      const Info& in = infos_[i];
      if (!in.visible || Contains(in, c) || !Prose(in, 30) || in.text > 1500) continue;
      if (!found.empty() && Contains(*found.back(), in)) continue;
      if (IsLeadClass(Attr(in.node, "class"))) found.push_back(&in);
    }
    return found;
  };
  std::vector<const Info*> picked;
  int up = 0;
  for (Node* p = c.node->parent; p != nullptr && p != body_ && up < 6; p = p->parent, ++up) {
    const Info* in = InfoOf(p);
    if (in == nullptr) break;
    if (in->has_h1 || in->tag == Tag::kArticle) {
      picked = leads(*in);
      break;
    }
    // Without a headline or <article> around both (news plugins title
    // their items with an h3 in a div), the lead is close before the body.
    if (up < 3) {
      picked = leads(*in);
      if (!picked.empty()) break;
    }
  }
  if (picked.empty()) picked = StandfirstAfterHeadline(c);
  picked.push_back(&c);
  std::string_view cls = Attr(c.node, "class");
  if (!cls.empty() || c.tag == Tag::kArticle) {
    // Peers share an ancestor with the container a few levels up.
    const Info* near = &c;
    for (int k = 0; k < 4 && near->node->parent != body_; ++k) {
      const Info* p = InfoOf(near->node->parent);
      if (p == nullptr) break;
      near = p;
    }
    for (uint32_t i = near->order + 1; i <= near->last; ++i) {
      const Info& in = infos_[i];
      if (&in == &c || !in.visible || in.tag != c.tag || in.tier != c.tier || Contains(in, c) ||
          Contains(c, in) || !Prose(in, 100)) {
        continue;
      }
      // Beside the container, modules of one kind share the first class
      // and add their own ("box recipe-ingredients", "box recipe-steps").
      std::string_view in_cls = Attr(in.node, "class");
      bool sibling = in.node->parent == c.node->parent;
      bool same_kind = sibling && !FirstWord(cls).empty() && FirstWord(in_cls) == FirstWord(cls);
      if (in_cls != cls && !same_kind) continue;
      bool nested =
          std::any_of(picked.begin(), picked.end(), [&](const Info* p) { return Contains(*p, in); });
      if (!nested) picked.push_back(&in);
    }
  }
  std::sort(picked.begin(), picked.end(), [](const Info* a, const Info* b) { return a->order < b->order; });
  std::vector<Node*> roots;
  for (const Info* in : picked) roots.push_back(in->node);
  return roots;
}

float FinalScore(const Info& in) {
  float density = in.text == 0 ? 0.0f : static_cast<float>(in.link) / static_cast<float>(in.text);
  return in.score * (1.0f - density);
}

// Readability.js: when several other candidates score nearly as well as
// the best one, the article is split into sections (one paragraph each,
// say) and the best is only one of them; the nearest ancestor holding
// three of them holds the article.
const Info* Analysis::CommonAncestorOfPeers(const Info* top) const {
  constexpr size_t kPeers = 3;
  constexpr size_t kConsidered = 5;
  std::vector<const Info*> peers;
  float top_score = FinalScore(*top);
  for (const Info& in : infos_) {
    if (!in.visible || !in.scored || &in == top || FinalScore(in) < top_score * 0.75f) continue;
    peers.push_back(&in);
  }
  if (peers.size() < kPeers) return top;
  std::sort(peers.begin(), peers.end(),
            [](const Info* a, const Info* b) { return FinalScore(*a) > FinalScore(*b); });
  if (peers.size() > kConsidered) peers.resize(kConsidered);
  for (Node* p = top->node->parent; p != nullptr && p != body_; p = p->parent) {
    const Info* a = InfoOf(p);
    if (a == nullptr) break;
    size_t inside =
        std::count_if(peers.begin(), peers.end(), [&](const Info* peer) { return Contains(*a, *peer); });
    if (inside >= kPeers) return a;
  }
  return top;
}

std::vector<Node*> Analysis::ReadabilityRoots() const {
  const Info* top = nullptr;
  for (const Info& in : infos_) {
    if (!in.visible || !in.scored) continue;
    if (top == nullptr || FinalScore(in) > FinalScore(*top)) top = &in;
  }
  if (top == nullptr) return {};
  top = CommonAncestorOfPeers(top);
  Node* parent = top->node->parent;
  if (InfoOf(parent) == nullptr || top->node == body_) return {top->node};
  // Siblings that score well or read like paragraphs belong to the article
  // too (content split across several containers).
  float threshold = std::max(10.0f, FinalScore(*top) * 0.2f);
  std::vector<Node*> roots;
  for (Node* s = parent->child; s != nullptr; s = s->next) {
    Info* in = InfoOf(s);
    if (!IsElement(s) || in == nullptr || !in->visible) continue;
    bool take = s == top->node || (in->scored && FinalScore(*in) >= threshold);
    if (!take && in->tag == Tag::kP && in->text > 0) {
      float density = static_cast<float>(in->link) / static_cast<float>(in->text);
      take = (in->text > 80 && density < 0.25f) || (in->link == 0 && in->text >= 25);
    }
    if (take) roots.push_back(s);
  }
  return roots.size() == 1 ? ExpandContainer(*top) : roots;
}

// Text blocks of one or more subtrees, in reading order.
struct Block {
  std::string text;
  uint32_t chars = 0;
  uint32_t link = 0;
  bool heading = false;
  bool before_links = false;  // a block of links follows, which Assemble drops
  bool row = false;           // a row of a data table, cells joined by " | "
  // FoldCase(text) for blocks up to kFoldedChars, which the line rules
  // below compare; longer blocks are prose to them.
  std::string folded;
};

constexpr uint32_t kFoldedChars = 400;

class Emitter {
 public:
  void Emit(Node* root);
  std::vector<Block>& blocks() { return blocks_; }

 private:
  void Flush();
  void Append(std::string_view text);

  std::vector<Block> blocks_;
  Block cur_;
  bool pending_ = false;
  int a_depth_ = 0;
  int pre_depth_ = 0;
  std::vector<bool> data_table_;  // per enclosing table: cells form rows
};

void Emitter::Flush() {
  while (!cur_.text.empty() && (cur_.text.back() == '\n' || cur_.text.back() == ' ')) cur_.text.pop_back();
  if (!cur_.text.empty()) blocks_.push_back(std::move(cur_));
  cur_ = Block();
  pending_ = false;
}

void Emitter::Append(std::string_view text) {
  size_t before = cur_.text.size();
  if (pre_depth_ > 0) {
    for (char c : text) {
      if (c != '\r') cur_.text.push_back(c);
    }
  } else {
    AppendCollapsed(text, &cur_.text, &pending_);
  }
  uint32_t added = CountChars(std::string_view(cur_.text).substr(before), nullptr);
  cur_.chars += added;
  if (a_depth_ > 0) cur_.link += added;
}

void Emitter::Emit(Node* root) {
  Walk(
      root,
      [&](Node* n) {
        if (IsText(n)) {
          Append(TextOf(n));
          return false;
        }
        Info* in = InfoOf(n);
        if (!IsElement(n) || in == nullptr || in->dropped) return false;
        bool in_data_table = !data_table_.empty() && data_table_.back();
        switch (in->tag) {
          case Tag::kBr:
            if (!cur_.text.empty() && cur_.text.back() == '\n') {
              Flush();  // <br><br> separates paragraphs
            } else if (!cur_.text.empty()) {
              cur_.text.push_back('\n');
              pending_ = false;
            }
            return false;
          case Tag::kHr:
          case Tag::kImg:
            if (in->tag == Tag::kHr) Flush();
            return false;
          case Tag::kA:
            ++a_depth_;
            return true;
          case Tag::kPre:
            Flush();
            ++pre_depth_;
            return true;
          case Tag::kTable:
            Flush();
            data_table_.push_back(!in->layout_table);
            return true;
          case Tag::kTd:
          case Tag::kTh:
            if (in_data_table) {
              if (!cur_.text.empty()) cur_.text += " | ";
              pending_ = false;
              return true;
            }
            break;
          default:
            break;
        }
        if (IsBlock(in->tag) &&
            !(in_data_table && in->tag != Tag::kTr && in->tag != Tag::kTable && in->tag != Tag::kTbody &&
              in->tag != Tag::kThead && in->tag != Tag::kTfoot && in->tag != Tag::kCaption)) {
          Flush();
          cur_.heading = IsHeading(in->tag);
          cur_.row = in_data_table && in->tag == Tag::kTr;
        }
        return true;
      },
      [&](Node* n) {
        Info* in = InfoOf(n);
        if (!IsElement(n) || in == nullptr || in->dropped) return;
        bool in_data_table = !data_table_.empty() && data_table_.back();
        switch (in->tag) {
          case Tag::kBr:
          case Tag::kHr:
          case Tag::kImg:
            return;
          case Tag::kA:
            --a_depth_;
            return;
          case Tag::kPre:
            Flush();
            --pre_depth_;
            return;
          case Tag::kTable:
            Flush();
            data_table_.pop_back();
            return;
          case Tag::kTd:
          case Tag::kTh:
            if (in_data_table) return;
            break;
          default:
            break;
        }
        if (IsBlock(in->tag) && !(in_data_table && in->tag != Tag::kTr)) Flush();
      });
  Flush();
}

// Whether `folded` is exactly one entry of `list`.
bool IsEntry(languages::List list, std::string_view folded) {
  static const auto* sets = [] {
    auto* s = new std::unordered_map<languages::List, std::unordered_set<std::string_view>>;
    for (languages::List l : {languages::List::kBoilerLines, languages::List::kAuthorBoxLabels}) {
      for (std::string_view entry : languages::Phrases(l)) (*s)[l].insert(entry);
    }
    return s;
  }();
  return sets->at(list).count(folded) > 0;
}

bool IsBoilerLabel(std::string_view folded) { return IsEntry(languages::List::kBoilerLines, folded); }

// One label, or two run together when their buttons sit side by side
// ("Share Print", "Bild anzeigen Bild schließen").
bool IsBoilerLine(const Block& b) {
  if (b.chars > 60) return false;
  std::string_view f(b.folded);
  while (!f.empty() && (f.back() == ':' || f.back() == ' ' || f.back() == '.')) f.remove_suffix(1);
  if (IsBoilerLabel(f)) return true;
  for (size_t sp = f.find(' '); sp != std::string_view::npos; sp = f.find(' ', sp + 1)) {
    if (IsBoilerLabel(f.substr(0, sp)) && IsBoilerLabel(f.substr(sp + 1))) return true;
  }
  return false;
}

// A short line that names an agency next to a slash ("AFP / John Doe",
// "Jane Roe/Getty Images", "abc/PAP"): the credit of a picture or the
// signature of a wire report.
bool IsAgencyCredit(const Block& b) {
  if (b.chars > 60 || b.text.find('/') == std::string::npos) return false;
  const std::string& folded = b.folded;
  for (std::string_view agency : languages::Phrases(languages::List::kAgencies)) {
    for (size_t at = folded.find(agency); at != std::string::npos; at = folded.find(agency, at + 1)) {
      size_t end = at + agency.size();
      bool starts_word = at == 0 || !IsAsciiAlpha(folded[at - 1]);
      bool ends_word = end == folded.size() || !IsAsciiAlpha(folded[end]);
      if (starts_word && ends_word) return true;
    }
  }
  return false;
}

// A short block that ends in a credit ("Marco Rossi at the start. © AFP",
// "... Foto: Andina") is a picture's caption, whatever comes before.
bool EndsWithCredit(const Block& b) {
  constexpr size_t kTail = 60;  // bytes: a credit is a name or two
  if (b.chars > kProseChars) return false;
  const std::string& folded = b.folded;
  size_t tail = std::max<size_t>(folded.size() > kTail ? folded.size() - kTail : 0, 1);
  for (std::string_view marker : languages::Phrases(languages::List::kCreditEnds)) {
    if (folded.find(marker, tail) != std::string::npos) return true;
  }
  return false;
}

// "Figure 3: ...", "Abb. 2. ...", "Рис. 1 — ...": the numbered label of a
// chart or picture, whose caption is about the picture however long it
// runs. "Figure 3 shows ..." is the article talking about it.
bool IsFigureCaption(std::string_view folded) {
  for (std::string_view w : languages::Phrases(languages::List::kFigureWords)) {
    if (!folded.starts_with(w)) continue;
    std::string_view rest = TrimAscii(folded.substr(w.size()));
    size_t digits = 0;
    while (digits < rest.size() && IsAsciiDigit(rest[digits])) ++digits;
    rest = TrimAscii(rest.substr(digits));
    for (std::string_view sep : {":", "|", "\u2013", "\u2014"}) {
      if (rest.starts_with(sep)) return true;
    }
    return digits > 0 && rest.starts_with(". ");
  }
  return false;
}

bool StartsAsBoiler(const Block& b) {
  if (b.chars > kFoldedChars) return false;
  // "(Alle Angaben ohne Gewähr)", "* Werbung": marks before the words.
  std::string_view folded(b.folded);
  while (!folded.empty() && (folded.front() == '(' || folded.front() == '*' || folded.front() == ' ')) {
    folded.remove_prefix(1);
  }
  for (std::string_view start : languages::Phrases(languages::List::kBoilerStarts)) {
    if (folded.starts_with(start)) return true;
  }
  if (IsFigureCaption(folded) || EndsWithCredit(b)) return true;
  if (b.chars > 100) return false;
  for (std::string_view start : languages::Phrases(languages::List::kCreditStarts)) {
    if (folded.starts_with(start)) return true;
  }
  return IsAgencyCredit(b);
}

// The folded text of a short label without its closing punctuation.
std::string_view LabelOf(const Block& b) {
  std::string_view folded(b.folded);
  while (!folded.empty() &&
         (folded.back() == ':' || folded.back() == ' ' || folded.back() == '!' || folded.back() == '.')) {
    folded.remove_suffix(1);
  }
  return folded;
}

bool IsAuthorBoxLabel(const Block& b) {
  if (b.chars > 40) return false;
  return IsEntry(languages::List::kAuthorBoxLabels, LabelOf(b));
}

bool IsRelatedMarker(const Block& b) {
  if (b.chars > 60) return false;
  std::string_view folded = LabelOf(b);
  for (std::string_view m : languages::Phrases(languages::List::kRelatedMarkers)) {
    if (folded.starts_with(m) &&
        (folded.size() == m.size() || folded[m.size()] == ' ' || folded[m.size()] == ':')) {
      return true;
    }
  }
  return false;
}

// A short line without a sentence's end before a list of links: the title
// of a box ("More from the region", "Our partners"). Last in the text, its
// links are gone and there is nothing left for it to introduce.
bool IsBoxLabel(const Block& b) {
  constexpr uint32_t kLabelChars = 50;
  if (!b.before_links || b.chars > kLabelChars) return false;
  std::string_view t(b.text);
  for (std::string_view end : {".", ":", "!", "?", "\u2026", "\"", "\u201c", "\u201d", "\u00bb", ")"}) {
    if (t.ends_with(end)) return false;
  }
  return true;
}

// Day, month and year as digits: "23.10.2018", "04/21/22", "2021-10-16".
bool HasNumericDate(std::string_view t) {
  for (size_t i = 0; i < t.size(); ++i) {
    bool starts = IsAsciiDigit(t[i]) && (i == 0 || !(IsAsciiDigit(t[i - 1]) || t[i - 1] == '-' || t[i - 1] == '/'));
    if (!starts) continue;
    size_t len[3] = {0, 0, 0};
    char sep = 0;
    size_t j = i;
    int runs = 0;
    for (; runs < 3; ++runs) {
      size_t start = j;
      while (j < t.size() && IsAsciiDigit(t[j])) ++j;
      len[runs] = j - start;
      if (len[runs] == 0 || runs == 2 || j >= t.size()) break;
      if (sep == 0) sep = t[j];
      if (t[j] != sep || (sep != '.' && sep != '/' && sep != '-')) break;
      ++j;
      if (sep == '.' && j < t.size() && t[j] == ' ') ++j;
    }
    if (runs < 2 || len[2] == 0 || (j < t.size() && IsAsciiDigit(t[j]))) continue;
    bool iso = sep == '-' && len[0] == 4 && len[1] == 2 && len[2] == 2;
    bool dmy = sep != '-' && len[0] <= 2 && len[1] <= 2 && (len[2] == 2 || len[2] == 4);
    if (iso || dmy) return true;
  }
  return false;
}

// Bytes of the UTF-8 character at `i` if it is a letter, else 0. Besides
// ASCII letters, any non-ASCII character but Latin-1 signs, general
// punctuation (dashes, quotes, bullets) and CJK punctuation.
size_t LetterAt(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return IsAsciiAlpha(t[i]) ? 1 : 0;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (n == 1) return 1;  // a stray continuation byte stays in its word
  if (i + n > t.size()) return 0;
  unsigned char c1 = static_cast<unsigned char>(t[i + 1]);
  bool sign = (c == 0xC2 && c1 >= 0xA0) || (c == 0xE2 && (c1 == 0x80 || c1 == 0x81)) || (c == 0xE3 && c1 == 0x80);
  return sign ? 0 : n;
}

// A short line that is a date and a word or two ("23.10.2018", "Published:
// 2 February 2022 | News", "24.01.2022 11:38 Category: News"): the page's
// dateline, whose date is metadata, not text.
bool IsDateline(const Block& b) {
  constexpr uint32_t kDatelineChars = 80;
  constexpr uint32_t kOtherLetters = 40;
  if (b.chars > kDatelineChars || b.folded.empty()) return false;
  std::string_view t(b.folded);
  if (t.ends_with(".") || t.find('@') != std::string_view::npos) return false;
  bool digits = t.find_first_of("0123456789") != std::string_view::npos;
  bool date = HasNumericDate(t) ||
              (t.find("\u5e74") != std::string_view::npos && t.find("\u6708") != std::string_view::npos);
  uint32_t letters = 0;
  for (size_t i = 0; i < t.size();) {
    size_t j = i;
    while (j < t.size()) {
      size_t n = LetterAt(t, j);
      if (n == 0) break;
      j += n;
    }
    if (j == i) {
      ++i;
      continue;
    }
    std::string_view word = t.substr(i, j - i);
    bool month = StartsLikeAMonth(word);
    if (month) {
      date = date || digits;
    } else {
      letters += static_cast<uint32_t>(std::count_if(word.begin(), word.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }));
    }
    i = j;
  }
  return date && letters <= kOtherLetters;
}

bool HasWordChar(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (IsAsciiAlpha(c) || IsAsciiDigit(c) || u >= 0xC0) return true;
  }
  return false;
}

std::string Assemble(std::vector<Block>& blocks) {
  std::vector<Block*> candidates;
  size_t total = 0;
  for (Block& b : blocks) {
    if (b.chars <= kFoldedChars) b.folded = FoldCase(b.text);
    // A paragraph that is nothing but "Share" or "Contents" is a label of
    // the site's, wherever it stands.
    if (!HasWordChar(b.text) || StartsAsBoiler(b) || IsBoilerLine(b)) continue;
    float density = b.chars == 0 ? 0.0f : static_cast<float>(b.link) / static_cast<float>(b.chars);
    // A row of a table of data may link its items (a recipe's ingredients
    // to the shop) beside its figures, where a menu has nothing but links.
    bool links = b.row ? b.link == b.chars : density > 0.8f || (density > 0.5f && b.chars < 400);
    if (links) {
      if (!candidates.empty()) candidates.back()->before_links = true;
      continue;
    }
    candidates.push_back(&b);
    total += b.chars;
  }
  // A related-links heading late in the text, followed by nothing that
  // reads like article prose, starts the site's part: cut there.
  std::vector<Block*> kept;
  size_t seen = 0;
  for (size_t i = 0; i < candidates.size(); ++i) {
    Block* b = candidates[i];
    // Past most of the text, the author box's title starts the site's part
    // whatever its biography's length.
    constexpr size_t kLatePercent = 85;
    if (IsAuthorBoxLabel(*b) && seen * 100 >= total * kLatePercent) break;
    if (IsRelatedMarker(*b)) {
      bool prose_follows = std::any_of(candidates.begin() + i + 1, candidates.end(),
                                       [](const Block* n) { return n->chars >= kProseChars; });
      if (!prose_follows && seen * 10 >= total * 3) break;
      continue;
    }
    seen += b->chars;
    kept.push_back(b);
  }
  while (!kept.empty() && (kept.back()->heading || IsBoxLabel(*kept.back()))) kept.pop_back();
  // Datelines stand before the first paragraph or after the last; within
  // the text a date line is the article's (a deadline, an event).
  constexpr uint32_t kParagraphChars = 100;
  if (!kept.empty() && IsDateline(*kept.back())) kept.pop_back();
  for (size_t i = 0; i < kept.size() && kept[i]->chars < kParagraphChars;) {
    if (IsDateline(*kept[i])) {
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    ++i;
  }
  std::string out;
  for (const Block* b : kept) {
    if (!out.empty()) out += "\n\n";
    out += b->text;
  }
  return out;
}

std::string TextOfRoots(const std::vector<Node*>& roots) {
  Emitter e;
  for (Node* r : roots) e.Emit(r);
  return Assemble(e.blocks());
}

MainText Run(Node* body, bool strict) {
  Analysis a(body, strict);
  a.Prune();
  a.Measure();
  MainText best;
  // A CMS article container is believed even when short; the whole-page
  // fallback below is for pages without one.
  bool trusted = false;
  if (Info* c = a.BestContainer()) {
    trusted = c->tier <= 1;
    best.roots = a.ExpandContainer(*c);
    best.text = TextOfRoots(best.roots);
  }
  std::vector<Node*> rroots = a.ReadabilityRoots();
  if (!rroots.empty() && (best.roots.empty() || rroots != best.roots)) {
    std::string rtext = TextOfRoots(rroots);
    // A CMS container that misses most of the text was the wrong guess
    // (a teaser, a lead paragraph); trust the scoring then.
    if (rtext.size() > best.text.size() * 5 / 2 || best.text.empty()) {
      trusted = false;
      best.roots = std::move(rroots);
      best.text = std::move(rtext);
    }
  }
  // Short pages spread their few paragraphs over unrelated containers;
  // the pruned page as a whole reads better than any one of them.
  if (strict && TextWeight(best.text) < kMinText && (!trusted || TextWeight(best.text) < kMinText / 3)) {
    std::string whole = TextOfRoots({body});
    if (TextWeight(whole) > TextWeight(best.text)) {
      best.roots = {body};
      best.text = std::move(whole);
    }
  }
  return best;
}

}  // namespace

MainText ExtractMainText(HtmlDocument* doc) {
  Node* body = doc->body();
  if (body == nullptr) return {};
  MainText strict = Run(body, /*strict=*/true);
  if (TextWeight(strict.text) >= kMinText) return strict;
  MainText relaxed = Run(body, /*strict=*/false);
  return TextWeight(relaxed.text) > TextWeight(strict.text) * 2 ? relaxed : strict;
}

}  // namespace caravan::extract
