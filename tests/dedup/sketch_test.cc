#include "dedup/sketch.h"

#include <gtest/gtest.h>

#include <string>

namespace caravan::dedup {
namespace {

// An article of our own in the style of the sources, in paragraphs.
const char* const kParagraphs[] = {
    "The Trans-Caspian International Transport Route, better known as the Middle Corridor, carried "
    "4.5 million tonnes of cargo last year, according to figures released by the route's association "
    "in Astana on Tuesday. The volume is almost twice that of two years earlier.",
    "Most of the growth came from containers moving between China and Turkey. Trains leave Xi'an and "
    "Chongqing, cross Kazakhstan to the port of Aktau, and the boxes continue by ferry across the "
    "Caspian Sea to Baku before rail takes them on through Georgia.",
    "Officials in Aktau said the port had added two berths and a new container yard, and that a "
    "digital customs window shared with Azerbaijan had cut the average waiting time for a ferry from "
    "eleven days to four. Shippers still complain that the crossing is hard to plan.",
    "Analysts at a think tank in Almaty warned that the corridor will remain a complement to the "
    "northern route through Russia rather than a replacement. Its tariffs are higher, each border adds "
    "a transshipment, and the Caspian fleet is small and ageing.",
    "The European Union has pledged ten billion euros for transport links in Central Asia, and "
    "Kazakhstan plans to double the capacity of the Dostyk-Moiynty line by the end of the decade. "
    "Whether the investment arrives in time will decide how much of the new trade stays on the route.",
    "For now, freight forwarders describe the corridor as a useful option when sanctions or delays "
    "close the northern path, and say its reliability, not its price, is what customers watch.",
};

std::string Join(size_t from, size_t to) {
  std::string text;
  for (size_t i = from; i < to; ++i) text += std::string(kParagraphs[i]) + "\n\n";
  return text;
}

const std::string kOriginal = Join(0, 6);

TEST(Sketch, AnIdenticalTextIsAtDistanceZeroAndFullySimilar) {
  Sketch a = SketchOf(kOriginal), b = SketchOf(kOriginal);
  Similarity s = Compare(a, b);
  EXPECT_EQ(s.simhash_bits, 0);
  EXPECT_EQ(s.jaccard, 1.0);
  EXPECT_TRUE(IsNearDuplicate(a, b));
}

TEST(Sketch, CaseSpacingAndPunctuationDoNotMatter) {
  std::string shouted;
  for (char c : kOriginal) shouted += c == ',' ? ' ' : static_cast<char>(std::toupper(c));
  EXPECT_EQ(SketchOf(shouted).simhash, SketchOf(kOriginal).simhash);
  EXPECT_EQ(Compare(SketchOf(shouted), SketchOf(kOriginal)).jaccard, 1.0);
}

TEST(Sketch, ACopyWithAnAddedParagraphIsANearDuplicate) {
  std::string longer = kOriginal + "This article first appeared in a partner publication and is republished "
                                   "with permission. The views expressed are the author's own.\n\n";
  EXPECT_TRUE(IsNearDuplicate(SketchOf(kOriginal), SketchOf(longer)));
}

TEST(Sketch, ACopyWithAnEditedFirstLineIsANearDuplicate) {
  std::string edited = "Middle Corridor volumes nearly double, association says\n\n" + kOriginal;
  edited.replace(edited.find("Tuesday"), 7, "Wednesday");
  EXPECT_TRUE(IsNearDuplicate(SketchOf(kOriginal), SketchOf(edited)));
}

TEST(Sketch, ItsFirstHalfIsANearDuplicateByContainment) {
  Sketch whole = SketchOf(kOriginal), half = SketchOf(Join(0, 3));
  Similarity s = Compare(whole, half);
  EXPECT_LT(s.jaccard, 0.7);
  EXPECT_GE(s.containment, 0.8);
  EXPECT_TRUE(IsNearDuplicate(whole, half));
}

TEST(Sketch, OneSharedParagraphIsNotACopy) {
  // A different article quoting one paragraph of this one.
  std::string other =
      "Uzbekistan's rail operator opened tenders for the Kashgar-Osh section of the "
      "China-Kyrgyzstan-Uzbekistan railway, whose construction began in December. The line will "
      "shorten the way from China to the Persian Gulf by some 900 kilometres.\n\n" +
      std::string(kParagraphs[3]) +
      "\n\nThe railway's financing, shared among the three governments and Chinese lenders, is still "
      "being negotiated, and Kyrgyz officials have asked for a larger share of the construction work to "
      "go to local firms, citing debt concerns raised by earlier projects in the region.\n\n";
  EXPECT_FALSE(IsNearDuplicate(SketchOf(kOriginal), SketchOf(other)));
}

TEST(Sketch, CjkTextIsShingledByCharacter) {
  std::string zh = "中欧班列经哈萨克斯坦运抵阿克套港，再经里海轮渡前往巴库。去年中间走廊货运量接近翻番，";
  std::string zh_copy = zh + "专家认为其可靠性仍是关键。";
  std::string zh_other = "上海合作组织成员国外长会议在阿斯塔纳举行，讨论地区安全与经济合作问题，并通过联合声明。";
  EXPECT_GT(SketchOf(zh).shingles, 30u);
  EXPECT_TRUE(IsNearDuplicate(SketchOf(zh), SketchOf(zh_copy)));
  EXPECT_FALSE(IsNearDuplicate(SketchOf(zh), SketchOf(zh_other)));
}

TEST(Sketch, CyrillicIsCaseFolded) {
  EXPECT_EQ(SketchOf("Средний коридор вырос вдвое за два года").simhash,
            SketchOf("СРЕДНИЙ КОРИДОР ВЫРОС ВДВОЕ ЗА ДВА ГОДА").simhash);
}

TEST(Sketch, AnEmptyTextIsNobodysDuplicate) {
  EXPECT_EQ(SketchOf("").shingles, 0u);
  EXPECT_FALSE(IsNearDuplicate(SketchOf(""), SketchOf("")));
  EXPECT_TRUE(IndexKeys(SketchOf(" , ")).empty());
}

TEST(Sketch, EncodingRoundTripsAndRejectsOtherBytes) {
  Sketch a = SketchOf(kOriginal);
  std::optional<Sketch> b = DecodeSketch(EncodeSketch(a));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->simhash, a.simhash);
  EXPECT_EQ(b->shingles, a.shingles);
  EXPECT_EQ(b->minhash, a.minhash);
  EXPECT_FALSE(DecodeSketch("short"));
  EXPECT_FALSE(DecodeSketch(std::string(EncodeSketch(a).size(), '\x7f')));
}

TEST(Sketch, NearDuplicatesShareAnIndexKeyAndStrangersNone) {
  auto shared = [](const Sketch& a, const Sketch& b) {
    int n = 0;
    for (const std::string& k : IndexKeys(a)) {
      for (const std::string& l : IndexKeys(b)) n += k == l;
    }
    return n;
  };
  EXPECT_EQ(IndexKeys(SketchOf(kOriginal)).size(), static_cast<size_t>(kLshBands + kSimHashBlocks));
  EXPECT_GT(shared(SketchOf(kOriginal), SketchOf(Join(0, 3))), 0);
  EXPECT_EQ(shared(SketchOf(Join(0, 2)), SketchOf(Join(3, 6))), 0);
}

}  // namespace
}  // namespace caravan::dedup
