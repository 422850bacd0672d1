#include "archive/warc.h"

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "archive/http_message.h"

namespace caravan::archive {
namespace {

constexpr int64_t kJuly4 = 1720087200000;  // 2024-07-04T10:00:00Z

// A plain WARC/1.0 record with the given header lines and a correct
// Content-Length unless `content_length` says otherwise.
std::string Record(const std::string& headers, const std::string& block, long content_length = -1) {
  return "WARC/1.0\r\n" + headers +
         "Content-Length: " + std::to_string(content_length < 0 ? block.size() : content_length) +
         "\r\n\r\n" + block + "\r\n\r\n";
}

std::string Resource(const std::string& uri, const std::string& block, long content_length = -1) {
  return Record("WARC-Type: resource\r\nWARC-Target-URI: " + uri + "\r\nContent-Type: text/plain\r\n", block,
                content_length);
}

// `data` as one gzip member, made here rather than by the writer under test.
std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = data.size();
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = out.size();
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

struct Member {
  size_t offset, size;
  std::string data;
};

// Inflates `file` member by member.
std::vector<Member> Members(const std::string& file) {
  std::vector<Member> members;
  size_t pos = 0;
  while (pos < file.size()) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(file.data() + pos));
    z.avail_in = file.size() - pos;
    std::string out(1 << 20, '\0');
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = out.size();
    int rc = inflate(&z, Z_FINISH);
    EXPECT_EQ(rc, Z_STREAM_END) << "member at offset " << pos;
    out.resize(z.total_out);
    members.push_back({pos, z.total_in, out});
    pos += z.total_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) break;
  }
  return members;
}

struct ReadResult {
  std::vector<WarcRecord> records;
  std::string error;
};

ReadResult ReadAll(const std::string& file) {
  std::istringstream in(file);
  WarcReader reader(&in, "test.warc");
  ReadResult result;
  WarcRecord record;
  while (reader.Next(&record)) result.records.push_back(record);
  result.error = reader.error();
  return result;
}

// The header `name` of a plain record's text.
std::string HeaderOf(const std::string& record, const std::string& name) {
  size_t at = record.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  size_t start = at + name.size() + 4;
  return record.substr(start, record.find("\r\n", start) - start);
}

RecordInfo Info(const std::string& uri) {
  RecordInfo info;
  info.target_uri = uri;
  info.date_ms = kJuly4;
  return info;
}

const std::string kResponse = HttpResponseMessage(200, {{"Content-Type", "text/html"}}, "<p>hello</p>");
const std::string kRequest = "GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n";

// ---------------------------------------------------------------- writer

TEST(WarcWriter, EachRecordIsItsOwnGzipMember) {
  std::ostringstream out;
  WarcWriter writer(&out, "out.warc.gz");
  std::vector<WrittenRecord> written = {writer.Warcinfo(kJuly4, "out.warc.gz", "caravan/0.1"),
                                        writer.Response(Info("https://example.org/a"), kResponse),
                                        writer.Request(Info("https://example.org/a"), kRequest)};
  ASSERT_EQ(writer.error(), "");
  std::vector<Member> members = Members(out.str());
  ASSERT_EQ(members.size(), 3u);
  for (size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ(members[i].offset, written[i].offset);
    EXPECT_EQ(members[i].size, written[i].length);
    EXPECT_TRUE(members[i].data.starts_with("WARC/1.1\r\n")) << i;
    EXPECT_TRUE(members[i].data.ends_with("\r\n\r\n")) << i;
    EXPECT_EQ(HeaderOf(members[i].data, "WARC-Record-ID"), written[i].record_id);
  }
}

TEST(WarcWriter, RecordsEndWithCrlfCrlfAfterContentLengthBytes) {
  std::ostringstream out;
  WarcWriter writer(&out, "out.warc", {.gzip = false});
  writer.Resource(Info("https://example.org/r"), "text/plain", "abc");
  std::string record = out.str();
  size_t head_end = record.find("\r\n\r\n") + 4;
  ASSERT_EQ(HeaderOf(record, "Content-Length"), "3");
  EXPECT_EQ(record.substr(head_end), "abc\r\n\r\n");
}

