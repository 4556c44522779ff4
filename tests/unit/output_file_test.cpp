#include "output_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <spotcheck/error.h>

using spotcheck::Error;
using spotcheck::kExitIo;
using spotcheck::cli::OutputFile;
using spotcheck::cli::regular_file_id;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "spotcheck-outfile-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()));
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }
  std::string file(const std::string& name, const std::string& content) const {
    std::ofstream(path(name), std::ios::binary) << content;
    return path(name);
  }
  // The names in the directory: nothing may be left behind.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  fs::path path_;
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void put(OutputFile& f, const std::string& text) {
  REQUIRE(std::fwrite(text.data(), 1, text.size(), f.stream()) == text.size());
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("output file: nothing reaches the target before commit", "[output_file]") {
  TempDir dir;
  const std::string target = dir.file("out.jsonl", "old\n");
  {
    OutputFile f(target);
    REQUIRE_FALSE(f.temp_path().empty());
    CHECK(fs::path(f.temp_path()).parent_path() == fs::path(target).parent_path());
    put(f, "new 1\n");
    std::fflush(f.stream());
    CHECK(read(target) == "old\n");
    f.commit();
    CHECK(f.temp_path().empty());
  }
  CHECK(read(target) == "new 1\n");
  CHECK(dir.names() == std::vector<std::string>{"out.jsonl"});
}

TEST_CASE("output file: without commit the old file stays and the temporary goes",
          "[output_file]") {
  TempDir dir;
  const std::string target = dir.file("out.jsonl", "old\n");
  {
    OutputFile f(target);
    put(f, std::string(1 << 20, 'x'));  // past any stdio buffer: bytes are on disk
    CHECK(dir.names().size() == 2);
  }  // a failed run: destroyed without commit
  CHECK(read(target) == "old\n");
  CHECK(dir.names() == std::vector<std::string>{"out.jsonl"});

  // A target that did not exist is not created.
  { OutputFile f(dir.path("new.jsonl")); }
  CHECK(dir.names() == std::vector<std::string>{"out.jsonl"});
}

TEST_CASE("output file keeps the permission bits, or gives 0666 less the umask", "[output_file]") {
  TempDir dir;
  const std::string target = dir.file("out.jsonl", "old\n");
  REQUIRE(::chmod(target.c_str(), 0640) == 0);
  {
    OutputFile f(target);
    f.commit();
  }
  CHECK(mode_of(target) == 0640);
  const mode_t mask = ::umask(022);
  {
    OutputFile f(dir.path("fresh.jsonl"));
    f.commit();
  }
  ::umask(mask);
  CHECK(mode_of(dir.path("fresh.jsonl")) == 0644);
}

TEST_CASE("output file through a symbolic link replaces the file and keeps the link",
          "[output_file]") {
  TempDir dir;
  const std::string real = dir.file("real.jsonl", "old\n");
  const std::string link = dir.path("link.jsonl");
  fs::create_symlink(real, link);
  {
    OutputFile f(link);
    put(f, "new\n");
    f.commit();
  }
  CHECK(fs::is_symlink(link));
  CHECK(read(real) == "new\n");
}

TEST_CASE("output file: a device is written directly, never replaced", "[output_file]") {
  {
    OutputFile f("/dev/null");
    CHECK(f.temp_path().empty());
    put(f, "discarded\n");
    f.commit();
  }
  struct stat st {};
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("output file: what cannot be written is Error 74 with the path", "[output_file]") {
  TempDir dir;
  for (const std::string& bad : {dir.path("no/such/dir/out.jsonl"), dir.path("")}) {
    CAPTURE(bad);
    try {
      OutputFile f(bad);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.exit_code() == kExitIo);
      CHECK_THAT(e.what(), Catch::Contains(bad));
    }
  }
  if (fs::exists("/dev/full")) {
    OutputFile f("/dev/full");
    put(f, "x");
    CHECK_THROWS_AS(f.commit(), Error);
  }
}

TEST_CASE("regular_file_id tells the same file by device and inode", "[output_file]") {
  TempDir dir;
  const std::string a = dir.file("a.jsonl", "{}\n");
  fs::create_hard_link(a, dir.path("hard.jsonl"));
  fs::create_symlink(a, dir.path("soft.jsonl"));
  const auto id = regular_file_id(a);
  REQUIRE(id);
  CHECK(regular_file_id(dir.path("hard.jsonl")) == id);
  CHECK(regular_file_id(dir.path("soft.jsonl")) == id);
  CHECK(regular_file_id(dir.path(".") + "/a.jsonl") == id);
  CHECK(regular_file_id(dir.file("b.jsonl", "{}\n")) != id);
  CHECK_FALSE(regular_file_id(dir.path("missing")));
  CHECK_FALSE(regular_file_id("/dev/null"));  // only regular files
}
