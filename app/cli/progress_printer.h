// Progress of long commands on stderr: a live percentage on a terminal, a line every 25 %
// otherwise (logs of batch runs stay short).
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace twinbench::cli {

inline bool stderr_is_terminal() {
#ifdef _WIN32
    return _isatty(_fileno(stderr)) != 0;
#else
    return isatty(fileno(stderr)) != 0;
#endif
}

class ProgressPrinter {
public:
    explicit ProgressPrinter(std::string label) : label_(std::move(label)), tty_(stderr_is_terminal()) {}
    ~ProgressPrinter() {
        if (printed_ && tty_) std::fputc('\n', stderr);
    }
    bool operator()(double fraction, std::string_view what) {
        // Short commands print nothing.
        if (std::chrono::steady_clock::now() - start_ < std::chrono::milliseconds(500)) return true;
        const int percent = static_cast<int>(fraction * 100.0);
        if (tty_) {
            std::fprintf(stderr, "\r%s %.*s %3d%%", label_.c_str(), static_cast<int>(what.size()), what.data(), percent);
            printed_ = true;
        } else if (percent >= next_percent_) {
            std::fprintf(stderr, "%s %.*s %d%%\n", label_.c_str(), static_cast<int>(what.size()), what.data(), percent);
            next_percent_ = (percent / 25 + 1) * 25;
        }
        return true;
    }

private:
    std::string label_;
    bool tty_;
    bool printed_ = false;
    int next_percent_ = 0;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace twinbench::cli
