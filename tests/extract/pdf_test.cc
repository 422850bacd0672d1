#include "extract/pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/time.h"
#include "extract/article.h"
#include "tests/fixtures/pdf_maker.h"

namespace caravan::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using testing::MakePdf;
using testing::PdfColumn;
using testing::PdfText;

std::vector<std::vector<PdfText>> TwoColumnReport() {
  std::vector<PdfText> p1 = {{50, 760, 9, "Eurasia Policy Review 3 \\(2024\\)"},
                          {50, 720, 20, "Connectivity in Central Asia"},
                          {300, 40, 9, "1"}};
  for (const PdfText& t :
       PdfColumn(50, 680,
              {"The Middle Corridor links China with", "Europe through Kazakhstan, the Caspian",
               "Sea and the South Caucasus.", "", "Regional cooper-", "ation between the ports has improved",
               "since the new tariff rules came into", "force last spring."})) {
    p1.push_back(t);
  }
  for (const PdfText& t : PdfColumn(
           320, 680, {"Ferry capacity remains the main", "constraint on further growth of the", "route."})) {
    p1.push_back(t);
  }
  std::vector<PdfText> p2 = {{50, 760, 9, "Eurasia Policy Review 3 \\(2024\\)"}, {300, 40, 9, "2"}};
  for (const PdfText& t :
       PdfColumn(50, 680, {"New vessels are expected to enter", "service before the end of 2026."})) {
    p2.push_back(t);
  }
  std::vector<PdfText> p3 = {{50, 760, 9, "Eurasia Policy Review 3 \\(2024\\)"}, {300, 40, 9, "3"}};
  for (const PdfText& t : PdfColumn(50, 680, {"Rail operators plan joint timetables", "for the winter season."}))
    p3.push_back(t);
  return {p1, p2, p3};
}

TEST(Pdf, DetectedByTypeOrMagic) {
  EXPECT_TRUE(IsPdf("anything", "application/pdf"));
  EXPECT_TRUE(IsPdf("%PDF-1.7\n...", ""));
  EXPECT_TRUE(IsPdf("\r\n%PDF-1.4", "application/octet-stream"));
  EXPECT_FALSE(IsPdf("<html>", "text/html"));
}

TEST(Pdf, TwoColumnReportReadsInOrderWithoutRunningHeads) {
  std::string pdf = MakePdf(TwoColumnReport(),
                            "<< /Title (Connectivity in Central Asia) /Author (A. Nurlanovna; D. Brooks) "
                            "/CreationDate (D:20240913083000Z) >>");
  Input in;
  in.body = pdf;
  in.content_type = "application/pdf";
  Article a = Extract(in);
  ASSERT_EQ(a.error, "");
  EXPECT_EQ(a.title, "Connectivity in Central Asia");
  EXPECT_THAT(a.authors, ElementsAre("A. Nurlanovna", "D. Brooks"));
  ASSERT_TRUE(a.published_ms);
  EXPECT_EQ(FormatRfc3339(*a.published_ms), "2024-09-13T08:30:00Z");
  EXPECT_EQ(a.language, "en");

  const std::string& t = a.text;
  EXPECT_THAT(
      t, HasSubstr("The Middle Corridor links China with Europe through Kazakhstan, the Caspian Sea and the "
                   "South Caucasus.\n\nRegional cooperation between the ports has improved"));
  size_t left = t.find("force last spring.");
  size_t right = t.find("Ferry capacity remains the main constraint on further growth of the route.");
  size_t page2 = t.find("New vessels are expected to enter service before the end of 2026.");
  size_t page3 = t.find("Rail operators plan joint timetables for the winter season.");
  ASSERT_NE(left, std::string::npos) << t;
  ASSERT_NE(right, std::string::npos) << t;
  ASSERT_NE(page2, std::string::npos) << t;
  ASSERT_NE(page3, std::string::npos) << t;
  EXPECT_LT(left, right);
  EXPECT_LT(right, page2);
  EXPECT_LT(page2, page3);
  EXPECT_THAT(t, Not(HasSubstr("Eurasia Policy Review")));
  EXPECT_THAT(t, Not(HasSubstr("\n\n2\n\n")));
  EXPECT_EQ(t.back(), '.');
}

TEST(Pdf, UnusableInfoTitleFallsBackToLargestTypeOnPageOne) {
  std::string pdf = MakePdf(TwoColumnReport(), "<< /Title (Microsoft Word - draft7.docx) >>");
  Article a = ExtractPdf(pdf);
  ASSERT_EQ(a.error, "");
  EXPECT_EQ(a.title, "Connectivity in Central Asia");
  EXPECT_TRUE(a.authors.empty());
  EXPECT_FALSE(a.published_ms);
}

TEST(Pdf, PlaceholderInfoDatesAreNotPublicationDates) {
  Article a = ExtractPdf(MakePdf(TwoColumnReport(), "<< /CreationDate (D:99991231000000Z) /ModDate (D:19700101) >>"));
  ASSERT_EQ(a.error, "");
  EXPECT_FALSE(a.published_ms);
  EXPECT_FALSE(a.modified_ms);
}

TEST(Pdf, BrokenFilesGiveErrorsNotCrashes) {
  std::string good = MakePdf(TwoColumnReport(), "<< >>");
  for (const std::string& body : {std::string("%PDF-1.4\ngarbage that is no pdf"), std::string("%PDF-"),
                                  good.substr(0, good.size() / 2), good.substr(0, 200)}) {
    Input in;
    in.body = body;
    Article a = Extract(in);
    EXPECT_TRUE(!a.error.empty() || !a.text.empty()) << body.size();
  }
  Article empty = ExtractPdf(MakePdf({{}}, "<< >>"));
  EXPECT_THAT(empty.error, HasSubstr("no text"));
}

}  // namespace
}  // namespace caravan::extract
