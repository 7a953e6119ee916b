// SshRemote against a real sshd that each test starts on 127.0.0.1 and a free
// port, with its own host key, client key and authorized_keys in a temp dir.
#include "harness/remote/ssh_remote.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

void must(const std::string& shell_command) {
  ASSERT_EQ(std::system(shell_command.c_str()), 0) << shell_command;
}

// A port nothing listens on right now.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t size = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  close(fd);
  return ntohs(addr.sin_port);
}

bool port_accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// The pids of every descendant of `root`, from /proc. sshd gives each
// connection its own session, so killing a process group would miss them.
std::vector<pid_t> descendants(pid_t root) {
  std::map<pid_t, std::vector<pid_t>> children;
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = read_file(entry.path() / "stat");
    size_t close_paren = stat.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream rest(stat.substr(close_paren + 2));
    char state;
    pid_t parent = 0;
    rest >> state >> parent;
    children[parent].push_back(std::stoi(name));
  }
  std::vector<pid_t> out;
  std::vector<pid_t> todo = {root};
  while (!todo.empty()) {
    pid_t pid = todo.back();
    todo.pop_back();
    for (pid_t child : children[pid]) {
      out.push_back(child);
      todo.push_back(child);
    }
  }
  return out;
}

// An sshd of our own, with everything it needs in a temp dir.
class TestSshd {
 public:
  TestSshd() : dir_(make_temp_dir()), port_(free_port()) {
    must("ssh-keygen -q -t ed25519 -N '' -f " + (dir_ / "host_key").string());
    must("ssh-keygen -q -t ed25519 -N '' -f " + client_key());
    must("ssh-keygen -q -t ed25519 -N '' -f " + (dir_ / "other_key").string());
    fs::copy_file(client_key() + ".pub", dir_ / "authorized_keys");
    std::string host_pub = read_file(dir_ / "host_key.pub");
    write_file(dir_ / "known_hosts", known_hosts_name() + " " + host_pub);
    write_config();
  }
  ~TestSshd() {
    stop();
    fs::remove_all(dir_);
  }

  const fs::path& dir() const { return dir_; }
  std::string log() const { return read_file(dir_ / "sshd.log"); }
  int port() const { return port_; }
  std::string client_key() const { return (dir_ / "client_key").string(); }
  std::string other_key() const { return (dir_ / "other_key").string(); }
  std::string known_hosts() const { return (dir_ / "known_hosts").string(); }
  std::string known_hosts_name() const { return "[127.0.0.1]:" + std::to_string(port_); }

  NodeSpec node() const {
    NodeSpec spec;
    spec.name = "n1";
    spec.host = "127.0.0.1";
    spec.port = port_;
    spec.user = "root";
    spec.key_file = client_key();
    spec.known_hosts = known_hosts();
    return spec;
  }

  void start() {
    fs::create_directories("/run/sshd");
    std::string config = (dir_ / "sshd_config").string();
    std::string log = (dir_ / "sshd.log").string();
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // no stray sshd if the test process is killed
      freopen(log.c_str(), "a", stderr);
      execl("/usr/sbin/sshd", "/usr/sbin/sshd", "-f", config.c_str(), "-D", "-e", nullptr);
      _exit(127);
    }
    for (auto end = Clock::now() + std::chrono::seconds(10); Clock::now() < end;) {
      if (port_accepts(port_)) return;
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) break;  // sshd gave up
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    FAIL() << "sshd did not start; its log:\n" << read_file(log);
  }

  // Kills sshd and every connection it serves, as a crash or reboot would.
  void stop() {
    if (pid_ <= 0) return;
    for (pid_t pid : descendants(pid_)) kill(pid, SIGKILL);
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  static fs::path make_temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "faultline-sshd-XXXXXX").string();
    return fs::path(mkdtemp(pattern.data()));
  }

  void write_config() {
    std::string d = dir_.string() + "/";
    std::string config = "ListenAddress 127.0.0.1:" + std::to_string(port_) + "\n";
    config += "HostKey " + d + "host_key\n";
    config += "AuthorizedKeysFile " + d + "authorized_keys\n";
    config += "PidFile " + d + "sshd.pid\n";
    config +=
        "UsePAM no\n"
        "PermitRootLogin prohibit-password\n"
        "StrictModes no\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "Subsystem sftp internal-sftp\n"
        "LogLevel VERBOSE\n";
    write_file(dir_ / "sshd_config", config);
  }

  fs::path dir_;
  int port_;
  pid_t pid_ = -1;
};