TEST(WarcWriter, BlockDigestIsSha1Base32OfTheBlock) {
  std::ostringstream out;
  WarcWriter writer(&out, "out.warc", {.gzip = false});
  writer.Resource(Info("https://example.org/r"), "text/plain", "abc");
  // sha1("abc") = a9993e36...d89d, in RFC 4648 base32.
  EXPECT_EQ(HeaderOf(out.str(), "WARC-Block-Digest"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
  EXPECT_EQ(HeaderOf(out.str(), "WARC-Payload-Digest"), "");  // not application/http
}

TEST(WarcWriter, PayloadDigestCoversWhatFollowsTheHttpHeaders) {
  std::ostringstream out;
  WarcWriter writer(&out, "out.warc", {.gzip = false});
  writer.Response(Info("https://example.org/a"), HttpResponseMessage(200, {}, "hello"));
  writer.Request(Info("https://example.org/a"), kRequest);
  std::string file = out.str();
  size_t second = file.find("WARC/1.1", 1);
  EXPECT_EQ(HeaderOf(file.substr(0, second), "WARC-Payload-Digest"), "sha1:VL2MMHO4YXUKFWV63YHTWSBM3GXKSQ2N");
  // A request without a body: the digest of nothing.
  EXPECT_EQ(HeaderOf(file.substr(second), "WARC-Payload-Digest"), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
}

TEST(WarcWriter, RecordIdsAreRandomVersion4Uuids) {
  std::ostringstream out;
  WarcWriter writer(&out, "out.warc");
  std::string a = writer.Resource(Info("https://example.org/a"), "text/plain", "a").record_id;
  std::string b = writer.Resource(Info("https://example.org/a"), "text/plain", "a").record_id;
  const std::regex uuid4("<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");
  EXPECT_TRUE(std::regex_match(a, uuid4)) << a;
  EXPECT_TRUE(std::regex_match(b, uuid4)) << b;
  EXPECT_NE(a, b);
}

TEST(WarcWriter, DatesAreRfc3339UtcInSecondsOrMilliseconds) {
  std::ostringstream seconds, millis;
  WarcWriter(&seconds, "s.warc", {.gzip = false}).Resource(Info("https://e.org/"), "text/plain", "x");
  WarcWriter(&millis, "ms.warc", {.gzip = false, .millisecond_dates = true})
      .Resource({"https://e.org/", kJuly4 + 45, "", ""}, "text/plain", "x");
  EXPECT_EQ(HeaderOf(seconds.str(), "WARC-Date"), "2024-07-04T10:00:00Z");
  EXPECT_EQ(HeaderOf(millis.str(), "WARC-Date"), "2024-07-04T10:00:00.045Z");
}

TEST(WarcWriter, RecordsAfterAWarcinfoNameIt) {
  std::ostringstream out;
  WarcWriter writer(&out, "out.warc", {.gzip = false});
  std::string info_id = writer.Warcinfo(kJuly4, "crawl-1.warc.gz", "caravan/0.1.0").record_id;
  writer.Resource(Info("https://example.org/"), "text/plain", "x");
  writer.Warcinfo(kJuly4, "crawl-1.warc.gz", "caravan/0.1.0");  // never names another warcinfo
  ReadResult read = ReadAll(out.str());
  ASSERT_EQ(read.records.size(), 3u) << read.error;
  const WarcRecord& warcinfo = read.records[0];
  EXPECT_EQ(warcinfo.Header("WARC-Type"), "warcinfo");
  EXPECT_EQ(warcinfo.Header("WARC-Filename"), "crawl-1.warc.gz");
  EXPECT_EQ(warcinfo.Header("Content-Type"), "application/warc-fields");
  EXPECT_EQ(warcinfo.Header("WARC-Warcinfo-ID"), "");
  EXPECT_NE(warcinfo.block.find("software: caravan/0.1.0\r\n"), std::string::npos);
  EXPECT_NE(warcinfo.block.find("format: WARC File Format 1.1\r\n"), std::string::npos);
  EXPECT_EQ(read.records[1].Header("WARC-Warcinfo-ID"), info_id);
  EXPECT_EQ(read.records[2].Header("WARC-Warcinfo-ID"), "");
}

TEST(WarcWriter, LinksAndTargetAreWrittenOnlyWhereGiven) {
  std::ostringstream out;
  WarcWriter writer(&out, "out.warc", {.gzip = false});
  std::string response = writer.Response(Info("https://example.org/a"), kResponse).record_id;
  RecordInfo linked = Info("https://example.org/a");
  linked.concurrent_to = response;
  linked.refers_to = response;
  writer.Metadata(linked, "application/json", R"({"title":"A"})");
  ReadResult read = ReadAll(out.str());
  ASSERT_EQ(read.records.size(), 2u) << read.error;
  EXPECT_EQ(read.records[0].Header("WARC-Concurrent-To"), "");
  EXPECT_EQ(read.records[0].Header("WARC-Refers-To"), "");
  EXPECT_EQ(read.records[1].Header("WARC-Concurrent-To"), response);
  EXPECT_EQ(read.records[1].Header("WARC-Refers-To"), response);
  EXPECT_EQ(read.records[1].Header("WARC-Target-URI"), "https://example.org/a");
}

TEST(WarcWriter, AFailedWriteIsReportedWithTheStreamNameAndOffset) {
  std::ostream broken(nullptr);  // no buffer: every write fails
  WarcWriter writer(&broken, "full-disk.warc.gz");
  WrittenRecord written = writer.Resource(Info("https://example.org/"), "text/plain", "x");
  EXPECT_EQ(written.record_id, "");
  EXPECT_NE(writer.error().find("full-disk.warc.gz"), std::string::npos) << writer.error();
  EXPECT_NE(writer.error().find("offset 0"), std::string::npos) << writer.error();
  std::string error;
  EXPECT_EQ(WarcWriter::Create("/nonexistent-dir/x.warc.gz", {}, &error), nullptr);
  EXPECT_NE(error.find("/nonexistent-dir/x.warc.gz"), std::string::npos) << error;
}

// ---------------------------------------------------------------- reader

TEST(WarcReader, RoundTripOfRequestResponseAndMetadata) {
  for (bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "plain");
    std::ostringstream out;
    WarcWriter writer(&out, "out.warc", {.gzip = gzip});
    std::vector<WrittenRecord> written;
    written.push_back(writer.Warcinfo(kJuly4, "out.warc", "caravan/0.1"));
    written.push_back(writer.Response(Info("https://example.org/a"), kResponse));
    RecordInfo request = Info("https://example.org/a");
    request.concurrent_to = written[1].record_id;
    written.push_back(writer.Request(request, kRequest));
    RecordInfo metadata = Info("https://example.org/a");
    metadata.refers_to = written[1].record_id;
    written.push_back(writer.Metadata(metadata, "application/warc-fields", "outlinks: https://example.org/b\r\n"));

    ReadResult read = ReadAll(out.str());
    ASSERT_EQ(read.error, "");
    ASSERT_EQ(read.records.size(), 4u);
    const std::vector<std::string> types = {"warcinfo", "response", "request", "metadata"};
    for (size_t i = 0; i < 4; ++i) {
      const WarcRecord& r = read.records[i];
      EXPECT_EQ(r.version, "WARC/1.1");
      EXPECT_EQ(r.Header("WARC-Type"), types[i]);
      EXPECT_EQ(r.Header("WARC-Record-ID"), written[i].record_id);
      EXPECT_EQ(r.error, "");
      EXPECT_EQ(r.offset, written[i].offset);
      // warcio's index leaves the closing CRLF CRLF out of a plain record.
      EXPECT_EQ(r.length, written[i].length - (gzip ? 0 : 4));
      EXPECT_EQ(CheckDigests(r).Overall(), DigestVerdict::kPass) << types[i];
    }
    EXPECT_EQ(read.records[1].block, kResponse);
    EXPECT_EQ(read.records[1].Header("Content-Type"), "application/http; msgtype=response");
    EXPECT_EQ(read.records[2].block, kRequest);
    EXPECT_EQ(read.records[2].Header("WARC-Concurrent-To"), written[1].record_id);
    EXPECT_EQ(read.records[3].block, "outlinks: https://example.org/b\r\n");
    EXPECT_EQ(read.records[3].Header("WARC-Refers-To"), written[1].record_id);
    HttpResponse response;
    std::string error;
    ASSERT_TRUE(ParseHttpResponse(read.records[1].block, &response, &error)) << error;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "<p>hello</p>");
  }
}

TEST(WarcReader, GzipIsToldByMagicBytesNotTheFileName) {
  auto path = std::filesystem::temp_directory_path() / ("caravan-warc-" + std::to_string(getpid()) + ".warc");
  std::string error;
  {
    auto writer = WarcWriter::Create(path.string(), {.gzip = true}, &error);
    ASSERT_TRUE(writer) << error;
    writer->Resource(Info("https://example.org/"), "text/plain", "x");
  }
  auto reader = WarcReader::Open(path.string(), &error);
  ASSERT_TRUE(reader) << error;
  WarcRecord record;
  ASSERT_TRUE(reader->Next(&record)) << reader->error();
  EXPECT_EQ(record.block, "x");
  EXPECT_FALSE(reader->Next(&record));
  EXPECT_EQ(reader->error(), "");
  std::filesystem::remove(path);
  EXPECT_EQ(WarcReader::Open(path.string(), &error), nullptr);
  EXPECT_NE(error.find(path.string()), std::string::npos) << error;
}

TEST(WarcReader, ATruncatedRecordIsReportedAndTheNextOneRead) {
  // The first record claims 100 bytes but has 10: its Content-Length runs
  // into the second record.
  std::string first = Resource("https://example.org/1", "0123456789", 100);
  std::string file = first + Resource("https://example.org/2", "second");
  ReadResult read = ReadAll(file);
  EXPECT_EQ(read.error, "");
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[0].block, "0123456789");
  EXPECT_NE(read.records[0].error.find("test.warc"), std::string::npos) << read.records[0].error;
  EXPECT_NE(read.records[0].error.find("offset 0"), std::string::npos) << read.records[0].error;
  EXPECT_NE(read.records[0].error.find("Content-Length of 100"), std::string::npos) << read.records[0].error;
  EXPECT_EQ(CheckDigests(read.records[0]).Overall(), DigestVerdict::kNone);
  EXPECT_EQ(read.records[1].error, "");
  EXPECT_EQ(read.records[1].offset, first.size());
  EXPECT_EQ(read.records[1].block, "second");
  EXPECT_EQ(read.records[1].Header("WARC-Target-URI"), "https://example.org/2");
}

