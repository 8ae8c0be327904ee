// The progress reporter of `ledger` (projection replay) and `ledger-verify`
// (audits): "LABEL[#####-----]  48%  480,000/1,000,000 records  31,204/s  ETA 0:17"
// on a terminal, redrawn at most ten times a second.
#ifndef CLI_KIT_PROGRESS_H_
#define CLI_KIT_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>

namespace ledger::cli_kit {

class ProgressBar {
 public:
  // Draws nothing unless `enabled` (callers pass whether `err` is a terminal).
  ProgressBar(std::ostream& err, bool enabled, std::string label = "")
      : err_(err), enabled_(enabled), label_(std::move(label)) {}
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() { Done(); }

  void Update(uint64_t done, uint64_t total);
  void Done();  // erases the bar
  void Keep();  // ends the bar's line, leaving it on screen

 private:
  std::ostream& err_;
  bool enabled_;
  std::string label_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

}  // namespace ledger::cli_kit

#endif  // CLI_KIT_PROGRESS_H_
