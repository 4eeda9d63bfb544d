#include <gtest/gtest.h>

#include "models/term_names.h"

namespace twinbench {
namespace {

TEST(TermNames, PatsySyntaxAndTemplateKeysReadAsWords) {
    EXPECT_EQ(readable_term_name("I(core_temp ** 2)"), "Core temperature²");
    EXPECT_EQ(readable_term_name("Material grade[T.B]"), "Material grade = B");
    EXPECT_EQ(readable_term_name("Line speed:core_temp"), "Line speed × Core temperature");
    EXPECT_EQ(readable_term_name("(Intercept)"), "Intercept");
    EXPECT_EQ(readable_term_name("tau"), "Time constant");
    EXPECT_EQ(readable_term_name("base[RUN]"), "Base load = RUN");
    EXPECT_EQ(readable_term_name("I(Relative humidity ** 2)"), "Relative humidity²");
    // A name it does not know, and a column named like a key with other words, unchanged.
    EXPECT_EQ(readable_term_name("Conveyor wear"), "Conveyor wear");
    EXPECT_EQ(readable_term_name("tau of the hall"), "tau of the hall");
}

}  // namespace
}  // namespace twinbench
