#include "ui/import/file_format_widget.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include "data/number_format.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

// The item's data is the command line's spelling; an empty one means "Detect".
QComboBox* choices(QWidget* parent, const QList<std::pair<QString, QString>>& items, const QString& tip) {
    auto* combo = new QComboBox(parent);
    for (const auto& [label, value] : items) combo->addItem(label, value);
    combo->setToolTip(tip);
    return combo;
}

}  // namespace

FileFormatWidget::FileFormatWidget(QWidget* parent) : QWidget(parent) {
    const QString detect = tr("Detect");
    encoding_ = choices(this,
                        {{detect, QString()},
                         {QStringLiteral("UTF-8"), QStringLiteral("UTF-8")},
                         {tr("Windows-1252 (Western Europe)"), QStringLiteral("windows-1252")},
                         {tr("Windows-1250 (Central Europe)"), QStringLiteral("windows-1250")},
                         {tr("Windows-1251 (Cyrillic)"), QStringLiteral("windows-1251")},
                         {tr("Windows-1253 (Greek)"), QStringLiteral("windows-1253")},
                         {tr("Windows-1254 (Turkish)"), QStringLiteral("windows-1254")},
                         {tr("Windows-1255 (Hebrew)"), QStringLiteral("windows-1255")},
                         {tr("Windows-1256 (Arabic)"), QStringLiteral("windows-1256")},
                         {QStringLiteral("ISO-8859-1"), QStringLiteral("ISO-8859-1")},
                         {QStringLiteral("ISO-8859-15"), QStringLiteral("ISO-8859-15")},
                         {QStringLiteral("UTF-16LE"), QStringLiteral("UTF-16LE")},
                         {QStringLiteral("UTF-16BE"), QStringLiteral("UTF-16BE")},
                         {QStringLiteral("Shift_JIS"), QStringLiteral("SHIFT_JIS")},
                         {QStringLiteral("GB18030"), QStringLiteral("GB18030")}},
                        tr("Detected: UTF-8, UTF-16 or Windows-1252. Pick the encoding when the letters come out "
                           "wrong; any other name can be typed."));
    encoding_->setEditable(true);
    encoding_->setInsertPolicy(QComboBox::NoInsert);
    delimiter_ = choices(this,
                         {{detect, QString()},
                          {tr("comma ( , )"), QStringLiteral(",")},
                          {tr("semicolon ( ; )"), QStringLiteral(";")},
                          {tr("tab"), QStringLiteral("tab")},
                          {tr("pipe ( | )"), QStringLiteral("|")},
                          {tr("colon ( : )"), QStringLiteral(":")},
                          {tr("space"), QStringLiteral("space")}},
                         tr("The character between the fields. Detected among comma, semicolon, tab and pipe."));
    decimal_ = choices(this,
                       {{tr("Detect per column"), QString()},
                        {tr("point (12.5)"), QStringLiteral(".")},
                        {tr("comma (12,5)"), QStringLiteral(",")}},
                       tr("Each column's numbers decide it ('20,5' can only be a decimal comma). When a column "
                          "reads two ways (every value like '1.234'), it is marked and you choose here."));
    thousands_ = choices(this,
                         {{tr("Detect (groups of three)"), QString()},
                          {tr("none"), QStringLiteral("none")},
                          {tr("comma (1,234)"), QStringLiteral(",")},
                          {tr("point (1.234)"), QStringLiteral(".")},
                          {tr("space (1 234)"), QStringLiteral("space")},
                          {tr("apostrophe (1'234)"), QStringLiteral("'")}},
                         tr("Separators between groups of three digits are read when every group has three digits."));
    headerLine_ = new QSpinBox(this);
    headerLine_->setRange(-1, 1000000);
    headerLine_->setValue(-1);
    headerLine_->setSpecialValueText(detect);
    headerLine_->setToolTip(tr("The line that holds the column names (1 = the first line; 0 = the file has none). "
                               "The lines above it are kept with the import."));

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    const QList<std::pair<QString, QWidget*>> fields = {{tr("Encoding"), encoding_},
                                                       {tr("Delimiter"), delimiter_},
                                                       {tr("Decimal mark"), decimal_},
                                                       {tr("Thousands"), thousands_},
                                                       {tr("Header line"), headerLine_}};
    for (int i = 0; i < fields.size(); ++i) {
        auto* label = new QLabel(fields[i].first, this);
        label->setBuddy(fields[i].second);
        grid->addWidget(label, i / 2, (i % 2) * 2);
        grid->addWidget(fields[i].second, i / 2, (i % 2) * 2 + 1);
    }

    for (auto* combo : {delimiter_, decimal_, thousands_})
        connect(combo, &QComboBox::currentIndexChanged, this, &FileFormatWidget::changed);
    connect(encoding_, &QComboBox::currentIndexChanged, this, &FileFormatWidget::changed);
    connect(encoding_->lineEdit(), &QLineEdit::editingFinished, this, &FileFormatWidget::changed);
    connect(headerLine_, &QSpinBox::valueChanged, this, &FileFormatWidget::changed);
}

twinbench::FormatOverrides FileFormatWidget::overrides() const {
    twinbench::FormatOverrides o;
    // A picked item carries its name as data; a typed one is its text.
    const int picked = encoding_->findText(encoding_->currentText());
    o.encoding = toUtf8(picked >= 0 ? encoding_->itemData(picked).toString() : encoding_->currentText().trimmed());
    const auto value = [](const QComboBox* combo) { return toUtf8(combo->currentData().toString()); };
    if (const auto d = value(delimiter_); !d.empty()) o.delimiter = twinbench::delimiter_from_text(d);
    if (const auto d = value(decimal_); !d.empty()) o.decimal_mark = twinbench::decimal_mark_from_text(d);
    if (const auto t = value(thousands_); !t.empty()) o.thousands = twinbench::thousands_from_text(t);
    if (headerLine_->value() >= 0) o.header_line = headerLine_->value();
    return o;
}

}  // namespace twinbench::ui
