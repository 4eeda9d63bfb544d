// The What-if page's editors on the shipped sample plant, each checked against the engine:
// the material mix editor sets grade shares that the scenario engine applies (the tiles
// are the engine's simulate of that scenario) in one undo step per edit or drag; a limit
// set on the page is the state's limit and crosses when the engine's what-if says so;
// the map's contour lines lie where the grid's values straddle their level. The pure
// helpers behind them (recorded mix, share rescaling, marching squares, round levels) on
// hand-made grids and tables whose answers are known.
#include <algorithm>
#include <cmath>

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QMouseEvent>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <qcustomplot.h>

#include "sim/kpis.h"
#include "sim/scenario.h"
#include "sim/simulator.h"
#include "sim/what_if.h"
#include "ui/app/background_job.h"
#include "ui/app/sample_plant.h"
#include "ui/app/what_if_state.h"
#include "ui/app/workbench_document.h"
#include "ui/whatif/contour_lines.h"
#include "ui/whatif/contour_view.h"
#include "ui/whatif/envelope_slider.h"
#include "ui/whatif/kpi_tiles.h"
#include "ui/whatif/limits_editor.h"
#include "ui/whatif/material_mix.h"
#include "ui/whatif/material_mix_editor.h"
#include "ui/whatif/parameter_panel.h"
#include "ui/whatif/simulation_chart.h"
#include "ui/whatif/what_if_page.h"
#include "ui_test_support.h"

using twinbench::ui::LimitsEditor;
using twinbench::ui::MaterialMixEditor;
using twinbench::ui::WhatIfPage;
using twinbench::ui::WhatIfState;
using twinbench::ui::WorkbenchDocument;
namespace t = twinbench::ui::test;

