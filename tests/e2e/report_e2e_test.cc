// End to end: the think-tank report pattern. A landing page links the
// report's PDF; both become documents, the PDF naming its landing page,
// and the landing page's metadata (tags, translations, images with
// captions, the publisher's UTC offset) reach consumers over gRPC. List
// gives the pair as one publication: the page, with the PDF attached.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "caravan/v1/documents.grpc.pb.h"
#include "tests/e2e/caravand_process.h"
#include "tests/fixtures/fixture_site.h"
#include "tests/fixtures/pdf_maker.h"

namespace caravan::testing {
namespace {

namespace fs = std::filesystem;
using caravan::v1::Document;

constexpr char kLandingPage[] = R"(<!DOCTYPE html><html lang="en-US"><head>
<meta charset="utf-8"><title>Connectivity Outlook 2024 | Steppe Institute</title>
<meta property="article:published_time" content="2024-09-13T08:30:00+05:00">
<meta property="article:tag" content="Middle Corridor">
<meta name="keywords" content="ports, rail">
<link rel="alternate" hreflang="ru" href="/ru/reports/connectivity-outlook-2024/">
<link rel="stylesheet" href="/wp-content/themes/steppe/style.css">
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/reports/">Reports</a></nav></header>
<article class="post type-post"><h1 class="entry-title">Connectivity Outlook 2024</h1>
<div class="entry-content">
<figure class="wp-block-image"><img src="/wp-content/uploads/2024/09/cover.jpg" alt="Cover">
<figcaption>Cover of the Connectivity Outlook 2024.</figcaption></figure>
<p>The Steppe Institute's annual outlook follows freight on the routes between China and Europe that
cross Kazakhstan, the Caspian Sea and the South Caucasus, and asks what slows them down.</p>
<p>This year's edition looks at ferry capacity, joint rail timetables and digital customs, drawing on
interviews with port operators in Aktau, Kuryk, Baku and Poti.</p>
<p><a href="/files/connectivity-outlook-2024.pdf">Download the full report (PDF, 3 pages)</a></p>
</div></article>
<footer>All rights reserved.</footer>
</body></html>
)";

constexpr char kStartPage[] = R"(<!DOCTYPE html><html><head><title>Steppe Institute</title></head><body>
<h1>Steppe Institute</h1><ul><li><a href="/reports/connectivity-outlook-2024/">Connectivity Outlook 2024</a></li></ul>
</body></html>
)";

std::string ReportPdf() {
  std::vector<PdfText> page1 = {{50, 720, 20, "Connectivity Outlook 2024"}};
  for (const PdfText& t : PdfColumn(50, 680, {"Freight on the Middle Corridor grew again in 2024, as shippers",
                                              "looked for routes between China and Europe that avoid Russia.",
                                              "", "Ferry capacity on the Caspian Sea remains the main constraint,",
                                              "and new vessels are expected before the end of 2026."})) {
    page1.push_back(t);
  }
  std::vector<PdfText> page2;
  for (const PdfText& t : PdfColumn(50, 700, {"Rail operators in Kazakhstan, Azerbaijan and Georgia plan joint",
                                              "timetables for the winter season, and digital customs should",
                                              "halve the time a container waits at each border."})) {
    page2.push_back(t);
  }
  return MakePdf({page1, page2}, "<< /Title (Connectivity Outlook 2024) /Author (Steppe Institute) >>");
}

