#include "services/caravand/modules.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace caravan::daemon {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(ModulesOf, AllRunsEveryModuleWithDependenciesFirst) {
  auto m = ModulesOf("all");
  for (const char* name : {"database", "store", "frontier", "fetcher", "extractor", "dedup", "api", "crawler"}) {
    EXPECT_TRUE(Has(m, name)) << name;
  }
  auto pos = [&](const std::string& s) { return std::find(m.begin(), m.end(), s) - m.begin(); };
  EXPECT_LT(pos("database"), pos("store"));
  EXPECT_LT(pos("store"), pos("dedup"));
  EXPECT_EQ(m.back(), "crawler");
}

TEST(ModulesOf, StatelessStagesRunAlone) {
  EXPECT_EQ(ModulesOf("extractor"), std::vector<std::string>{"extractor"});
  EXPECT_EQ(ModulesOf("fetcher"), std::vector<std::string>{"fetcher"});
}

TEST(ModulesOf, StatefulStagesBringTheirDatabase) {
  EXPECT_EQ(ModulesOf("frontier"), (std::vector<std::string>{"database", "frontier"}));
  EXPECT_EQ(ModulesOf("api"), (std::vector<std::string>{"database", "store", "api"}));
}

TEST(ModulesOf, UnknownTargetHasNoModules) { EXPECT_TRUE(ModulesOf("crawler").empty()); }

TEST(Targets, ListsEveryRole) {
  EXPECT_EQ(Targets(), (std::vector<std::string>{"all", "frontier", "fetcher", "extractor", "dedup", "store", "api"}));
}

}  // namespace
}  // namespace caravan::daemon
