// One file a sample generator wrote, as its summary lists it (furnace and dryer alike).
#pragma once

#include <cstdint>
#include <string>

namespace twinbench {

struct SampleFileInfo {
    std::string name;       // file name inside the sample directory
    std::int64_t rows = 0;  // data rows (header excluded)
    std::uintmax_t bytes = 0;
};

}  // namespace twinbench
