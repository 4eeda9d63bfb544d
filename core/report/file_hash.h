// SHA-256 of a file (OpenSSL's libcrypto), for the report's reproducibility appendix: a
// reader can check that the project they open is the one the report was made from.
#pragma once

#include <filesystem>
#include <string>

namespace twinbench::report {

// Lower-case hex digest; throws ProjectError when the file cannot be read.
std::string sha256_file(const std::filesystem::path& path);
std::string sha256_hex(std::string_view bytes);

}  // namespace twinbench::report
