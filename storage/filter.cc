#include "storage/filter.h"

#include <algorithm>

namespace caravan::storage {
namespace {

using google::protobuf::Timestamp;

bool Earlier(const Timestamp& a, const Timestamp& b) {
  return a.seconds() < b.seconds() || (a.seconds() == b.seconds() && a.nanos() < b.nanos());
}

bool InRange(bool has_value, const Timestamp& value, bool has_after, const Timestamp& after, bool has_before,
             const Timestamp& before) {
  if (!has_after && !has_before) return true;
  if (!has_value) return false;
  if (has_after && Earlier(value, after)) return false;
  if (has_before && !Earlier(value, before)) return false;
  return true;
}

// Both requests name their filters alike.
template <typename Request>
DocumentFilter CommonFilter(const Request& r) {
  DocumentFilter f;
  f.source = r.source();
  f.language = r.language();
  f.topic = r.topic();
  f.published_after = r.published_after();
  f.published_before = r.published_before();
  f.fetched_after = r.fetched_after();
  f.fetched_before = r.fetched_before();
  f.has_published_after = r.has_published_after();
  f.has_published_before = r.has_published_before();
  f.has_fetched_after = r.has_fetched_after();
  f.has_fetched_before = r.has_fetched_before();
  f.include_copies = r.include_copies();
  return f;
}

}  // namespace

DocumentFilter FilterOf(const caravan::v1::ListDocumentsRequest& request) {
  DocumentFilter f = CommonFilter(request);
  f.include_attachments = request.include_attachments();
  return f;
}

DocumentFilter FilterOf(const caravan::v1::SubscribeRequest& request) { return CommonFilter(request); }

bool Matches(const caravan::v1::Document& d, const DocumentFilter& f) {
  if (!f.include_copies && !d.duplicate_of().empty()) return false;
  if (!f.include_attachments && !d.attachment_of().empty()) return false;
  if (!f.source.empty() && d.source() != f.source) return false;
  if (!f.language.empty() && d.language() != f.language) return false;
  if (!f.topic.empty() && std::none_of(d.topics().begin(), d.topics().end(),
                                       [&](const caravan::v1::Topic& t) { return t.name() == f.topic; })) {
    return false;
  }
  return InRange(d.has_published(), d.published(), f.has_published_after, f.published_after,
                 f.has_published_before, f.published_before) &&
         InRange(d.has_fetched_at(), d.fetched_at(), f.has_fetched_after, f.fetched_after, f.has_fetched_before,
                 f.fetched_before);
}

}  // namespace caravan::storage
