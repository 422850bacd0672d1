// The article's own text on a page, without the site around it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/html_dom.h"

namespace caravan::extract {

struct MainText {
  // Headings, paragraphs, list items, quotes and table rows (cells joined
  // by " | "), one block per paragraph, blocks separated by "\n\n".
  std::string text;
  // The article's standfirst (dek, lead, summary under the headline), left
  // out of `text`; "" when it has none.
  std::string standfirst;
  // The elements the text was taken from, in document order; empty when
  // nothing usable was found. Valid as long as the document.
  std::vector<Node*> roots;
};

// Finds the main text of a parsed page. The document itself is not
// changed; node->data is used for bookkeeping during the call and
// reset before returning.
//
// How: page furniture is set aside (script-like and interactive elements,
// nav/aside/footer, site headers, small forms, hidden elements, and
// elements whose class/id/role name boilerplate, see boilerplate.h, unless
// they hold the likely article or most of the page). The content root is
// the most specific CMS content container (ContentTier) together with the
// lead paragraph the CMS put in the article's header and sibling
// containers of the same class; else, or when it yields far more text,
// Readability's best-scoring container and its worthy siblings. Blocks
// that are mostly links or are boilerplate lines ("Share", "Tags: ...",
// "Photo: ...") are dropped, and a late "Related articles"-style heading
// followed by no prose ends the text. A short result without a trusted
// container gives way to the whole pruned page; if even that is almost
// nothing, the page is read again without the class-based pruning.
MainText ExtractMainText(HtmlDocument* doc);

// Drops the article's header from the start of `text` (paragraphs split by
// "\n\n"): the headline where it repeats `title`, with whatever short lines
// stand above it (kicker, breadcrumb), and bylines naming one of `authors`
// or opening with an author prefix ("By", "Von"), up to the first
// paragraph. Leaves `text` as it is when nothing would remain.
void DropHeaderLines(std::string_view title, const std::vector<std::string>& authors, std::string* text);

}  // namespace caravan::extract
