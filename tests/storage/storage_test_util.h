// Shared by the storage tests: scratch directories, sample documents and
// a store fixture.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>

#include "caravan/v1/document.pb.h"
#include "storage/document_store.h"

namespace caravan::storage {

// A directory of its own for the running test, removed when done. The pid
// keeps parallel ctest runs of the same case apart.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("caravan-storage-" + std::to_string(getpid()) + "-" + info->test_suite_name() + "-" +
             info->name());
    std::filesystem::remove_all(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// A document as the pipeline would store it; the content hash stands in
// for the real one, derived from the text the same way.
inline caravan::v1::Document SampleDoc(const std::string& id, const std::string& text,
                                       const std::string& source = "ankasam") {
  caravan::v1::Document d;
  d.set_id(id);
  d.set_source(source);
  d.set_url("https://www.ankasam.org/en/" + id + "/?utm_source=x");
  d.set_canonical_url("https://www.ankasam.org/en/" + id + "/");
  d.set_title("Title of " + id);
  d.set_text(text);
  d.set_content_hash("hash:" + text);
  d.set_language("en");
  d.mutable_fetched_at()->set_seconds(1726200000);
  return d;
}

// Closes the store in `dir`, overwrites the start of each table file of
// `family` as a bad disk would, and opens it again: the database opens (the
// other families are intact) and reading those blocks fails their
// checksums. Returns how many files it damaged.
inline int CorruptFamily(const std::string& dir, const std::string& family, std::unique_ptr<Database>* db,
                         std::unique_ptr<DocumentStore>* store) {
  EXPECT_TRUE((*db)->db()->Flush(rocksdb::FlushOptions(), (*db)->cf(family)).ok());
  std::vector<rocksdb::LiveFileMetaData> files;
  (*db)->db()->GetLiveFilesMetaData(&files);
  store->reset();
  db->reset();
  int corrupted = 0;
  for (const rocksdb::LiveFileMetaData& f : files) {
    if (f.column_family_name != family) continue;
    std::fstream file(f.db_path + "/" + f.name, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(0);
    file.write(std::string(32, '\xA5').data(), 32);
    ++corrupted;
  }
  std::string error;
  *db = Database::Open(dir, &error);
  EXPECT_TRUE(*db) << error;
  if (*db) *store = std::make_unique<DocumentStore>(db->get());
  return corrupted;
}

// A store in a scratch directory, reopened as a caravand restart does.
class DocumentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  // Closes and opens again, as a caravand restart does.
  void Reopen() {
    store_.reset();
    db_.reset();
    std::string error;
    db_ = Database::Open(dir_.path(), &error);
    ASSERT_TRUE(db_) << error;
    store_ = std::make_unique<DocumentStore>(db_.get());
  }

  caravan::v1::DocumentEvent MustPut(const caravan::v1::Document& doc, std::string_view raw = "<html></html>") {
    std::string error;
    auto event = store_->Put(doc, raw, &error);
    EXPECT_TRUE(event) << "put " << doc.id() << " wrote nothing; error: " << error;
    return event.value_or(caravan::v1::DocumentEvent());
  }

  std::vector<std::string> ListIds(const caravan::v1::ListDocumentsRequest& request) {
    caravan::v1::ListDocumentsResponse page = store_->List(request);
    std::vector<std::string> ids;
    for (const caravan::v1::Document& d : page.documents()) ids.push_back(d.id());
    return ids;
  }

  ScratchDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<DocumentStore> store_;
};

}  // namespace caravan::storage
