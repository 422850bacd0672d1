// Documents, their versions, raw bodies and the durable change log.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caravan/v1/document.pb.h"
#include "caravan/v1/documents.pb.h"
#include "dedup/sketch.h"
#include "storage/database.h"

namespace caravan::storage {

// Stores documents in `db` (not owned). Every write of a document and its
// change event is one atomic RocksDB batch, so a killed process never
// leaves a document without its event or an event without its document.
// Cursors are the decimal change-log sequence numbers (1, 2, ...).
// Default and largest byte budget of a List page: the default is under
// gRPC's default 4 MiB receive limit, so that any client gets its pages.
inline constexpr int64_t kListPageBytes = 3 << 20;
inline constexpr int64_t kMaxListPageBytes = 64 << 20;

// Thread-safe.
class DocumentStore {
 public:
  // Reads the last sequence number and the count. Aborts, with the reason
  // on stderr, when it cannot: writing on would overwrite logged events.
  explicit DocumentStore(Database* db);

  // Writes `doc` (its id, content_hash and fetched_at set by the caller),
  // its sketch and near-duplicate index keys, and its links: with
  // duplicate_of set, the original (when live) lists it among its copies;
  // each id in copies becomes its copy, the copies of those too. Links of
  // the stored version are kept. The linked documents are rewritten in
  // place, at their current version, each with a LINKED event after this
  // document's. So are its stored translations: all share one
  // translation_group, and each translation entry names the stored
  // document's id; and the landing page of a file, which lists it among
  // its attachments.
  // When no document has this id: version 1 and a CREATED event. When the
  // stored one has another content_hash or title, or is a tombstone:
  // version+1 and an UPDATED event. Otherwise nothing is written and nullopt
  // returned. `version` and `deleted` of `doc` are ignored; stored aliases
  // are kept. The raw body is kept zstd-compressed per version. Also indexes
  // the url, canonical_url and content hash (which stays with the first
  // live document that has it). The returned event carries the document.
  // On failure returns nullopt and sets `error`; it is untouched otherwise.
  // With `any_field_change`, a change of any field the page gave (authors,
  // dates, tags...) makes a new version too, as a re-extraction needs.
  std::optional<caravan::v1::DocumentEvent> Put(caravan::v1::Document doc,
                                                std::string_view raw_body,
                                                std::string* error = nullptr,
                                                bool any_field_change = false);

  // Marks the document deleted (a tombstone, kept, version+1) with a DELETED
  // event. Nullopt when it already is one, or on failure (then `error` is
  // set: no such document, or the write failed).
  std::optional<caravan::v1::DocumentEvent> Delete(const std::string& id,
                                                   std::string* error = nullptr);

  // Records `url` as another address of document `id`: kept in its aliases
  // (without a new version or event) and found by FindByUrl. False with
  // `error` set when there is no such document or the write failed.
  bool AddAlias(const std::string& id, const std::string& url, std::string* error = nullptr);

  // Brings documents written by an older version up to date, once per
  // `format` of the migration `name` (kept in "meta"): `update` sees the
  // latest version of every document and returns true when it changed it,
  // and the change is written over that version in place (no new version,
  // no event). Blocks writers while it runs. Returns how many changed, or
  // -1 with `error` set when reading or writing failed.
  int64_t Migrate(std::string_view name, std::string_view format,
                  const std::function<bool(caravan::v1::Document*)>& update, std::string* error);

  // Reads below return nullopt both when there is nothing and when reading
  // failed; then `error` (when given) says why, and it is untouched
  // otherwise, so that a caller can tell "no such document" from "could
  // not read".
  std::optional<caravan::v1::Document> Get(const std::string& id, std::string* error = nullptr) const;
  std::optional<caravan::v1::Document> GetVersion(const std::string& id, uint32_t version,
                                                  std::string* error = nullptr) const;
  std::optional<std::string> GetRawBody(const std::string& id, uint32_t version) const;
  std::optional<std::string> FindByContentHash(const std::string& content_hash, std::string* error = nullptr) const;

  // Live documents whose sketch shares an index key (an LSH band of its
  // MinHash, or a SimHash block) with `sketch`, with their sketches: the
  // candidates a near-duplicate check verifies. A key shared by more than
  // 64 documents is skipped, so no lookup reads more than 65 ids per key.
  std::vector<std::pair<std::string, dedup::Sketch>> NearCandidates(const dedup::Sketch& sketch,
                                                                    std::string* error = nullptr) const;
  std::optional<std::string> FindByUrl(const std::string& url, std::string* error = nullptr) const;

  // Filters and pages as the Documents.List RPC describes: in id order, or,
  // filtered by source, topic or language, newest first (by publication
  // time, else fetch time) along that secondary index, so that a page
  // costs about its size. Page tokens are opaque. Time ranges are
  // half-open, [after, before), so adjacent windows neither overlap nor
  // leave gaps; a document without the field matches no bounded range.
  // Tombstones are listed (deleted set) so a consumer syncing by List sees
  // removals; copies of another document (duplicate_of set) are not, unless
  // include_copies, nor are files attached to a page (attachment_of set)
  // unless include_attachments: they come with their page (FillAttached).
  // Scans until the next match to tell whether there is a next page. A
  // page stays within max_page_bytes (kListPageBytes when 0, at most
  // kMaxListPageBytes) of serialized documents: it ends early (byte_limited),
  // and a document over the budget alone is listed without its text
  // (text_omitted) when it would be the page's first. When RocksDB fails
  // a read, sets `error` and returns what it has: an empty page.
  caravan::v1::ListDocumentsResponse List(const caravan::v1::ListDocumentsRequest& request,
                                          std::string* error = nullptr) const;