namespace {

bool close(double a, double b, double tolerance = 1e-9) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

void sendMouse(QWidget* w, QEvent::Type type, const QPoint& pos, Qt::MouseButtons buttons) {
    QMouseEvent e(type, QPointF(pos), w->mapToGlobal(QPointF(pos)), Qt::LeftButton, buttons,
                  Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

// Share of each grade among the steps (counted here, not by the code under test).
std::vector<double> countShares(const std::vector<std::int16_t>& grades, std::size_t n) {
    std::vector<double> out(n, 0.0);
    for (auto g : grades) out[static_cast<std::size_t>(g)] += 1.0;
    for (auto& s : out) s /= static_cast<double>(grades.size());
    return out;
}

}  // namespace

class WhatIfEditorsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<WorkbenchDocument> document_;
    std::unique_ptr<WhatIfState> state_;
    std::unique_ptr<WhatIfPage> page_;

    MaterialMixEditor* mix() const { return page_->parameters()->materialMix(); }

    // The tiles show the engine's KPIs of the scenario built here from the mix alone.
    void checkTilesAreTheEngines(const std::map<std::string, double>& mix) {
        twinbench::Scenario s;
        twinbench::ControlChange change;
        change.control = twinbench::Control::material;
        change.mix = mix;
        s.changes.push_back(change);
        twinbench::SimulationInputs in = state_->window().inputs;
        twinbench::apply_scenario(s, state_->study()->twin, state_->study()->tariff, in);
        QVERIFY(in.grade == state_->scenarioInputs().grade);
        const auto kpis = twinbench::simulate(state_->study()->twin, in).kpis;
        const QString mismatch = t::tileMismatch(*page_->tiles(), kpis);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

  private slots:
    // --- Pure helpers -------------------------------------------------------------------
    void withShareKeepsTheOthersProportions() {
        const std::map<std::string, double> base{{"A", 0.5}, {"B", 0.3}, {"C", 0.2}};
        const auto m = twinbench::ui::with_share(base, "A", 0.8);
        QCOMPARE(m.at("A"), 0.8);
        QVERIFY(close(m.at("B"), 0.2 * 0.3 / 0.5));
        QVERIFY(close(m.at("C"), 0.2 * 0.2 / 0.5));
        QVERIFY(close(m.at("A") + m.at("B") + m.at("C"), 1.0));
        // All others at 0: they share the rest equally; out of range is clamped.
        const auto all = twinbench::ui::with_share({{"A", 1.0}, {"B", 0.0}, {"C", 0.0}}, "A", 0.4);
        QVERIFY(close(all.at("B"), 0.3) && close(all.at("C"), 0.3));
        QCOMPARE(twinbench::ui::with_share(base, "B", 1.7).at("B"), 1.0);
    }

    void recordedMixEnvelopeOverDayWindows() {
        // Hourly rows for 4 days: A, A, B, A by day; batch entries only at each day's
        // start (sparse, carried forward). 48 h windows: days 0-1, 1-2, 2-3.
        twinbench::Table table;
        twinbench::Column material;
        material.name = "Grade";
        material.type = twinbench::ColumnType::categorical;
        material.role = twinbench::Role::material;
        material.levels = {"A", "B"};
        const int dayGrade[4] = {0, 0, 1, 0};
        for (int h = 0; h < 96; ++h) {
            table.time_s.push_back(1.7e9 + 3600.0 * h);
            material.codes.push_back(h % 24 == 0 ? dayGrade[h / 24] : twinbench::missing_code);
        }
        table.columns.push_back(material);
        const std::vector<std::int16_t> replay = {0, 0, 1, 0};  // B (index 0) 3/4
        const auto e = twinbench::ui::recorded_mix(table, {"B", "A"}, replay, 48.0);
        QCOMPARE(e.size(), std::size_t{2});
        QCOMPARE(e[0].grade, std::string("B"));
        QCOMPARE(e[0].replay_share, 0.75);
        QCOMPARE(e[1].replay_share, 0.25);
        // B per window: 0, 0.5, 0.5; A: 1, 0.5, 0.5.
        QCOMPARE(e[0].min, 0.0);
        QCOMPARE(e[0].max, 0.5);
        QCOMPARE(e[0].median, 0.5);
        QCOMPARE(e[1].min, 0.5);
        QCOMPARE(e[1].max, 1.0);
        // No material column: the replay share only.
        twinbench::Table none;
        none.time_s = table.time_s;
        const auto n = twinbench::ui::recorded_mix(none, {"A"}, {0, 0}, 48.0);
        QCOMPARE(n[0].replay_share, 1.0);
        QVERIFY(std::isnan(n[0].min));
    }

    void marchingSquaresOnKnownGrids() {
        // v = column: the 2.5 line is the vertical x = 2.5, one piece per row of cells.
        const int nx = 5, ny = 4;
        std::vector<double> ramp;
        for (int r = 0; r < ny; ++r)
            for (int c = 0; c < nx; ++c) ramp.push_back(c);
        const auto segs = twinbench::ui::contour_segments(ramp, nx, ny, 2.5);
        QCOMPARE(segs.size(), std::size_t{ny - 1});
        for (const auto& s : segs) {
            QCOMPARE(s.x0, 2.5);
            QCOMPARE(s.x1, 2.5);
            QCOMPARE(std::abs(s.y1 - s.y0), 1.0);
        }
        // A level outside the values: no line. NaN cells are skipped.
        QVERIFY(twinbench::ui::contour_segments(ramp, nx, ny, 9.0).empty());
        ramp[0] = NAN;
        QCOMPARE(twinbench::ui::contour_segments(ramp, nx, ny, 0.5).size(), std::size_t{ny - 2});
        // Saddle: corners 1 0 / 0 1, mean 0.5 >= 0.4 joins the high corners: the two
        // pieces cut off the low corners (bottom-right and top-left).
        const std::vector<double> saddle = {1, 0, 0, 1};
        const auto sd = twinbench::ui::contour_segments(saddle, 2, 2, 0.4);
        QCOMPARE(sd.size(), std::size_t{2});
        QCOMPARE(sd[0].x0, 0.6);  // bottom edge, 0.6 of the way from 1 to 0
        QCOMPARE(sd[0].y1, 0.4);  // right edge
        QCOMPARE(sd[1].x0, 0.4);  // top edge
        QCOMPARE(sd[1].y1, 0.6);  // left edge
    }

    void niceLevelsAreRoundAndInside() {
        const auto l = twinbench::ui::nice_levels(0.13, 0.97, 6);
        QVERIFY(!l.empty());
        const double step = l[1] - l[0];
        QVERIFY(close(step, 0.1) || close(step, 0.2) || close(step, 0.25));
        for (double v : l) {
            QVERIFY(v > 0.13 && v < 0.97);
            QVERIFY(close(std::round(v / step) * step, v));
        }
        QVERIFY(twinbench::ui::nice_levels(1.0, 1.0, 6).empty());
        QVERIFY(twinbench::ui::nice_levels(0.0, NAN, 6).empty());
    }

    // --- The page on the sample plant ---------------------------------------------------
    void initTestCase() {
        t::isolateSettings();
        const QString sample = QStringLiteral(TWINBENCH_SAMPLE_DATA_DIR);
        if (!QFileInfo(sample + QStringLiteral("/plant")).isDir())
            QSKIP("sample_data/plant is not there");
        const QString projectPath = dir_.filePath(QStringLiteral("plant.twin"));
        twinbench::ui::buildSamplePlantProject(sample, projectPath, {});
        document_ = std::make_unique<WorkbenchDocument>();
        QString error;
        QVERIFY2(document_->openProject(projectPath, &error), qPrintable(error));
        state_ = std::make_unique<WhatIfState>(*document_);
        state_->setMonteCarloRuns(0);
        page_ = std::make_unique<WhatIfPage>(*document_, *state_);
        page_->resize(1400, 900);
        page_->show();
        if (auto* job = state_->loadJob()) job->waitForFinished();
        QVERIFY2(state_->isLoaded(), qPrintable(state_->loadError()));
        QApplication::processEvents();
    }

    void mixEditorShowsTheRecordedMix() {
        const auto labels = state_->study()->twin.core.grade_labels;
        QVERIFY(labels.size() >= 2);
        QCOMPARE(mix()->gradeCount(), static_cast<int>(labels.size()));
        QVERIFY(mix()->isVisible());
        QVERIFY(state_->settings().material_mix.empty());
        QVERIFY(!mix()->recordedButton()->isEnabled());
        const auto shares = countShares(state_->window().inputs.grade, labels.size());
        double sum = 0.0;
        for (int i = 0; i < mix()->gradeCount(); ++i) {
            QCOMPARE(mix()->grade(i), QString::fromStdString(labels[static_cast<std::size_t>(i)]));
            // One decimal in the box.
            QVERIFY(std::abs(mix()->spinBox(i)->value() -
                             100.0 * shares[static_cast<std::size_t>(i)]) <= 0.05 + 1e-9);
            sum += mix()->spinBox(i)->value();
            // The envelope: the data's windows span the shares (a band, not a point).
            const auto& e = mix()->envelope()[static_cast<std::size_t>(i)];
            QVERIFY(e.min <= e.median && e.median <= e.max);
            QVERIFY(mix()->slider(i)->hasEnvelope());
        }
        QVERIFY(std::abs(sum - 100.0) < 0.2);
    }

    void mixEditChangesTheScenarioAndIsOneUndoStep() {
        const auto labels = state_->study()->twin.core.grade_labels;
        const auto replay = countShares(state_->window().inputs.grade, labels.size());
        const auto before = state_->settings();
        const int undoBefore = document_->undoStack()->index();
        const auto tilesBefore = page_->tiles()->shownValue(1);

        mix()->spinBox(0)->setValue(80.0);  // as if typed and confirmed

        QCOMPARE(document_->undoStack()->index(), undoBefore + 1);
        const auto& m = state_->settings().material_mix;
        QCOMPARE(m.size(), labels.size());
        QVERIFY(close(m.at(labels[0]), 0.8));
        double rest = 0.0;
        for (std::size_t g = 1; g < labels.size(); ++g) rest += replay[g];
        for (std::size_t g = 1; g < labels.size(); ++g)
            QVERIFY(close(m.at(labels[g]), 0.2 * replay[g] / rest));
        // The scenario's steps follow the mix (runs are re-assigned in pieces of <= 4 h,
        // so over a week each share holds within a piece's weight).
        const auto shares = countShares(state_->scenarioInputs().grade, labels.size());
        for (std::size_t g = 0; g < labels.size(); ++g)
            QVERIFY2(std::abs(shares[g] - m.at(labels[g])) <
                         240.0 / static_cast<double>(state_->scenarioInputs().steps()) + 1e-9,
                     qPrintable(QStringLiteral("grade %1: %2 vs %3")
                                    .arg(g)
                                    .arg(shares[g])
                                    .arg(m.at(labels[g]))));
        checkTilesAreTheEngines(m);
        QVERIFY(page_->tiles()->shownValue(1) != tilesBefore);  // the scrap rate moved
        QVERIFY(mix()->recordedButton()->isEnabled());
        QCOMPARE(mix()->spinBox(0)->value(), 80.0);

        document_->undoStack()->undo();
        QVERIFY(state_->settings() == before);
        QVERIFY(state_->scenarioInputs().grade == state_->window().inputs.grade);
        document_->undoStack()->redo();
        QVERIFY(close(state_->settings().material_mix.at(labels[0]), 0.8));
        document_->undoStack()->undo();
    }

    void mixSliderDragIsOneUndoStep() {
        const auto labels = state_->study()->twin.core.grade_labels;
        auto* slider = mix()->slider(1);
        const auto before = state_->settings();
        const int undoBefore = document_->undoStack()->index();
        const int y = slider->height() / 2 - 3;
        const QPoint start(slider->pixelOf(slider->physicalValue()), y);
        sendMouse(slider, QEvent::MouseButtonPress, start, Qt::LeftButton);
        QVERIFY(slider->isSliderDown());
        const int target = slider->pixelOf(90.0);
        for (int k = 1; k <= 8; ++k)
            sendMouse(slider, QEvent::MouseMove,
                      QPoint(start.x() + (target - start.x()) * k / 8, y), Qt::LeftButton);
        sendMouse(slider, QEvent::MouseButtonRelease, QPoint(target, y), Qt::NoButton);
        QVERIFY(!slider->isSliderDown());
        QCOMPARE(document_->undoStack()->index(), undoBefore + 1);
        const auto& m = state_->settings().material_mix;
        QVERIFY(m.at(labels[1]) > 0.8);
        double sum = 0.0;
        for (const auto& [g, s] : m) sum += s;
        QVERIFY(close(sum, 1.0));
        checkTilesAreTheEngines(m);
        document_->undoStack()->undo();
        QVERIFY(state_->settings() == before);
    }

    void asRecordedClearsTheMix() {
        mix()->spinBox(0)->setValue(10.0);
        QVERIFY(!state_->settings().material_mix.empty());
        QTest::mouseClick(mix()->recordedButton(), Qt::LeftButton);
        QVERIFY(state_->settings().material_mix.empty());
        QVERIFY(state_->scenarioInputs().grade == state_->window().inputs.grade);
        QVERIFY(!mix()->recordedButton()->isEnabled());
        document_->undoStack()->undo();  // back to 10 %
        const auto first = state_->study()->twin.core.grade_labels.front();
        QVERIFY(close(state_->settings().material_mix.at(first), 0.1));
        document_->undoStack()->undo();
        QVERIFY(state_->settings().material_mix.empty());
    }

    void limitSetOnThePageIsTheEnginesCrossing() {
        auto* editor = page_->limitsEditor();
        auto* chartBefore = page_->chart();
        const int furnace = LimitsEditor::rowOf("furnace_temp");
        const int wear = LimitsEditor::rowOf("wear");
        QVERIFY(furnace >= 0 && wear >= 0);
        // A level the scenario's furnace passes some hours in (its 60th percentile).
        std::vector<double> f = state_->result().series.furnace_degC;
        const auto& time = state_->scenarioInputs().time_s;
        std::vector<double> sorted = f;
        std::sort(sorted.begin(), sorted.end());
        const double level = std::round(sorted[sorted.size() * 6 / 10] * 10.0) / 10.0;
        editor->maxBox(furnace)->setValue(level);
        editor->maxBox(wear)->setValue(95.0);

        bool found = false;
        for (const auto& l : state_->limits())
            if (l.series == "furnace_temp" && l.max && !l.min) {
                QCOMPARE(*l.max, level);
                found = true;
            }
        QVERIFY(found);
        // The crossing time: the first step above the level while the line runs (a stop
        // idles the furnace on standby: no production limit applies), counted here...
        const auto& states = state_->result().series.state;
        double first = NAN;
        for (std::size_t i = 0; i < f.size(); ++i)
            if (f[i] > level && states[i] == twinbench::SimulatedState::running) {
                first = time[i];
                break;
            }
        QVERIFY(std::isfinite(first));
        // ...and the engine's what-if of the same scenario (limits included).
        const auto r = twinbench::run_what_if(*state_->study(), state_->scenario());
        QCOMPARE(r.limits.size(), state_->limitCrossings().size());
        bool checked = false;
        for (std::size_t i = 0; i < r.limits.size(); ++i) {
            const auto& c = state_->limitCrossings()[i];
            QCOMPARE(c.crossed, r.limits[i].crossed);
            QCOMPARE(c.time_s, r.limits[i].time_s);
            if (c.limit.series == "furnace_temp" && c.limit.max && *c.limit.max == level) {
                QVERIFY(c.crossed);
                QCOMPARE(c.time_s, first);
                checked = true;
            }
        }
        QVERIFY(checked);
        QVERIFY(editor->crossingLabel(furnace)->text().contains(QStringLiteral("reached after")));
        // The time chart marks it: the same chart (zoom and A/B cursors kept), its limit
        // items replaced.
        QApplication::processEvents();
        QCOMPARE(page_->chart(), chartBefore);
        QVERIFY(page_->chart()->limitMarkerCount() >= 1);
        QCOMPARE(page_->findChildren<twinbench::ui::SimulationChart*>().size(), 1);
        QVERIFY(page_->chart()->isVisible());

        // Cleared: no limits, no markers.
        for (int row = 0; row < LimitsEditor::series_count; ++row) {
            editor->maxBox(row)->setValue(editor->maxBox(row)->minimum());
            editor->minBox(row)->setValue(editor->minBox(row)->minimum());
        }
        QVERIFY(state_->limits().empty());
        QVERIFY(state_->limitCrossings().empty());
        QApplication::processEvents();
        QCOMPARE(page_->chart()->limitMarkerCount(), 0);
        // A minimum: the core temperature at least above its highest value crosses at once.
        const auto& core = state_->result().series.core_degC;
        double top = -INFINITY;
        for (double v : core)
            if (std::isfinite(v)) top = std::max(top, v);
        editor->minBox(LimitsEditor::rowOf("core_temp"))->setValue(std::ceil(top + 1.0));
        QCOMPARE(state_->limits().size(), std::size_t{1});
        QVERIFY(state_->limits()[0].min.has_value());
        QVERIFY(state_->limitCrossings()[0].crossed);
    }

    void contourLinesLieBetweenStraddlingCells() {
        auto* view = page_->contour();
        const auto& g = state_->contour();
        QVERIFY(g.n >= 5);
        for (int choice = 0; choice < view->kpiBox()->count(); ++choice) {
            view->kpiBox()->setCurrentIndex(choice);
            const auto& values = view->mapValues();
            QCOMPARE(values.size(), static_cast<std::size_t>(g.n * g.n));
            // The map's values are the grid's KPI (shares in per cent).
            const int k = view->kpi();
            const double scale =
                twinbench::ui::KpiTiles::unit(k, state_->currency()) == QStringLiteral("%") ? 100.0
                                                                                            : 1.0;
            QVERIFY(close(values[7],
                          scale * twinbench::kpi_value(g.kpis[7], static_cast<std::size_t>(k))));
            const auto& levels = view->contourLevels();
            if (levels.empty()) continue;  // a flat KPI (availability can be)
            const double dx = (g.speed_high - g.speed_low) / (g.n - 1);
            const double dy = (g.setpoint_high - g.setpoint_low) / (g.n - 1);
            const auto at = [&](int col, int row) {
                return values[static_cast<std::size_t>(row * g.n + col)];
            };
            for (int li = 0; li < static_cast<int>(levels.size()); ++li) {
                const double level = levels[static_cast<std::size_t>(li)];
                const auto& lines = view->contourLines(li);
                QVERIFY2(!lines.empty(), qPrintable(QStringLiteral("level %1").arg(level)));
                for (const auto& line : lines)
                    for (const QPointF& p : {line.p1(), line.p2()}) {
                        const double gx = (p.x() - g.speed_low) / dx;
                        const double gy = (p.y() - g.setpoint_low) / dy;
                        // On a vertical edge (x on the grid) or a horizontal one.
                        const bool onColumn = std::abs(gx - std::round(gx)) < 1e-6;
                        const bool onRow = std::abs(gy - std::round(gy)) < 1e-6;
                        QVERIFY(onColumn || onRow);
                        double a, b, frac;
                        if (onColumn) {
                            const int col = static_cast<int>(std::round(gx));
                            const int row = std::min(static_cast<int>(std::floor(gy)), g.n - 2);
                            a = at(col, row), b = at(col, row + 1), frac = gy - row;
                        } else {
                            const int row = static_cast<int>(std::round(gy));
                            const int col = std::min(static_cast<int>(std::floor(gx)), g.n - 2);
                            a = at(col, row), b = at(col + 1, row), frac = gx - col;
                        }
                        QVERIFY2((a >= level) != (b >= level),
                                 qPrintable(QStringLiteral("%1 not between %2 and %3")
                                                .arg(level)
                                                .arg(a)
                                                .arg(b)));
                        // Linear interpolation puts it where the values reach the level.
                        QVERIFY(close(a + frac * (b - a), level, 1e-6));
                    }
            }
        }
        view->kpiBox()->setCurrentIndex(1);
    }

    void constraintWashesOutTheCellsThatBreakIt() {
        auto* view = page_->contour();
        view->kpiBox()->setCurrentIndex(1);
        // A name the engine does not know: its reason, naming the KPIs it knows, under the field.
        view->constraintEdit()->setText(QStringLiteral("scrap_rte<=3%"));
        emit view->constraintEdit()->editingFinished();
        QVERIFY2(view->constraintNote()->text().startsWith(QStringLiteral("not understood: ")) &&
                     view->constraintNote()->text().contains(QStringLiteral("scrap_rate")),
                 qPrintable(view->constraintNote()->text()));
        // In percent, as the tile shows the scrap rate.
        view->constraintEdit()->setText(QStringLiteral("scrap_rate<=3.4%"));
        emit view->constraintEdit()->editingFinished();
        QVERIFY2(view->constraintNote()->text().isEmpty(), qPrintable(view->constraintNote()->text()));
        const auto& g = state_->contour();
        int broken = 0;
        for (int i = 0; i < g.n * g.n; ++i)
            broken += g.kpis[static_cast<std::size_t>(i)].scrap_rate > 0.034;
        QVERIFY(broken > 0 && broken < g.n * g.n);
        QVERIFY(close(view->breachShare(), static_cast<double>(broken) / (g.n * g.n)));
        // Drawn: a breaking cell is paler than the map's colour for its value.
        auto* plot = view->plot();
        plot->replot();
        const QImage image = plot->toPixmap(plot->width(), plot->height(), 1.0).toImage();
        const auto pixelOf = [&](int cell) {
            const double speed =
                g.speed_low + (g.speed_high - g.speed_low) * (cell % g.n) / double(g.n - 1);
            const double setpoint = g.setpoint_low + (g.setpoint_high - g.setpoint_low) *
                                                         (cell / g.n) / double(g.n - 1);
            return QPoint(qRound(plot->xAxis->coordToPixel(speed)),
                          qRound(plot->yAxis->coordToPixel(setpoint)));
        };
        const auto mapColour = [&](int cell) {
            return QColor::fromRgb(view->colourMap()->gradient().color(
                view->mapValues()[static_cast<std::size_t>(cell)], view->colourMap()->dataRange()));
        };
        // Inner cells only (the border's half cells are clipped); a few may sit under a
        // contour label.
        int paler = 0, breaking = 0, same = 0, kept = 0;
        for (int cell = g.n + 1; cell < g.n * g.n - g.n - 1; ++cell) {
            if (cell % g.n == 0 || cell % g.n == g.n - 1) continue;
            const bool breaks = g.kpis[static_cast<std::size_t>(cell)].scrap_rate > 0.034;
            const QColor shown = image.pixelColor(pixelOf(cell));
            const QColor plain = mapColour(cell);
            if (breaks) {
                ++breaking;
                paler += shown.lightness() > plain.lightness() + 40;
            } else {
                ++kept;
                same += std::abs(shown.lightness() - plain.lightness()) < 12;
            }
        }
        QVERIFY(breaking > 10 && kept > 10);
        QVERIFY2(paler >= breaking * 9 / 10,
                 qPrintable(QStringLiteral("%1 of %2").arg(paler).arg(breaking)));
        QVERIFY2(same >= kept * 9 / 10, qPrintable(QStringLiteral("%1 of %2").arg(same).arg(kept)));
    }

    void mapLegendHasOneCurrentPointOutsideTheMap() {
        auto* plot = page_->contour()->plot();
        int points = 0;
        for (int i = 0; i < plot->legend->itemCount(); ++i) {
            auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i));
            if (item && item->plottable()->name().startsWith(QStringLiteral("setting")))
                ++points;
        }
        QCOMPARE(points, 1);
        plot->replot();
        QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->rect()));
        // The current point is still where the settings are, and still draggable.
        QCOMPARE(page_->contour()->currentPoint().x(), state_->settings().speed_m_per_min);
        // A speed change redraws only the point's layer: the widget shows it at the new
        // speed, and no longer at the old one.
        const auto pointPixel = [plot](double speed, double setpoint) {
            return QPoint(qRound(plot->xAxis->coordToPixel(speed)),
                          qRound(plot->yAxis->coordToPixel(setpoint)));
        };
        const double setpoint = state_->settings().setpoint_degC;
        const double oldSpeed = state_->settings().speed_m_per_min;
        const auto r = state_->range(twinbench::ui::WhatIfControl::speed);
        const double newSpeed = oldSpeed + 0.3 * (r.high - oldSpeed);
        const QColor brush = plot->graph(0)->scatterStyle().brush().color();
        QCOMPARE(plot->grab().toImage().pixelColor(pointPixel(oldSpeed, setpoint)), brush);
        state_->changeControl(twinbench::ui::WhatIfControl::speed, newSpeed);
        QApplication::processEvents();
        const QImage shown = plot->grab().toImage();
        QCOMPARE(shown.pixelColor(pointPixel(newSpeed, setpoint)), brush);
        QVERIFY(shown.pixelColor(pointPixel(oldSpeed, setpoint)) != brush);
        document_->undoStack()->undo();
    }

    void cleanupTestCase() {
        page_.reset();
        state_.reset();
        document_.reset();
    }
};

QTEST_MAIN(WhatIfEditorsTest)
#include "tst_whatif_editors.moc"
