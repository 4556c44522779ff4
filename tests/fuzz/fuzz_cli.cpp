// Fuzz target: the command line, run in-process through cli::run_app (what main() calls),
// with the error handling of main(): spotcheck::Error is a normal way out, with its exit
// code; any other exception would reach main's "internal error" (exit 70, "a bug" in the
// README's exit codes), so here it is a finding.
//
// Input: the arguments after the program name, separated by NUL or newline bytes; after
// the first empty argument (two separators in a row), the rest of the input is stdin.
//   query\n--age\n3\n--fever\n--json
//   batch\n--format\ncsv\n-j\n2\n\nid,age\nc1,3\n
//
// The run is kept in a sandbox, since arguments name files: its working directory is a
// fresh temporary directory holding kb.json (data/kb.json), case.json, cases.jsonl and
// cases.csv; arguments that contain '/' are skipped (so nothing outside it can be named),
// files a run writes (-o) are removed after it, and the four are put back if a run
// overwrote one. stdin is the input's tail, stdout is /dev/null; run with
// -close_fd_mask=2 (tests/fuzz/run.sh does) to silence the program's stderr too.
// SPOTCHECK_KB is unset and NO_COLOR set, so that the environment plays no part.
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <spotcheck/embedded_kb.h>
#include <spotcheck/error.h>

#include "commands.h"
#include "fuzz_common.h"

using spotcheck::fuzz::fail;

namespace {

constexpr std::size_t kMaxArgs = 64;

// The files every run finds in its working directory, by name.
std::map<std::string, std::string> preset_files() {
  return {
      {"kb.json", std::string(spotcheck::embedded_kb_text())},
      {"case.json", R"({"id": "c1", "age": 4, "lesion": "petechiae", "fever": true})"
                    "\n"},
      {"cases.jsonl",
       "{\"id\": \"c1\", \"age\": 4, \"lesion\": \"petechiae\", \"fever\": true}\n"
       "{\"id\": \"c2\", \"size_mm\": 12, \"recent_injury\": true}\n"
       "{\"id\": \"c3\", \"fevr\": true}\n"},
      {"cases.csv",
       "id,age,lesion,fever,blanching,recent_injury\n"
       "c1,4,petechiae,yes,no,\n"
       "\"c3, left arm\",70,ecchymosis,false,,yes\n"},
  };
}

class Sandbox {
 public:
  Sandbox() : files_(preset_files()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/spotcheck-fuzz-cli-XXXXXX";
    if (!::mkdtemp(dir.data())) fail("cannot create the sandbox directory");
    home_fd_ = ::open(".", O_RDONLY | O_DIRECTORY);
    sandbox_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (home_fd_ < 0 || sandbox_fd_ < 0) fail("cannot open the sandbox directory");
    std::fprintf(stderr, "fuzz_cli: runs the program in %s\n", dir.c_str());
    enter();
    for (const auto& [name, text] : files_) write(name);
    leave();
    // stdin: a file in memory that each run refills; stdout: nowhere.
    stdin_fd_ = ::memfd_create("spotcheck-fuzz-stdin", 0);
    const int null = ::open("/dev/null", O_WRONLY);
    if (stdin_fd_ < 0 || null < 0 || ::dup2(null, STDOUT_FILENO) < 0)
      fail("cannot set up stdin and stdout");
    ::close(null);
    ::unsetenv("SPOTCHECK_KB");
    ::setenv("NO_COLOR", "1", 1);
    dir_ = dir;
  }
  // On a normal exit only: after a crash the directory stays, for a look.
  ~Sandbox() {
    enter();
    tidy();
    for (const auto& [name, text] : files_) ::unlink(name.c_str());
    leave();
    ::rmdir(dir_.c_str());
  }

  // The program runs in the sandbox, but libFuzzer reads and writes its corpus and
  // artifacts by the paths it was given, relative to the directory it started in: so
  // the working directory changes for the run only.
  void enter() {
    if (::fchdir(sandbox_fd_) != 0) fail("cannot enter the sandbox directory");
  }
  void leave() {
    if (::fchdir(home_fd_) != 0) fail("cannot leave the sandbox directory");
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  void set_stdin(std::string_view bytes) {
    if (::ftruncate(stdin_fd_, 0) != 0 ||
        ::pwrite(stdin_fd_, bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()) ||
        ::dup2(stdin_fd_, STDIN_FILENO) < 0)
      fail("cannot fill stdin");
    // The FILE may hold the last run's buffer or end-of-file flag: start it afresh.
    std::clearerr(stdin);
    std::fseek(stdin, 0, SEEK_SET);
  }

  // Removes what the run wrote and restores what it overwrote (in the sandbox).
  void tidy() {
    std::fflush(stdout);
    if (DIR* d = ::opendir(".")) {
      std::vector<std::string> extra;
      while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name != "." && name != ".." && !files_.count(name)) extra.push_back(name);
      }
      ::closedir(d);
      for (const auto& name : extra) ::unlink(name.c_str());
    }
    for (const auto& [name, text] : files_) {
      struct stat st {};
      if (::stat(name.c_str(), &st) != 0 || st.st_size != static_cast<off_t>(text.size()) ||
          st.st_mtim.tv_sec != written_[name].tv_sec ||
          st.st_mtim.tv_nsec != written_[name].tv_nsec)
        write(name);
    }
  }

 private:
  void write(const std::string& name) {
    std::ofstream(name, std::ios::binary | std::ios::trunc) << files_.at(name);
    struct stat st {};
    if (::stat(name.c_str(), &st) != 0) fail("cannot write a sandbox file", name);
    written_[name] = st.st_mtim;
  }

  std::map<std::string, std::string> files_;
  std::map<std::string, timespec> written_;
  std::string dir_;
  int home_fd_ = -1, sandbox_fd_ = -1;
  int stdin_fd_ = -1;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Sandbox sandbox;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  std::vector<std::string> args{"spotcheck"};
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i;
    while (end < text.size() && text[end] != '\0' && text[end] != '\n') ++end;
    if (end == i) {  // an empty argument: the rest is stdin
      ++i;
      break;
    }
    args.emplace_back(text.substr(i, end - i));
    i = end + 1;
  }
  if (args.size() > kMaxArgs) return -1;  // -1: not worth adding to the corpus
  for (const std::string& a : args)
    if (a.find('/') != std::string::npos) return -1;
  sandbox.set_stdin(text.substr(std::min(i, text.size())));

  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  sandbox.enter();
  try {
    const int rc = spotcheck::cli::run_app(static_cast<int>(args.size()), argv.data());
    if (rc != 0 && rc != 1 && rc != spotcheck::kExitUsage && rc != spotcheck::kExitData)
      fail("an exit code run_app should not return", std::to_string(rc));
  } catch (const spotcheck::Error& e) {
    if (e.exit_code() == spotcheck::kExitInternal) fail("an internal error (exit 70)", e.what());
    if (std::string_view(e.what()).empty()) fail("an error without a message");
  } catch (const std::exception& e) {
    fail(std::string("an exception main() reports as an internal error: ") + e.what());
  }
  sandbox.tidy();
  sandbox.leave();
  return 0;
}
