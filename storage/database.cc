#include "storage/database.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

namespace caravan::storage {
namespace {

// First of `preferred` this RocksDB build supports; kNoCompression if none.
rocksdb::CompressionType PickCompression(std::initializer_list<rocksdb::CompressionType> preferred) {
  const std::vector<rocksdb::CompressionType> supported = rocksdb::GetSupportedCompressions();
  for (rocksdb::CompressionType type : preferred) {
    if (std::find(supported.begin(), supported.end(), type) != supported.end()) return type;
  }
  return rocksdb::kNoCompression;
}

rocksdb::ColumnFamilyOptions FamilyOptions(const std::string& name,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;  // one budget for all families, not 8 MB each
  if (name == "near_index") {
    // A lookup seeks 43 bucket keys, most of them empty: a bloom filter on
    // the bucket (its first 5 bytes) lets it skip the files without it.
    options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(kNearIndexPrefixBytes));
    options.memtable_prefix_bloom_size_ratio = 0.05;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.whole_key_filtering = false;
  } else if (name == "docs" || name == "versions" || name == "raw" || name == "sketches" ||
             name == "url_index" || name == "content_index" || name == "frontier_urls") {
    // Point reads by key (a document, a version, a url): without a filter a
    // read of a key that lies in every level's key range reads and
    // decompresses a block in each level, which at a million documents is
    // most of a Get's time.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  if (name == "raw") {
    // Bodies arrive zstd-compressed already; a second pass only costs CPU.
    options.compression = rocksdb::kNoCompression;
  } else if (name == "docs" || name == "versions") {
    // Extracted text is most of the bytes and compresses well.
    options.compression = PickCompression({rocksdb::kZSTD, rocksdb::kLZ4Compression,
                                           rocksdb::kSnappyCompression});
  } else {
    options.compression = PickCompression({rocksdb::kLZ4Compression, rocksdb::kSnappyCompression});
  }
  return options;
}

}  // namespace

std::unique_ptr<Database> Database::Open(const std::string& dir, std::string* error,
                                         const DatabaseOptions& database_options) {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // Sized for a small server sharing two cores with the crawler itself.
  options.max_background_jobs = 2;
  options.db_write_buffer_size = 64 << 20;  // all memtables together
  // With ten families a rarely written one would pin old WAL files forever;
  // this forces its flush instead.
  options.max_total_wal_size = 128 << 20;
  options.keep_log_file_num = 5;
  // The operating system caches the files too; this keeps the blocks most
  // read (the newest documents, index and filter blocks) decompressed.
  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(128 << 20);

  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, dir, &names);
  if (!s.ok()) names.clear();  // a new database: nothing to list yet
  for (const char* name : kColumnFamilies) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) families.emplace_back(name, FamilyOptions(name, cache));

  std::unique_ptr<Database> database(new Database());
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::Open(options, dir, families, &database->handles_, &raw);
  if (!s.ok()) {
    if (error) *error = "cannot open database in " + dir + ": " + s.ToString();
    return nullptr;
  }
  database->db_.reset(raw);
  database->write_options_.sync = database_options.sync == SyncMode::kAlways;
  if (database_options.sync == SyncMode::kInterval) {
    Database* d = database.get();
    d->syncer_ = std::make_unique<Periodic>(database_options.sync_interval_ms, [d] {
      // A failed sync leaves the writes in the cache, as the never mode
      // does; the failing disk shows in the writes' own errors.
      if (d->db_->SyncWAL().ok()) ++d->interval_syncs_;
    });
    d->syncer_->Start();
  }
  return database;
}

Database::~Database() {
  if (syncer_) {
    syncer_->Stop();
    if (db_) db_->SyncWAL();  // what came after the last interval
  }
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
}

rocksdb::ColumnFamilyHandle* Database::cf(std::string_view name) const {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (handle->GetName() == name) return handle;
  }
  // Only a typo in code names an unknown family; failing loudly finds it.
  std::fprintf(stderr, "caravan::storage: unknown column family '%.*s'\n",
               static_cast<int>(name.size()), name.data());
  std::abort();
}

std::string EncodeBe64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xff);
  return s;
}

uint64_t DecodeBe64(std::string_view s) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}

std::string EncodeBe32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 3; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xff);
  return s;
}

uint32_t DecodeBe32(std::string_view s) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}

}  // namespace caravan::storage
