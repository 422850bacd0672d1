// Shared by the storage tests: scratch directories, sample documents and
// a store fixture.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

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