SshOptions test_options() {
  SshOptions options;
  options.ssh_config = "";  // the user's own ssh config must not change what is tested
  options.connect_timeout = std::chrono::seconds(5);
  return options;
}

class SshRemoteTest : public ::testing::Test {
 protected:
  void SetUp() override { sshd_.start(); }
  void TearDown() override {
    if (HasFailure()) std::cerr << "sshd's log:\n" << sshd_.log();
  }

  SshRemote remote() { return SshRemote(sshd_.node(), test_options()); }

  TestSshd sshd_;
};

// Runs `command` and expects it to succeed.
CommandResult run_ok(SshRemote& remote, const Command& command) {
  RemoteResult<CommandResult> result = remote.run(command);
  if (!result) ADD_FAILURE() << result.error().to_string();
  return result ? *result : CommandResult{};
}

TEST_F(SshRemoteTest, RunReturnsStdoutStderrAndExitStatus) {
  SshRemote r = remote();
  CommandResult result = run_ok(r, Command::shell("echo out; echo err >&2; exit 3"));
  EXPECT_EQ(result.out, "out\n");
  EXPECT_EQ(result.err, "err\n");
  EXPECT_EQ(result.exit_status, 3);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(r.node(), "n1");
}

TEST_F(SshRemoteTest, OneSessionServesEveryCommand) {
  SshRemote r = remote();
  Command client = Command::shell("echo $SSH_CLIENT");
  std::string first = run_ok(r, client).out;
  EXPECT_FALSE(first.empty());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(run_ok(r, client).out, first);  // same source port
}

TEST_F(SshRemoteTest, StdinIsDeliveredThenClosed) {
  SshRemote r = remote();
  Command cat = Command::of({"cat"});
  cat.stdin_data = "hello\nworld";
  EXPECT_EQ(run_ok(r, cat).out, "hello\nworld");
  cat.stdin_data.clear();
  EXPECT_EQ(run_ok(r, cat).out, "");  // EOF even with no input: cat does not hang
}

TEST_F(SshRemoteTest, LargeStdinAndOutputDoNotStall) {
  SshRemote r = remote();
  std::string data(5 * 1024 * 1024 + 7, '\0');
  std::mt19937 random(42);
  for (char& c : data) c = static_cast<char>(random());
  Command cat = Command::of({"cat"});
  cat.stdin_data = data;
  CommandResult result = run_ok(r, cat);
  EXPECT_EQ(result.out.size(), data.size());
  EXPECT_TRUE(result.out == data);
}

TEST_F(SshRemoteTest, CommandThatIgnoresItsStdinStillCompletes) {
  SshRemote r = remote();
  Command ignore = Command::shell("echo done");
  ignore.stdin_data = std::string(4 * 1024 * 1024, 'x');
  EXPECT_EQ(run_ok(r, ignore).out, "done\n");
}

TEST_F(SshRemoteTest, EnvAndCwdApply) {
  SshRemote r = remote();
  Command c = Command::shell("printf '%s\\n' \"$GREETING\" \"$(pwd)\"");
  c.env = {{"GREETING", "hi there $HOME `x` 'q'"}};
  c.cwd = sshd_.dir().string();
  EXPECT_EQ(run_ok(r, c).out, "hi there $HOME `x` 'q'\n" + sshd_.dir().string() + "\n");
}

