// Exact duplicate detection: by document id (derived from the canonical
// URL) and by content hash.
#pragma once

#include "caravan/v1/stages.pb.h"
#include "storage/document_store.h"

namespace caravan::dedup {

// Classifies a freshly extracted document against the store (not owned):
// the same id with the same text is UNCHANGED, with other text CHANGED;
// another document with the same text makes it a DUPLICATE of that one.
class Deduplicator {
 public:
  explicit Deduplicator(const storage::DocumentStore* store) : store_(store) {}

  caravan::v1::DedupResult Check(const caravan::v1::Document& doc) const;

 private:
  const storage::DocumentStore* store_;
};

}  // namespace caravan::dedup
