#include "dedup/dedup.h"

namespace caravan::dedup {

using caravan::v1::DedupResult;

DedupResult Deduplicator::Check(const caravan::v1::Document& doc) const {
  DedupResult result;
  if (auto existing = store_->Get(doc.id())) {
    result.set_existing_id(existing->id());
    result.set_existing_version(existing->version());
    result.set_existing_url(existing->url());
    bool same = existing->content_hash() == doc.content_hash() && existing->title() == doc.title() &&
                !existing->deleted();
    result.set_verdict(same ? DedupResult::UNCHANGED : DedupResult::CHANGED);
    return result;
  }
  if (auto other = store_->FindByContentHash(doc.content_hash()); other && *other != doc.id()) {
    if (auto original = store_->Get(*other); original && !original->deleted()) {
      result.set_verdict(DedupResult::DUPLICATE);
      result.set_existing_id(original->id());
      result.set_existing_version(original->version());
      result.set_existing_url(original->url());
      return result;
    }
  }
  result.set_verdict(DedupResult::NEW);
  return result;
}

}  // namespace caravan::dedup