TEST_F(SshRemoteTest, HostileArgumentsArriveLiterally) {
  SshRemote r = remote();
  std::vector<std::string> args = {
      "a b",  "'",       "\"",    "$(touch " + sshd_.dir().string() + "/pwned)",
      "`id`", ";",       "&& ls", "|",
      "*",    "~",       "-n",    "",
      "\\",   "ünïcødé", "$HOME", "line1\nline2",
      "'\"'", "!event",  "{a,b}", "#comment"};
  std::vector<std::string> argv = {"printf", "%s\n"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string expected;
  for (const std::string& a : args) expected += a + "\n";
  EXPECT_EQ(run_ok(r, Command::of(argv)).out, expected);
  EXPECT_FALSE(fs::exists(sshd_.dir() / "pwned"));
}

TEST_F(SshRemoteTest, TimeoutReturnsTimedOutQuicklyAndTheSessionStaysUsable) {
  SshRemote r = remote();
  run_ok(r, Command::of({"true"}));  // connect outside the timed part
  Command slow = Command::shell("echo started; exec sleep 30");
  slow.timeout = std::chrono::milliseconds(1500);  // room for a slow login shell to echo
  Clock::time_point start = Clock::now();
  CommandResult result = run_ok(r, slow);
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(3000));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_status, -1);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.out, "started\n");
  EXPECT_EQ(run_ok(r, Command::of({"echo", "after"})).out, "after\n");
}

TEST_F(SshRemoteTest, SudoIsANoOpForRoot) {
  SshRemote r = remote();
  Command c = Command::of({"id", "-u"});
  c.sudo = true;
  EXPECT_EQ(run_ok(r, c).out, "0\n");
}

TEST_F(SshRemoteTest, MissingProgramIsToolMissingNamingIt) {
  SshRemote r = remote();
  Command with_env = Command::of({"faultline-no-such-tool", "x"});
  with_env.env = {{"K", "v"}};  // then `env` reports it, not the shell
  for (const Command& c : {Command::of({"faultline-no-such-tool", "x"}), with_env,
                           Command::shell("echo hi; faultline-no-such-tool")}) {
    RemoteResult<CommandResult> result = r.run(c);
    ASSERT_FALSE(result.ok()) << c.describe();
    EXPECT_EQ(result.error().kind, RemoteErrorKind::kToolMissing) << result.error().to_string();
    EXPECT_EQ(result.error().node, "n1");
    EXPECT_EQ(result.error().message.rfind("faultline-no-such-tool is not installed", 0), 0u)
        << result.error().message;
    EXPECT_NE(result.error().fix.find("apt-get install faultline-no-such-tool"), std::string::npos);
  }
  CommandResult plain_127 = run_ok(r, Command::shell("echo nope >&2; exit 127"));
  EXPECT_EQ(plain_127.exit_status, 127);  // a bare exit status 127 is only a result
}

std::string make_random_file(const fs::path& path, size_t size, fs::perms mode) {
  std::string data(size, '\0');
  std::mt19937 random(static_cast<unsigned>(size));
  for (char& c : data) c = static_cast<char>(random());
  write_file(path, data);
  fs::permissions(path, mode);
  return data;
}

fs::perms mode_of(const fs::path& path) { return fs::status(path).permissions(); }

TEST_F(SshRemoteTest, FileUploadAndDownloadRoundTripWithMode) {
  SshRemote r = remote();
  fs::path source = sshd_.dir() / "source.bin";
  std::string data = make_random_file(source, 3 * 65536 + 123, static_cast<fs::perms>(0640));
  std::string remote_path = (sshd_.dir() / "remote" / "a" / "b" / "file.bin").string();
  RemoteResult<Done> up = r.upload(source.string(), remote_path);
  ASSERT_TRUE(up.ok()) << up.error().to_string();
  EXPECT_EQ(read_file(remote_path), data);  // the "node" is this machine
  EXPECT_EQ(mode_of(remote_path), static_cast<fs::perms>(0640));

  fs::path back = sshd_.dir() / "back" / "file.bin";
  RemoteResult<Done> down = r.download(remote_path, back.string());
  ASSERT_TRUE(down.ok()) << down.error().to_string();
  EXPECT_TRUE(read_file(back) == data);
  EXPECT_EQ(mode_of(back), static_cast<fs::perms>(0640));
}

