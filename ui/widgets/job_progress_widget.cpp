#include "ui/widgets/job_progress_widget.h"

#include <cmath>

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include "ui/app/background_job.h"

namespace twinbench::ui {

JobProgressWidget::JobProgressWidget(QWidget* parent)
    : QWidget(parent), title_(new QLabel(this)), bar_(new QProgressBar(this)), cancel_(new QPushButton(tr("Cancel"), this)) {
    bar_->setRange(0, 1000);
    bar_->setTextVisible(true);
    bar_->setMinimumWidth(220);
    cancel_->setToolTip(tr("Stop the task; nothing is written to the project"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(bar_, 1);
    layout->addWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (!job_) return;
        job_->cancel();
        cancel_->setEnabled(false);
        title_->setText(tr("Cancelling…"));
    });
    hide();
}

void JobProgressWidget::track(BackgroundJob* job) {
    if (job_) job_->disconnect(this);
    job_ = job;
    if (!job) {
        hide();
        return;
    }
    title_->setText(job->title());
    bar_->setValue(0);
    bar_->setFormat(QStringLiteral("%p %"));
    cancel_->setEnabled(true);
    connect(job, &BackgroundJob::progressChanged, this, [this](double fraction, const QString& what) {
        bar_->setValue(static_cast<int>(std::lround(fraction * 1000.0)));
        if (!what.isEmpty()) bar_->setToolTip(what);
    });
    connect(job, &BackgroundJob::finished, this, [this] {
        job_ = nullptr;
        hide();
    });
    show();
}

}  // namespace twinbench::ui
