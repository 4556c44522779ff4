// spotcheck batch: many cases in (NDJSON or CSV), one NDJSON line out per case, in input
// order (see docs/batch.md). This file only wires the parts together:
//   batch_line_reader  input in 1 MiB reads, split into lines, oversized lines skipped
//   batch_source       lines (or CSV records) grouped into blocks of cases
//   batch_pipeline     blocks processed on N threads, written back in order, bounded
//   batch_worker       one case -> one result line or error record
//   batch_sink         output, stderr lines, totals, progress, summary
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <fmt/format.h>

#include <spotcheck/error.h>
#include <spotcheck/result_json.h>

#include "batch_csv_case.h"
#include "batch_line_reader.h"
#include "batch_pipeline.h"
#include "batch_progress.h"
#include "batch_sink.h"
#include "batch_source.h"
#include "batch_worker.h"
#include "commands.h"
#include "interrupt.h"
#include "output.h"
#include "output_file.h"
#include "terminal.h"

namespace spotcheck::cli {
namespace {

// More threads than this only cost memory (blocks in flight grow with them).
constexpr unsigned kMaxJobs = 256;
// Output per block that blocks are sized for: with 2 x jobs + 2 blocks in flight, a few
// megabytes in all on a small machine, and still a hundred or more cases per lock.
constexpr std::size_t kBlockOutputBytes = std::size_t{512} << 10;

// The input file descriptor, closed on every path out.
class InputFile {
 public:
  explicit InputFile(const std::string& path) {
    if (path == "-") {
      fd_ = STDIN_FILENO;
      name_ = "<stdin>";
    } else {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0)
        throw Error(fmt::format("cannot open input file '{}': {}", path, std::strerror(errno)),
                    kExitNoInput);
      owned_ = true;
      name_ = path;
    }
    struct stat st {};
    if (::fstat(fd_, &st) == 0) {
      if (S_ISDIR(st.st_mode))
        throw Error(fmt::format("cannot read input '{}': it is a directory", path), kExitNoInput);
      regular_ = S_ISREG(st.st_mode);
      size_ = regular_ ? static_cast<std::uint64_t>(st.st_size) : 0;
    }
  }
  int fd() const { return fd_; }
  ~InputFile() {
    if (owned_) ::close(fd_);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  ReadFn reader() const {
    return [fd = fd_, name = name_, regular = regular_](char* buffer,
                                                        std::size_t size) -> std::size_t {
      for (;;) {
        // A pipe or a terminal can keep a read waiting for ever: wait where a signal ends
        // the wait. A regular file never waits, but one endless line is read without a
        // block boundary, so check there too (once per read of up to 1 MiB).
        if (regular)
          InterruptGuard::check();
        else
          InterruptGuard::wait_readable(fd);
        const ssize_t n = ::read(fd, buffer, size);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR)
          throw Error(fmt::format("cannot read {}: {}", name, std::strerror(errno)), kExitNoInput);
      }
    };
  }
  const std::string& name() const { return name_; }
  bool regular() const { return regular_; }
  std::uint64_t size() const { return size_; }

