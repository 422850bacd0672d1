// caravanctl as a user runs it: a subprocess, JSON lines in and out.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code;
  std::string out;
};

Result Caravanctl(const std::string& args, const std::string& input = "") {
  fs::path in = fs::temp_directory_path() / ("caravanctl-in-" + std::to_string(getpid()));
  std::ofstream(in) << input;
  std::string command = std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl " + args + " < " + in.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  int status = pclose(pipe);
  fs::remove(in);
  return {WEXITSTATUS(status), out};
}

std::string Fixture(const std::string& path) {
  return std::string(CARAVAN_SOURCE_DIR) + "/tests/fixtures/site/" + path;
}

TEST(CaravanctlExtract, BatchWritesOneJsonLinePerInputInOrder) {
  std::string input = "{\"path\": \"" + Fixture("en/analysis/middle-corridor-after-2024/index.html") +
                      "\", \"url\": \"https://think.example/en/analysis/middle-corridor-after-2024/\"}\n"
                      "{\"path\": \"/nonexistent/file.html\"}\n"
                      "{\"path\": \"" + Fixture("ru/analitika/index.html") + "\"}\n";
  Result r = Caravanctl("extract --batch", input);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::istringstream lines(r.out);
  std::vector<nlohmann::json> results;
  for (std::string line; std::getline(lines, line);) results.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(results.size(), 3u) << r.out;
  for (const auto& j : results) {
    for (const char* key : {"path", "title", "author", "published", "language", "text"}) {
      EXPECT_TRUE(j.contains(key)) << key << " missing in " << j.dump();
    }
  }
  EXPECT_EQ(results[0]["title"], "The Middle Corridor after 2024: Freight, Ports and Politics");
  EXPECT_EQ(results[0]["author"], "Aruzhan Bekova");
  EXPECT_EQ(results[0]["language"], "en");
  EXPECT_NE(results[0]["text"].get<std::string>().find("\n\n"), std::string::npos);
  EXPECT_TRUE(results[1].contains("error"));
  EXPECT_EQ(results[1]["path"], "/nonexistent/file.html");
  EXPECT_EQ(results[2]["language"], "ru");
}

TEST(CaravanctlExtract, SingleFileAsText) {
  Result r = Caravanctl("extract " + Fixture("en/news/khorgos-dry-port-update/index.html"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("Khorgos Dry Port Reports Record Throughput\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("block-train services"), std::string::npos);
}

TEST(CaravanctlExtract, SingleFileAsJsonFollowsTheBatchContract) {
  Result r = Caravanctl("extract --format json " + Fixture("en/news/khorgos-dry-port-update/index.html"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["title"], "Khorgos Dry Port Reports Record Throughput");
}

TEST(CaravanctlExtract, SiteTemplatesRemovesWhatTheBatchsHostsRepeat) {
  // Six pages each of two sites that write their boilerplate as plain paragraphs.
  const fs::path dir = fs::path(CARAVAN_SOURCE_DIR) / "tests/templates/fixtures";
  std::ifstream manifest(dir / "cases.jsonl");
  std::string input;
  for (std::string line; std::getline(manifest, line);) {
    auto c = nlohmann::json::parse(line);
    input += nlohmann::json{{"path", (dir / c["path"].get<std::string>()).string()}, {"url", c["url"]}}.dump() +
             "\n";
  }
  Result plain = Caravanctl("extract --batch", input);
  Result cleaned = Caravanctl("extract --batch --site-templates", input);
  ASSERT_EQ(cleaned.exit_code, 0) << cleaned.out;
  EXPECT_NE(cleaned.out.find("site templates: 40 paragraphs removed from 12 of 12 pages, 2 of 2 hosts"),
            std::string::npos)
      << cleaned.out;
  const std::string citation = "Please cite this report as a publication of the Steppe Institute";
  EXPECT_NE(plain.out.find(citation), std::string::npos);
  EXPECT_EQ(cleaned.out.find(citation), std::string::npos);
  EXPECT_NE(cleaned.out.find("Connectivity is the new geography"), std::string::npos);
  EXPECT_NE(Caravanctl("extract --site-templates x.html").exit_code, 0) << "needs --batch";
}

TEST(Caravanctl, UnreachableServerIsAClearError) {
  Result r = Caravanctl("--server 127.0.0.1:1 status");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("127.0.0.1:1"), std::string::npos) << r.out;
}

TEST(Caravanctl, UnknownSubcommandIsRejected) {
  Result r = Caravanctl("frobnicate");
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace

namespace {

TEST(CaravanctlRobots, CheckPrintsVerdictAndDecidingRule) {
  std::string robots = std::string(CARAVAN_SOURCE_DIR) + "/tests/fixtures/site/robots.txt";
  Result r = Caravanctl("robots check --robots-file " + robots +
                        " --agent 'caravan/0.1 (+https://example.org)' https://think.example/private/x "
                        "https://think.example/en/a https://think.example/wp-admin/admin-ajax.php");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("https://think.example/private/x\tdisallowed\tDisallow: /private/ (line 3)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("https://think.example/en/a\tallowed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("admin-ajax.php\tallowed\tAllow: /wp-admin/admin-ajax.php"), std::string::npos) << r.out;
}

TEST(CaravanctlUrl, NormalizeDropsTrackingAndDefaultPort) {
  Result r = Caravanctl("url normalize 'HTTPS://Www.Ankasam.org:443/en/a/../b/?utm_source=x&id=7#top'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "https://www.ankasam.org/en/b/?id=7\n");
}

}  // namespace