TEST(WarcReader, AContentLengthThatFallsShortIsReportedAndReadingResumes) {
  std::string first = Resource("https://example.org/1", "0123456789", 4);
  std::string file = first + Resource("https://example.org/2", "second");
  ReadResult read = ReadAll(file);
  EXPECT_EQ(read.error, "");
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[0].block, "0123");
  EXPECT_NE(read.records[0].error.find("declares a Content-Length of 4 but no blank line follows"), std::string::npos) << read.records[0].error;
  // Like warcio: the header and the declared block.
  EXPECT_EQ(read.records[0].length, first.size() - 6 - 4);
  EXPECT_EQ(read.records[1].offset, first.size());
  EXPECT_EQ(read.records[1].block, "second");
}

TEST(WarcReader, ARecordCutOffByTheEndOfTheFileIsReported) {
  std::string file = Resource("https://example.org/1", "whole") + Resource("https://example.org/2", "0123456789");
  file.resize(file.size() - 9);  // the last block loses "56789\r\n\r\n"
  ReadResult read = ReadAll(file);
  EXPECT_EQ(read.error, "");
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[0].error, "");
  EXPECT_EQ(read.records[1].block, "01234");
  EXPECT_NE(read.records[1].error.find("the file ends after 5 bytes"), std::string::npos) << read.records[1].error;
}

