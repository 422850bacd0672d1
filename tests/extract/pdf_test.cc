#include "extract/pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/time.h"
#include "extract/article.h"

namespace caravan::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// A line of text at a position, in points from the bottom left.
struct Text {
  double x, y, size;
  std::string s;  // PDF string body, parentheses escaped
};

// Writes a PDF with Helvetica text, one content stream per page, correct
// cross-reference offsets and the given information dictionary.
std::string MakePdf(const std::vector<std::vector<Text>>& pages, const std::string& info) {
  std::vector<std::string> objects;  // object i+1
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("");  // pages, filled below
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.push_back(info);
  std::string kids;
  for (const auto& page : pages) {
    std::string stream;
    for (const Text& t : page) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "BT /F1 %.1f Tf %.1f %.1f Td (", t.size, t.x, t.y);
      stream += buf + t.s + ") Tj ET\n";
    }
    objects.push_back("<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "endstream");
    int contents = static_cast<int>(objects.size());
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        "/Contents " +
        std::to_string(contents) + " 0 R >>");
    kids += std::to_string(objects.size()) + " 0 R ";
  }
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R /Info 4 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// Lines of a column starting at (x, y), 14 points apart; "" is a blank line.
std::vector<Text> Column(double x, double y, const std::vector<std::string>& lines) {
  std::vector<Text> out;
  for (const std::string& l : lines) {
    if (!l.empty()) out.push_back({x, y, 11, l});
    y -= 14;
  }
  return out;
}

std::vector<std::vector<Text>> TwoColumnReport() {
  std::vector<Text> p1 = {{50, 760, 9, "Eurasia Policy Review 3 \\(2024\\)"},
                          {50, 720, 20, "Connectivity in Central Asia"},
                          {300, 40, 9, "1"}};
  for (const Text& t :
       Column(50, 680,
              {"The Middle Corridor links China with", "Europe through Kazakhstan, the Caspian",
               "Sea and the South Caucasus.", "", "Regional cooper-", "ation between the ports has improved",
               "since the new tariff rules came into", "force last spring."})) {
    p1.push_back(t);
  }
  for (const Text& t : Column(
           320, 680, {"Ferry capacity remains the main", "constraint on further growth of the", "route."})) {
    p1.push_back(t);
  }
  std::vector<Text> p2 = {{50, 760, 9, "Eurasia Policy Review 3 \\(2024\\)"}, {300, 40, 9, "2"}};
  for (const Text& t :
       Column(50, 680, {"New vessels are expected to enter", "service before the end of 2026."})) {
    p2.push_back(t);
  }
  std::vector<Text> p3 = {{50, 760, 9, "Eurasia Policy Review 3 \\(2024\\)"}, {300, 40, 9, "3"}};
  for (const Text& t : Column(50, 680, {"Rail operators plan joint timetables", "for the winter season."}))
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
