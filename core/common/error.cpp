#include "common/error.h"

namespace twinbench {

std::string format_location(const FileLocation& where, const std::string& reason) {
    std::string out = where.file.empty() ? std::string("<input>") : where.file;
    out += ':';
    out += std::to_string(where.line);
    out += ':';
    out += std::to_string(where.column);
    out += ": ";
    out += reason;
    return out;
}

}  // namespace twinbench
