// The direct edges an upstream output takes the place of (sim/mediated_edges.h), on a
// process with known answers: two inputs set a quality (the powder's moisture), the
// quality decides how many items of 20 are rejected, and a third input acts on the
// rejects directly. The inputs that act only through the quality lose their direct edges;
// one that also acts directly keeps its edge, and so does the third.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "sim/mediated_edges.h"

namespace twinbench {
namespace {

struct MediatedProcess {
    SignalFrame history;
    ProcessGraph graph;
};

// steam and speed set the moisture; the rejects out of 20 follow the moisture and the
// press force; `speed_direct` adds a direct effect of the speed on the rejects (log-odds
// per unit) that does not pass through the moisture.
MediatedProcess mediated_process(double speed_direct, std::uint64_t seed) {
    constexpr std::size_t steps = 20000;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> steam(steps), speed(steps), force(steps), moisture(steps), rejects(steps), made(steps, 20.0);
    double drift = 0.0;
    for (std::size_t k = 0; k < steps; ++k) {
        // Operators move the steam in steps, the speed drifts, the force is noise.
        if (k % 500 == 0) steam[k] = 2.0 * normal(rng);
        else steam[k] = steam[k - 1];
        drift = 0.995 * drift + 0.1 * normal(rng);
        speed[k] = drift;
        force[k] = normal(rng);
        moisture[k] = 3.0 - 0.3 * steam[k] + 0.2 * speed[k] + 0.1 * normal(rng);
        const double logit = -4.0 + 1.5 * (moisture[k] - 3.0) + 0.4 * force[k] + speed_direct * speed[k];
        std::binomial_distribution<int> items(20, 1.0 / (1.0 + std::exp(-logit)));
        rejects[k] = items(rng);
    }
    MediatedProcess p;
    const auto add = [&](const char* name, std::vector<double> values, SignalKind kind, OutputKind output_kind,
                         const char* total) {
        p.history.add({name, "", ColumnType::numeric, {}, std::move(values)});
        GraphSignal s;
        s.name = name;
        s.kind = kind;
        s.output_kind = output_kind;
        s.total = total;
        p.graph.set_signal(s);
    };
    add("steam", steam, SignalKind::control, OutputKind::continuous, "");
    add("speed", speed, SignalKind::control, OutputKind::continuous, "");
    add("force", force, SignalKind::disturbance, OutputKind::continuous, "");
    add("made", made, SignalKind::output, OutputKind::continuous, "");
    add("moisture", moisture, SignalKind::output, OutputKind::continuous, "");
    add("rejects", rejects, SignalKind::output, OutputKind::count, "made");
    // As proposed: every input on every output (the force drives the moisture too, as a
    // proposal would have it), the count from its total.
    for (const char* input : {"steam", "speed", "force"})
        for (const char* output : {"moisture", "rejects"}) p.graph.add_edge({input, output, EdgeOrigin::proposed, std::nan(""), "proposed"});
    p.graph.add_edge({"made", "rejects", EdgeOrigin::proposed, std::nan(""), "its total"});
    return p;
}

std::vector<std::string> dropped_names(const MediatedChain& chain) {
    std::vector<std::string> names;
    for (const auto& d : chain.dropped) names.push_back(d.from);
    std::sort(names.begin(), names.end());
    return names;
}

TEST(MediatedEdges, InputsActingOnlyThroughTheUpstreamLoseTheirDirectEdges) {
    const MediatedProcess p = mediated_process(0.0, 11);
    const MediatedChain chain = mediated_chain(p.history, p.graph, "moisture", "rejects");
    EXPECT_EQ(chain.rows, 20000u);
    EXPECT_EQ(dropped_names(chain), (std::vector<std::string>{"speed", "steam"}));
    for (const auto& d : chain.dropped) EXPECT_LT(d.likelihood_ratio, 10.83) << d.from;
    // The moisture varies on its own as well, so beside steam and speed it adds much.
    EXPECT_GT(chain.upstream_ratio, 10.83);
    // The graph is the caller's to change.
    EXPECT_TRUE(p.graph.has_edge("steam", "rejects"));
    const std::string evidence = mediated_edges_evidence(chain.dropped);
    EXPECT_NE(evidence.find("'steam'"), std::string::npos) << evidence;
    EXPECT_NE(evidence.find("'speed'"), std::string::npos) << evidence;
    EXPECT_NE(evidence.find("direct edges"), std::string::npos) << evidence;
}

TEST(MediatedEdges, AnInputThatAlsoActsDirectlyKeepsItsEdge) {
    const MediatedProcess p = mediated_process(0.5, 12);
    const MediatedChain chain = mediated_chain(p.history, p.graph, "moisture", "rejects");
    EXPECT_EQ(dropped_names(chain), (std::vector<std::string>{"steam"}));
}

TEST(MediatedEdges, NothingToDropWithoutAnInputBehindTheUpstream) {
    MediatedProcess p = mediated_process(0.0, 13);
    for (const char* input : {"steam", "speed", "force"}) p.graph.remove_edge(input, "moisture");
    const MediatedChain chain = mediated_chain(p.history, p.graph, "moisture", "rejects");
    EXPECT_TRUE(chain.dropped.empty());
    EXPECT_GT(chain.upstream_ratio, 10.83);
    EXPECT_EQ(mediated_edges_evidence(chain.dropped), "");
}

}  // namespace
}  // namespace twinbench
