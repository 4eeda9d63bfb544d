// A message inside the page it concerns (bad file, failed import, missing sample data),
// worded for the engineer to act on. Modal dialogs hide the context the engineer needs
// to fix the problem; a banner keeps it on screen.
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace twinbench::ui {

class MessageBanner : public QFrame {
    Q_OBJECT

public:
    enum class Kind { info, success, warning, error };

    explicit MessageBanner(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text);
    void clear();
    QString text() const;
    Kind kind() const { return kind_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QLabel* label_;
    QToolButton* close_;
    Kind kind_ = Kind::info;
};

}  // namespace twinbench::ui
