// The controls of any process on the What-if page: a slider per control of the process
// graph over the data's range (the operating envelope shaded under it), its value in a
// spin box, the engine's word on extrapolation, and the limits the time chart marks.
#pragma once

#include <string>
#include <vector>

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace twinbench::ui {

class EnvelopeSlider;
class GraphWhatIfState;
struct GraphControlRange;

class GraphControlPanel : public QWidget {
    Q_OBJECT

  public:
    explicit GraphControlPanel(GraphWhatIfState& state, QWidget* parent = nullptr);

    int rowCount() const { return static_cast<int>(rows_.size()); }
    // The row of a control, -1 when there is none.
    int rowOf(const std::string& control) const;
    // A numeric control's slider and spin box (nullptr for a categorical control).
    EnvelopeSlider* slider(int row) const { return rows_[static_cast<std::size_t>(row)].slider; }
    QDoubleSpinBox* spinBox(int row) const { return rows_[static_cast<std::size_t>(row)].spin; }
    // A categorical control's list of levels (nullptr for a numeric control).
    QComboBox* levelBox(int row) const { return rows_[static_cast<std::size_t>(row)].levels; }
    QLabel* note(int row) const { return rows_[static_cast<std::size_t>(row)].note; }
    QLineEdit* limitsEdit() const { return limits_; }
    QLabel* limitsNote() const { return limitsNote_; }
    QLineEdit* kpisEdit() const { return kpis_; }
    QLabel* kpisNote() const { return kpisNote_; }
    QLineEdit* scenarioName() const { return scenarioName_; }
    QPushButton* saveButton() const { return save_; }
    QLabel* saveNote() const { return saveNote_; }

  private:
    void rebuild();
    void refreshValues();
    void refreshLimits();
    void applyLimits();
    void applyKpis();
    void saveScenario();

    struct Row {
        std::string control;
        QWidget* box = nullptr;
        QLabel* title = nullptr;
        QDoubleSpinBox* spin = nullptr;
        EnvelopeSlider* slider = nullptr;
        QComboBox* levels = nullptr;
        QLabel* note = nullptr;
    };
    void addNumericRow(Row& row, QVBoxLayout* box, const GraphControlRange& control);
    void addCategoricalRow(Row& row, QVBoxLayout* box, const GraphControlRange& control);
    GraphWhatIfState& state_;
    QVBoxLayout* rowsLayout_;
    std::vector<Row> rows_;
    QLineEdit* limits_;
    QLabel* limitsNote_;
    QLineEdit* kpis_;
    QLabel* kpisNote_;
    QLineEdit* scenarioName_;
    QPushButton* save_;
    QLabel* saveNote_;
    bool updating_ = false;
};

}  // namespace twinbench::ui
