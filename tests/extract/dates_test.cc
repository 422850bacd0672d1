#include "extract/dates.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace caravan::extract {
namespace {

std::string Iso(std::optional<int64_t> ms) { return ms ? FormatRfc3339(*ms) : "none"; }

TEST(ParseDate, MachineReadableForms) {
  EXPECT_EQ(Iso(ParseDate("2024-09-13")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(ParseDate("2024-09-13T08:30:00Z")), "2024-09-13T08:30:00Z");
  EXPECT_EQ(Iso(ParseDate("2024-09-13T08:30:00+06:00")), "2024-09-13T02:30:00Z");
  EXPECT_EQ(Iso(ParseDate("2024-09-13T08:30:00.123-0230")), "2024-09-13T11:00:00Z");
  EXPECT_EQ(Iso(ParseDate("2024-09-13 08:30")), "2024-09-13T08:30:00Z");
  EXPECT_EQ(Iso(ParseDate("20240913")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(ParseDate("2024/09/13")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(ParseDate("Fri, 13 Sep 2024 08:30:00 GMT")), "2024-09-13T08:30:00Z");
  EXPECT_EQ(Iso(ParseDate("Fri, 13 Sep 2024 08:30:00 +0300")), "2024-09-13T05:30:00Z");
  EXPECT_EQ(Iso(ParseDate("13 September 2024")), "2024-09-13T00:00:00Z");
}

TEST(ParseDate, ReportsTheStatedOffset) {
  int offset = -1;
  EXPECT_TRUE(ParseDate("2024-09-13T08:30:00+06:00", &offset));
  EXPECT_EQ(offset, 360);
  EXPECT_TRUE(ParseDate("Fri, 13 Sep 2024 08:30:00 -0330", &offset));
  EXPECT_EQ(offset, -210);
  EXPECT_TRUE(ParseDate("13 September 2024", &offset));
  EXPECT_EQ(offset, 0);
  offset = 7;
  EXPECT_FALSE(ParseDate("not a date", &offset));
  EXPECT_EQ(offset, 7);
}

TEST(ParseDate, RejectsImpossibleAndImplausibleDates) {
  EXPECT_EQ(Iso(ParseDate("2024-02-30")), "none");
  EXPECT_EQ(Iso(ParseDate("2023-02-29")), "none");
  EXPECT_EQ(Iso(ParseDate("1985-05-01")), "none");
  EXPECT_EQ(Iso(ParseDate("2999-01-01")), "none");
  EXPECT_EQ(Iso(ParseDate("")), "none");
  EXPECT_EQ(Iso(ParseDate("yesterday")), "none");
  EXPECT_EQ(Iso(ParseDate("2024-02-29")), "2024-02-29T00:00:00Z");
}

TEST(FindDateInText, PrintedDatesInTheProjectLanguages) {
  EXPECT_EQ(Iso(FindDateInText("Posted on 13 September 2024 by the editors")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Astana, September 13, 2024 — A seminar")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Sept. 3rd, 2024")), "2024-09-03T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Опубликовано 13 сентября 2024 г.")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("ДЕКАБРЬ 1, 2023")), "2023-12-01T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Yayın tarihi: 13 Eylül 2024")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("3 ŞUBAT 2024 Cumartesi")), "2024-02-03T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("2024年9月13日 10:25 来源：新华网")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("2024 жылғы 13 қыркүйек")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("13 қыркүйек 2024")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Veröffentlicht am 13. September 2024")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("el 13 de septiembre de 2024")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Stand: 13.09.2024, 10:00")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("updated 2024-09-13")), "2024-09-13T00:00:00Z");
}

TEST(FindDateInText, TakesTheFirstValidDate) {
  EXPECT_EQ(Iso(FindDateInText("31.02.2024 was a typo; the event was on 1 March 2024 and 2 April 2024")),
            "2024-03-01T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Version 10.42.2024 of the tool")), "none");
  EXPECT_EQ(Iso(FindDateInText("no dates here, only 2024 as a year")), "none");
}

TEST(ParseDate, ToleratesSloppyTimes) {
  EXPECT_EQ(Iso(ParseDate("2020-12-05T23:15:0Z")), "2020-12-05T23:15:00Z");
  EXPECT_EQ(Iso(ParseDate("2022-01-10T22:06:08:684Z")), "2022-01-10T22:06:08Z");
}

TEST(ParseDate, TellsUtcFromNoZone) {
  int offset = -1;
  bool zoned = false;
  EXPECT_TRUE(ParseDate("2024-09-13T23:30:00Z", &offset, &zoned));
  EXPECT_TRUE(zoned);
  EXPECT_TRUE(ParseDate("2024-09-13T23:30:00+00:00", &offset, &zoned));
  EXPECT_TRUE(zoned);
  EXPECT_EQ(offset, 0);
  EXPECT_TRUE(ParseDate("2024-09-13 23:30:00", &offset, &zoned));
  EXPECT_FALSE(zoned);
  EXPECT_TRUE(ParseDate("2024-09-13", &offset, &zoned));
  EXPECT_FALSE(zoned);
}

TEST(FindDateInText, ItalianPortugueseAndDutchMonths) {
  EXPECT_EQ(Iso(FindDateInText("Domenica 13 Settembre 2024 | 00:36")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Notizia del 14 Gennaio 2020")), "2020-01-14T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("3 de maio de 2022, 21h25")), "2022-05-03T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Gepubliceerd op 13 mei 2024")), "2024-05-13T00:00:00Z");
}

TEST(FindDateInText, DottedTwoDigitYears) {
  EXPECT_EQ(Iso(FindDateInText("Erstellt: 28.01.22 / 0 Kommentare")), "2022-01-28T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Version 1.10.12.4")), "none");
  EXPECT_EQ(Iso(FindDateInText("Kapitel 3. 4. 22 Seiten")), "none");
}

TEST(FindDateInText, SlashedDatesDayFirstUnlessOnlyMonthFirstFits) {
  EXPECT_EQ(Iso(FindDateInText("22/11/2024 - 04:30 - Fonte: Agência")), "2024-11-22T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("03/09/2024")), "2024-09-03T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("Posted 09/23/2024")), "2024-09-23T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("1/2/3/2024")), "none");
}

TEST(FindDateInText, RomanianMonths) {
  EXPECT_EQ(Iso(FindDateInText("Unica.md, 13 septembrie 2024 16:20")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(FindDateInText("duminică, 3 martie 2024")), "2024-03-03T00:00:00Z");
}

TEST(DateFromUrl, PathDatesOnly) {
  EXPECT_EQ(Iso(DateFromUrl("https://x.example/2024/09/13/slug/")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(DateFromUrl("https://x.example/news/2024-09-13-slug")), "2024-09-13T00:00:00Z");
  EXPECT_EQ(Iso(DateFromUrl("https://x.example/actualidad/20220503/slug")), "2022-05-03T00:00:00Z");
  EXPECT_EQ(Iso(DateFromUrl("https://x.example/2024/09/slug")), "none");
  EXPECT_EQ(Iso(DateFromUrl("https://20240913.example/page")), "none");
}

}  // namespace
}  // namespace caravan::extract