// Every file and directory under `root`, with its mode and (for files) content.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    std::string key = fs::relative(e.path(), root).string();
    std::string mode = std::to_string(static_cast<int>(mode_of(e.path())));
    out[key] = mode + (e.is_directory() ? "/" : ":" + read_file(e.path()));
  }
  return out;
}

TEST_F(SshRemoteTest, DirectoryTreeUploadAndDownloadRoundTrip) {
  SshRemote r = remote();
  fs::path tree = sshd_.dir() / "tree";
  fs::create_directories(tree / "sub" / "deeper");
  fs::create_directories(tree / "empty");
  make_random_file(tree / "big.bin", 200 * 1024 + 1, static_cast<fs::perms>(0600));
  make_random_file(tree / "sub" / "run.sh", 10, static_cast<fs::perms>(0755));
  make_random_file(tree / "sub" / "deeper" / "empty.txt", 0, static_cast<fs::perms>(0644));
  fs::permissions(tree / "sub" / "deeper", static_cast<fs::perms>(0750));

  std::string remote_path = (sshd_.dir() / "uploaded" / "tree").string();
  RemoteResult<Done> up = r.upload(tree.string(), remote_path);
  ASSERT_TRUE(up.ok()) << up.error().to_string();
  EXPECT_EQ(snapshot(remote_path), snapshot(tree));

  fs::path back = sshd_.dir() / "downloaded" / "tree";
  RemoteResult<Done> down = r.download(remote_path, back.string());
  ASSERT_TRUE(down.ok()) << down.error().to_string();
  EXPECT_EQ(snapshot(back), snapshot(tree));
}

TEST_F(SshRemoteTest, TransferErrorsNameThePath) {
  SshRemote r = remote();
  std::string missing = (sshd_.dir() / "no" / "such" / "file").string();
  RemoteResult<Done> down = r.download(missing, (sshd_.dir() / "x").string());
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().kind, RemoteErrorKind::kTransfer);
  EXPECT_NE(down.error().message.find(missing), std::string::npos) << down.error().to_string();

  RemoteResult<Done> up = r.upload(missing, (sshd_.dir() / "y").string());
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.error().kind, RemoteErrorKind::kTransfer);
  EXPECT_NE(up.error().message.find(missing), std::string::npos) << up.error().to_string();
}

TEST_F(SshRemoteTest, ChangedHostKeyIsRefusedWithAFix) {
  must("ssh-keygen -q -t ed25519 -N '' -f " + (sshd_.dir() / "impostor").string());
  write_file(sshd_.known_hosts(),
             sshd_.known_hosts_name() + " " + read_file(sshd_.dir() / "impostor.pub"));
  SshRemote r = remote();
  RemoteResult<CommandResult> result = r.run(Command::of({"true"}));
  ASSERT_FALSE(result.ok());
  const RemoteError& error = result.error();
  EXPECT_EQ(error.kind, RemoteErrorKind::kHostKeyChanged);
  EXPECT_EQ(error.node, "n1");
  EXPECT_NE(
      error.fix.find("ssh-keygen -R '" + sshd_.known_hosts_name() + "' -f " + sshd_.known_hosts()),
      std::string::npos)
      << error.to_string();
  EXPECT_NE(error.fix.find("strict_host_keys: false"), std::string::npos);
}

