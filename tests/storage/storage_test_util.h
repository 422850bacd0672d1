// Shared by the storage tests: scratch directories and sample documents.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "caravan/v1/document.pb.h"

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

}  // namespace caravan::storage
