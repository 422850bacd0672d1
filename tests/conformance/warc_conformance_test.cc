// WARC and ARC reading on warcio's test archives (../shared/testdata/warc):
// for every file, whether it loads, and for every record its type, offset,
// length, target URI, content length, header values, HTTP status and digest
// verdicts, as warcio's ArchiveIterator reports them. Prints how many records
// matched in full.
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "archive/http_message.h"
#include "archive/warc.h"
#include "tests/conformance/shared_testdata.h"

namespace caravan::archive {
namespace {

using nlohmann::json;

// The expected value of a string field; "" when absent or null, as
// WarcRecord::Header answers for a header that is not there.
std::string Text(const json& record, const char* field) {
  return record.contains(field) && record[field].is_string() ? record[field].get<std::string>() : "";
}

DigestVerdict VerdictOf(bool ok) { return ok ? DigestVerdict::kPass : DigestVerdict::kFail; }

// The WARC-Date the reader gives an ARC record: the 14-digit ARC date in
// RFC 3339, or none when the date is malformed (bad.arc has 18 digits).
std::string ArcDate(const std::string& arc_date) {
  if (arc_date.size() != 14) return "";
  return arc_date.substr(0, 4) + "-" + arc_date.substr(4, 2) + "-" + arc_date.substr(6, 2) + "T" +
         arc_date.substr(8, 2) + ":" + arc_date.substr(10, 2) + ":" + arc_date.substr(12, 2) + "Z";
}

// Records whose data is shorter than their declared length although the
// README does not flag them: this reader reports them, warcio reads short
// without a word. example-space-in-url.arc is example.arc with a longer URL
// and LF instead of CRLF in the HTTP headers: 1579 bytes follow the
// 143-byte ARC header line at offset 151 (151 + 143 + 1579 = 1873, the
// file's size) where 1591 are declared.
const std::set<std::pair<std::string, uint64_t>> kShortButUnflagged = {{"files/example-space-in-url.arc", 151}};

void CheckRecord(const json& want, const WarcRecord& got, bool damaged) {
  EXPECT_EQ(got.Header("WARC-Type"), Text(want, "type"));
  EXPECT_EQ(got.offset, want["offset"].get<uint64_t>());
  // The README leaves the length of a plain ARC record null: warcio's index
  // has none to compare with (the reader gives header line plus block).
  if (!want["length"].is_null()) {
    EXPECT_EQ(got.length, want["length"].get<uint64_t>());
  }
  // The raw header value. target_uri_normalized (wget's <uri> unwrapped,
  // spaces as %20) is warcio's cleaning, which this reader leaves to callers.
  EXPECT_EQ(got.Header("WARC-Target-URI"), Text(want, "target_uri"));
  EXPECT_EQ(got.Header("Content-Type"), Text(want, "content_type"));
  EXPECT_EQ(got.Header("Content-Length"), std::to_string(want["content_length"].get<uint64_t>()));
  if (want.contains("arc_date")) {
    EXPECT_EQ(got.Header("WARC-Date"), ArcDate(want["arc_date"]));
  } else {
    EXPECT_EQ(got.version, Text(want, "version"));
    EXPECT_EQ(got.Header("WARC-Record-ID"), Text(want, "record_id"));
    EXPECT_EQ(got.Header("WARC-Date"), Text(want, "date"));
    EXPECT_EQ(got.Header("WARC-Block-Digest"), Text(want, "block_digest"));
    EXPECT_EQ(got.Header("WARC-Payload-Digest"), Text(want, "payload_digest"));
    EXPECT_EQ(got.Header("WARC-Filename"), Text(want, "warc_filename"));
  }

  EXPECT_EQ(!got.error.empty(), damaged) << got.error;

  if (want.contains("http_status")) {
    HttpResponse response;
    std::string error;
    EXPECT_TRUE(ParseHttpResponse(got.block, &response, &error)) << error;
    EXPECT_EQ(response.status, want["http_status"].get<int>());
    EXPECT_EQ(response.Header("Content-Type"), Text(want, "http_content_type"));
    EXPECT_EQ(response.Header("Transfer-Encoding"), Text(want, "http_transfer_encoding"));
  }

  DigestCheck check = CheckDigests(got);
  std::string verdict = want.value("digest_check", "none");  // ARC records declare no digests
  if (verdict == "not_checked_revisit") {
    EXPECT_EQ(check.payload, DigestVerdict::kUnchecked);
    // The README gives no block verdict for revisits; their block digests
    // do match their blocks (sha1sum and base32 of the block by hand).
    EXPECT_EQ(check.block, want.contains("block_digest") ? DigestVerdict::kPass : DigestVerdict::kNone);
  } else {
    const std::map<std::string, DigestVerdict> overall = {
        {"pass", DigestVerdict::kPass}, {"fail", DigestVerdict::kFail}, {"none", DigestVerdict::kNone}};
    ASSERT_TRUE(overall.contains(verdict)) << verdict;
    EXPECT_EQ(check.Overall(), overall.at(verdict));
    if (want.contains("block_digest_ok")) {
      EXPECT_EQ(check.block, VerdictOf(want["block_digest_ok"]));
    }
    if (want.contains("payload_digest_ok")) {
      EXPECT_EQ(check.payload, VerdictOf(want["payload_digest_ok"]));
    }
  }
}

TEST(WarcConformance, WarcioTestArchives) {
  const auto dir = caravan::testing::SharedTestdata("warc");
  SKIP_WITHOUT_SHARED(dir);
  const ::testing::TestResult* result = ::testing::UnitTest::GetInstance()->current_test_info()->result();
  int files = 0, load_errors = 0, records = 0, matched = 0;
  for (const json& c : caravan::testing::ReadJsonl(dir / "cases.jsonl")) {
    const std::string file = c["file"];
    SCOPED_TRACE(file);
    ++files;
    std::string error;
    auto reader = WarcReader::Open((dir / file).string(), &error);
    ASSERT_TRUE(reader) << error;
    std::vector<WarcRecord> got;
    WarcRecord record;
    while (reader->Next(&record)) got.push_back(record);

    if (c["load_error"].get<bool>()) {
      EXPECT_NE(reader->error(), "") << "warcio fails on this file: " << c.value("error", "");
      if (!reader->error().empty()) ++load_errors;
      std::printf("  %s: %s\n", file.c_str(), reader->error().c_str());
      continue;
    }
    EXPECT_EQ(reader->error(), "");
    const json& want = c["records"];
    records += static_cast<int>(want.size());
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      SCOPED_TRACE("record " + std::to_string(i) + " at offset " + std::to_string(got[i].offset));
      EXPECT_EQ(got[i].Header("WARC-Type"), c["record_types"][i].get<std::string>());
      int parts = result->total_part_count();
      bool damaged = want[i].value("truncated", false) || want[i].value("length_mismatch", false) ||
                     kShortButUnflagged.contains({file, want[i]["offset"].get<uint64_t>()});
      CheckRecord(want[i], got[i], damaged);
      if (result->total_part_count() == parts) ++matched;
    }
  }
  std::printf("warc conformance: %d files, %d load errors as expected, %d of %d records matched\n", files,
              load_errors, matched, records);
  EXPECT_EQ(matched, records);
}

}  // namespace
}  // namespace caravan::archive
