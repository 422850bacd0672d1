// Which elements a page's own style sheets hide. Pages hide copies of their
// headline, dates or whole body for schema.org, and cloak text for search
// engines, with rules in a <style> element as often as with inline styles.
// A full cascade is out of reach (and external sheets are never fetched);
// rules of one class or id name are most of what such pages use.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>


namespace caravan::extract {

// The class and id names that top-level rules of a page's <style> bodies
// set to display:none or visibility:hidden. Only single-name selectors
// (".name", "#name", optionally after a tag name: "div.name") count; a name
// that any other rule shows again (".tab.active {display:block}") does not,
// and rules inside @media or other at-blocks (print, small screens) are
// skipped.
class HiddenRules {
 public:
  // Reads one style sheet's text; cheap on sheets that hide nothing.
  void Add(std::string_view css);
  // Whether the rules hide an element with these class and id attributes.
  bool Hides(std::string_view cls, std::string_view id) const;
  bool empty() const { return hidden_classes_.empty() && hidden_ids_.empty(); }

 private:
  void AddRule(std::string_view selectors, std::string_view declarations);

  std::unordered_set<std::string> hidden_classes_, hidden_ids_;
  std::unordered_set<std::string> shown_classes_, shown_ids_;
};

// Whether an inline style attribute says display:none or visibility:hidden.
bool IsHiddenStyle(std::string_view style);

}  // namespace caravan::extract
