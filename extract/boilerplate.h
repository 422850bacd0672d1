// What an element's class, id and role say about it: site furniture to
// drop, or the container a CMS puts the article in.
#pragma once

#include <cstdint>
#include <string_view>

#include "extract/html_dom.h"

namespace caravan::extract {

struct BoilerplateVerdict {
  bool boilerplate = false;
  // Largest subtree (in characters of text) the verdict holds for; 0 for
  // any size. Words like "share" or "meta" also name wrappers of whole
  // articles on some themes, so they only drop small elements.
  uint32_t max_text = 0;
  // Named as navigation (menu, nav, breadcrumb, pagination): real ones are
  // mostly links, so a container of prose so named is not one.
  bool navigational = false;
};

// Matches whole words of class names and ids ("post-share-bar" has the word
// "share", "shareholder" does not; camelCase counts as words) against
// menus, share bars, cookie banners, related posts, comments, author
// boxes, language switchers, tag lists, pagination, pop-ups and ads, and
// the ARIA roles of navigation and page chrome. Taxonomy and state classes
// WordPress puts on articles ("tag-social-media", "has-sidebar") are
// ignored.
BoilerplateVerdict ClassifyBoilerplate(std::string_view cls, std::string_view id, std::string_view role);

// How strongly an element's class, id, itemprop and tag say "this is the
// article body", as a tier: 0 for itemprop=articleBody and the classes
// CMSs give the article text (entry-content, article-body, ...), 1 for
// <article>, 2 for looser story/text classes, 3 for generic main-content
// ids and classes, 4 for <main> and role=main; -1 for none. Lower is more
// specific.
int ContentTier(const Node* node, Tag tag);

// True if a class word names an article's lead or standfirst ("intro",
// "lead", "teaser", "excerpt", "summary", "deck", "subtitle", "chapo").
bool IsLeadClass(std::string_view cls);

// Readability's class weight: +25 when class/id look like content, -25
// when they look like furniture (each of class and id counts).
int ClassWeight(std::string_view cls, std::string_view id);

}  // namespace caravan::extract
