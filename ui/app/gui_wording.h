// The engine speaks to the command line in places ("run twinbench-cli fit", "--map
// output=COLUMN", "choose a shorter --horizon", "--set 'x': ..."); on a page the same
// advice names the page, the field or the button. Every engine message a page shows goes
// through guiWording (MessageBanner does it for its banners).
#pragma once

#include <QString>

namespace twinbench::ui {

QString guiWording(const QString& engineMessage);

}  // namespace twinbench::ui
