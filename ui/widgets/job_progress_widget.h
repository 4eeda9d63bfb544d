// Progress bar, step text and Cancel button for one BackgroundJob. Cancel asks the
// engine to stop at its next progress check; the import then rolls back.
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace twinbench::ui {

class BackgroundJob;

class JobProgressWidget : public QWidget {
    Q_OBJECT

public:
    explicit JobProgressWidget(QWidget* parent = nullptr);

    // Shows the job's progress until it finishes, then hides.
    void track(BackgroundJob* job);
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return bar_; }

private:
    QPointer<BackgroundJob> job_;
    QLabel* title_;
    QProgressBar* bar_;
    QPushButton* cancel_;
};

}  // namespace twinbench::ui
