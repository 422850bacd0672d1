// The Document a fetched and extracted page becomes: its identity (an id
// from the canonical URL) and the content hash exact duplicates are found
// by, decided here once so that every writer of the store agrees.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "caravan/v1/document.pb.h"
#include "caravan/v1/stages.pb.h"
#include "storage/document_store.h"

namespace caravan::dedup {

// Main text shorter than this (bytes, after site templates) is not a
// publication: an error page, a cookie wall, a teaser left by a paywall.
inline constexpr size_t kMinDocumentChars = 200;

// The document id of a canonical URL: 32 hex digits.
std::string DocumentId(std::string_view canonical_url);

// Hash of `text` with ASCII white space runs collapsed, so a re-wrapped
// page is the same content.
std::string ContentHash(std::string_view text);

// Where a page came from, beside what extraction found in it.
struct PageOrigin {
  std::string source;
  std::string url;            // the URL fetched, after redirects
  std::string canonical_url;  // in the source's scope
  std::string content_type;
  std::string linked_from;    // the page that linked it, for files' landing pages
  google::protobuf::Timestamp fetched_at;
};

// The document for `extracted` with main text `text` (extracted.text()
// after site templates): id, content hash and every extracted field, but
// not yet its topics.
caravan::v1::Document AssembleDocument(const caravan::v1::ExtractResult& extracted, std::string text,
                                       const PageOrigin& origin);

// The provenance of a document made from `result`: final URL and
// redirects, status, validators, the body's size and hash, and the
// extractor's version.
caravan::v1::FetchRecord FetchRecordOf(const caravan::v1::FetchResult& result);

// Sets `doc`'s topics from its title and text (topics/topics.h). Apart from
// AssembleDocument because it costs about a sixth of an extraction: callers
// tag only documents they will write.
void AddTopics(caravan::v1::Document* doc);

// Tags the documents of `store` stored before topics existed, or under
// another lexicon, once per lexicon (DocumentStore::Migrate): in place, no
// new version. Returns how many changed; -1 with `error` set on failure.
int64_t RetagStoredTopics(storage::DocumentStore* store, std::string* error);

}  // namespace caravan::dedup
