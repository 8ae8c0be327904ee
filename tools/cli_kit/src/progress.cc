// The terminal progress bar (cli_kit/progress.h).
#include "cli_kit/progress.h"

#include <algorithm>
#include <cstdio>

#include "ledger/encoding.h"  // FormatThousands

namespace ledger::cli_kit {

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!enabled_ || total == 0) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
  last_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? double(done) / elapsed : 0;
  const double frac = std::min(1.0, double(done) / double(total));
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar =
      "[" + std::string(size_t(filled), '#') + std::string(size_t(kWidth - filled), '-') + "]";
  char eta[32] = "--:--";
  if (rate > 0) {
    auto left = static_cast<uint64_t>(double(total - std::min(done, total)) / rate);
    std::snprintf(eta, sizeof eta, "%llu:%02llu", static_cast<unsigned long long>(left / 60),
                  static_cast<unsigned long long>(left % 60));
  }
  char pct[8];
  std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(frac * 100));
  err_ << "\r" << label_ << bar << " " << pct << "  " << FormatThousands(done) << "/"
       << FormatThousands(total) << " records  " << FormatThousands(static_cast<uint64_t>(rate))
       << "/s  ETA " << eta << "\033[K" << std::flush;
}

void ProgressBar::Done() {
  if (drawn_) err_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void ProgressBar::Keep() {
  if (drawn_) err_ << "\n" << std::flush;
  drawn_ = false;
}

}  // namespace ledger::cli_kit
