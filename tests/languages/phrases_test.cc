#include "languages/phrases.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace caravan::languages {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Entries(const Phrasebook& book, List list) {
  auto p = book.Phrases(list);
  return {p.begin(), p.end()};
}

TEST(CompiledFiles, HaveNoProblems) { EXPECT_THAT(Compiled().Problems(), IsEmpty()); }

TEST(CompiledFiles, EveryFileWithMonthsNamesAllTwelve) {
  for (const File& file : Files()) {
    File one[] = {file};
    Phrasebook book(one);
    if (book.Months().empty()) continue;
    std::set<int> months;
    for (const MonthName& m : book.Months()) months.insert(m.month);
    EXPECT_EQ(months.size(), 12u) << file.name << ".txt";
  }
}

TEST(CompiledFiles, ReachTheListsExtractionReads) {
  auto lines = Phrases(List::kBoilerLines);
  EXPECT_NE(std::find(lines.begin(), lines.end(), "share this"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "поделиться"), lines.end());
  auto credits = Phrases(List::kCreditStarts);
  EXPECT_NE(std::find(credits.begin(), credits.end(), "(c) "), credits.end());
}

TEST(Phrasebook, CommentAndBlankLinesAreSkipped) {
  File files[] = {{"xx", "# a comment\n\n[boiler_lines]\n# another\nshare\n\n"}};
  Phrasebook book(files);
  EXPECT_THAT(book.Problems(), IsEmpty());
  EXPECT_THAT(Entries(book, List::kBoilerLines), ElementsAre("share"));
}

TEST(Phrasebook, EntriesKeepFileThenLineOrderAndEachOnce) {
  File files[] = {{"aa", "[related_markers]\nread more\nsee also\n"},
                  {"bb", "[related_markers]\nlire aussi\nsee also\n"}};
  Phrasebook book(files);
  EXPECT_THAT(Entries(book, List::kRelatedMarkers), ElementsAre("read more", "see also", "lire aussi"));
}

TEST(Phrasebook, AQuotedEntryKeepsItsEdgeSpaces) {
  File files[] = {{"xx", "[credit_starts]\n\"(c) \"\n  photo:  \r\n"}};
  Phrasebook book(files);
  EXPECT_THAT(Entries(book, List::kCreditStarts), ElementsAre("(c) ", "photo:"));
}

TEST(Phrasebook, AnEntryOutsideASectionIsAProblemNamingFileAndLine) {
  File files[] = {{"xx", "# header\nshare\n"}};
  Phrasebook book(files);
  EXPECT_THAT(book.Problems(), ElementsAre("xx.txt:2: entry outside a known section"));
}

TEST(Phrasebook, AnUnknownSectionIsAProblemAndItsEntriesAreNotKept) {
  File files[] = {{"xx", "[boiler_lines]\nshare\n[boiler_line]\nprint\n"}};
  Phrasebook book(files);
  EXPECT_THAT(Entries(book, List::kBoilerLines), ElementsAre("share"));
  EXPECT_THAT(book.Problems(), ElementsAre("xx.txt:3: unknown section [boiler_line]",
                                           "xx.txt:4: entry outside a known section"));
}

TEST(Phrasebook, AnUnclosedHeaderOrQuoteIsAProblem) {
  File files[] = {{"xx", "[boiler_lines\n[agencies]\n\"afp\n"}};
  Phrasebook book(files);
  EXPECT_THAT(book.Problems(), ElementsAre("xx.txt:1: unclosed section header", "xx.txt:3: unterminated quote"));
  EXPECT_THAT(Entries(book, List::kAgencies), IsEmpty());
}

TEST(Phrasebook, AMonthIsANameAndANumberFromOneToTwelve) {
  File files[] = {{"xx", "[months]\njanuary 1\nsept 9\nsmarch\nfoo 13\nbar 0\n"}};
  Phrasebook book(files);
  ASSERT_EQ(book.Months().size(), 2u);
  EXPECT_EQ(book.Months()[1].name, "sept");
  EXPECT_EQ(book.Months()[1].month, 9);
  ASSERT_EQ(book.Problems().size(), 3u);
  EXPECT_THAT(book.Problems()[0], HasSubstr("xx.txt:4: a month is written"));
}

TEST(Phrasebook, AMonthNameTwoFilesNumberDifferentlyIsAProblemNamingBoth) {
  File files[] = {{"hr", "[months]\nlistopad 10\n"}, {"pl", "[months]\nlistopad 11\nmaj 5\n"}};
  Phrasebook book(files);
  EXPECT_THAT(book.Problems(), ElementsAre("pl.txt:2: month listopad is 10 in hr.txt:2"));
  ASSERT_EQ(book.Months().size(), 2u);
  EXPECT_EQ(book.Months()[0].month, 10);
}

TEST(Phrasebook, TheSameMonthInTwoFilesIsKeptOnce) {
  File files[] = {{"en", "[months]\napril 4\n"}, {"de", "[months]\napril 4\n"}};
  Phrasebook book(files);
  EXPECT_THAT(book.Problems(), IsEmpty());
  EXPECT_EQ(book.Months().size(), 1u);
}

}  // namespace
}  // namespace caravan::languages
