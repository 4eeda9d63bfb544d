#include "ui/widgets/message_banner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QToolButton>

#include "ui/app/gui_wording.h"

namespace twinbench::ui {
namespace {

QColor accent(MessageBanner::Kind kind) {
    switch (kind) {
        case MessageBanner::Kind::success: return QColor(0x2e, 0x7d, 0x32);
        case MessageBanner::Kind::warning: return QColor(0xc7, 0x7c, 0x02);
        case MessageBanner::Kind::error: return QColor(0xc6, 0x28, 0x28);
        case MessageBanner::Kind::info: break;
    }
    return QColor(0x1e, 0x6f, 0xb8);
}

// Mixes the accent into the window colour so the banner reads in light and dark themes.
QColor tint(const QColor& base, const QColor& accentColour, double amount) {
    return QColor::fromRgbF(static_cast<float>(base.redF() * (1 - amount) + accentColour.redF() * amount),
                            static_cast<float>(base.greenF() * (1 - amount) + accentColour.greenF() * amount),
                            static_cast<float>(base.blueF() * (1 - amount) + accentColour.blueF() * amount));
}

}  // namespace

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent), label_(new QLabel(this)), close_(new QToolButton(this)) {
    setObjectName(QStringLiteral("messageBanner"));
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);  // engineers paste errors into tickets
    close_->setText(QStringLiteral("✕"));
    close_->setAutoRaise(true);
    close_->setToolTip(tr("Dismiss"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 6, 8);
    layout->addWidget(label_, 1);
    layout->addWidget(close_, 0, Qt::AlignTop);
    connect(close_, &QToolButton::clicked, this, &MessageBanner::clear);
    hide();
}

void MessageBanner::showMessage(Kind kind, const QString& text) {
    kind_ = kind;
    // Engine messages reach banners as they are: their command-line advice said the GUI's way.
    label_->setText(guiWording(text));
    show();
    update();
}

void MessageBanner::clear() {
    label_->clear();
    hide();
}

QString MessageBanner::text() const { return isVisible() || !label_->text().isEmpty() ? label_->text() : QString(); }

void MessageBanner::paintEvent(QPaintEvent*) {
    // Painted from the current palette on every paint, so a switch between light and
    // dark themes needs no bookkeeping (a style sheet would pin the colours).
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor colour = accent(kind_);
    painter.setPen(Qt::NoPen);
    painter.setBrush(tint(palette().color(QPalette::Window), colour, 0.14));
    painter.drawRoundedRect(QRectF(rect()), 3, 3);
    painter.setBrush(colour);
    painter.drawRect(QRectF(0, 0, 4, height()));
}

}  // namespace twinbench::ui
