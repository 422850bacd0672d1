#include "archive/http_message.h"

#include <gtest/gtest.h>

namespace caravan::archive {
namespace {

TEST(WarcHttpMessage, ResponseRestatesContentLengthAndDropsTransferCodings) {
  // As a client reports a gzipped, chunked response after decoding it.
  std::string message = HttpResponseMessage(404,
                                            {{"Content-Type", "text/html"},
                                             {"transfer-encoding", "chunked"},
                                             {"Content-Encoding", "gzip"},
                                             {"Content-Length", "999"},
                                             {"Set-Cookie", "a=1"},
                                             {"Set-Cookie", "b=2"}},
                                            "gone");
  EXPECT_EQ(message,
            "HTTP/1.1 404 Not Found\r\n"
            "Content-Type: text/html\r\n"
            "Set-Cookie: a=1\r\n"
            "Set-Cookie: b=2\r\n"
            "Content-Length: 4\r\n"
            "\r\n"
            "gone");
  EXPECT_TRUE(HttpResponseMessage(299, {}, "").starts_with("HTTP/1.1 299 \r\n"));
}

TEST(WarcHttpMessage, ParseUndoesChunkingWithExtensionsAndTrailers) {
  HttpResponse response;
  std::string error;
  ASSERT_TRUE(ParseHttpResponse("HTTP/1.1 200 OK\r\n"
                                "Transfer-Encoding: gzip, Chunked\r\n"
                                "X-Folded: a\r\n"
                                "  b\r\n"
                                "\r\n"
                                "5;name=x\r\nhello\r\n"
                                "7\r\n, world\r\n"
                                "0\r\nExpires: never\r\n\r\n",
                                &response, &error))
      << error;
  EXPECT_EQ(response.version, "HTTP/1.1");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.reason, "OK");
  EXPECT_EQ(response.body, "hello, world");
  EXPECT_EQ(response.Header("x-folded"), "a b");
}

TEST(WarcHttpMessage, BrokenChunkingIsReportedWithItsOffsetAndKeepsWhatWasDecoded) {
  HttpResponse response;
  std::string error;
  std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_FALSE(ParseHttpResponse(head + "5\r\nhello\r\n10\r\nshort", &response, &error));
  EXPECT_EQ(response.body, "helloshort");
  EXPECT_NE(error.find("chunk of 16 bytes at offset 10"), std::string::npos) << error;
  EXPECT_NE(error.find("offset " + std::to_string(head.size())), std::string::npos) << error;
  EXPECT_FALSE(ParseHttpResponse(head + "zz\r\n", &response, &error));
  EXPECT_NE(error.find("'zz' at offset 0 of the body is not hexadecimal"), std::string::npos) << error;
  EXPECT_FALSE(ParseHttpResponse(head + "5\r\nhello\r\n", &response, &error));
  EXPECT_NE(error.find("before its last chunk"), std::string::npos) << error;
}

TEST(WarcHttpMessage, BareLfLinesAndAMissingReasonAreAccepted) {
  HttpResponse response;
  std::string error;
  ASSERT_TRUE(ParseHttpResponse("HTTP/1.0 304\nETag: \"x\"\nno colon here\n\n", &response, &error)) << error;
  EXPECT_EQ(response.status, 304);
  EXPECT_EQ(response.reason, "");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.Header("etag"), "\"x\"");
  EXPECT_EQ(response.body, "");
}

TEST(WarcHttpMessage, AMalformedStatusLineOrUnendedHeadIsAnError) {
  HttpResponse response;
  std::string error;
  EXPECT_FALSE(ParseHttpResponse("GET / HTTP/1.1\r\n\r\n", &response, &error));
  EXPECT_NE(error.find("status line 'GET / HTTP/1.1'"), std::string::npos) << error;
  EXPECT_FALSE(ParseHttpResponse("HTTP/1.1 2000 OK\r\n\r\n", &response, &error));
  EXPECT_FALSE(ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", &response, &error));
  EXPECT_NE(error.find("no blank line ends the HTTP headers"), std::string::npos) << error;
}

}  // namespace
}  // namespace caravan::archive