 private:
  int fd_ = -1;
  bool owned_ = false;
  bool regular_ = false;
  std::uint64_t size_ = 0;
  std::string name_;
};

bool is_csv(const BatchOptions& opts) {
  if (opts.format != "auto") return opts.format == "csv";
  const std::string& p = opts.input;
  if (p.size() < 4) return false;
  std::string ext = p.substr(p.size() - 4);
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext == ".csv";
}

std::uint32_t result_fields(const BatchOptions& opts) {
  if (opts.fields.empty()) return kFieldBatchDefault;
  std::string bad;
  const auto parsed = parse_result_fields(opts.fields, bad);
  if (!parsed)
    throw Error(fmt::format("--fields: unknown field '{}' (fields: {})", bad, result_field_names()),
                kExitUsage);
  return *parsed;
}

// The results must not overwrite the cases they are read from (with `>>` the run would
// even read its own output). Compared as device and inode, so that "./a.jsonl" and
// "a.jsonl", links and stdin redirected from the file are all caught.
void refuse_same_file(const InputFile& input, const std::string& output, bool to_stdout) {
  const auto in = regular_file_id(input.fd());
  if (!in) return;
  if (to_stdout) {
    if (regular_file_id(STDOUT_FILENO) == in)
      throw Error(fmt::format("the input '{}' is also the standard output; write the results to "
                              "another file",
                              input.name()),
                  kExitUsage);
  } else if (regular_file_id(output) == in) {
    throw Error(fmt::format("the output file '{}' is the input '{}'; write the results to "
                            "another file",
                            output, input.name()),
                kExitUsage);
  }
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// One line for a run ended by a signal, saying what became of the output.
void report_interrupted(int signal, const std::string& what) {
  std::fputs(
      fmt::format("spotcheck: error: interrupted by {}; {}\n", signal_name(signal), what).c_str(),
      stderr);
}

int run(const Context& ctx, const BatchOptions& opts, InterruptGuard& guard) {
  const KnowledgeBase& kb = *ctx.kb;
  const std::uint32_t fields = result_fields(opts);
  const bool csv = is_csv(opts);

  const bool to_stdout = opts.output.empty() || opts.output == "-";

  // Everything that can fail on the input comes before the output is opened, so that a
  // missing input, an input that is the output or a bad CSV header never creates,
  // empties or replaces the --output file.
  InputFile input(opts.input);
  refuse_same_file(input, opts.output, to_stdout);
  if (opts.input == "-" && is_terminal(stdin))
    std::fputs(csv ? "spotcheck: reading CSV cases from the terminal (end with Ctrl-D)\n"
                   : "spotcheck: reading cases from the terminal, one JSON object per line (end "
                     "with Ctrl-D)\n",
               stderr);

  LineReader reader(input.reader(), opts.max_line_bytes);
  BlockSizer sizer(BlockLimits{}.max_items, kBlockOutputBytes);
  BlockLimits limits;
  limits.stream = !input.regular();
  limits.sizer = &sizer;
  std::optional<NdjsonSource> ndjson;
  std::optional<CsvSource> csv_source;
  std::optional<CsvColumns> columns;
  BlockSource* source = nullptr;
  if (csv) {
    csv_source.emplace(reader, limits, opts.max_line_bytes);
    if (auto header = csv_source->read_header(input.name()))
      columns.emplace(kb, header->text, header->line, input.name());
    source = &*csv_source;
  } else {
    ndjson.emplace(reader, limits);
    source = &*ndjson;
  }

  const bool output_existed = !to_stdout && exists(opts.output);
  std::optional<OutputFile> file;
  if (!to_stdout) {
    file.emplace(opts.output);
    if (!file->temp_path().empty()) guard.remove_on_second_signal(file->temp_path());
  }
  Output out = file ? Output(file->stream(), opts.output) : Output(stdout, "stdout");

  const ResultWriter writer(kb);
  WorkerSettings settings;
  settings.kb = &kb;
  settings.writer = &writer;
  settings.fields = fields;
  settings.evaluation = options_for_fields(fields, {opts.top, opts.questions});
  settings.csv = columns ? &*columns : nullptr;
  settings.origin = input.name();
  settings.max_line_bytes = opts.max_line_bytes;
  if (!opts.fail_on.empty()) settings.fail_on = kb.find_level(opts.fail_on);

  Progress progress(
      stderr, input.size(),
      !opts.quiet && input.regular() && progress_allowed(fileno(out.stream()), STDERR_FILENO));
  ResultSink sink(out, stderr, progress, kb.triage_levels().size(), &sizer);
  unsigned jobs = opts.jobs ? opts.jobs : std::thread::hardware_concurrency();
  jobs = std::clamp(jobs, 1u, kMaxJobs);

  try {
    // A CSV input without even a header holds no cases: nothing to run.
    if (!csv || columns)
      run_pipeline(
          *source, [&] { return std::make_unique<CaseWorker>(settings); }, sink, jobs,
          &InterruptGuard::flag());
    out.flush();
    // A signal after the last block still keeps FILE as it was: it asked for the run to
    // stop, and the caller will take the exit status to mean that it did.
    InterruptGuard::check();
    // Bad cases (exit 65) still make a complete output: every line is written.
    if (file) {
      guard.keep_file();
      file->commit();
    }
  } catch (const Interrupted& stop) {
    progress.clear();
    // The pipeline wrote whole blocks only; a temporary output file is removed on return.
    report_interrupted(
        stop.signal(),
        file
            ? fmt::format("'{}' {}", opts.output, output_existed ? "left as it was" : "not created")
            : fmt::format("{} whole {} written to stdout", with_commas(sink.totals().cases),
                          sink.totals().cases == 1 ? "line" : "lines"));
    return 128 + stop.signal();
  } catch (...) {
    progress.clear();  // so the error message starts its own line
    throw;
  }
  progress.clear();

  const BatchTotals& totals = sink.totals();
  if (!opts.quiet)
    std::fputs((summary_line(totals, kb, sink.elapsed_seconds()) + "\n").c_str(), stderr);
  if (totals.errors > 0) return kExitData;
  if (totals.fail_on_reached) return kExitTriageReached;
  return kExitOk;
}

}  // namespace

int run_batch(const Context& ctx, const BatchOptions& opts) {
  // From here on SIGINT and SIGTERM stop the run between blocks, with whole lines only.
  InterruptGuard guard;
  try {
    return run(ctx, opts, guard);
  } catch (const Interrupted& stop) {
    // Before the output was opened (waiting for the first input, say).
    report_interrupted(stop.signal(), "no output written");
    return 128 + stop.signal();
  }
}

}  // namespace spotcheck::cli
