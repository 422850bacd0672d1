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
// A standfirst is a paragraph or two; a longer "summary" is a section.
constexpr uint32_t kMaxStandfirst = 1000;
// Shorter blocks at the top of the text are header lines, not paragraphs.
constexpr uint32_t kParagraphChars = 100;

// Whether and by what readers are kept from seeing an element.
enum class Hidden : uint8_t {
  kNo,
  // By the page's own style rules, which external sheets and scripts may
  // override: believed like a furniture class name.
  kByRule,
  // By the element itself: the hidden attribute, aria-hidden or an inline
  // style.
  kByElement,
};

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
  Hidden hidden = Hidden::kNo;
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

// The text of a tooltip or pop-up shows on hover or click, over the page,
// not in its flow; its trigger ("has-tooltip") is the article's word.
bool IsPopover(const Node* n) {
  if (!HasAttributes(n)) return false;
  if (EqualsNoCase(TrimAscii(Attr(n, "role")), "tooltip")) return true;
  std::string_view cls = Attr(n, "class");
  for (size_t i = 0; i < cls.size();) {
    while (i < cls.size() && IsAsciiSpace(cls[i])) ++i;
    std::string_view token = cls.substr(i);
    if (StartsWithNoCase(token, "tooltip") || StartsWithNoCase(token, "popover")) return true;
    while (i < cls.size() && !IsAsciiSpace(cls[i])) ++i;
  }
  return false;
}

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

Hidden HiddenState(const Node* n, const HiddenRules& rules) {
  if (!HasAttributes(n)) return Hidden::kNo;
  if (HasAttr(n, "hidden") || EqualsNoCase(TrimAscii(Attr(n, "aria-hidden")), "true") ||
      IsHiddenStyle(Attr(n, "style"))) {
    return Hidden::kByElement;
  }
  return !rules.empty() && rules.Hides(Attr(n, "class"), Attr(n, "id")) ? Hidden::kByRule : Hidden::kNo;
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
  Analysis(Node* body, bool strict, const HiddenRules& hidden) : body_(body), strict_(strict), hidden_(hidden) {}
  ~Analysis() {
    for (Info& in : infos_) in.node->data = nullptr;
  }

  void Prune();
  void Measure();
  Info* BestContainer() const;
  // Also adds the leads it picks to leads().
  std::vector<Node*> ExpandContainer(const Info& c) const;
  // Standfirsts found apart from the body container (ExpandContainer).
  const std::unordered_set<const Node*>& leads() const { return leads_; }
  std::vector<const Info*> StandfirstAfterHeadline(const Info& c) const;
  std::vector<Node*> ReadabilityRoots() const;
  const Info* CommonAncestorOfPeers(const Info* top) const;

 private:
  void ScoreUnit(Info* unit);

  Node* body_;
  bool strict_;
  const HiddenRules& hidden_;
  std::deque<Info> infos_;
  mutable std::unordered_set<const Node*> leads_;
};

void Analysis::Prune() {
  int article_depth = 0;
  int a_depth = 0;
  int rule_hidden_depth = 0;
  uint32_t rule_hidden_text = 0;  // in outermost elements hidden by the page's rules
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
        if (AlwaysDropped(in.tag) || IsPopover(n)) {
          in.dropped = true;
          return false;
        }
        in.tier = static_cast<int8_t>(ContentTier(n, in.tag));
        in.hidden = HiddenState(n, hidden_);
        if (in.hidden == Hidden::kByRule) ++rule_hidden_depth;
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
        if (in->hidden == Hidden::kByRule && --rule_hidden_depth == 0) rule_hidden_text += in->raw_text;
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
          if (!in->suspect && in->hidden == Hidden::kNo) {
            p->protect = p->protect || in->protect;
            p->holds_content = p->holds_content || in->holds_content;
          }
        }
      });
  // Heuristics stop short of the bulk of the page: a wrapper of most of
  // its text named "offcanvas" or "banner" is a layout accident.
  uint32_t total = InfoOf(body_)->raw_text;
  // Rules that hide most of the page are undone by its scripts: slides of
  // a gallery article, pages of an infinite scroll.
  bool believe_rules = rule_hidden_text * 2 <= total;
  for (Info& in : infos_) {
    bool most = total >= 500 && in.raw_text * 2 > total;
    if (in.suspect) in.dropped = !most;
    // Hidden copies of the headline or body, and cloaked text, go; a page
    // whose whole content waits hidden for a script to show it stays.
    if (in.hidden == Hidden::kByElement && in.raw_text * 10 < total * 9) in.dropped = true;
    if (in.hidden == Hidden::kByRule && believe_rules && !most) in.dropped = true;
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
  for (const Info* lead : picked) leads_.insert(lead->node);
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
  bool after_links = false;   // follows such a block: a teaser's line under its title
  bool row = false;           // a row of a data table, cells joined by " | "
  bool lead = false;          // inside a standfirst: a lead class or a lead ExpandContainer found
  // FoldCase(text) for blocks up to kFoldedChars, which the line rules
  // below compare; longer blocks are prose to them.
  std::string folded;
};

