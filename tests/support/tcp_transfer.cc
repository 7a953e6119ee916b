#include "tests/support/tcp_transfer.h"

#include <unistd.h>

#include <chrono>
#include <thread>

namespace faultline::testing {
namespace {

// Reads everything one connection sends, then prints the byte count.
constexpr char kReceive[] = R"(
use IO::Socket::INET; alarm 30;
my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => $ARGV[1], Listen => 1,
                              ReuseAddr => 1) or die "listen: $!";
my $c = $s->accept or die "accept: $!";
my ($n, $buf) = (0, "");
while ((my $r = sysread($c, $buf, 65536)) > 0) { $n += $r }
print "$n\n";
)";

// Sends ARGV[2] bytes and returns once the receiver has read them all and closed.
constexpr char kSend[] = R"(
use IO::Socket::INET; alarm 30;
my $c;
for (1..50) { $c = IO::Socket::INET->new(PeerAddr => $ARGV[0], PeerPort => $ARGV[1]) and last;
              select(undef, undef, undef, 0.1) }
$c or die "connect: $!";
my ($chunk, $left) = ("x" x 65536, $ARGV[2]);
while ($left > 0) {
  my $w = syswrite($c, $chunk, $left < 65536 ? $left : 65536) // die "write: $!";
  $left -= $w;
}
shutdown($c, 1);
my $buf; 1 while sysread($c, $buf, 4096);
)";

std::string failure(const char* side, const RemoteResult<CommandResult>& r) {
  if (!r.ok()) return std::string(side) + ": " + r.error().to_string();
  if (!r->ok()) return std::string(side) + ": " + r->tail();
  return "";
}

}  // namespace

Transfer tcp_transfer(Remote& from, Remote& to, const std::string& to_address, int port,
                      int bytes) {
  const std::string p = std::to_string(port);
  Command receive = Command::of({"perl", "-e", kReceive, to_address, p});
  receive.timeout = std::chrono::seconds(40);
  RemoteResult<CommandResult> received = CommandResult{};
  std::jthread receiver([&] { received = to.run(receive); });
  ::usleep(300'000);  // the sender retries its connect for 5 s besides
  Command send = Command::of({"perl", "-e", kSend, to_address, p, std::to_string(bytes)});
  send.timeout = std::chrono::seconds(40);
  const auto start = std::chrono::steady_clock::now();
  RemoteResult<CommandResult> sent = from.run(send);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  receiver.join();
  Transfer transfer;
  transfer.error = failure("sender", sent);
  if (transfer.error.empty()) transfer.error = failure("receiver", received);
  if (transfer.error.empty() && received->out != std::to_string(bytes) + "\n")
    transfer.error = "the receiver got " + received->out + " bytes of " + std::to_string(bytes);
  if (transfer.error.empty()) transfer.mbit = bytes * 8 / took.count() / 1e6;
  return transfer;
}

}  // namespace faultline::testing
