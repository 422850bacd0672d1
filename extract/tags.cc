#include "extract/tags.h"

#include <string_view>
#include <unordered_set>

#include "extract/text_util.h"

namespace caravan::extract {
namespace {

constexpr size_t kMaxTags = 50;
constexpr size_t kMaxTagBytes = 100;

class TagList {
 public:
  void Add(std::string_view raw) {
    std::string tag = CollapseSpaces(raw);
    if (tag.empty() || tag.size() > kMaxTagBytes || tags_.size() >= kMaxTags) return;
    if (seen_.insert(FoldCase(tag)).second) tags_.push_back(std::move(tag));
  }
  void AddList(std::string_view list) {
    // ASCII, fullwidth, ideographic and Arabic commas; keyword lists use all.
    for (const std::string& part : SplitAny(list, {",", "\uFF0C", "\u3001", "\u060C", ";"})) Add(part);
  }
  std::vector<std::string> Take() { return std::move(tags_); }

 private:
  std::vector<std::string> tags_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

std::vector<std::string> FindTags(const std::vector<Node*>& metas, const std::vector<Node*>& anchors,
                                  const std::vector<std::string>& linked_data) {
  TagList tags;
  for (const std::string& list : linked_data) tags.AddList(list);
  for (const Node* n : metas) {
    std::string key = AsciiLowerCopy(HasAttr(n, "property") ? Attr(n, "property") : Attr(n, "name"));
    std::string_view content = Attr(n, "content");
    if (key == "article:tag" || key == "article:section") tags.Add(content);
    if (key == "keywords" || key == "news_keywords") tags.AddList(content);
  }
  for (const Node* n : anchors) {
    // Tag clouds in sidebars list the whole site's tags, not the page's.
    if (HasToken(Attr(n, "rel"), "tag") && !ContainsNoCase(Attr(n, "class"), "tag-cloud")) tags.Add(InnerText(n));
  }
  return tags.Take();
}

}  // namespace caravan::extract
