#include "extract/batch.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace caravan::extract {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr char kPage[] =
    R"(<html lang="en"><head><title>Dry Ports of the Steppe | Eurasia Policy Institute</title>
  <meta property="og:site_name" content="Eurasia Policy Institute">
  <meta name="author" content="Aigerim Nurlanovna">
  <meta name="author" content="Daniel Brooks">
  <meta property="article:published_time" content="2024-09-13"></head>
  <body><article><h1>Dry Ports of the Steppe</h1>
  <p>Khorgos has become the busiest dry port on the border, handling container trains around the clock.</p>
  <p>Its success has prompted similar projects further west, closer to the Caspian coast.</p></article></body></html>)";

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan_batch_test_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& data) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << data;
    return path;
  }
  std::string WriteGz(const std::string& name, const std::string& data) {
    std::string path = (dir_ / name).string();
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, data.data(), static_cast<unsigned>(data.size()));
    gzclose(f);
    return path;
  }

  std::vector<json> Run(const std::string& input) {
    std::istringstream in(input);
    std::ostringstream out;
    EXPECT_EQ(RunBatch(in, out), 0);
    std::vector<json> lines;
    std::istringstream outs(out.str());
    std::string line;
    while (std::getline(outs, line)) lines.push_back(json::parse(line));
    return lines;
  }

  fs::path dir_;
};

TEST_F(BatchTest, OneLinePerInputWithTheContractKeys) {
  std::string plain = Write("page.html", kPage);
  std::string gz = WriteGz("page.html.gz", kPage);
  std::string missing = (dir_ / "missing.html").string();
  std::vector<json> out =
      Run(json{{"path", plain}, {"url", "https://eurasia-policy.example/dry-ports/"}}.dump() + "\n" +
          json{{"path", gz}}.dump() + "\n\n" + json{{"path", missing}}.dump() + "\n");
  ASSERT_EQ(out.size(), 3u);

  for (int i : {0, 1}) {
    const json& r = out[i];
    EXPECT_EQ(r["title"], "Dry Ports of the Steppe");
    EXPECT_EQ(r["author"], "Aigerim Nurlanovna, Daniel Brooks");
    EXPECT_EQ(r["published"], "2024-09-13T00:00:00Z");
    EXPECT_EQ(r["language"], "en");
    // The headline is the title's, not the text's.
    EXPECT_EQ(r["text"],
              "Khorgos has become the busiest dry port on the border, handling container trains around the "
              "clock.\n\nIts success has prompted similar projects further west, closer to the Caspian coast.");
    EXPECT_FALSE(r.contains("error"));
  }
  EXPECT_EQ(out[0]["path"], plain);
  EXPECT_EQ(out[1]["path"], gz);

  const json& bad = out[2];
  EXPECT_EQ(bad["path"], missing);
  for (const char* key : {"title", "author", "language", "text"}) EXPECT_EQ(bad[key], "") << key;
  EXPECT_TRUE(bad["published"].is_null());
  EXPECT_NE(bad["error"].get<std::string>().find("missing.html"), std::string::npos);
}

TEST_F(BatchTest, PublishedKeepsThePagesOffset) {
  std::string html = R"(<html><head><meta property="article:published_time" content="2024-09-13T23:30:00-04:00">
    </head><body><article><p>Late evening news from the other side of the world.</p></article></body></html>)";
  std::vector<json> out = Run(json{{"path", Write("late.html", html)}}.dump() + "\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["published"], "2024-09-13T23:30:00-04:00");
}

TEST_F(BatchTest, BadInputLinesAndCorruptGzipAreReported) {
  std::string corrupt = Write("broken.html.gz", "this is not gzip data");
  std::vector<json> out =
      Run("not json\n{\"url\": \"https://x.example/\"}\n" + json{{"path", corrupt}}.dump() + "\n");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0]["path"], "");
  EXPECT_NE(out[0]["error"].get<std::string>().find("not a JSON object"), std::string::npos);
  EXPECT_TRUE(out[1].contains("error"));
  EXPECT_EQ(out[2]["path"], corrupt);
  EXPECT_NE(out[2]["error"].get<std::string>().find("zlib"), std::string::npos);
  EXPECT_EQ(out[2]["text"], "");
}

}  // namespace
}  // namespace caravan::extract
