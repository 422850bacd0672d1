#include "dedup/dedup.h"

#include "common/ascii.h"
#include "dedup/sketch.h"

namespace caravan::dedup {
namespace {

using caravan::v1::DedupResult;
using caravan::v1::Document;

bool PublishedBefore(const Document& a, const Document& b) {
  if (!a.has_published()) return false;
  if (!b.has_published()) return true;
  return a.published().seconds() < b.published().seconds();
}

// Whether `copy`'s text names `original`'s site ("first published by
// Steppe Analytics"), as reprints credit the publication they copy.
bool Credits(const Document& copy, const Document& original) {
  const std::string text = AsciiLowerCopy(copy.text());
  for (const std::string& name : {original.site_name(), original.source()}) {
    if (name.size() >= 3 && text.find(AsciiLowerCopy(name)) != std::string::npos) return true;
  }
  return false;
}

// Whether `doc` comes before `original` in their group: published earlier,
// or, on a tie (the same time, or neither dated), credited by it.
bool Precedes(const Document& doc, const Document& original) {
  if (PublishedBefore(doc, original)) return true;
  if (PublishedBefore(original, doc)) return false;
  return Credits(original, doc) && !Credits(doc, original);
}

void SetExisting(const Document& existing, DedupResult* result) {
  result->set_existing_id(existing.id());
  result->set_existing_version(existing.version());
  result->set_existing_url(existing.url());
}

}  // namespace

DedupResult Deduplicator::Check(const Document& doc) const {
  DedupResult result;
  // Any read that fails makes the verdict unknown: a document that could
  // not be read must not pass for one that does not exist.
  std::string error;
  auto failed = [&] {
    DedupResult unknown;
    unknown.set_error("deduplicating " + doc.id() + " (" + doc.url() + "): " + error);
    return unknown;
  };
  if (auto existing = store_->Get(doc.id(), &error)) {
    SetExisting(*existing, &result);
    bool same = existing->content_hash() == doc.content_hash() && existing->title() == doc.title() &&
                !existing->deleted();
    result.set_verdict(same ? DedupResult::UNCHANGED : DedupResult::CHANGED);
    return result;
  }
  if (!error.empty()) return failed();
  // The original of the group of `id`: the document itself, or the one it
  // copies. Within one source pages are told apart by their URLs, however
  // alike their texts (a weekly digest, a templated notice): copies are
  // looked for on other sources only.
  auto original_of = [&](const std::string& id) -> std::optional<Document> {
    std::optional<Document> d = store_->Get(id, &error);
    if (d && d->source() == doc.source()) return std::nullopt;
    if (d && !d->duplicate_of().empty()) d = store_->Get(d->duplicate_of(), &error);
    if (!d || d->deleted() || d->id() == doc.id() || d->source() == doc.source()) return std::nullopt;
    return d;
  };
  auto near = [&](const Document& original, const Similarity& similarity) {
    result.set_verdict(DedupResult::NEAR_DUPLICATE);
    SetExisting(original, &result);
    result.set_supersedes(Precedes(doc, original));
    result.set_jaccard(static_cast<float>(similarity.jaccard));
    result.set_containment(static_cast<float>(similarity.containment));
    return result;
  };
  if (auto other = store_->FindByContentHash(doc.content_hash(), &error); other && *other != doc.id()) {
    if (auto same_text = store_->Get(*other, &error); same_text && !same_text->deleted()) {
      if (same_text->source() == doc.source()) {
        result.set_verdict(DedupResult::DUPLICATE);
        SetExisting(*same_text, &result);
        return result;
      }
      if (auto original = original_of(same_text->id())) return near(*original, {1.0, 1.0, 0});
    }
  }
  if (!error.empty()) return failed();
  Sketch sketch = SketchOf(doc.text());
  std::optional<Document> best;
  Similarity best_similarity;
  for (const auto& [id, candidate] : store_->NearCandidates(sketch, &error)) {
    if (id == doc.id() || !IsNearDuplicate(sketch, candidate)) continue;
    Similarity similarity = Compare(sketch, candidate);
    if (best && similarity.jaccard + similarity.containment <=
                    best_similarity.jaccard + best_similarity.containment) {
      continue;
    }
    if (auto original = original_of(id)) {
      best = std::move(original);
      best_similarity = similarity;
    }
  }
  if (!error.empty()) return failed();
  if (best) return near(*best, best_similarity);
  result.set_verdict(DedupResult::NEW);
  return result;
}

}  // namespace caravan::dedup