constexpr uint32_t kFoldedChars = 400;

class Emitter {
 public:
  explicit Emitter(const std::unordered_set<const Node*>& leads) : leads_(leads) {}
  void Emit(Node* root);
  std::vector<Block>& blocks() { return blocks_; }

 private:
  void Flush();
  void Append(std::string_view text);
  bool IsLead(const Node* n, const Info& in) const {
    return leads_.count(n) > 0 || (in.raw_text <= kMaxStandfirst && IsLeadClass(Attr(n, "class")));
  }

  const std::unordered_set<const Node*>& leads_;
  std::vector<const Node*> open_leads_;  // lead elements the walk is inside
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
  if (!open_leads_.empty() && added > 0) cur_.lead = true;
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
        if (IsLead(n, *in)) open_leads_.push_back(n);
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
        if (!open_leads_.empty() && open_leads_.back() == n) open_leads_.pop_back();
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

// A heading over a publisher's boilerplate: "About Acme Corp.", "Über
// die Stiftung".
bool IsAboutHeading(const Block& b) {
  constexpr uint32_t kHeadingChars = 60;
  if (!b.heading || b.chars > kHeadingChars) return false;
  for (std::string_view start : languages::Phrases(languages::List::kAboutStarts)) {
    if (b.folded.starts_with(start)) return true;
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

// A block that links most of its words but says something in its own
// words too: "The ministry's report (PDF) and the statement of the port
// authority were published on Monday." A menu or a list of headlines has
// no sentence outside its links.
bool HoldsASentence(const Block& b) {
  constexpr uint32_t kSentenceChars = 50;
  if (b.chars - b.link < kSentenceChars) return false;
  std::string_view t = TrimAscii(b.text);
  for (std::string_view end : {".", "!", "?", "\u3002", ".\u201d", ".\"", ".)"}) {
    if (t.ends_with(end)) return true;
  }
  return false;
}

bool HasWordChar(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (IsAsciiAlpha(c) || IsAsciiDigit(c) || u >= 0xC0) return true;
  }
  return false;
}

// The text of `blocks`, furniture left out; the standfirst's blocks go to
// `*standfirst` instead.
std::string Assemble(std::vector<Block>& blocks, std::string* standfirst) {
  std::vector<Block*> candidates;
  size_t total = 0;
  bool after_links = false;
  for (Block& b : blocks) {
    if (b.chars <= kFoldedChars) b.folded = FoldCase(b.text);
    // A paragraph that is nothing but "Share" or "Contents" is a label of
    // the site's, wherever it stands.
    if (!HasWordChar(b.text) || StartsAsBoiler(b) || IsBoilerLine(b)) continue;
    float density = b.chars == 0 ? 0.0f : static_cast<float>(b.link) / static_cast<float>(b.chars);
    // A row of a table of data may link its items (a recipe's ingredients
    // to the shop) beside its figures, where a menu has nothing but links.
    bool links = b.row ? b.link == b.chars : density > 0.8f || (density > 0.5f && b.chars < 400);
    if (links && !b.row && HoldsASentence(b)) links = false;
    if (links) {
      if (!candidates.empty()) candidates.back()->before_links = true;
      after_links = true;
      continue;
    }
    b.after_links = after_links;
    after_links = false;
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
    // "About Acme Corp." over the boilerplate that closes a press release.
    constexpr size_t kAboutPercent = 60;
    if (IsAboutHeading(*b) && seen * 100 >= total * kAboutPercent) break;
    if (IsRelatedMarker(*b)) {
      // The article goes on after an in-body box when a long paragraph, or
      // two paragraphs of plain sentences, follow; the lines of teasers
      // stand under their linked titles.
      int sentences = 0;
      bool prose_follows = std::any_of(candidates.begin() + i + 1, candidates.end(), [&](const Block* n) {
        if (n->link == 0 && !n->after_links && n->chars >= kParagraphChars && HoldsASentence(*n)) ++sentences;
        return n->chars >= kProseChars || sentences >= 2;
      });
      if (!prose_follows && seen * 10 >= total * 3) break;
      continue;
    }
    seen += b->chars;
    kept.push_back(b);
  }
  while (!kept.empty() && (kept.back()->heading || IsBoxLabel(*kept.back()))) kept.pop_back();
  // Datelines stand before the first paragraph or after the last; within
  // the text a date line is the article's (a deadline, an event).
  if (!kept.empty() && IsDateline(*kept.back())) kept.pop_back();
  for (size_t i = 0; i < kept.size() && kept[i]->chars < kParagraphChars;) {
    if (IsDateline(*kept[i])) {
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    ++i;
  }
  // A paragraph printed twice (the body again in a wrapper that shares its
  // class, a teaser quoting the lead) is read once.
  constexpr uint32_t kRepeatChars = 80;
  std::unordered_set<std::string_view> seen_paragraphs;
  std::erase_if(kept,
                [&](const Block* b) { return b->chars >= kRepeatChars && !seen_paragraphs.insert(b->text).second; });
  // The standfirst: lead blocks before the first paragraph of the body,
  // after no more than the short lines of the article's header (kicker,
  // headline, byline), with body text left after them.
  size_t lead_begin = 0;
  while (lead_begin < kept.size() && !kept[lead_begin]->lead && kept[lead_begin]->chars < kParagraphChars) {
    ++lead_begin;
  }
  size_t lead_end = lead_begin;
  uint32_t lead_chars = 0;
  while (lead_end < kept.size() && kept[lead_end]->lead) lead_chars += kept[lead_end++]->chars;
  uint32_t body_chars = 0;
  for (size_t i = lead_end; i < kept.size(); ++i) body_chars += kept[i]->chars;
  // A lead with no body after it is the article itself (a wire brief).
  if (lead_chars > kMaxStandfirst || body_chars < kParagraphChars) lead_end = lead_begin;
  std::string out;
  for (size_t i = 0; i < kept.size(); ++i) {
    std::string* to = i >= lead_begin && i < lead_end ? standfirst : &out;
    if (!to->empty()) *to += "\n\n";
    *to += kept[i]->text;
  }
  return out;
}

// The text of `roots` with each node read once: a root inside another
// root, or named twice, adds nothing of its own. The standfirst among
// `leads` and lead classes goes to `*standfirst`.
std::string TextOfRoots(const std::vector<Node*>& roots, const std::unordered_set<const Node*>& leads,
                        std::string* standfirst) {
  Emitter e(leads);
  for (size_t i = 0; i < roots.size(); ++i) {
    bool claimed = std::find(roots.begin(), roots.begin() + static_cast<std::ptrdiff_t>(i), roots[i]) !=
                   roots.begin() + static_cast<std::ptrdiff_t>(i);
    for (Node* p = roots[i]->parent; p != nullptr && !claimed; p = p->parent) {
      claimed = std::find(roots.begin(), roots.end(), p) != roots.end();
    }
    if (!claimed) e.Emit(roots[i]);
  }
  return Assemble(e.blocks(), standfirst);
}

// What a reader gets from `m`, standfirst and text.
size_t Weight(const MainText& m) { return TextWeight(m.text) + TextWeight(m.standfirst); }

MainText Run(HtmlDocument* doc, Node* body, bool strict) {
  Analysis a(body, strict, doc->hidden_rules());
  a.Prune();
  a.Measure();
  auto read = [&](std::vector<Node*> roots) {
    MainText m;
    m.roots = std::move(roots);
    m.text = TextOfRoots(m.roots, a.leads(), &m.standfirst);
    return m;
  };
  MainText best;
  // A CMS article container is believed even when short; the whole-page
  // fallback below is for pages without one.
  bool trusted = false;
  if (Info* c = a.BestContainer()) {
    trusted = c->tier <= 1;
    best = read(a.ExpandContainer(*c));
  }
  std::vector<Node*> rroots = a.ReadabilityRoots();
  if (!rroots.empty() && (best.roots.empty() || rroots != best.roots)) {
    MainText r = read(std::move(rroots));
    // A CMS container that misses most of the text was the wrong guess
    // (a teaser, a lead paragraph); trust the scoring then.
    size_t best_size = best.text.size() + best.standfirst.size();
    if (r.text.size() + r.standfirst.size() > best_size * 5 / 2 || best_size == 0) {
      trusted = false;
      best = std::move(r);
    }
  }
  // Short pages spread their few paragraphs over unrelated containers;
  // the pruned page as a whole reads better than any one of them.
  if (strict && Weight(best) < kMinText && (!trusted || Weight(best) < kMinText / 3)) {
    MainText whole = read({body});
    if (Weight(whole) > Weight(best)) best = std::move(whole);
  }
  return best;
}

// `folded` without the punctuation and spaces at its ends.
std::string_view Bare(std::string_view folded) {
  auto punct = [](char c) { return IsAsciiSpace(c) || c == '.' || c == ':' || c == '!' || c == '?' || c == '"'; };
  while (!folded.empty() && punct(folded.front())) folded.remove_prefix(1);
  while (!folded.empty() && punct(folded.back())) folded.remove_suffix(1);
  return folded;
}

// A short line that credits the article's authors: "By Jane Roe", "Von
// Max Muster und dpa", "Jane Roe, Astana correspondent".
// "By the numbers" is a heading: a name after the prefix is capitalised.
bool IsByline(std::string_view line, std::string_view folded, const std::vector<std::string>& folded_authors) {
  constexpr size_t kBylineBytes = 120;
  if (folded.size() > kBylineBytes || folded.ends_with(".")) return false;
  for (std::string_view prefix : languages::Phrases(languages::List::kAuthorPrefixes)) {
    if (!folded.starts_with(prefix) || prefix.size() + 1 >= line.size()) continue;
    size_t name = prefix.size();
    while (name < line.size() && line[name] == ' ') ++name;
    bool separated = name > prefix.size() || prefix.ends_with(":");
    bool capital = name < line.size() &&
                   ((line[name] >= 'A' && line[name] <= 'Z') || static_cast<unsigned char>(line[name]) >= 0xC0);
    if (separated && capital) return true;
  }
  return std::any_of(folded_authors.begin(), folded_authors.end(),
                     [&](const std::string& name) { return !name.empty() && folded.find(name) != std::string::npos; });
}

}  // namespace

void DropHeaderLines(std::string_view title, const std::vector<std::string>& authors, std::string* text) {
  // Lines of the header are short; the first paragraph ends it.
  constexpr size_t kParagraphBytes = 160;
  std::string folded_title(Bare(FoldCase(title)));
  std::vector<std::string> folded_authors;
  for (const std::string& name : authors) folded_authors.push_back(FoldCase(name));
  constexpr int kHeaderLines = 6;
  size_t cut = 0;  // bytes of `text` to drop
  size_t at = 0;
  bool headline_seen = false;
  for (int line = 0; line < kHeaderLines && at < text->size(); ++line) {
    size_t end = text->find("\n\n", at);
    if (end == std::string::npos) end = text->size();
    std::string_view original = std::string_view(*text).substr(at, end - at);
    std::string folded = FoldCase(original);
    bool headline = !folded_title.empty() && !headline_seen && Bare(folded) == folded_title;
    if (!headline && end - at > kParagraphBytes) break;
    size_t next = end == text->size() ? end : end + 2;
    if (headline) {
      // What stands above the headline is its kicker or a breadcrumb.
      headline_seen = true;
      cut = next;
    } else if (IsByline(original, folded, folded_authors)) {
      cut = next;
    }
    at = next;
  }
  // The body must not go with its header.
  if (cut > 0 && cut < text->size()) text->erase(0, cut);
}

MainText ExtractMainText(HtmlDocument* doc) {
  Node* body = doc->body();
  if (body == nullptr) return {};
  MainText strict = Run(doc, body, /*strict=*/true);
  if (Weight(strict) >= kMinText) return strict;
  MainText relaxed = Run(doc, body, /*strict=*/false);
  return Weight(relaxed) > Weight(strict) * 2 ? relaxed : strict;
}

}  // namespace caravan::extract
