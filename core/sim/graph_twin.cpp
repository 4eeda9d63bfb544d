#include "sim/graph_twin.h"

#include <cmath>

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {

const OutputModel* GraphTwin::model_of(const std::string& output) const {
    for (const auto& m : models)
        if (m->output() == output) return m.get();
    return nullptr;
}

void simulate_graph(const GraphTwin& twin, SignalFrame& frame, const OutputNoise& noise) {
    const std::size_t n = frame.steps();
    for (const auto& model : twin.models) {
        FrameSignal* out = frame.find(model->output());
        if (out == nullptr) {
            FrameSignal s;
            s.name = model->output();
            s.unit = model->unit();
            s.values.assign(n, std::nan(""));
            out = &frame.add(std::move(s));
        }
        out->values.resize(n);
        model->simulate(frame, out->values);
        if (const auto it = twin.sparse.find(model->output()); it != twin.sparse.end())
            for (double& v : out->values) v += it->second.latest;
        if (noise) noise(*model, out->values);
    }
}

GraphTwin perturbed_graph_twin(const GraphTwin& twin, std::mt19937_64& rng) {
    GraphTwin drawn;
    drawn.graph = twin.graph;
    drawn.sparse = twin.sparse;
    drawn.models.reserve(twin.models.size());
    for (const auto& m : twin.models) drawn.models.push_back(m->draw(rng));
    return drawn;
}

}  // namespace twinbench
