// Errors that cross the engine boundary carry the exit code the CLI must return
// (PRODUCT.md section 3) and, for bad input, where in which file the problem is.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace twinbench {

enum class ExitCode : int {
    ok = 0,
    usage = 2,
    bad_input = 3,
    model_failure = 4,
    project_io = 5,
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ExitCode code() const noexcept { return code_; }

private:
    ExitCode code_;
};

// Location inside an input file. Lines and columns are 1-based; 0 means "not known".
struct FileLocation {
    std::string file;
    std::int64_t line = 0;
    std::int64_t column = 0;
};

// "FILE:LINE:COL: reason" so that editors and the GUI can jump to the spot.
std::string format_location(const FileLocation& where, const std::string& reason);

class BadInputError : public Error {
public:
    BadInputError(FileLocation where, const std::string& reason)
        : Error(ExitCode::bad_input, format_location(where, reason)),
          where_(std::move(where)),
          reason_(reason) {}
    const FileLocation& where() const noexcept { return where_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    FileLocation where_;
    std::string reason_;
};

class ProjectError : public Error {
public:
    explicit ProjectError(const std::string& message) : Error(ExitCode::project_io, message) {}
};

class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(ExitCode::usage, message) {}
};

class ModelError : public Error {
public:
    explicit ModelError(const std::string& message) : Error(ExitCode::model_failure, message) {}
};

// Thrown by long operations when the caller asked them to stop.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled by the user") {}
};

}  // namespace twinbench
