#include "ui/widgets/colour_scheme.h"

#include <QApplication>

namespace twinbench::ui {
namespace {

struct Roles {
    QColor window, text, base, alternate, button, highlight, link, disabled, placeholder, tooltip;
};

QPalette makePalette(const Roles& r) {
    QPalette p;
    p.setColor(QPalette::Window, r.window);
    p.setColor(QPalette::WindowText, r.text);
    p.setColor(QPalette::Base, r.base);
    p.setColor(QPalette::AlternateBase, r.alternate);
    p.setColor(QPalette::Text, r.text);
    p.setColor(QPalette::Button, r.button);
    p.setColor(QPalette::ButtonText, r.text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x55, 0x55));
    p.setColor(QPalette::Highlight, r.highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, r.link);
    p.setColor(QPalette::LinkVisited, r.link.darker(115));
    p.setColor(QPalette::PlaceholderText, r.placeholder);
    p.setColor(QPalette::ToolTipBase, r.tooltip);
    p.setColor(QPalette::ToolTipText, r.text);
    // Fusion shades bevels from these; derived so both schemes keep their contrast.
    p.setColor(QPalette::Light, r.button.lighter(150));
    p.setColor(QPalette::Midlight, r.button.lighter(125));
    p.setColor(QPalette::Mid, r.button.darker(130));
    p.setColor(QPalette::Dark, r.button.darker(160));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, r.disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, r.disabled);
    return p;
}

}  // namespace

QString colourSchemeName(ColourScheme scheme) {
    switch (scheme) {
        case ColourScheme::light:
            return QStringLiteral("light");
        case ColourScheme::dark:
            return QStringLiteral("dark");
        case ColourScheme::system:
            break;
    }
    return QStringLiteral("system");
}

ColourScheme colourSchemeFromName(const QString& name) {
    if (name == QStringLiteral("light")) return ColourScheme::light;
    if (name == QStringLiteral("dark")) return ColourScheme::dark;
    return ColourScheme::system;
}

QPalette lightPalette() {
    return makePalette(
        {QColor(0xf3, 0xf3, 0xf3), QColor(0x1a, 0x1a, 0x1a), Qt::white, QColor(0xf4, 0xf6, 0xf9),
         QColor(0xea, 0xea, 0xea), QColor(0x3d, 0x6f, 0xb4), QColor(0x1a, 0x5f, 0xb4),
         QColor(0x9a, 0x9a, 0x9a), QColor(0x8a, 0x8a, 0x8a), QColor(0xff, 0xff, 0xdc)});
}

QPalette darkPalette() {
    return makePalette({QColor(0x2b, 0x2b, 0x2b), QColor(0xe6, 0xe6, 0xe6),
                        QColor(0x1e, 0x1e, 0x1e), QColor(0x2a, 0x2d, 0x31),
                        QColor(0x35, 0x35, 0x35), QColor(0x3d, 0x6f, 0xb4),
                        QColor(0x6f, 0xa8, 0xff), QColor(0x7a, 0x7a, 0x7a),
                        QColor(0x8a, 0x8a, 0x8a), QColor(0x3c, 0x3c, 0x3c)});
}

void applyColourScheme(ColourScheme scheme) {
    // The platform's palette as the application started, to come back to.
    static const QPalette platform = QApplication::palette();
    switch (scheme) {
        case ColourScheme::system:
            QApplication::setPalette(platform);
            break;
        case ColourScheme::light:
            QApplication::setPalette(lightPalette());
            break;
        case ColourScheme::dark:
            QApplication::setPalette(darkPalette());
            break;
    }
}

}  // namespace twinbench::ui
