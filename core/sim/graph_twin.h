// The twin of any process: the process graph with a fitted model per output, simulated
// output by output in the graph's order over a frame of inputs (graph_window.h), so an
// upstream output is simulated before the outputs it drives and feeds them.
//
// Sparse outputs (a lab value every few hours) are the model's prediction plus the bias
// the measurements showed last (sparse_output_fusion.h), as the core-temperature soft
// sensor does for the furnace. Outputs the graph has but no model covers keep the values
// the frame holds (replayed as recorded, with a warning from the caller).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "models/output_model.h"
#include "models/signal_frame.h"
#include "sim/process_graph.h"

namespace twinbench {

// The continuous estimate of a sparse output: its model plus a bias that wanders as a
// random walk and is reset by each measurement.
struct SparseBias {
    double latest = 0.0;             // at the end of the data: the best guess afterwards
    double walk_var_per_h = 0.0;     // random-walk rate (unit² per hour)
    double measurement_sd = 0.0;     // noise of one measurement
    double interval_h = 0.0;         // median time between measurements
};

struct GraphTwin {
    ProcessGraph graph;
    // In simulation order; shared so that a Monte Carlo run replaces only what it draws.
    std::vector<std::shared_ptr<const OutputModel>> models;
    std::map<std::string, SparseBias> sparse;
    // Where an output is measured in a column of another name (the furnace template's
    // core-temperature estimate, by the manual checks), or by none (""). Not listed:
    // measured under its own name.
    std::map<std::string, std::string> measured_column;
    std::vector<std::string> warnings;  // outputs without a model and why

    const OutputModel* model_of(const std::string& output) const;
};

// Hooks a Monte Carlo run adds noise through: called after each output is simulated,
// with its series in the frame (one run's generator inside).
using OutputNoise = std::function<void(const OutputModel& model, std::vector<double>& series)>;

// Writes each modelled output's series into frame (adding the signal when missing).
// Throws ModelError when the frame lacks an input a model needs, naming it.
void simulate_graph(const GraphTwin& twin, SignalFrame& frame, const OutputNoise& noise = {});

// One plausible twin for a Monte Carlo run: every model's parameters drawn from their
// covariance (OutputModel::draw).
GraphTwin perturbed_graph_twin(const GraphTwin& twin, std::mt19937_64& rng);

}  // namespace twinbench