TEST(WarcReader, BytesBetweenRecordsAreSkippedAndReported) {
  std::string first = Resource("https://example.org/1", "one");
  std::string file = first + "garbage line\r\n" + Resource("https://example.org/2", "two");
  ReadResult read = ReadAll(file);
  EXPECT_EQ(read.error, "");
  ASSERT_EQ(read.records.size(), 2u);
  EXPECT_EQ(read.records[0].error, "");
  EXPECT_NE(read.records[1].error.find("skipped 14 bytes"), std::string::npos) << read.records[1].error;
  EXPECT_EQ(read.records[1].offset, first.size() + 14);
  EXPECT_EQ(read.records[1].block, "two");
}

TEST(WarcReader, AGzipMemberHoldingSeveralRecordsIsAnError) {
  std::string file = Gzip(Resource("https://example.org/1", "one") + Resource("https://example.org/2", "two"));
  ReadResult read = ReadAll(file);
  EXPECT_TRUE(read.records.empty());
  EXPECT_NE(read.error.find("gzip member at offset 0 holds more than one record"), std::string::npos)
      << read.error;
}

TEST(WarcReader, GzipMembersNotAlignedWithRecordsAreAnError) {
  std::string record = Resource("https://example.org/1", "0123456789");
  std::string first = Gzip(record.substr(0, record.size() - 12));
  std::string file = first + Gzip(record.substr(record.size() - 12));
  ReadResult read = ReadAll(file);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_NE(read.records[0].error.find("gzip member ends after"), std::string::npos) << read.records[0].error;
  EXPECT_EQ(read.records[0].length, first.size());
  EXPECT_NE(read.error.find("gzip member at offset " + std::to_string(first.size()) +
                            " does not start with a WARC record"),
            std::string::npos)
      << read.error;
}

