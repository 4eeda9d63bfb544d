// Light and dark palettes for the whole application (View ▸ Colour scheme), or the
// platform's own. Charts and the step list derive their colours from the palette and
// restyle when it changes.
#pragma once

#include <QPalette>
#include <QString>

namespace twinbench::ui {

enum class ColourScheme { system, light, dark };

// "system", "light", "dark"; unknown names read as system.
QString colourSchemeName(ColourScheme scheme);
ColourScheme colourSchemeFromName(const QString& name);

QPalette lightPalette();
QPalette darkPalette();

// Sets the application palette (the platform's, as it was at the first call, for system).
void applyColourScheme(ColourScheme scheme);

}  // namespace twinbench::ui
