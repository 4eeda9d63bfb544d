// The explainer's headers for Qt code. ExplainInput has a member named `signals`, which
// is a Qt keyword macro (it expands to `public`) once a Qt header is included: the engine's
// headers are read here with the macro set aside, and every ui/ file includes this one.
#pragma once

#pragma push_macro("signals")
#undef signals
#include "explain/dataset_explain.h"
#include "explain/explainer.h"
#pragma pop_macro("signals")
