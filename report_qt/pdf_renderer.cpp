#include "report_qt/pdf_renderer.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QFont>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include "common/error.h"
#include "common/utf8_path.h"
#include "report/chart_layout.h"
#include "report_qt/chart_painter.h"

namespace twinbench::report {
namespace {

constexpr int dpi = 300;
constexpr double k = dpi / 72.0;  // device units per point

QString q(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const QColor ink(40, 44, 52);
const QColor muted(92, 99, 112);
const QColor accent(11, 83, 148);
const QColor rule(216, 220, 226);
const QColor shade(245, 247, 250);
const QColor warn(169, 68, 0);

// Lays the document out page by page. Run twice: the first pass (draw = false) only
// counts pages and finds where each section starts, for the table of contents and
// "page N of M"; the second draws.
class PdfLayout {
  public:
    PdfLayout(QPdfWriter& writer, QPainter* painter, const ReportDocument& doc)
        : writer_(writer), painter_(painter), doc_(doc) {
        const QRect page = writer.pageLayout().paintRectPixels(dpi);
        width_ = page.width();
        height_ = page.height();
        top_ = 14.0 * k;               // running header
        bottom_ = height_ - 16.0 * k;  // footer
    }

    std::map<std::string, int> section_pages;
    int pages = 1;
    int total_pages = 0;  // known in the second pass

    void run(const std::map<std::string, int>& known_pages) {
        title_page();
        new_page();
        contents(known_pages);
        for (const auto& s : doc_.sections) {
            if (s.level <= 1 && y_ > top_) new_page();
            section_heading(s);
            for (const auto& b : s.blocks)
                std::visit([this](const auto& block) { this->block(block); }, b);
        }
        footer();
    }

  private:
    bool drawing() const { return painter_ != nullptr; }

    double text_height(const QString& text, const QFont& font, double width) const {
        const QFontMetricsF fm(font, &writer_);
        return fm.boundingRect(QRectF(0, 0, width, 1e7), Qt::TextWordWrap, text).height();
    }
    double text_width(const QString& text, const QFont& font) const {
        return QFontMetricsF(font, &writer_).horizontalAdvance(text);
    }
    void draw_text(const QRectF& r, const QString& text, const QFont& font, const QColor& color,
                   int flags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap) {
        if (!drawing()) return;
        painter_->setFont(font);
        painter_->setPen(color);
        painter_->drawText(r, flags, text);
    }

    void footer() {
        if (!drawing() || pages == 1) return;  // the title page has none
        const QFont f = report_font(8);
        painter_->setPen(QPen(rule, 0.6 * k));
        painter_->drawLine(QPointF(0, bottom_ + 4 * k), QPointF(width_, bottom_ + 4 * k));
        draw_text(QRectF(0, bottom_ + 6 * k, width_, 12 * k), q(doc_.title.title), f, muted,
                  Qt::AlignLeft | Qt::AlignTop);
        const QString page = total_pages > 0
                                 ? QStringLiteral("Page %1 of %2").arg(pages).arg(total_pages)
                                 : QStringLiteral("Page %1").arg(pages);
        draw_text(QRectF(0, bottom_ + 6 * k, width_, 12 * k), page, f, muted,
                  Qt::AlignRight | Qt::AlignTop);
    }

    void new_page() {
        footer();
        if (drawing()) writer_.newPage();
        ++pages;
        y_ = top_;
        if (drawing()) {
            const QFont f = report_font(8);
            draw_text(QRectF(0, 0, width_, 10 * k), q(doc_.title.dataset), f, muted,
                      Qt::AlignLeft | Qt::AlignTop);
            draw_text(QRectF(0, 0, width_, 10 * k), q(doc_.title.date), f, muted,
                      Qt::AlignRight | Qt::AlignTop);
            painter_->setPen(QPen(rule, 0.6 * k));
            painter_->drawLine(QPointF(0, 10 * k), QPointF(width_, 10 * k));
        }
    }
    void ensure(double needed) {
        if (y_ + needed > bottom_ && y_ > top_) new_page();
    }

    void title_page() {
        y_ = height_ * 0.22;
        if (drawing()) painter_->fillRect(QRectF(0, y_ - 18 * k, 60 * k, 4 * k), accent);
        const QFont big = report_font(28, true);
        const double h = text_height(q(doc_.title.title), big, width_);
        draw_text(QRectF(0, y_, width_, h), q(doc_.title.title), big, accent);
        y_ += h + 14 * k;
        if (!doc_.title.question.empty()) {
            const QFont label = report_font(10, true);
            draw_text(QRectF(0, y_, width_, 14 * k), QStringLiteral("Question studied"), label,
                      muted);
            y_ += 15 * k;
            const QFont qf = report_font(14);
            const double qh = text_height(q(doc_.title.question), qf, width_);
            draw_text(QRectF(0, y_, width_, qh), q(doc_.title.question), qf, ink);
            y_ += qh + 24 * k;
        }
        const auto& t = doc_.title;
        const QFont key = report_font(10.5), value = report_font(10.5, true);
        for (const auto& [name, text] : {std::pair{"Project", t.project},
                                         {"Dataset", t.dataset},
                                         {"Author", t.author},
                                         {"Date", t.date},
                                         {"Twinbench", t.twinbench_version}}) {
            if (text.empty()) continue;
            draw_text(QRectF(0, y_, 80 * k, 16 * k), QString::fromUtf8(name), key, muted);
            const double vh = text_height(q(text), value, width_ - 80 * k);
            draw_text(QRectF(80 * k, y_, width_ - 80 * k, vh), q(text), value, ink);
            y_ += std::max(vh, 14 * k) + 4 * k;
        }
        const QFont small = report_font(8.5, false, true);
        draw_text(
            QRectF(0, bottom_ - 24 * k, width_, 24 * k),
            QStringLiteral(
                "Made with Twinbench, a what-if workbench for process engineers. "
                "Numbers come from the project file named above; its SHA-256 is in the appendix."),
            small, muted);
    }

    void contents(const std::map<std::string, int>& known_pages) {
        const QFont h = report_font(18, true);
        draw_text(QRectF(0, y_, width_, 26 * k), QStringLiteral("Contents"), h, accent);
        y_ += 32 * k;
        for (const auto& e : doc_.table_of_contents()) {
            const bool top = e.level <= 1;
            const QFont f = report_font(top ? 11 : 10, top);
            const double indent = top ? 0 : 24 * k;
            const double line = (top ? 20 : 16) * k;
            if (top) y_ += 4 * k;
            ensure(line);
            draw_text(QRectF(indent, y_, 30 * k, line), q(e.number), f, top ? accent : muted,
                      Qt::AlignLeft | Qt::AlignTop);
            draw_text(QRectF(indent + 30 * k, y_, width_ - indent - 70 * k, line), q(e.title), f,
                      ink, Qt::AlignLeft | Qt::AlignTop);
            const auto it = known_pages.find(e.anchor);
            if (it != known_pages.end()) {
                if (drawing()) {  // dotted leader from the title to the page number
                    const double x0 = indent + 30 * k + text_width(q(e.title), f) + 6 * k;
                    painter_->setPen(QPen(rule, 0.8 * k, Qt::DotLine));
                    painter_->drawLine(QPointF(x0, y_ + line * 0.55),
                                       QPointF(width_ - 28 * k, y_ + line * 0.55));
                }
                draw_text(QRectF(width_ - 26 * k, y_, 26 * k, line), QString::number(it->second), f,
                          ink, Qt::AlignRight | Qt::AlignTop);
            }
            y_ += line;
        }
    }

    void section_heading(const Section& s) {
        const bool top = s.level <= 1;
        const QFont f = report_font(top ? 18 : 13, true);
        const QString text = q(s.number) + QStringLiteral("  ") + q(s.title);
        const double h = text_height(text, f, width_);
        ensure(h + 140 * k);  // keep a heading with the start of its content
        if (!top) y_ += 8 * k;
        section_pages[s.anchor] = pages;
        draw_text(QRectF(0, y_, width_, h), text, f, top ? accent : ink);
        y_ += h + 3 * k;
        if (top && drawing()) {
            painter_->setPen(QPen(rule, 0.8 * k));
            painter_->drawLine(QPointF(0, y_), QPointF(width_, y_));
        }
        y_ += (top ? 10 : 5) * k;
    }

    void block(const Paragraph& p) {
        const bool note = p.style == ParagraphStyle::note;
        const bool warning = p.style == ParagraphStyle::warning;
        const QFont f = report_font(note ? 9 : 10, false, note);
        const double inset = warning ? 8 * k : 0;
        const double h = text_height(q(p.text), f, width_ - 2 * inset);
        ensure(h + 2 * inset);
        if (warning && drawing()) {
            painter_->fillRect(QRectF(0, y_, width_, h + 2 * 4 * k), QColor(255, 244, 234));
            painter_->fillRect(QRectF(0, y_, 2.5 * k, h + 2 * 4 * k), warn);
        }
        draw_text(QRectF(inset, y_ + (warning ? 4 * k : 0), width_ - 2 * inset, h), q(p.text), f,
                  note ? muted : ink);
        y_ += h + (warning ? 8 * k : 0) + 8 * k;
    }

    void block(const KeyValueTable& t) {
        DataTable as_table;
        as_table.caption = t.caption;
        for (const auto& [key, value] : t.rows) as_table.rows.push_back({Cell(key), value});
        table(as_table, true);
    }
    void block(const DataTable& t) { table(t, false); }

    void table(const DataTable& t, bool key_value) {
        const QFont body = report_font(8.5), head = report_font(8.5, true),
                    cap = report_font(9.5, true);
        const std::size_t columns =
            std::max(t.header.size(), t.rows.empty() ? std::size_t{0} : t.rows.front().size());
        if (columns == 0) return;
        const double pad = 4 * k;
        // Natural column widths, then the widest columns shrink (and wrap) to fit the page.
        std::vector<double> widths(columns, 0.0);
        for (std::size_t c = 0; c < t.header.size(); ++c)
            widths[c] = std::min(text_width(q(t.header[c]), head), 90 * k) + 2 * pad + 1.5 * k;
        for (const auto& row : t.rows)
            for (std::size_t c = 0; c < row.size() && c < columns; ++c)
                widths[c] =
                    std::max(widths[c], text_width(q(row[c].text), body) + 2 * pad + 1.5 * k);
        // Too wide: the widest columns are cut down to a common cap (and wrap) so that the
        // narrow ones keep their natural width.
        double total = 0;
        for (const double w : widths) total += w;
        if (total > width_) {
            double lo = 0, hi = *std::max_element(widths.begin(), widths.end());
            for (int i = 0; i < 40; ++i) {
                const double limit = (lo + hi) / 2;
                double sum = 0;
                for (const double w : widths) sum += std::min(w, limit);
                (sum > width_ ? hi : lo) = limit;
            }
            for (auto& w : widths) w = std::min(w, lo);
            total = 0;
            for (const double w : widths) total += w;
        }
        std::vector<bool> numeric_column(columns, false);
        for (const auto& row : t.rows)  // a header sits over its numbers
            for (std::size_t c = 0; c < columns && c < row.size(); ++c)
                if (row[c].value.has_value()) numeric_column[c] = true;
        const auto row_height = [&](const std::vector<Cell>* cells,
                                    const std::vector<std::string>* names) {
            double h = 0;
            for (std::size_t c = 0; c < columns; ++c) {
                const QString text = cells ? (c < cells->size() ? q((*cells)[c].text) : QString())
                                           : (c < names->size() ? q((*names)[c]) : QString());
                h = std::max(h, text_height(text, cells ? body : head, widths[c] - 2 * pad));
            }
            return h + 2 * 2.6 * k;
        };
        const auto draw_row = [&](const std::vector<Cell>* cells,
                                  const std::vector<std::string>* names, double h, bool shaded) {
            if (!drawing()) return;
            if (shaded)
                painter_->fillRect(QRectF(0, y_, total, h), names ? QColor(232, 238, 245) : shade);
            double x = 0;
            for (std::size_t c = 0; c < columns; ++c) {
                // Key-value tables read as a list of facts: values left-aligned.
                // Columns of numbers are right-aligned throughout ("fixed", "–" included).
                const bool numeric = !key_value && c < numeric_column.size() && numeric_column[c];
                const QString text = cells ? (c < cells->size() ? q((*cells)[c].text) : QString())
                                           : (c < names->size() ? q((*names)[c]) : QString());
                const QColor color = (key_value && c == 0) ? muted : ink;
                draw_text(
                    QRectF(x + pad, y_ + 2.6 * k, widths[c] - 2 * pad, h), text,
                    names ? head : body, color,
                    (numeric ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop | Qt::TextWordWrap);
                x += widths[c];
            }
            painter_->setPen(QPen(names ? ink : rule, (names ? 0.9 : 0.5) * k));
            painter_->drawLine(QPointF(0, y_ + h), QPointF(total, y_ + h));
        };
        const bool has_header = !t.header.empty();
        const double header_h = has_header ? row_height(nullptr, &t.header) : 0.0;
        const double caption_h =
            t.caption.empty() ? 0.0 : text_height(q(t.caption), cap, width_) + 3 * k;
        const double first_h = t.rows.empty() ? 0.0 : row_height(&t.rows.front(), nullptr);
        ensure(caption_h + header_h + first_h);
        if (caption_h > 0) {
            draw_text(QRectF(0, y_, width_, caption_h), q(t.caption), cap, ink);
            y_ += caption_h;
        }
        if (has_header) {
            draw_row(nullptr, &t.header, header_h, true);
            y_ += header_h;
        }
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const double h = row_height(&t.rows[r], nullptr);
            if (y_ + h > bottom_) {  // continue on the next page under a repeated header
                new_page();
                if (has_header) {
                    draw_row(nullptr, &t.header, header_h, true);
                    y_ += header_h;
                }
            }
            draw_row(&t.rows[r], nullptr, h, !key_value && r % 2 == 1);
            y_ += h;
        }
        y_ += 12 * k;
    }

    void block(const Chart& c) {
        const double w_pt = width_ / k;
        const double h_pt = std::min(w_pt * 0.46, 250.0);
        const QFont cap = report_font(8.5, false, true);
        const double cap_h =
            c.caption.empty() ? 0.0 : text_height(q(c.caption), cap, width_) + 4 * k;
        ensure(h_pt * k + cap_h);
        if (drawing()) draw_scene(layout_chart(c, w_pt, h_pt));
        y_ += h_pt * k + 2 * k;
        if (cap_h > 0) draw_text(QRectF(0, y_, width_, cap_h), q(c.caption), cap, muted);
        y_ += cap_h + 10 * k;
    }

    void draw_scene(const ChartScene& scene) {
        painter_->save();
        painter_->translate(0, y_);
        painter_->scale(k, k);
        paint_chart_scene(*painter_, scene, 72.0 / dpi);
        painter_->restore();
    }
    QPdfWriter& writer_;
    QPainter* painter_;
    const ReportDocument& doc_;
    double width_ = 0, height_ = 0, top_ = 0, bottom_ = 0, y_ = 0;
};

}  // namespace

PdfStats write_pdf(const ReportDocument& document, const std::filesystem::path& path) {
    QPdfWriter writer(QString::fromStdU16String(path.u16string()));
    writer.setResolution(dpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(20, 16, 20, 14), QPageLayout::Millimeter));
    writer.setTitle(q(document.title.title));
    writer.setCreator(QStringLiteral("Twinbench ") + q(document.title.twinbench_version));
    writer.setPdfVersion(QPagedPaintDevice::PdfVersion_1_6);

    PdfLayout dry(writer, nullptr, document);
    dry.run({});
    // The contents page lists the pages found by the dry run; a second dry run with those
    // numbers settles the layout in case the contents grew.
    PdfLayout settle(writer, nullptr, document);
    settle.run(dry.section_pages);

    QPainter painter;
    if (!painter.begin(&writer))
        throw ProjectError("cannot write the report to " + utf8_path_string(path));
    PdfLayout final_pass(writer, &painter, document);
    final_pass.total_pages = settle.pages;
    final_pass.run(settle.section_pages);
    painter.end();
    return {final_pass.pages};
}

}  // namespace twinbench::report
