// Whether a page is a listing (an index of other pages: category, tag,
// author, date archive, search results, a home page) rather than a
// publication, from its structure. Nothing here knows a site.
#pragma once

#include <string_view>

#include "extract/html_dom.h"
#include "extract/main_text.h"

namespace caravan::extract {

// What a URL's shape alone suggests. Never enough to call a page a
// listing: articles live under /category/ too.
struct UrlShape {
  // The path names an archive (category, tag, author, archive, search,
  // page/N and their Turkish, German, Romance and transliterated Russian
  // words), ends in a date without a slug (/2024/05/), is the site's root
  // or a bare language (/tr/, /zh-cn/), or the query searches (s=, q=).
  bool archive_like = false;
  // The page of a paginated listing: N of /page/N/, ?page=N, ?paged=N,
  // ?pg=N, ?PAGEN_1=N; 2 for a positive ?start= or ?offset=; else 1.
  // Never ?p=N, which WordPress uses for post ids.
  int page = 1;
};

UrlShape ShapeOfUrl(std::string_view url);

struct ListingVerdict {
  bool listing = false;
  bool continuation = false;  // a listing's page 2 or later
};

// Decides from `doc`, its main text `main` (found by ExtractMainText on
// the same document) and the URL it was fetched from (may be empty).
//
// The deciding evidence is structural. A teaser is an element holding one
// title (a heading holding a link to another page of the site, a link
// wrapped around a heading, or a long link at the start of its block with
// a date or excerpt beside it), at most two paragraphs and 1500 bytes of
// text; teasers count when they come as siblings outside page furniture
// (nav, header, aside, footer, forms, and menus, sidebars, related posts
// and the like by class or id). The page is a candidate when at least 3
// teasers make up at least half of its main text, or when it has 3 and
// under 300 bytes of main text besides theirs. It is a strong candidate
// with 5 teasers or more and twice the text of that body, or with 5 and no
// paragraph of prose of its own; at most a weak one when 1000 bytes of its
// own prose lie outside teasers (a hub page introducing them).
//
// Then the page's marks are counted. For a listing: pagination (<link
// rel=next|prev>, <a rel=next|prev> saying "Next" rather than naming a
// post, a row of page-number links), a JSON-LD CollectionPage,
// SearchResultsPage, ProfilePage or (on a page typed no article) ItemList,
// an archive-like URL (ShapeOfUrl). For an article: og:type article or a
// JSON-LD Article type, and article:published_time. A strong candidate is
// a listing unless the article's marks outnumber the listing's; a weak one
// needs more listing marks than article marks. So the URL alone never
// makes a listing, and a short article keeps its body however many teasers
// surround it.
//
// A listing is a continuation when its URL names page 2 or later or it
// links a previous page with <link rel=prev>.
//
// Cost: one walk over the elements the main text came from; the whole page
// is walked only when teasers could make up that main text.
ListingVerdict ClassifyListing(HtmlDocument* doc, const MainText& main, std::string_view url);

}  // namespace caravan::extract
