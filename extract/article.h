// Main-text and metadata extraction from fetched documents (HTML, PDF).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::extract {

// Names the extraction code in each stored version's provenance
// (FetchRecord.extractor_version). Raise it with every change that alters
// what Extract returns, so that a re-extraction can tell old output.
inline constexpr std::string_view kExtractorVersion = "2026.12.2";

// The same publication in another language.
struct Translation {
  std::string language;  // BCP 47 tag as the page gave it ("ru", "zh-Hans")
  std::string url;       // absolute
};

// An image of the main content.
struct Image {
  std::string url;      // absolute
  std::string caption;  // figcaption, CMS caption, else alt text; may be ""
};

// What a reader wants from one page, without the site's boilerplate.
struct Article {
  std::string title;                 // without the site name
  std::vector<std::string> authors;
  std::optional<int64_t> published_ms;  // Unix ms
  // The UTC offset the page stated with its publication time, in minutes
  // ("+06:00" is 360), to show the date as the publisher wrote it; 0 when
  // none was given.
  int published_offset_min = 0;
  std::optional<int64_t> modified_ms;
  std::string language;              // "en", "ru", "zh", ... or ""
  // Main content: headings, paragraphs, list items, quotes, table rows;
  // paragraphs separated by one blank line ("\n\n").
  std::string text;
  // The standfirst (dek, lead) the page sets under its headline, apart
  // from `text`; "" when there is none.
  std::string standfirst;
  std::string canonical_url;         // rel=canonical / og:url, absolute, or ""
  std::string site_name;
  std::string description;
  std::vector<std::string> outlinks;    // absolute http(s) links, no fragments, deduplicated
  std::vector<std::string> feed_links;  // <link rel=alternate> RSS/Atom/JSON feeds
  std::vector<std::string> tags;        // tags and categories, page order, deduplicated
  std::vector<Translation> translations;
  std::vector<Image> images;
  // An index of other pages (category, tag, author, archive, search
  // results, pagination, a language's home page): its links are worth
  // following, but it is not a publication (listing.h).
  bool listing = false;
  // A listing page after its first (page 2, 3, ... of an archive): its
  // links move on as new posts push them down.
  bool listing_continuation = false;
  std::string error;                 // why nothing could be extracted, else ""
};

struct Input {
  std::string_view body;          // raw bytes as fetched
  std::string_view url;           // for resolving links; may be empty
  std::string_view content_type;  // media type from the HTTP header, may be empty
  std::string_view charset;       // charset from the HTTP header, may be empty
};

// Extracts an Article from HTML (or PDF when the content type or magic
// says so). Never throws; on garbage it returns what it can with `error`.
// HTML over 8 MiB and text over 20 MiB are cut, PDFs over 20 MiB refused;
// parsing HTML stops after 2 s, keeping what it read (see ParseHtml).
Article Extract(const Input& input);

}  // namespace caravan::extract