TEST(WarcReader, AGzipFileCutInsideAMemberIsAnError) {
  std::string first = Gzip(Resource("https://example.org/1", "one"));
  std::string file = first + Gzip(Resource("https://example.org/2", "two"));
  file.resize(file.size() - 10);
  ReadResult read = ReadAll(file);
  ASSERT_EQ(read.records.size(), 1u);
  EXPECT_NE(read.error.find("gzip member at offset " + std::to_string(first.size()) + " is cut off"),
            std::string::npos)
      << read.error;
}

TEST(WarcReader, ANonWarcFileIsAnErrorAndAnEmptyOneHasNoRecords) {
  ReadResult html = ReadAll("<html><body>hello</body></html>\n");
  EXPECT_TRUE(html.records.empty());
  EXPECT_NE(html.error.find("test.warc: not a WARC or ARC file"), std::string::npos) << html.error;
  ReadResult empty = ReadAll("");
  EXPECT_TRUE(empty.records.empty());
  EXPECT_EQ(empty.error, "");
}

TEST(WarcReader, ArcRecordsAreGivenUnderWarcNames) {
  // The filedesc record's length is -1, as in the wild, and the URL of the
  // second record has spaces.
  std::string filedesc =
      "filedesc://x.arc 127.0.0.1 20140216050221 text/plain -1\n"
      "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n";
  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nhi";
  std::string file = filedesc + "\n" + "http://example.com/a b 93.184.216.119 20140216050222 text/html " +
                     std::to_string(http.size()) + "\n" + http + "\n";
  ReadResult read = ReadAll(file);
  EXPECT_EQ(read.error, "");
  ASSERT_EQ(read.records.size(), 2u);
  const WarcRecord& header = read.records[0];
  EXPECT_EQ(header.version, "ARC/1.0");
  EXPECT_EQ(header.Header("WARC-Type"), "arc_header");
  EXPECT_EQ(header.Header("Content-Length"), "0");
  EXPECT_EQ(header.block, "1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n");
  const WarcRecord& response = read.records[1];
  EXPECT_EQ(response.offset, filedesc.size() + 1);
  EXPECT_EQ(response.Header("WARC-Type"), "response");
  EXPECT_EQ(response.Header("WARC-Target-URI"), "http://example.com/a b");
  EXPECT_EQ(response.Header("WARC-IP-Address"), "93.184.216.119");
  EXPECT_EQ(response.Header("WARC-Date"), "2014-02-16T05:02:22Z");
  EXPECT_EQ(response.Header("content-type"), "text/html");
  EXPECT_EQ(response.block, http);
}

// ---------------------------------------------------------------- digests

std::string WithDigests(const std::string& type, const std::string& content_type, const std::string& block,
                        const std::string& block_digest, const std::string& payload_digest) {
  return Record("WARC-Type: " + type + "\r\nContent-Type: " + content_type + "\r\n" +
                    (block_digest.empty() ? "" : "WARC-Block-Digest: " + block_digest + "\r\n") +
                    (payload_digest.empty() ? "" : "WARC-Payload-Digest: " + payload_digest + "\r\n"),
                block);
}