TEST_F(SshRemoteTest, UnknownHostIsRefusedWhenStrictAndAcceptedWhenNot) {
  NodeSpec spec = sshd_.node();
  spec.known_hosts = (sshd_.dir() / "empty_known_hosts").string();
  SshRemote strict(spec, test_options());
  RemoteResult<CommandResult> refused = strict.run(Command::of({"true"}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, RemoteErrorKind::kHostKeyUnknown);
  EXPECT_NE(refused.error().fix.find("ssh-keyscan"), std::string::npos);

  SshOptions lax = test_options();
  lax.strict_host_keys = false;
  SshRemote trusting(spec, lax);
  EXPECT_EQ(run_ok(trusting, Command::of({"echo", "ok"})).out, "ok\n");
}

TEST_F(SshRemoteTest, WrongKeyFailsAuthNamingNodeAndKey) {
  NodeSpec spec = sshd_.node();
  spec.key_file = sshd_.other_key();
  SshRemote r(spec, test_options());
  RemoteResult<CommandResult> result = r.run(Command::of({"true"}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RemoteErrorKind::kAuth);
  EXPECT_EQ(result.error().node, "n1");
  EXPECT_NE(result.error().message.find(sshd_.other_key()), std::string::npos)
      << result.error().to_string();
  EXPECT_NE(result.error().message.find("ssh-agent"), std::string::npos);
}

TEST_F(SshRemoteTest, ReconnectsAfterSshdRestarts) {
  SshRemote r = remote();
  EXPECT_EQ(run_ok(r, Command::of({"echo", "one"})).out, "one\n");
  sshd_.stop();
  RemoteResult<CommandResult> down = r.run(Command::of({"echo", "two"}));
  ASSERT_FALSE(down.ok());
  EXPECT_TRUE(down.error().kind == RemoteErrorKind::kRefused ||
              down.error().kind == RemoteErrorKind::kDisconnected)
      << down.error().to_string();
  EXPECT_EQ(down.error().node, "n1");
  EXPECT_FALSE(down.error().fix.empty());
  sshd_.start();
  EXPECT_EQ(run_ok(r, Command::of({"echo", "three"})).out, "three\n");
}

TEST_F(SshRemoteTest, CommandRetriesOnANewSessionWhenTheOldOneSilentlyDied) {
  SshRemote r = remote();
  run_ok(r, Command::of({"true"}));
  sshd_.stop();
  sshd_.start();  // the old session is dead, the node is back
  EXPECT_EQ(run_ok(r, Command::of({"echo", "again"})).out, "again\n");
}

TEST_F(SshRemoteTest, SshConfigSuppliesWhatTheNodeSpecLeavesOut) {
  fs::path config = sshd_.dir() / "ssh_config";
  write_file(config,
             "Host db-alias\n"
             "  HostName 127.0.0.1\n"
             "  Port " +
                 std::to_string(sshd_.port()) +
                 "\n"
                 "  User root\n"
                 "  IdentityFile " +
                 sshd_.client_key() +
                 "\n"
                 "  UserKnownHostsFile " +
                 sshd_.known_hosts() + "\n");
  NodeSpec spec;
  spec.name = "n1";
  spec.host = "db-alias";
  SshOptions options = test_options();
  options.ssh_config = config.string();
  SshRemote r(spec, options);
  EXPECT_EQ(run_ok(r, Command::of({"echo", "via config"})).out, "via config\n");
}

NodeSpec plain_node(std::string name, std::string host, int port) {
  NodeSpec spec;
  spec.name = std::move(name);
  spec.host = std::move(host);
  spec.port = port;
  return spec;
}

// Connection failures need no sshd of ours.
TEST(SshRemoteConnect, ClosedPortIsRefused) {
  NodeSpec spec = plain_node("n9", "127.0.0.1", free_port());
  SshRemote r(spec, test_options());
  RemoteResult<CommandResult> result = r.run(Command::of({"true"}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RemoteErrorKind::kRefused);
  EXPECT_EQ(result.error().node, "n9");
  EXPECT_NE(result.error().fix.find("sshd running on 127.0.0.1:"), std::string::npos);
}

TEST(SshRemoteConnect, UnresolvableNameIsResolveError) {
  NodeSpec spec = plain_node("ghost", "no-such-host.invalid", 22);
  SshRemote r(spec, test_options());
  RemoteResult<CommandResult> result = r.run(Command::of({"true"}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, RemoteErrorKind::kResolve);
  EXPECT_EQ(result.error().node, "ghost");
  EXPECT_NE(result.error().fix.find("nodes file"), std::string::npos);
}

}  // namespace
}  // namespace faultline
