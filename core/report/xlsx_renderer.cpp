#include "report/xlsx_renderer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <date/tz.h>
#include <fmt/format.h>
#include <xlsxwriter.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "report/chart_layout.h"

namespace twinbench::report {
namespace {

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* time = nullptr;
    lxw_format* title = nullptr;
};

class SheetWriter {
  public:
    SheetWriter(lxw_worksheet* sheet, const Formats& formats) : sheet_(sheet), formats_(formats) {}

    void header(const std::vector<std::string>& names) {
        if (names == last_header_) return;
        if (row_ > 0) ++row_;  // a blank row between tables of different shape
        for (std::size_t c = 0; c < names.size(); ++c) {
            text(row_, c, names[c], formats_.header);
            widths_.resize(std::max(widths_.size(), c + 1), 8.0);
        }
        if (row_ == 0) worksheet_freeze_panes(sheet_, 1, 0);
        last_header_ = names;
        ++row_;
    }
    void cell(lxw_row_t row, std::size_t col, const Cell& c) {
        if (c.value && std::isfinite(*c.value))
            worksheet_write_number(sheet_, row, static_cast<lxw_col_t>(col), *c.value, nullptr);
        else
            text(row, col, c.text, nullptr);
        widen(col, c.text.size());
    }
    void text(lxw_row_t row, std::size_t col, const std::string& s, lxw_format* format) {
        worksheet_write_string(sheet_, row, static_cast<lxw_col_t>(col), s.c_str(), format);
        widen(col, s.size());
    }
    void number(lxw_row_t row, std::size_t col, double v, lxw_format* format) {
        if (std::isfinite(v))
            worksheet_write_number(sheet_, row, static_cast<lxw_col_t>(col), v, format);
    }
    lxw_row_t next_row() { return row_++; }
    void set_width(std::size_t col, double width) {
        widths_.resize(std::max(widths_.size(), col + 1), 8.0);
        widths_[col] = std::max(widths_[col], width);
    }
    void finish() {
        for (std::size_t c = 0; c < widths_.size(); ++c)
            worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                 std::min(widths_[c] + 2.0, 60.0), nullptr);
    }

  private:
    void widen(std::size_t col, std::size_t chars) {
        widths_.resize(std::max(widths_.size(), col + 1), 8.0);
        widths_[col] = std::max(widths_[col], static_cast<double>(chars));
    }
    lxw_worksheet* sheet_;
    const Formats& formats_;
    lxw_row_t row_ = 0;
    std::vector<std::string> last_header_;
    std::vector<double> widths_;
};

// Excel stores times as days since 1899-12-30 in local wall-clock time.
double excel_local_days(double utc_s, const date::time_zone* zone) {
    const date::sys_seconds sys{std::chrono::seconds(static_cast<std::int64_t>(std::floor(utc_s)))};
    const double local_s = zone
                               ? static_cast<double>(zone->to_local(sys).time_since_epoch().count())
                               : static_cast<double>(sys.time_since_epoch().count());
    return local_s / 86400.0 + 25569.0;
}

void write_tables(SheetWriter& w, const ReportDocument& doc, Sheet which,
                  const std::string& empty_note) {
    bool any = false;
    for (const auto& s : doc.sections)
        for (const auto& b : s.blocks) {
            const auto* t = std::get_if<DataTable>(&b);
            if (t == nullptr || t->sheet != which) continue;
            any = true;
            std::vector<std::string> header;
            for (const auto& [key, value] : t->sheet_keys) header.push_back(key);
            header.insert(header.end(), t->header.begin(), t->header.end());
            w.header(header);
            for (const auto& row : t->rows) {
                const auto r = w.next_row();
                std::size_t c = 0;
                for (const auto& [key, value] : t->sheet_keys) w.cell(r, c++, Cell(value));
                for (const auto& cell : row) w.cell(r, c++, cell);
            }
        }
    if (!any) w.text(w.next_row(), 0, empty_note, nullptr);
}

