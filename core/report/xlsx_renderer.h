// The spreadsheet for people who continue in Excel (libxlsxwriter): one sheet each for the
// KPI tables, the scenario settings, the model terms and the time series, numbers as
// numbers, units in the headers, plus an About sheet naming the project.
#pragma once

#include <filesystem>

#include "report/report_document.h"

namespace twinbench::report {

inline constexpr const char* kpi_sheet_name = "KPIs";
inline constexpr const char* settings_sheet_name = "Scenario settings";
inline constexpr const char* terms_sheet_name = "Model terms";
inline constexpr const char* series_sheet_name = "Time series";
inline constexpr const char* about_sheet_name = "About";

// Throws ProjectError (exit 5) when the file cannot be written.
void write_xlsx(const ReportDocument& document, const std::filesystem::path& path);

}  // namespace twinbench::report
