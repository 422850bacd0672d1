// Documents, their versions, raw bodies and the durable change log.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/v1/document.pb.h"
#include "caravan/v1/documents.pb.h"
#include "storage/database.h"

namespace caravan::storage {

// Stores documents in `db` (not owned). Every write of a document and its
// change event is one atomic RocksDB batch, so a killed process never
// leaves a document without its event or an event without its document.
// Cursors are the decimal change-log sequence numbers (1, 2, ...).
// Thread-safe.
class DocumentStore {
 public:
  explicit DocumentStore(Database* db);

  // Writes `doc` (its id, content_hash and fetched_at set by the caller).
  // When no document has this id: version 1 and a CREATED event. When the
  // stored one has another content_hash or title: version+1 and an UPDATED
  // event. Otherwise nothing is written and nullopt returned. The raw body
  // is kept zstd-compressed per version. Also indexes the content hash, the
  // document's url and canonical_url.
  std::optional<caravan::v1::DocumentEvent> Put(caravan::v1::Document doc,
                                                std::string_view raw_body,
                                                std::string* error = nullptr);

  // Marks the document deleted (a tombstone, kept) with a DELETED event.
  std::optional<caravan::v1::DocumentEvent> Delete(const std::string& id);

  // Records `url` as another address of document `id` (kept in aliases).
  void AddAlias(const std::string& id, const std::string& url);

  std::optional<caravan::v1::Document> Get(const std::string& id) const;
  std::optional<caravan::v1::Document> GetVersion(const std::string& id, uint32_t version) const;
  std::optional<std::string> GetRawBody(const std::string& id, uint32_t version) const;
  std::optional<std::string> FindByContentHash(const std::string& content_hash) const;
  std::optional<std::string> FindByUrl(const std::string& url) const;

  // Filters and pages as the Documents.List RPC describes; the page token
  // is the last id of the previous page.
  caravan::v1::ListDocumentsResponse List(const caravan::v1::ListDocumentsRequest& request) const;

  // Events with sequence > after_seq, in order, at most `max`, each with its
  // document as of that event (text cleared when omit_text).
  std::vector<caravan::v1::DocumentEvent> ReadChanges(uint64_t after_seq, size_t max,
                                                      bool omit_text = false) const;

  // Blocks until an event with sequence > after_seq exists, `timeout_ms`
  // passes, or Shutdown() is called. True when there is an event.
  bool WaitForChanges(uint64_t after_seq, int64_t timeout_ms) const;
  void Shutdown();

  uint64_t LastSeq() const;
  int64_t Count() const;  // documents, including tombstones

 private:
  Database* db_;
  mutable std::mutex mu_;  // serializes writers; guards last_seq_
  mutable std::condition_variable changed_;
  uint64_t last_seq_ = 0;
  int64_t count_ = 0;
  bool shutdown_ = false;
};

// Parses a cursor string; nullopt when malformed ("" is 0: the beginning).
std::optional<uint64_t> ParseCursor(std::string_view cursor);

}  // namespace caravan::storage
