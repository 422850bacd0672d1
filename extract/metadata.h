// Everything about a page but its main text: title, authors, dates,
// language as declared, canonical URL, site name, description, links,
// feeds, tags, translations and images.
#pragma once

#include <string>
#include <string_view>

#include "extract/article.h"
#include "extract/html_dom.h"
#include "extract/main_text.h"

namespace caravan::extract {

// Fills every Article field except `text` and `error` from `doc`, fetched
// from `url` (may be empty). `main` is the page's main text: its first
// heading and its opening lines are evidence for the title and the date.
// `language` is only the declared one (html lang, Content-Language meta,
// JSON-LD inLanguage); detection from the text is the caller's business.
//
// Sources, strongest first:
//   title: og:title / twitter:title, JSON-LD headline, the main text's h1,
//          <title>; each without the site name (a leading or trailing part
//          after " | ", " - ", " — ", " – ", " :: ", " « ", " » ", " › ",
//          "_" and the like that matches og:site_name or the host). An h1
//          that the chosen title contains (the title with a section or
//          kicker around it) wins.
//   authors: meta author / article:author / DC.creator, JSON-LD author,
//          rel=author and itemprop=author; else a byline element's text.
//          "By " and similar prefixes stripped, lists split, deduplicated.
//   published: article:published_time and similar meta, JSON-LD
//          datePublished, itemprop=datePublished, <time datetime>; a UTC
//          timestamp among them moves to the publisher's day that the same
//          instant with an offset, the URL or a printed date gives. Else
//          the URL's /yyyy/mm/dd/, a printed date in a date element
//          (class/id naming date, time, byline, submitted and the like;
//          <time>, <small>) nearest the h1 (not in comments, sidebars,
//          related posts), just after the h1, after a label ("Veröffentlicht
//          am"), then a bare meta "date", then in the opening of the
//          elements the main text came from (datelines included).
//   modified: article:modified_time, og:updated_time, JSON-LD
//          dateModified, itemprop=dateModified.
//   tags, translations, images: tags.h, translations.h, images.h; the
//          og:image (with og:image:alt) leads the images.
void ExtractMetadata(HtmlDocument* doc, std::string_view url, const MainText& main, Article* out);

}  // namespace caravan::extract
