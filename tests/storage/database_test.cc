#include "storage/database.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <limits>
#include <thread>

#include <gtest/gtest.h>
#include <rocksdb/convenience.h>

#include "tests/storage/storage_test_util.h"

namespace caravan::storage {
namespace {

TEST(Database, OpensEveryColumnFamilyAndKeepsDataAcrossReopen) {
  ScratchDir dir;
  std::string error;
  auto db = Database::Open(dir.path(), &error);
  ASSERT_TRUE(db) << error;
  for (const char* name : kColumnFamilies) EXPECT_EQ(db->cf(name)->GetName(), name);
  ASSERT_TRUE(db->db()->Put(rocksdb::WriteOptions(), db->cf("meta"), "k", "v").ok());
  db.reset();

  db = Database::Open(dir.path(), &error);
  ASSERT_TRUE(db) << error;
  std::string value;
  ASSERT_TRUE(db->db()->Get(rocksdb::ReadOptions(), db->cf("meta"), "k", &value).ok());
  EXPECT_EQ(value, "v");
}

TEST(Database, OpensFamiliesItDoesNotKnow) {
  ScratchDir dir;
  {
    // As left behind by a newer caravand, or one whose family was dropped.
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    rocksdb::ColumnFamilyHandle* legacy = nullptr;
    ASSERT_TRUE(db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "legacy", &legacy).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), legacy, "old", "kept").ok());
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(legacy).ok());
  }
  std::string error;
  auto db = Database::Open(dir.path(), &error);
  ASSERT_TRUE(db) << error;
  std::string value;
  ASSERT_TRUE(db->db()->Get(rocksdb::ReadOptions(), db->cf("legacy"), "old", &value).ok());
  EXPECT_EQ(value, "kept");
  EXPECT_EQ(db->cf("docs")->GetName(), "docs");
}

TEST(Database, ErrorNamesTheDirectory) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.path());
  std::string file = dir.path() + "/not-a-directory";
  std::ofstream(file) << "x";
  std::string error;
  EXPECT_FALSE(Database::Open(file, &error));
  EXPECT_NE(error.find(file), std::string::npos) << error;
}

TEST(Database, SecondOpenOfTheSameDirectoryFailsWithItsName) {
  ScratchDir dir;
  std::string error;
  auto first = Database::Open(dir.path(), &error);
  ASSERT_TRUE(first) << error;
  EXPECT_FALSE(Database::Open(dir.path(), &error));
  EXPECT_NE(error.find(dir.path()), std::string::npos) << error;
}

TEST(Database, CompressesDocumentsButNotRawBodies) {
  ScratchDir dir;
  std::string error;
  auto db = Database::Open(dir.path(), &error);
  ASSERT_TRUE(db) << error;
  EXPECT_EQ(db->db()->GetOptions(db->cf("raw")).compression, rocksdb::kNoCompression)
      << "raw bodies are zstd frames already";
  auto supported = rocksdb::GetSupportedCompressions();
  if (std::find(supported.begin(), supported.end(), rocksdb::kZSTD) != supported.end()) {
    EXPECT_EQ(db->db()->GetOptions(db->cf("docs")).compression, rocksdb::kZSTD);
  }
}

TEST(Database, SyncAlwaysMakesEveryWriteSynchronous) {
  ScratchDir dir;
  std::string error;
  DatabaseOptions options;
  options.sync = SyncMode::kAlways;
  auto db = Database::Open(dir.path(), &error, options);
  ASSERT_TRUE(db) << error;
  EXPECT_TRUE(db->write_options().sync);
  ASSERT_TRUE(db->db()->Put(db->write_options(), db->cf("meta"), "k", "v").ok());
  EXPECT_EQ(db->interval_syncs(), 0u) << "no interval thread";
}

TEST(Database, SyncIntervalFsyncsTheLogOnATimer) {
  ScratchDir dir;
  std::string error;
  DatabaseOptions options;
  options.sync = SyncMode::kInterval;
  options.sync_interval_ms = 20;
  auto db = Database::Open(dir.path(), &error, options);
  ASSERT_TRUE(db) << error;
  EXPECT_FALSE(db->write_options().sync) << "writes return before the fsync";
  ASSERT_TRUE(db->db()->Put(db->write_options(), db->cf("meta"), "k", "v").ok());
  for (int i = 0; i < 500 && db->interval_syncs() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GE(db->interval_syncs(), 3u);
}

TEST(Database, SyncNeverLeavesItToTheOperatingSystem) {
  ScratchDir dir;
  std::string error;
  DatabaseOptions options;
  options.sync = SyncMode::kNever;
  options.sync_interval_ms = 20;
  auto db = Database::Open(dir.path(), &error, options);
  ASSERT_TRUE(db) << error;
  EXPECT_FALSE(db->write_options().sync);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(db->interval_syncs(), 0u);
}

TEST(DatabaseDeathTest, UnknownColumnFamilyAborts) {
  // Re-executes rather than forks: RocksDB has threads running by now.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  ScratchDir dir;
  std::string error;
  auto db = Database::Open(dir.path(), &error);
  ASSERT_TRUE(db) << error;
  EXPECT_DEATH(db->cf("no_such_family"), "no_such_family");
}

TEST(BigEndian, RoundTripsAndSortsNumerically) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{255}, uint64_t{256}, uint64_t{1} << 40,
                     std::numeric_limits<uint64_t>::max()}) {
    EXPECT_EQ(DecodeBe64(EncodeBe64(v)), v);
    EXPECT_EQ(EncodeBe64(v).size(), 8u);
  }
  for (uint32_t v : {0u, 1u, 255u, 256u, 65536u, std::numeric_limits<uint32_t>::max()}) {
    EXPECT_EQ(DecodeBe32(EncodeBe32(v)), v);
    EXPECT_EQ(EncodeBe32(v).size(), 4u);
  }
  EXPECT_LT(EncodeBe64(255), EncodeBe64(256));
  EXPECT_LT(EncodeBe64(9), EncodeBe64(10));
  EXPECT_LT(EncodeBe32(0xff), EncodeBe32(0x100));
}

}  // namespace
}  // namespace caravan::storage
