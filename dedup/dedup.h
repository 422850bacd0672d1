// Duplicate detection: by document id (derived from the canonical URL), by
// content hash, and by the similarity of main texts (dedup/sketch.h).
#pragma once

#include "caravan/v1/stages.pb.h"
#include "storage/document_store.h"

namespace caravan::dedup {

// Classifies a freshly extracted document against the store (not owned):
// the same id with the same text is UNCHANGED, with other text CHANGED;
// another document of the same source with the same text makes it a
// DUPLICATE (another address of that one). A document whose text is the
// same as, or IsNearDuplicate of, a stored one's of another source is a
// NEAR_DUPLICATE of that group's original; it supersedes the original when
// it was published earlier, or, on a tie, when the original's text credits
// its site. Among several matches the most similar wins.
class Deduplicator {
 public:
  explicit Deduplicator(const storage::DocumentStore* store) : store_(store) {}

  caravan::v1::DedupResult Check(const caravan::v1::Document& doc) const;

 private:
  const storage::DocumentStore* store_;
};

}  // namespace caravan::dedup
