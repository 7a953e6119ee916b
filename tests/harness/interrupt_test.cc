#include "harness/base/interrupt.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace faultline {
namespace {

// Waits up to 5 s for `done`.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

bool blocked(int signal) {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, signal) == 1;
}

struct Seen {
  std::mutex mutex;
  std::vector<int> counts;
  std::vector<int> forced;
};

InterruptOptions recording(Seen& seen) {
  InterruptOptions options;
  options.on_signal = [&seen](int, int count) {
    std::lock_guard lock(seen.mutex);
    seen.counts.push_back(count);
  };
  options.force_exit = [&seen](int signal) {
    std::lock_guard lock(seen.mutex);
    seen.forced.push_back(signal);
  };
  return options;
}

TEST(InterruptGuard, ASigintBecomesAStopRequest) {
  Seen seen;
  InterruptGuard guard(recording(seen));
  EXPECT_FALSE(guard.interrupted());
  EXPECT_EQ(guard.exit_code(), 0);
  std::stop_token token = guard.stop_token();
  ASSERT_EQ(kill(getpid(), SIGINT), 0);
  EXPECT_TRUE(eventually([&] { return token.stop_requested(); }));
  EXPECT_EQ(guard.exit_code(), 130);
  EXPECT_EQ(guard.signal_count(), 1);
}

TEST(InterruptGuard, ASigtermToo) {
  Seen seen;
  InterruptGuard guard(recording(seen));
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  EXPECT_TRUE(eventually([&] { return guard.stop_token().stop_requested(); }));
  EXPECT_EQ(guard.exit_code(), 143);
}

// A closed terminal or a dropped ssh session (SIGHUP) and Ctrl-\\ (SIGQUIT)
// stop the run like Ctrl-C, instead of killing it with its faults in place.
TEST(InterruptGuard, ASighupAndASigquitAreStopRequestsToo) {
  for (int signal : {SIGHUP, SIGQUIT}) {
    Seen seen;
    InterruptGuard guard(recording(seen));
    ASSERT_EQ(kill(getpid(), signal), 0);
    EXPECT_TRUE(eventually([&] { return guard.stop_token().stop_requested(); })) << signal;
    EXPECT_EQ(guard.exit_code(), 128 + signal);
    EXPECT_EQ(guard.first_signal(), signal);
  }
}

// `faultline run ... | head`: once head has gone, a write to the pipe fails
// with EPIPE; the process lives on and the run is not stopped.
TEST(InterruptGuard, AWriteToAClosedPipeFailsWithoutKillingOrStopping) {
  Seen seen;
  InterruptGuard guard(recording(seen));
  int ends[2];
  ASSERT_EQ(pipe(ends), 0);
  close(ends[0]);
  errno = 0;
  EXPECT_EQ(write(ends[1], "x", 1), -1);
  EXPECT_EQ(errno, EPIPE);
  close(ends[1]);
  ASSERT_EQ(kill(getpid(), SIGPIPE), 0);  // also one sent from outside
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(guard.interrupted());
  EXPECT_FALSE(guard.stop_token().stop_requested());
}

TEST(InterruptGuard, SigpipesActionIsRestoredWhenTheGuardEnds) {
  struct sigaction before {};
  sigaction(SIGPIPE, nullptr, &before);
  { InterruptGuard guard; }
  struct sigaction after {};
  sigaction(SIGPIPE, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
}

TEST(InterruptGuard, StopCallbacksRunOnTheFirstSignal) {
  Seen seen;
  InterruptGuard guard(recording(seen));
  std::atomic<bool> called{false};
  std::stop_callback callback(guard.stop_token(), [&] { called = true; });
  ASSERT_EQ(kill(getpid(), SIGINT), 0);
  EXPECT_TRUE(eventually([&] { return called.load(); }));
}

TEST(InterruptGuard, TheSecondSignalDoesNotForceExitButTheThirdDoes) {
  Seen seen;
  InterruptGuard guard(recording(seen));
  for (int n = 1; n <= 2; ++n) {
    ASSERT_EQ(kill(getpid(), SIGINT), 0);
    ASSERT_TRUE(eventually([&] { return guard.signal_count() == n; })) << n;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  {
    std::lock_guard lock(seen.mutex);
    EXPECT_TRUE(seen.forced.empty()) << "healing goes on after a second Ctrl-C";
  }
  ASSERT_EQ(kill(getpid(), SIGINT), 0);
  EXPECT_TRUE(eventually([&] {
    std::lock_guard lock(seen.mutex);
    return !seen.forced.empty();
  }));
  std::lock_guard lock(seen.mutex);
  EXPECT_EQ(seen.forced, std::vector<int>{SIGINT});
  EXPECT_EQ(seen.counts, (std::vector<int>{1, 2, 3}));
}

TEST(InterruptGuard, TheSignalMaskIsRestoredWhenTheGuardEnds) {
  ASSERT_FALSE(blocked(SIGINT));
  {
    InterruptGuard guard;
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) EXPECT_TRUE(blocked(signal)) << signal;
  }
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) EXPECT_FALSE(blocked(signal)) << signal;
}

TEST(InterruptGuard, ASignalLeftPendingAtTheEndDoesNotKillTheProcess) {
  Seen seen;
  {
    InterruptGuard guard(recording(seen));
    // Pending for this thread only: the guard's thread never reads it.
    ASSERT_EQ(pthread_kill(pthread_self(), SIGINT), 0);
  }
  SUCCEED() << "still alive";
}

}  // namespace
}  // namespace faultline
