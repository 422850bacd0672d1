// Site templates: the boilerplate of one site, learned from its pages.
//
// A single-page extractor (trafilatura, Readability, caravan's own) sees one
// page and judges each block by its markup: link density, class names,
// position. A disclaimer, a citation request ("Please cite this report as a
// publication of ..."), a newsletter appeal or a standard author box written
// as plain paragraphs inside the article looks like article text on any one
// page. Across the pages of its site it does not: it recurs on a large share
// of them. This is template detection by frequency across a site's pages
// (Bar-Yossef & Rajagopalan, "Template detection via data mining and its
// applications", WWW 2002, who count shared pagelets), applied to the
// paragraphs of the extracted main text.
//
// A block is one paragraph of the main text (paragraphs are separated by
// "\n\n"), compared after normalisation: spaces collapsed, case folded,
// every digit read as 0, so "© 2024" and "© 2025" are one block. Blocks of
// fewer than kMinBlockWeight characters (TextWeight) are neither counted nor
// removed: a short line says too little to tell a template from a dateline.
//
// Text that merely recurs must survive, so a block is a template of a host
// only when it is on at least `min_pages` distinct pages and on at least
// `min_share` of the host's recent pages (a quotation used on 5 of 400 pages
// stays). Templates sit at the edges of an article, before its first or
// after its last full paragraph (kMinBodyWeight) that is no template; one
// between two such paragraphs is removed only when it is on
// `interior_min_share` of the recent pages (a "subscribe" appeal inserted
// into every article is; a sentence quoted in several articles is not).
//
// Storage, in column family "site_templates":
//   host \0                  -> be32 generation, be32 pages in it, be32 pages in the one before
//   host \0 be64 block hash  -> be32 generation g, be32 pages in g, be32 pages in g - 1
// The host's "recent" pages are its current generation and the previous one:
// a generation ends after `window_pages` pages; when it does, the blocks last
// seen in older generations are deleted (one prefix scan of the host). A
// host so keeps at most the distinct blocks of 2 * window_pages pages, and
// nothing is cached in memory.
#pragma once

#include <array>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/database.h"

namespace caravan::templates {

struct SiteTemplateOptions {
  int min_pages = 5;                 // distinct pages a block must be on
  double min_share = 0.1;            // ... and this share of the host's recent pages
  double interior_min_share = 0.5;   // share for a block between two non-template paragraphs
  int window_pages = 500;            // a generation; "recent" is the last one or two of them
};

// Blocks shorter than this (TextWeight of the normalised paragraph) are left
// to the single-page extractor.
inline constexpr size_t kMinBlockWeight = 20;
// A paragraph of the article's body, as opposed to its title or byline: few
// titles are this long, few paragraphs shorter.
inline constexpr size_t kMinBodyWeight = 100;

// Learns, per host, which paragraphs recur across that host's pages, in the
// "site_templates" column family of `db` (not owned; must outlive this), and
// strips them. Hosts are compared as given (the caller lowercases them); an
// empty host is never learned nor cleaned. Thread-safe: Learn serialises the
// read-modify-write of one host, Clean only reads.
class SiteTemplates {
 public:
  SiteTemplates(storage::Database* db, SiteTemplateOptions options);

  SiteTemplates(const SiteTemplates&) = delete;
  SiteTemplates& operator=(const SiteTemplates&) = delete;

  // `text` without the host's template blocks. Never "" for a non-empty
  // text: a page whose every countable block is a template keeps its text.
  // When the store cannot be read, returns `text` unchanged and sets `error`.
  std::string Clean(std::string_view host, std::string_view text, std::string* error = nullptr) const;

  // Counts the blocks of one more distinct page of `host`; call once per
  // page (the pipeline calls it for new documents only). One WriteBatch. On
  // failure returns false and sets `error`; nothing is counted then.
  bool Learn(std::string_view host, std::string_view text, std::string* error = nullptr);

 private:
  storage::Database* db_;
  rocksdb::ColumnFamilyHandle* cf_;
  SiteTemplateOptions options_;
  // Learn of one host is a read-modify-write; hosts hash onto these.
  std::array<std::mutex, 64> host_locks_;
};

}  // namespace caravan::templates