void write_series(SheetWriter& w, const ReportDocument& doc, const Formats& f) {
    std::size_t col = 0;
    bool any = false;
    for (const auto& section : doc.sections)
        for (const auto& b : section.blocks) {
            const auto* chart = std::get_if<Chart>(&b);
            if (chart == nullptr || !chart->export_series || chart->series.empty()) continue;
            any = true;
            const auto& first = chart->series.front();
            const date::time_zone* zone = nullptr;
            if (chart->x.time && !chart->x.time_zone.empty() && chart->x.time_zone != "UTC") {
                try {
                    zone = date::locate_zone(chart->x.time_zone);
                } catch (const std::exception&) {
                    zone = nullptr;
                }
            }
            w.text(0, col, axis_title(chart->x), f.header);
            w.set_width(col, 17.0);
            std::size_t c = col + 1;
            const std::string unit = chart->y.unit.empty() ? "" : " [" + chart->y.unit + "]";
            for (const auto& s : chart->series) {
                if (s.kind == SeriesKind::band) {
                    w.text(0, c++, s.name + " low" + unit, f.header);
                    w.text(0, c++, s.name + " high" + unit, f.header);
                } else {
                    w.text(0, c++, s.name + unit, f.header);
                }
            }
            for (std::size_t i = 0; i < first.x.size(); ++i) {
                const auto row = static_cast<lxw_row_t>(i + 1);
                if (chart->x.time)
                    w.number(row, col, excel_local_days(first.x[i], zone), f.time);
                else
                    w.number(row, col, first.x[i], nullptr);
                std::size_t k = col + 1;
                for (const auto& s : chart->series) {
                    // Series of one chart share the x of the first (the builder makes them so);
                    // a series on another grid is written by its own index anyway.
                    w.number(row, k++, i < s.y.size() ? s.y[i] : NAN, nullptr);
                    if (s.kind == SeriesKind::band)
                        w.number(row, k++, i < s.y_high.size() ? s.y_high[i] : NAN, nullptr);
                }
            }
            col = c + 1;
        }
    if (!any) w.text(0, 0, "No time series in this report.", nullptr);
}

}  // namespace

void write_xlsx(const ReportDocument& doc, const std::filesystem::path& path) {
    const std::string file = utf8_path_string(path);
    lxw_workbook* wb = workbook_new(file.c_str());
    if (wb == nullptr) throw ProjectError("cannot create the spreadsheet " + file);
    Formats f;
    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_bottom(f.header, LXW_BORDER_THIN);
    format_set_bg_color(f.header, 0xE8EEF5);
    f.time = workbook_add_format(wb);
    format_set_num_format(f.time, "yyyy-mm-dd hh:mm");
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);

    const auto sheet = [&](const char* name) {
        return SheetWriter(workbook_add_worksheet(wb, name), f);
    };
    auto kpis = sheet(kpi_sheet_name);
    write_tables(kpis, doc, Sheet::kpis, "No scenario has been simulated for this dataset.");
    auto settings = sheet(settings_sheet_name);
    write_tables(settings, doc, Sheet::scenario_settings,
                 "No scenario has been simulated for this dataset.");
    auto terms = sheet(terms_sheet_name);
    write_tables(terms, doc, Sheet::model_terms, "No model has been fitted for this dataset.");
    auto series = sheet(series_sheet_name);
    write_series(series, doc, f);
    auto about = sheet(about_sheet_name);
    about.text(about.next_row(), 0, doc.title.title, f.title);
    for (const auto& [key, value] : {std::pair{"Project", doc.title.project},
                                     {"Dataset", doc.title.dataset},
                                     {"Author", doc.title.author},
                                     {"Date", doc.title.date},
                                     {"Question studied", doc.title.question},
                                     {"Twinbench", doc.title.twinbench_version}}) {
        const auto r = about.next_row();
        about.text(r, 0, key, f.header);
        about.text(r, 1, value, nullptr);
    }
    for (auto* w : {&kpis, &settings, &terms, &series, &about}) w->finish();
    if (const lxw_error err = workbook_close(wb); err != LXW_NO_ERROR)
        throw ProjectError(
            fmt::format("cannot write the spreadsheet {}: {}", file, lxw_strerror(err)));
}

}  // namespace twinbench::report
