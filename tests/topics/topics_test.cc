#include "topics/topics.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace caravan::topics {
namespace {

bool Has(const std::vector<TopicScore>& topics, const std::string& name) {
  return std::any_of(topics.begin(), topics.end(), [&](const TopicScore& t) { return t.name == name; });
}

TEST(Lexicon, HasNoProblemAndTheTopicsTheIssueNames) {
  EXPECT_TRUE(LexiconProblems().empty()) << LexiconProblems().front();
  for (const char* t : {"central_asia", "china", "russia", "turkey", "afghanistan", "iran", "bri", "sco", "eaeu",
                        "carec", "middle_corridor", "cpec", "cku_railway", "khorgos", "aktau", "gwadar", "energy",
                        "transport", "trade", "finance_debt", "security", "diplomacy"}) {
    EXPECT_NE(std::find(TopicNames().begin(), TopicNames().end(), t), TopicNames().end()) << t;
  }
}

TEST(Classify, AnEnglishArticleAboutTheMiddleCorridor) {
  auto topics = Classify("Kazakhstan bets on the Middle Corridor",
                         "Freight on the Trans-Caspian International Transport Route doubled as Kazakhstan "
                         "expanded the port of Aktau. Containers from China now cross the Caspian by ferry.");
  EXPECT_TRUE(Has(topics, "central_asia"));
  EXPECT_TRUE(Has(topics, "middle_corridor"));
  EXPECT_TRUE(Has(topics, "transport"));
  EXPECT_FALSE(Has(topics, "security"));
}

TEST(Classify, RussianInflectionsMatchThroughWordStarts) {
  auto topics = Classify("Визит в Казахстан", "Делегация Казахстана обсудила в Пекине инициативу «Пояс и путь». "
                                              "Казахстанская сторона предложила новый транзитный маршрут.");
  EXPECT_TRUE(Has(topics, "central_asia"));
  EXPECT_FALSE(Has(topics, "china")) << "one mention of Beijing is not what the text is about";
  auto quoted = Explain("", "инициативу «Пояс и путь»");
  ASSERT_EQ(quoted.size(), 1u) << "guillemets end words";
  EXPECT_EQ(quoted.front().topic, "bri");
}

TEST(Classify, TurkishChineseAndKazakhTerms) {
  EXPECT_TRUE(Has(Classify("Orta Koridor", "Orta Koridor üzerinden Kazakistan'a giden yük arttı."), "middle_corridor"));
  EXPECT_TRUE(Has(Classify("一带一路", "中国与哈萨克斯坦签署一带一路合作文件。"), "bri"));
  EXPECT_TRUE(Has(Classify("Қазақстан", "Қазақстанның экспорты өсті."), "central_asia"));
}

TEST(Classify, WholeWordsDoNotMatchInsideOthers) {
  // "iran" in "Tirana", "sco" in "disco", "bri" in "bridge", "oil" in "toilet".
  auto explained = Explain("", "A bridge in Tirana, a disco, a toilet.");
  EXPECT_TRUE(explained.empty());
}

TEST(Classify, AFootballReportHasNoTopic) {
  EXPECT_TRUE(Classify("Late goal settles the derby", "The home side scored in the last minute after a corner, "
                                                      "and the visitors' coach praised the referee.")
                  .empty());
}

TEST(Explain, NamesTheTermsAndHowOftenTheyMatched) {
  auto explained = Explain("Khorgos", "Khorgos and Horgos are one place.");
  ASSERT_FALSE(explained.empty());
  EXPECT_EQ(explained.front().topic, "khorgos");
  EXPECT_EQ(explained.front().terms.at("khorgos"), 2);
  EXPECT_EQ(explained.front().terms.at("horgos"), 1);
  EXPECT_EQ(explained.front().score, kTitleWeight + 2);
}

}  // namespace
}  // namespace caravan::topics
