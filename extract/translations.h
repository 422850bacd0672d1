// Links from a page to the same publication in other languages.
#pragma once

#include <string_view>
#include <vector>

#include "extract/article.h"
#include "extract/html_dom.h"

namespace caravan::extract {

// Translations of the page, from its `links` (<link> elements) with
// rel="alternate" and hreflang, then language switchers among its
// `anchors` (<a> elements): links with a hreflang
// attribute (Polylang), WPML switcher items (class wpml-ls-item-XX) and
// links whose only content names their language (<a lang="ru">). Left
// out: the page itself (`self_urls`, e.g. its URL and canonical URL),
// the current-language item of a switcher, x-default, and links to a
// language's home page ("/", "/ru/"), which switchers show when a page
// has no translation. One entry per URL, the first language given wins.
std::vector<Translation> FindTranslations(const std::vector<Node*>& links, const std::vector<Node*>& anchors,
                                          std::string_view base, const std::vector<std::string>& self_urls);

}  // namespace caravan::extract
