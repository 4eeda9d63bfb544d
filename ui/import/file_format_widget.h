// "How the files are written" on the import page: encoding, delimiter, decimal mark,
// thousands separator and header line, each "Detect" unless the engineer picks one (the
// command line's --encoding, --delimiter, --decimal, --thousands, --header-line). A pick
// reruns the preview and goes with the import, which records it with each file.
#pragma once

#include <QWidget>

#include "data/format_overrides.h"

class QComboBox;
class QSpinBox;

namespace twinbench::ui {

class FileFormatWidget : public QWidget {
    Q_OBJECT

public:
    explicit FileFormatWidget(QWidget* parent = nullptr);

    twinbench::FormatOverrides overrides() const;

    QComboBox* encodingCombo() const { return encoding_; }
    QComboBox* delimiterCombo() const { return delimiter_; }
    QComboBox* decimalCombo() const { return decimal_; }
    QComboBox* thousandsCombo() const { return thousands_; }
    QSpinBox* headerLineSpin() const { return headerLine_; }

signals:
    void changed();

private:
    QComboBox* encoding_;
    QComboBox* delimiter_;
    QComboBox* decimal_;
    QComboBox* thousands_;
    QSpinBox* headerLine_;
};

}  // namespace twinbench::ui