class ReportE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("caravan-report-e2e-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "site/reports/connectivity-outlook-2024");
    fs::create_directories(dir_ / "site/files");
    std::ofstream(dir_ / "site/index.html") << kStartPage;
    std::ofstream(dir_ / "site/reports/connectivity-outlook-2024/index.html") << kLandingPage;
    std::ofstream(dir_ / "site/files/connectivity-outlook-2024.pdf", std::ios::binary) << ReportPdf();
    site_ = std::make_unique<FixtureSite>((dir_ / "site").string());
    std::string error;
    ASSERT_TRUE(site_->Start(0, &error)) << error;
    grpc_address_ = "127.0.0.1:" + std::to_string(FreePort());
    std::ofstream(dir_ / "caravan.yaml") << ConfigHead((dir_ / "data").string(), grpc_address_)
                                         << "crawl:\n" << kAllowLoopback << "  delay: 20ms\n"
                                         << "sources:\n"
                                         << "  - name: steppe\n"
                                         << "    start_urls: [" << site_->BaseUrl() << "/]\n"
                                         << "    max_depth: 3\n";
    daemon_ = std::make_unique<CaravandProcess>((dir_ / "caravan.yaml").string(), (dir_ / "caravand.log").string());
    ASSERT_TRUE(daemon_->Start(grpc_address_, 20'000)) << daemon_->Log();
    documents_ = caravan::v1::Documents::NewStub(daemon_->channel());
  }

  void TearDown() override {
    daemon_.reset();
    site_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  fs::path dir_;
  std::string grpc_address_;
  std::unique_ptr<FixtureSite> site_;
  std::unique_ptr<CaravandProcess> daemon_;
  std::unique_ptr<caravan::v1::Documents::Stub> documents_;
};

TEST_F(ReportE2E, ReportPdfIsItsOwnDocumentLinkedToItsLandingPage) {
  std::vector<Document> docs =
      WaitForDocuments(documents_.get(), 2, std::chrono::seconds(60), ListFilter(100, false, /*include_attachments=*/true));
  ASSERT_EQ(docs.size(), 2u) << daemon_->Log();
  const Document* landing = nullptr;
  const Document* report = nullptr;
  for (const Document& d : docs) (d.content_type() == "application/pdf" ? report : landing) = &d;
  ASSERT_NE(landing, nullptr);
  ASSERT_NE(report, nullptr);
  const std::string landing_url = site_->BaseUrl() + "/reports/connectivity-outlook-2024/";

  EXPECT_EQ(report->landing_url(), landing_url);
  EXPECT_EQ(report->attachment_of(), landing->id()) << "the report is its landing page's attachment";
  EXPECT_EQ(report->title(), "Connectivity Outlook 2024");
  EXPECT_NE(report->text().find("Ferry capacity on the Caspian Sea remains the main constraint"), std::string::npos)
      << report->text();
  EXPECT_NE(report->text().find("Rail operators in Kazakhstan"), std::string::npos) << report->text();

  EXPECT_EQ(landing->url(), landing_url);
  EXPECT_EQ(landing->landing_url(), "") << "pages are not files";
  ASSERT_EQ(landing->attachments_size(), 1);
  EXPECT_EQ(landing->attachments(0), report->id());
  EXPECT_EQ(landing->title(), "Connectivity Outlook 2024");
  EXPECT_EQ(landing->published().seconds(), 1726198200);  // 2024-09-13T08:30+05:00
  EXPECT_EQ(landing->published_offset_min(), 300);
  ASSERT_EQ(landing->tags_size(), 3);
  EXPECT_EQ(landing->tags(0), "Middle Corridor");
  EXPECT_EQ(landing->tags(2), "rail");
  ASSERT_EQ(landing->translations_size(), 1);
  EXPECT_EQ(landing->translations(0).language(), "ru");
  EXPECT_EQ(landing->translations(0).url(), site_->BaseUrl() + "/ru/reports/connectivity-outlook-2024/");
  ASSERT_EQ(landing->images_size(), 1);
  EXPECT_EQ(landing->images(0).url(), site_->BaseUrl() + "/wp-content/uploads/2024/09/cover.jpg");
  EXPECT_EQ(landing->images(0).caption(), "Cover of the Connectivity Outlook 2024.");
  EXPECT_EQ(landing->text().find("All rights reserved"), std::string::npos);

  // The default view: one publication, the page with its report.
  std::vector<Document> listed = ListAllDocuments(documents_.get());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id(), landing->id());
  ASSERT_EQ(listed[0].attached_size(), 1);
  EXPECT_EQ(listed[0].attached(0).id(), report->id());
  EXPECT_EQ(listed[0].attached(0).content_type(), "application/pdf");
  EXPECT_NE(listed[0].attached(0).text().find("Rail operators in Kazakhstan"), std::string::npos);
  listed = ListAllDocuments(documents_.get(), [] {
    caravan::v1::ListDocumentsRequest r;
    r.set_omit_text(true);
    return r;
  }());
  ASSERT_EQ(listed.size(), 1u);
  ASSERT_EQ(listed[0].attached_size(), 1);
  EXPECT_TRUE(listed[0].attached(0).text().empty()) << "omit_text holds for attachments too";

  Document got;
  grpc::ClientContext context;
  caravan::v1::GetDocumentRequest get;
  get.set_id(landing->id());
  ASSERT_TRUE(documents_->Get(&context, get, &got).ok());
  ASSERT_EQ(got.attached_size(), 1);
  EXPECT_EQ(got.attached(0).title(), "Connectivity Outlook 2024");

  std::string table = CommandOutput(std::string(CARAVAN_BINARY_DIR) + "/bin/caravanctl --server " +
                                    grpc_address_ + " docs list");
  EXPECT_NE(table.find("+ attachment " + report->id() + "  application/pdf"), std::string::npos) << table;
}

}  // namespace
}  // namespace caravan::testing
