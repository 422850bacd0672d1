// A caravand that dies without closing its database (kill -9, OOM killer,
// power to the process cut) loses no acknowledged write: every Put that
// returned is in the WAL, which RocksDB replays on the next open. Each case
// writes in a forked child that never closes the database, then reopens it
// in the parent.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <memory>

#include <gtest/gtest.h>

#include "storage/document_store.h"
#include "tests/storage/storage_test_util.h"

namespace caravan::storage {
namespace {

using caravan::v1::DocumentEvent;

std::string DocId(uint64_t i) { return "doc-" + std::to_string(i); }

// Child side: puts documents 1..limit (0: without end), writing each
// sequence number to `ack_fd` once its Put has returned. Never returns and
// never closes the database.
[[noreturn]] void WriteInChild(const std::string& dir, uint64_t limit, int ack_fd) {
  std::string error;
  std::unique_ptr<Database> db = Database::Open(dir, &error);
  if (!db) _exit(2);
  // Leaked on purpose: destroying them would close the database cleanly.
  auto* store = new DocumentStore(db.release());
  for (uint64_t i = 1; limit == 0 || i <= limit; ++i) {
    auto event = store->Put(SampleDoc(DocId(i), "text " + std::to_string(i)), "raw " + std::to_string(i));
    if (!event) _exit(3);
    if (ack_fd >= 0 && write(ack_fd, &i, sizeof i) != sizeof i) _exit(4);
  }
  _exit(0);
}

// Reopens `dir` and checks that it holds documents 1..n, each created by
// event n in order, each event with its document and raw body.
void ExpectExactlyDocuments(const std::string& dir, uint64_t n) {
  std::string error;
  std::unique_ptr<Database> db = Database::Open(dir, &error);
  ASSERT_TRUE(db) << error;
  DocumentStore store(db.get());
  EXPECT_EQ(store.LastSeq(), n);
  EXPECT_EQ(store.Count(), static_cast<int64_t>(n));
  std::vector<DocumentEvent> events = store.ReadChanges(0, n + 10);
  ASSERT_EQ(events.size(), n);
  for (uint64_t i = 1; i <= n; ++i) {
    const DocumentEvent& e = events[i - 1];
    ASSERT_EQ(e.cursor(), std::to_string(i));
    ASSERT_EQ(e.type(), caravan::v1::CREATED);
    ASSERT_EQ(e.document_id(), DocId(i));
    ASSERT_EQ(e.document().text(), "text " + std::to_string(i)) << "event " << i << " lost its document";
    ASSERT_TRUE(store.Get(DocId(i))) << DocId(i);
    ASSERT_EQ(store.GetRawBody(DocId(i), 1), "raw " + std::to_string(i));
  }
  EXPECT_FALSE(store.Get(DocId(n + 1)));
  // Writing goes on where the dead process stopped.
  auto next = store.Put(SampleDoc("after-restart", "new"), "", &error);
  ASSERT_TRUE(next) << error;
  EXPECT_EQ(next->cursor(), std::to_string(n + 1));
}

TEST(Durability, ExitWithoutCloseKeepsEveryDocument) {
  ScratchDir dir;
  constexpr uint64_t kDocs = 300;
  pid_t child = fork();
  ASSERT_GE(child, 0) << std::strerror(errno);
  if (child == 0) WriteInChild(dir.path(), kDocs, -1);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  ExpectExactlyDocuments(dir.path(), kDocs);
}

TEST(Durability, SigkillMidStreamLosesNothingAcknowledged) {
  ScratchDir dir;
  constexpr uint64_t kKillAfter = 200;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0) << std::strerror(errno);
  pid_t child = fork();
  ASSERT_GE(child, 0) << std::strerror(errno);
  if (child == 0) {
    close(fds[0]);
    WriteInChild(dir.path(), 0, fds[1]);
  }
  close(fds[1]);

  // Kill while the child is still writing, so the last batch may be cut.
  uint64_t acked = 0;
  while (acked < kKillAfter) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 60'000) <= 0) break;
    uint64_t seq = 0;
    if (read(fds[0], &seq, sizeof seq) != sizeof seq) break;
    acked = seq;
  }
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  // Acknowledgements already in the pipe when it died count too.
  for (uint64_t seq = 0; read(fds[0], &seq, sizeof seq) == sizeof seq;) acked = seq;
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "child ended by itself (status " << status << ") after " << acked << " documents";
  ASSERT_GE(acked, kKillAfter);

  std::string error;
  uint64_t stored = 0;
  {
    std::unique_ptr<Database> db = Database::Open(dir.path(), &error);
    ASSERT_TRUE(db) << error;
    stored = DocumentStore(db.get()).LastSeq();
  }
  // A Put in flight at the kill may or may not have made it, whole.
  EXPECT_GE(stored, acked);
  EXPECT_LE(stored, acked + 1);
  ExpectExactlyDocuments(dir.path(), stored);
}

}  // namespace
}  // namespace caravan::storage
