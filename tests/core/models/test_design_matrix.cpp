// Design matrices: term names and coding as statsmodels / patsy write them.
#include <gtest/gtest.h>

#include "common/error.h"
#include "models/design_matrix.h"

namespace twinbench {
namespace {

Table small_table() {
    Table t;
    t.name = "line";
    Column temp;
    temp.name = "Temp";
    temp.unit = "°C";
    temp.values = {850.0, 860.0, missing_value, 845.0, 855.0};
    Column grade;
    grade.name = "Material";
    grade.type = ColumnType::categorical;
    grade.levels = {"S355", "C45", "42CrMo4", "unused"};  // order of appearance, not alphabetical
    grade.codes = {0, 1, 2, 0, missing_code};
    Column defect;
    defect.name = "Defect";
    defect.type = ColumnType::boolean;
    defect.values = {0.0, 1.0, 0.0, missing_value, 1.0};
    t.columns = {temp, grade, defect};
    return t;
}

TEST(DesignMatrix, InterceptNumericSquaredAndTreatmentCodedFactor) {
    const Table t = small_table();
    DesignSpec spec;
    spec.numeric = {"Temp"};
    spec.squared = {"Temp"};
    spec.categorical = {"Material"};
    const auto d = build_design_matrix(t, spec, {"Defect"});
    // Rows 2 (no temp), 3 (no defect) and 4 (no material) are dropped.
    EXPECT_EQ(d.rows, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(d.dropped_missing, 3u);
    // Levels of the kept rows only, alphabetical; the first ("C45") is the reference.
    EXPECT_EQ(d.encoding.names(), (std::vector<std::string>{"(Intercept)", "Temp", "I(Temp ** 2)", "Material[T.S355]"}));
    ASSERT_EQ(d.x.rows(), 2);
    EXPECT_EQ(d.x(0, 0), 1.0);
    EXPECT_EQ(d.x(0, 1), 850.0);
    EXPECT_EQ(d.x(0, 2), 850.0 * 850.0);
    EXPECT_EQ(d.x(0, 3), 1.0);  // S355
    EXPECT_EQ(d.x(1, 3), 0.0);  // C45, the reference
    ASSERT_EQ(d.encoding.factors.size(), 1u);
    EXPECT_EQ(d.encoding.factors[0].reference, "C45");
}

TEST(DesignMatrix, AllLevelsWithoutMissingRowsAndExplicitReference) {
    Table t = small_table();
    t.columns[0].values[2] = 858.0;
    t.columns[1].codes[4] = 1;
    t.columns[2].values[3] = 0.0;
    DesignSpec spec;
    spec.intercept = false;
    spec.categorical = {"Material"};
    spec.reference_levels = {"S355"};
    const auto d = build_design_matrix(t, spec, {"Defect"});
    EXPECT_EQ(d.rows.size(), 5u);
    EXPECT_EQ(d.encoding.names(), (std::vector<std::string>{"Material[T.42CrMo4]", "Material[T.C45]"}));
    spec.reference_levels = {"nonsense"};
    EXPECT_THROW(build_design_matrix(t, spec), ModelError);
}

TEST(DesignMatrix, EncodesNewRowsAndRejectsUnseenLevels) {
    const Table t = small_table();
    DesignSpec spec;
    spec.numeric = {"Temp"};
    spec.categorical = {"Material"};
    const auto d = build_design_matrix(t, spec, {"Defect"});
    Table fresh = t;
    fresh.columns[1].codes = {1, 0, 1, 1, 0};
    fresh.columns[0].values[2] = 870.0;
    const auto e = encode_rows(fresh, d.encoding);
    EXPECT_EQ(e.rows.size(), 5u);  // the outcome is not needed to predict
    EXPECT_EQ(e.x(2, 1), 870.0);
    EXPECT_EQ(e.x(1, 2), 1.0);
    fresh.columns[1].codes[3] = 2;  // 42CrMo4 was only on a dropped row when fitting
    EXPECT_THROW(encode_rows(fresh, d.encoding), ModelError);
}

TEST(DesignMatrix, MissingOrWrongColumnsTellWhatToMap) {
    const Table t = small_table();
    DesignSpec spec;
    spec.numeric = {"Humidity"};
    try {
        build_design_matrix(t, spec);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("'Humidity' is not in dataset 'line'"), std::string::npos) << e.what();
    }
    spec.numeric = {"Material"};
    EXPECT_THROW(build_design_matrix(t, spec), ModelError);
    spec.numeric = {};
    spec.categorical = {"Temp"};
    EXPECT_THROW(build_design_matrix(t, spec), ModelError);
}

}  // namespace
}  // namespace twinbench
