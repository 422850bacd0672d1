// The one embedded RocksDB instance of a caravand process.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rocksdb/db.h>

#include "common/periodic.h"

namespace caravan::storage {

// Column families, one per kind of record. Adding one here creates it on
// the next open.
inline constexpr const char* kColumnFamilies[] = {
    "default",
    "docs",            // doc id -> caravan.v1.Document (latest version)
    "versions",        // doc id + be32 version -> caravan.v1.Document
    "raw",             // doc id + be32 version -> zstd(raw body)
    "changes",         // be64 seq -> caravan.v1.DocumentEvent (document without text)
    "content_index",   // content hash -> doc id
    "url_index",       // url (fetched or alias) -> doc id
    "frontier_urls",   // normalized url -> frontier url state
    "frontier_queue",  // host \0 be64 due_ms \0 url -> ""
    "sitemap_urls",    // sitemap url \0 page url -> "" (what each sitemap listed last)
    "meta",            // misc small records (document count, paused sources)
    "site_templates",  // host \0 block hash -> counts of a text block across the host's pages
    "sketches",        // doc id -> dedup::EncodeSketch of its current text
    "near_index",      // dedup::IndexKeys key + doc id -> "" (live documents only)
    "consumers",       // consumer name -> caravan.v1.Consumer (without lag)
    "list_index",      // kind + value \0 be64(~time) + doc id -> "": List by source, language, topic
};

// "near_index" keys are bucket keys of at least this many bytes, then the
// document id: the family's bloom filters are on this prefix.
inline constexpr size_t kNearIndexPrefixBytes = 5;

// When writes reach the disk, against a power loss or a kernel crash (a
// killed process loses nothing either way: its writes are in the
// operating system's cache).
enum class SyncMode {
  kAlways,    // each write is fsynced before it returns: nothing acknowledged is lost, at a write's cost
  kInterval,  // the log is fsynced every sync_interval_ms: at most that much is lost
  kNever,     // the operating system writes back when it likes (Linux: within about 30 s)
};

struct DatabaseOptions {
  SyncMode sync = SyncMode::kInterval;
  int64_t sync_interval_ms = 1000;
};

// Owns the RocksDB handle and its column family handles. Thread-safe as
// RocksDB is; destroy after every user.
class Database {
 public:
  // Opens (creating when missing) the database in `dir`, with every column
  // family of kColumnFamilies plus any others found there (RocksDB refuses
  // to open without them). On failure returns nullptr and sets `error`
  // (with the directory in it).
  static std::unique_ptr<Database> Open(const std::string& dir, std::string* error,
                                        const DatabaseOptions& options = {});
  ~Database();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  // The options every write uses: they carry the sync mode.
  const rocksdb::WriteOptions& write_options() const { return write_options_; }
  // Times the log was fsynced by the interval mode's thread.
  uint64_t interval_syncs() const { return interval_syncs_.load(); }
  // Handle of an open column family (those of kColumnFamilies and any
  // others found on disk); aborts on names of none.
  rocksdb::ColumnFamilyHandle* cf(std::string_view name) const;

 private:
  Database() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned; released before db_
  rocksdb::WriteOptions write_options_;
  std::atomic<uint64_t> interval_syncs_{0};
  std::unique_ptr<Periodic> syncer_;  // kInterval only; stopped before the handles go
};

// Big-endian encodings so that RocksDB's bytewise order is numeric order.
std::string EncodeBe64(uint64_t v);
uint64_t DecodeBe64(std::string_view s);  // s.size() >= 8
std::string EncodeBe32(uint32_t v);
uint32_t DecodeBe32(std::string_view s);  // s.size() >= 4

}  // namespace caravan::storage
