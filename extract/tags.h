// The tags and categories a publisher gave a page.
#pragma once

#include <string>
#include <vector>

#include "extract/html_dom.h"

namespace caravan::extract {

// `linked_data` (the article's JSON-LD keywords and articleSection, each
// a tag or a comma-separated list), then, from the page's `metas` and
// `anchors` (its <meta> and <a> elements), <meta property="article:tag">, <meta property="article:section">,
// <meta name="keywords"> and "news_keywords" (split on commas, including
// the Chinese and Arabic ones), and links marked rel="tag" (WordPress's tag
// and category lists), in page order, deduplicated ignoring ASCII case. At
// most 50; entries longer than 100 bytes are not tags and are skipped.
std::vector<std::string> FindTags(const std::vector<Node*>& metas, const std::vector<Node*>& anchors,
                                  const std::vector<std::string>& linked_data);

}  // namespace caravan::extract
