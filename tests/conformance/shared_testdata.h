// The public conformance data in ../shared/testdata beside the checkout:
// present in CI, absent in a user's clone, never copied into the project.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace caravan::testing {

// ../shared/testdata/<set> relative to the source tree.
inline std::filesystem::path SharedTestdata(const std::string& set) {
  return std::filesystem::path(CARAVAN_SOURCE_DIR) / ".." / "shared" / "testdata" / set;
}

// One JSON value per non-empty line.
inline std::vector<nlohmann::json> ReadJsonl(const std::filesystem::path& file) {
  std::vector<nlohmann::json> cases;
  std::ifstream in(file);
  EXPECT_TRUE(in.good()) << "cannot open " << file;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) cases.push_back(nlohmann::json::parse(line));
  }
  return cases;
}

}  // namespace caravan::testing

// Skips the test, saying why, when the data set is not beside the checkout.
#define SKIP_WITHOUT_SHARED(dir)                                                            \
  if (!std::filesystem::is_directory(dir)) {                                                \
    GTEST_SKIP() << (dir) << " not found: the conformance data lives beside the repository " \
                           "(../shared), as in CI";                                          \
  }
