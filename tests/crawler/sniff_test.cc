#include "crawler/fetch/sniff.h"

#include <gtest/gtest.h>

namespace caravan::fetch {
namespace {

using namespace std::string_literals;

TEST(Sniff, MagicNumbersBeatTheHeader) {
  EXPECT_EQ(SniffMediaType("text/html", "%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(SniffMediaType("text/html", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s), "image/png");
  EXPECT_EQ(SniffMediaType("text/html", "\0\0\1\0\1\0\x10\x10"s), "image/x-icon");
  EXPECT_EQ(SniffMediaType("application/octet-stream", "PK\x03\x04rest"), "application/zip");
}

TEST(Sniff, PdfAfterJunkIsStillAPdf) {
  EXPECT_EQ(SniffMediaType("application/octet-stream", "\r\n\r\n%PDF-1.4\n"), "application/pdf");
  EXPECT_EQ(SniffMediaType("text/html", "<html><body>Download the %PDF-1.4 file</body></html>"), "text/html");
}

TEST(Sniff, BinaryBytesUnderATextTypeAreBinary) {
  EXPECT_EQ(SniffMediaType("text/html", "\x7f" "ELF\x02\x01\x01\0\0\0"s), "application/octet-stream");
  EXPECT_EQ(SniffMediaType("text/html", "<html>\x01\x02\x03</html>"), "application/octet-stream");
}

TEST(Sniff, Utf16TextWithABomIsNotBinary) {
  EXPECT_EQ(SniffMediaType("text/html", "\xff\xfe<\0h\0t\0m\0l\0>\0"s), "text/html");
}

TEST(Sniff, GenericTypesAreSettledByMarkup) {
  EXPECT_EQ(SniffMediaType("", "\n  <!DOCTYPE html><html>"), "text/html");
  EXPECT_EQ(SniffMediaType("text/plain", "<?xml version=\"1.0\"?><rss version=\"2.0\">"), "application/xml");
  EXPECT_EQ(SniffMediaType("application/octet-stream", "<urlset xmlns=\"...\">"), "application/xml");
  EXPECT_EQ(SniffMediaType("text/plain", "Plain words, no markup."), "text/plain");
  EXPECT_EQ(SniffMediaType("", "Plain words."), "text/plain");
}

TEST(Sniff, ASpecificTypeTheBodyDoesNotContradictIsKept) {
  EXPECT_EQ(SniffMediaType("application/rss+xml", "<?xml version=\"1.0\"?><rss>"), "application/rss+xml");
  EXPECT_EQ(SniffMediaType("text/html", "Just text, served as HTML."), "text/html");
}

TEST(Sniff, ProcessableTypes) {
  EXPECT_TRUE(IsProcessableType("text/html"));
  EXPECT_TRUE(IsProcessableType("application/pdf"));
  EXPECT_TRUE(IsProcessableType("application/atom+xml"));
  EXPECT_FALSE(IsProcessableType("image/svg+xml"));
  EXPECT_FALSE(IsProcessableType("application/octet-stream"));
  EXPECT_FALSE(IsProcessableType("application/zip"));
}

}  // namespace
}  // namespace caravan::fetch
