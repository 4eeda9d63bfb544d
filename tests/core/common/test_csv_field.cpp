// The CSV field every export of the engine writes a name or a label with (RFC 4180).
#include <gtest/gtest.h>

#include "common/csv_field.h"

namespace twinbench {
namespace {

TEST(CsvField, QuotesOnlyWhatACsvReaderWouldSplit) {
    EXPECT_EQ(csv_field("Outlet air temp [°C]"), "Outlet air temp [°C]");
    EXPECT_EQ(csv_field(""), "");
    EXPECT_EQ(csv_field("Temp, zone 2"), "\"Temp, zone 2\"");
    EXPECT_EQ(csv_field("the \"hot\" end"), "\"the \"\"hot\"\" end\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
}

}  // namespace
}  // namespace twinbench