  // Sets `doc->attached` to the current documents of its attachments (text
  // cleared when omit_text); those that cannot be read are left out.
  void FillAttached(caravan::v1::Document* doc, bool omit_text) const;

  // Events with sequence > after_seq, in order, at most `max`, each with its
  // document as of that event (text cleared when omit_text): its fields as
  // they were when the event was logged, its text that of its version. An event whose
  // records cannot be read still comes, with at least its cursor, rather
  // than leaving a gap a consumer could not notice.
  std::vector<caravan::v1::DocumentEvent> ReadChanges(uint64_t after_seq, size_t max,
                                                      bool omit_text = false) const;
  // The same events, each passed to `visit` with its sequence number
  // instead of copied out. `visit` may take the event's contents (Swap
  // them for a message it no longer needs): the store parses the next
  // event into whatever the message then holds, reusing its memory. Stops
  // after the event for which `visit` returns false. Returns how many
  // events were visited.
  size_t VisitChanges(uint64_t after_seq, size_t max, bool omit_text,
                      const std::function<bool(uint64_t seq, caravan::v1::DocumentEvent* event)>& visit) const;

  // Blocks until an event with sequence > after_seq exists, `timeout_ms`
  // passes, or Shutdown() is called. True when there is an event.
  bool WaitForChanges(uint64_t after_seq, int64_t timeout_ms) const;
  // Wakes every waiter; later waits return at once.
  void Shutdown();

  uint64_t LastSeq() const;
  // The oldest event still in the change log; LastSeq() + 1 when it is
  // empty. A consumer whose cursor is before FirstSeq() - 1 has missed
  // events that retention dropped.
  uint64_t FirstSeq() const;
  // Drops change-log events written before `before_ms` (0: none by age)
  // and all but the newest `keep_events` (0: none by count); the newest
  // event always stays, so that its cursor still resumes. Documents and
  // versions are untouched. Returns how many were dropped, or -1 with
  // `error` set.
  int64_t PruneChanges(int64_t before_ms, uint64_t keep_events, std::string* error);

  // The sequence number of the first event written at or after `unix_ms`;
  // LastSeq() + 1 when none is. Events are written in time order, so this
  // bisects the change log.
  uint64_t FirstSeqAtOrAfter(int64_t unix_ms) const;
  // When event `seq` was written; nullopt when there is no such event.
  std::optional<int64_t> EventTimeMs(uint64_t seq) const;

  // Calls `visit` with the latest version of every document (tombstones
  // too), in id order, until it returns false. False when `visit` did, or
  // reading failed.
  bool ForEachDocument(const std::function<bool(const caravan::v1::Document&)>& visit) const;

  // Every stored version of document `id`, oldest first; empty when none.
  std::vector<caravan::v1::VersionInfo> ListVersions(const std::string& id) const;
  int64_t Count() const;  // documents, including tombstones

 private:
  // Indexes the sketches of a store written before there were any.
  void IndexSketchesOfOlderStore();
  // Builds List's secondary indexes over a store written before them.
  void IndexListsOfOlderStore();
  // Other documents a Put changes the links of, by id, as they are to be
  // written: a document linked twice in one Put is read once.
  using Linked = std::map<std::string, caravan::v1::Document>;
  // The document `id` as `linked` has it, else as stored; nullopt when
  // there is none, with `error` set when reading failed.
  std::optional<caravan::v1::Document> ReadLinked(const std::string& id, const Linked& linked,
                                                  std::string* error) const;
  // Links `doc` with its original or copies, and the documents changed to
  // `linked`.
  bool Link(caravan::v1::Document* doc, Linked* linked, std::string* error);
  // Gives `doc` the translation group of its stored translations (or starts
  // one), fills their document ids, and tells each of them about `doc` in
  // `linked`.
  bool JoinTranslations(caravan::v1::Document* doc, const std::optional<caravan::v1::Document>& existing,
                        Linked* linked, std::string* error);
  // For a file with a landing_url whose page is stored: sets attachment_of
  // and lists the file among the page's attachments in `linked`.
  bool AttachToLandingPage(caravan::v1::Document* doc, Linked* linked, std::string* error);

  // Adds `doc` (at its new version) to docs and versions and its event to
  // the change log in `batch`, then each of `linked` over its current
  // version with a LINKED event; writes the batch and publishes the
  // events. Caller holds write_mu_.
  std::optional<caravan::v1::DocumentEvent> Commit(caravan::v1::Document doc, caravan::v1::EventType type,
                                                   rocksdb::WriteBatch* batch, std::string* error,
                                                   const Linked& linked = {});

  Database* db_;
  // Serializes writers: each reads the stored document, then writes the
  // next sequence number. Held across RocksDB I/O, so readers of the
  // fields below use mu_ instead and never wait for a write.
  std::mutex write_mu_;
  mutable std::mutex mu_;  // guards the fields below; changed under both
  mutable std::condition_variable changed_;
  uint64_t last_seq_ = 0;
  uint64_t first_seq_ = 1;  // the oldest retained event
  int64_t count_ = 0;
  bool shutdown_ = false;
};

// Parses a cursor string; nullopt when malformed ("" is 0: the beginning).
std::optional<uint64_t> ParseCursor(std::string_view cursor);

}  // namespace caravan::storage
