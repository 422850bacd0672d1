// One walk over a page's elements that gathers what its metadata is read
// from: meta tags, links, JSON-LD bodies, anchors, headings, and elements
// named for dates and bylines. Private to extract/: the pointers are into
// the document and live as long as it does.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/html_dom.h"

namespace caravan::extract {

// What one pass over the page collects.
struct Page {
  std::string title;
  std::string html_lang;
  std::string base;
  std::string canonical;
  // First content per lowercased meta name / property / itemprop / http-equiv.
  std::unordered_map<std::string, std::string> meta;
  std::vector<std::string> meta_authors;
  std::vector<std::string> hrefs;
  std::vector<std::string> feeds;
  std::vector<std::string> jsonld;
  // Every <meta>, <link href> and <a> in document order, for tags and
  // translations (tags.h, translations.h), which this pass reads for them.
  std::vector<Node*> metas;
  std::vector<Node*> links;
  std::vector<Node*> anchors;
  std::vector<Node*> times;      // <time datetime>
  std::vector<Node*> itemprops;  // elements with itemprop (not meta)
  std::vector<Node*> rel_authors;
  std::vector<Node*> bylines;  // class/id says author or byline
  // class/id says date, time, published; <time> without datetime. With
  // each, its place in document order among elements.
  std::vector<std::pair<Node*, size_t>> dated;
  std::vector<Node*> labelled;  // holds a text like "Published: ..." or "Stand: ..."
  size_t h1_place = 0;          // the first h1's place, as for `dated`
  std::vector<Node*> h1s;
};

Page Collect(HtmlDocument* doc);

// The first non-empty content among the meta `keys` (lowercased names).
std::string MetaValue(const Page& page, std::initializer_list<std::string_view> keys);

// Whether `n` sits in comments, a sidebar or related posts (another text
// than the page's), unless inside one of `around_headline`.
bool InOtherTexts(const Node* n, const std::unordered_set<const Node*>& around_headline);

// The first `limit` bytes of text under `root`, other texts left out.
std::string OpeningText(Node* root, size_t limit);

}  // namespace caravan::extract
