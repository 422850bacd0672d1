#include "dedup/document.h"

#include "common/ascii.h"
#include "common/hash.h"
#include "common/spaces.h"
#include "extract/article.h"
#include "topics/topics.h"

namespace caravan::dedup {

std::string DocumentId(std::string_view canonical_url) { return Hash128Hex(canonical_url); }

std::string ContentHash(std::string_view text) { return Hash128Hex(CollapseSpaces(text, Spaces::kAscii)); }

caravan::v1::Document AssembleDocument(const caravan::v1::ExtractResult& extracted, std::string text,
                                       const PageOrigin& origin) {
  caravan::v1::Document doc;
  doc.set_id(DocumentId(origin.canonical_url));
  doc.set_source(origin.source);
  doc.set_url(origin.url);
  doc.set_canonical_url(origin.canonical_url);
  doc.set_title(extracted.title());
  for (const auto& a : extracted.authors()) doc.add_authors(a);
  if (!extracted.authors().empty()) doc.set_author(extracted.authors(0));
  if (extracted.has_published()) *doc.mutable_published() = extracted.published();
  if (extracted.has_modified()) *doc.mutable_modified() = extracted.modified();
  doc.set_language(extracted.language());
  doc.set_content_hash(ContentHash(text));
  doc.set_text(std::move(text));
  *doc.mutable_fetched_at() = origin.fetched_at;
  doc.set_content_type(origin.content_type);
  for (const auto& link : extracted.outlinks()) doc.add_outlinks(link);
  doc.set_site_name(extracted.site_name());
  doc.set_description(extracted.description());
  doc.set_standfirst(extracted.standfirst());
  doc.set_published_offset_min(extracted.published_offset_min());
  doc.mutable_tags()->CopyFrom(extracted.tags());
  doc.mutable_translations()->CopyFrom(extracted.translations());
  doc.mutable_images()->CopyFrom(extracted.images());
  // A page's linker is worth keeping only for files: a report's PDF is
  // read with its landing page, while pages link each other everywhere.
  if (origin.content_type != "text/html") doc.set_landing_url(origin.linked_from);
  return doc;
}

caravan::v1::FetchRecord FetchRecordOf(const caravan::v1::FetchResult& result) {
  caravan::v1::FetchRecord r;
  r.set_final_url(result.final_url());
  r.mutable_redirect_chain()->CopyFrom(result.task().redirect_chain());
  r.set_http_status(result.status());
  r.set_content_type(result.content_type());
  for (const auto& h : result.headers()) {
    if (AsciiLowerCopy(h.name()) == "content-type") r.set_content_type(h.value());
  }
  r.set_etag(result.etag());
  r.set_last_modified(result.last_modified());
  r.set_body_bytes(static_cast<int64_t>(result.body().size()));
  r.set_body_hash(Hash128Hex(result.body()));
  r.set_extractor_version(std::string(extract::kExtractorVersion));
  return r;
}

void AddTopics(caravan::v1::Document* doc) {
  doc->clear_topics();
  for (const topics::TopicScore& t : topics::Classify(doc->title(), doc->text())) {
    caravan::v1::Topic* topic = doc->add_topics();
    topic->set_name(t.name);
    topic->set_score(t.score);
  }
}

int64_t RetagStoredTopics(storage::DocumentStore* store, std::string* error) {
  return store->Migrate("topics", topics::LexiconVersion(), [](caravan::v1::Document* doc) {
    const std::string before = doc->SerializeAsString();
    AddTopics(doc);
    return doc->SerializeAsString() != before;
  }, error);
}

}  // namespace caravan::dedup