DigestCheck CheckOne(const std::string& record) {
  ReadResult read = ReadAll(record);
  EXPECT_EQ(read.records.size(), 1u) << read.error;
  return read.records.empty() ? DigestCheck() : CheckDigests(read.records[0]);
}

TEST(WarcDigests, Base16Base64Base64UrlSha256AndMd5AreAccepted) {
  for (const char* digest :
       {"sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", "sha1:vgmt4nsha2awvor6evyxqugcnsonbwe5",
        "sha1:a9993e364706816aba3e25717850c26c9cd0d89d", "sha1:qZk+NkcGgWq6PiVxeFDCbJzQ2J0=",
        "sha1:qZk-NkcGgWq6PiVxeFDCbJzQ2J0", "SHA-1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5",
        "sha256:XJ4BNP4PAHH6UQKBIDPF3LRCEOYAGYNDSYLXVHFUCD7WD4QACWWQ====",
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "md5:900150983cd24fb0d6963f7d28e17f72"}) {
    EXPECT_EQ(CheckOne(WithDigests("resource", "text/plain", "abc", digest, digest)).Overall(),
              DigestVerdict::kPass)
        << digest;
  }
}

TEST(WarcDigests, AWrongDigestFailsAndAnUnknownAlgorithmIsUnchecked) {
  DigestCheck wrong =
      CheckOne(WithDigests("resource", "text/plain", "abd", "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", ""));
  EXPECT_EQ(wrong.block, DigestVerdict::kFail);
  EXPECT_EQ(wrong.payload, DigestVerdict::kNone);
  EXPECT_EQ(wrong.Overall(), DigestVerdict::kFail);
  DigestCheck unknown = CheckOne(WithDigests("resource", "text/plain", "abc", "blake3:AAAA", ""));
  EXPECT_EQ(unknown.Overall(), DigestVerdict::kUnchecked);
  EXPECT_EQ(CheckOne(WithDigests("resource", "text/plain", "abc", "", "")).Overall(), DigestVerdict::kNone);
}

TEST(WarcDigests, PayloadDigestOfAChunkedResponseCoversTheBytesAsSentOrTheEntity) {
  std::string chunked = "5\r\nhello\r\n0\r\n\r\n";
  std::string block = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked;
  // The digests of the transfer-encoded bytes and of "hello", computed by
  // the writer's own route: a resource record whose block is that payload.
  auto digest_of = [](const std::string& payload) {
    std::ostringstream out;
    WarcWriter(&out, "d.warc", {.gzip = false}).Resource(Info("x:"), "text/plain", payload);
    return HeaderOf(out.str(), "WARC-Block-Digest");
  };
  std::string as_sent = digest_of(chunked);
  EXPECT_EQ(digest_of("hello"), "sha1:VL2MMHO4YXUKFWV63YHTWSBM3GXKSQ2N");
  const std::string type = "application/http; msgtype=response";
  EXPECT_EQ(CheckOne(WithDigests("response", type, block, "", as_sent)).payload, DigestVerdict::kPass);
  EXPECT_EQ(CheckOne(WithDigests("response", type, block, "", "sha1:VL2MMHO4YXUKFWV63YHTWSBM3GXKSQ2N")).payload,
            DigestVerdict::kPass);
  EXPECT_EQ(CheckOne(WithDigests("response", type, block, "", "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ")).payload,
            DigestVerdict::kFail);
}

TEST(WarcDigests, ARevisitPayloadDigestIsNotChecked) {
  // It names the payload of the original capture, not of this record.
  DigestCheck check = CheckOne(WithDigests("revisit", "application/http; msgtype=response",
                                           "HTTP/1.1 200 OK\r\n\r\n", "", "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5"));
  EXPECT_EQ(check.payload, DigestVerdict::kUnchecked);
  EXPECT_EQ(check.Overall(), DigestVerdict::kUnchecked);
}

TEST(WarcDigests, Base32IsRfc4648) {
  EXPECT_EQ(Base32(""), "");
  EXPECT_EQ(Base32("f"), "MY======");
  EXPECT_EQ(Base32("fo"), "MZXQ====");
  EXPECT_EQ(Base32("foobar"), "MZXW6YTBOI======");
}

}  // namespace
}  // namespace caravan::archive
