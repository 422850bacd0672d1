// Images of a page's main content, with their captions.
#pragma once

#include <string_view>
#include <vector>

#include "extract/article.h"
#include "extract/html_dom.h"

namespace caravan::extract {

// The <img> elements under `roots` (the main text's elements) in document
// order, one per URL, at most 50. The URL is src, or the lazy loaders'
// data-src / data-lazy-src / data-original when src is missing or a data:
// placeholder; tracking pixels (width or height 0 or 1) are skipped. The
// caption is the enclosing <figure>'s <figcaption>, else the enclosing
// WordPress caption's text (.wp-caption-text), else the alt text.
// `lead`, when its url is not empty, comes first (the page's og:image).
std::vector<Image> FindImages(const std::vector<Node*>& roots, std::string_view base, Image lead);

}  // namespace caravan::extract
