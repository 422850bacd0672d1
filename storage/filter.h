// Which documents a consumer wants: the filters List and Subscribe share.
#pragma once

#include <string>

#include "caravan/v1/document.pb.h"
#include "caravan/v1/documents.pb.h"

namespace caravan::storage {

// Empty fields match everything. Time ranges are half-open, [after,
// before), so adjacent windows neither overlap nor leave gaps; a document
// without the field matches no bounded range.
struct DocumentFilter {
  std::string source;
  std::string language;
  std::string topic;
  google::protobuf::Timestamp published_after, published_before;
  google::protobuf::Timestamp fetched_after, fetched_before;
  bool has_published_after = false, has_published_before = false;
  bool has_fetched_after = false, has_fetched_before = false;
  // Copies of another document (duplicate_of set) match only when asked.
  bool include_copies = false;
  // Files attached to a page (attachment_of set) match only when asked.
  bool include_attachments = true;
};

DocumentFilter FilterOf(const caravan::v1::ListDocumentsRequest& request);
DocumentFilter FilterOf(const caravan::v1::SubscribeRequest& request);

bool Matches(const caravan::v1::Document& doc, const DocumentFilter& filter);

}  // namespace caravan::storage
