#include "sim/graph_proposal.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"
#include "data/header_units.h"
#include "models/least_squares.h"
#include "models/logistic_regression.h"
#include "models/transport_delay.h"

namespace twinbench {
namespace {

bool whole_non_negative(const Column& c) {
    std::size_t seen = 0;
    for (const double v : c.values) {
        if (std::isnan(v)) continue;
        if (v < 0.0 || v != std::floor(v)) return false;
        ++seen;
    }
    return seen > 0;
}

double column_mean(const Column& c) {
    double sum = 0.0, n = 0.0;
    for (const double v : c.values)
        if (std::isfinite(v)) {
            sum += v;
            n += 1.0;
        }
    return n > 0.0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

bool shares_a_word(const std::string& a, const std::string& b) {
    const std::string wa = lowercase_words(a), wb = lowercase_words(b);
    std::size_t at = 0;
    while (at < wa.size()) {
        const std::size_t end = std::min(wa.find(' ', at), wa.size());
        const std::string word = wa.substr(at, end - at);
        if (word.size() >= 3 && (" " + wb + " ").find(" " + word + " ") != std::string::npos) return true;
        at = end + 1;
    }
    return false;
}

bool sounds_like_defects(const std::string& name) {
    const std::string w = lowercase_words(name);
    for (const char* key : {"scrap", "reject", "off", "defect", "bad", "nok", "nio", "ausschuss", "fail", "faulty"})
        if (w.find(key) != std::string::npos) return true;
    return false;
}

// The column a count output is counted out of: a whole-number column it never exceeds,
// with a larger mean, that is its total by name or role. "" when none.
std::string total_of(const Table& table, const Column& count) {
    if (count.type != ColumnType::numeric || !whole_non_negative(count)) return "";
    std::string best;
    double best_mean = std::numeric_limits<double>::infinity();
    for (const auto& c : table.columns) {
        if (&c == &count || c.type != ColumnType::numeric || c.role == Role::time || !whole_non_negative(c)) continue;
        const bool related = c.role == Role::produced || shares_a_word(c.name, count.name) || sounds_like_defects(count.name);
        if (!related) continue;
        std::size_t both = 0;
        bool within = true;
        for (std::size_t r = 0; r < c.values.size() && within; ++r) {
            if (std::isnan(c.values[r]) || std::isnan(count.values[r])) continue;
            ++both;
            within = count.values[r] <= c.values[r];
        }
        const double m = column_mean(c);
        if (within && both >= 20 && m > column_mean(count) && m < best_mean) {
            best = c.name;
            best_mean = m;
        }
    }
    return best;
}

bool zero_one_only(const Column& c) {
    std::size_t seen = 0;
    for (const double v : c.values) {
        if (std::isnan(v)) continue;
        if (v != 0.0 && v != 1.0) return false;
        ++seen;
    }
    return seen > 0;
}

double present_fraction(const Column& c) {
    if (c.size() == 0) return 0.0;
    std::size_t n = 0;
    for (std::size_t r = 0; r < c.size(); ++r) n += c.is_missing(r) ? 0 : 1;
    return static_cast<double>(n) / static_cast<double>(c.size());
}

// Residual sum of squares of y on [1, columns] over the rows where all are present.
double rss(const std::vector<const std::vector<double>*>& columns, const std::vector<double>& y,
           const std::vector<std::size_t>& rows) {
    std::vector<std::size_t> ok;
    for (const std::size_t k : rows) {
        bool complete = std::isfinite(y[k]);
        for (const auto* c : columns) complete = complete && std::isfinite((*c)[k]);
        if (complete) ok.push_back(k);
    }
    const auto n = static_cast<Eigen::Index>(ok.size());
    if (n < static_cast<Eigen::Index>(columns.size()) + 10) return std::numeric_limits<double>::quiet_NaN();
    Eigen::MatrixXd x(n, static_cast<Eigen::Index>(columns.size()) + 1);
    Eigen::VectorXd yy(n);
    for (Eigen::Index r = 0; r < n; ++r) {
        const std::size_t k = ok[static_cast<std::size_t>(r)];
        x(r, 0) = 1.0;
        for (std::size_t j = 0; j < columns.size(); ++j) x(r, static_cast<Eigen::Index>(j) + 1) = (*columns[j])[k];
        yy(r) = y[k];
    }
    try {
        return fit_least_squares(x, yy).residuals.squaredNorm();
    } catch (const ModelError&) {
        return std::numeric_limits<double>::quiet_NaN();
    }
}

// The furnace template's causal chain between the columns that hold its roles.
void add_template_edges(const Table& table, ProcessGraph& g, const std::set<std::string>& owned) {
    const auto name = [&](Role role) -> std::string {
        const Column* c = table.find_role(role);
        return c != nullptr && g.find(c->name) != nullptr ? c->name : std::string();
    };
    const std::string speed = name(Role::speed), setpoint = name(Role::setpoint), furnace = name(Role::furnace_temp),
                      ambient = name(Role::ambient_temp), humidity = name(Role::humidity),
                      material = name(Role::material), produced = name(Role::produced), scrap = name(Role::scrap),
                      core = name(Role::core_temp_check), energy = name(Role::energy);
    std::string wear;
    for (const auto& c : table.columns)
        if (c.role == Role::factor && lowercase_words(c.name).find("wear") != std::string::npos) wear = c.name;
    const auto edge = [&](const std::string& from, const std::string& to, const char* why) {
        if (from.empty() || to.empty() || owned.count(to) == 0 || g.has_edge(from, to)) return;
        GraphEdge e;
        e.from = from;
        e.to = to;
        e.origin = EdgeOrigin::furnace_template;
        e.evidence = why;
        try {
            g.add_edge(std::move(e));
        } catch (const UsageError&) {
        }
    };
    edge(speed, produced, "parts per minute = line speed / part pitch, while the line runs");
    edge(setpoint, furnace, "the furnace follows its setpoint (first or second order)");
    edge(ambient, furnace, "a cold hall pulls the furnace temperature down");
    edge(produced, furnace, "the load (parts per minute) makes the furnace sag");
    for (const auto& from : {furnace, speed, ambient, material})
        edge(from, core, "part core temperature at the exit: furnace temperature, residence time (length / speed), "
                         "material");
    const std::string cure = !core.empty() && owned.count(core) != 0 ? core : furnace;
    for (const auto& from : {cure, humidity, wear, speed, material, produced})
        edge(from, scrap, "scrap rises when the core leaves its target window, with humidity, wear, speed, grade");
    for (const auto& from : {produced, cure, furnace, ambient})
        edge(from, energy, "energy = heat to the parts + losses over ambient + base load");
}

struct ChainProposal {
    std::string from, to;
    double strength = 0.0;
    double delay_min = std::numeric_limits<double>::quiet_NaN();
    std::string evidence;
};

}  // namespace

ProcessGraph graph_signals(const Table& table, const GraphProposalOptions& options) {
    ProcessGraph g;
    for (const auto& c : table.columns) {
        const SignalKind kind = signal_kind(c.role);
        if (kind == SignalKind::none || c.type == ColumnType::timestamp) continue;
        GraphSignal s;
        s.name = c.name;
        s.unit = c.unit;
        s.role = c.role;
        s.kind = kind;
        s.type = c.type == ColumnType::categorical ? ColumnType::categorical : ColumnType::numeric;
        if (kind == SignalKind::output) {
            s.sparse = present_fraction(c) < options.sparse_fraction;
            if (c.type == ColumnType::boolean || (c.type == ColumnType::numeric && zero_one_only(c)))
                s.output_kind = OutputKind::binary;
            else if (const std::string total = total_of(table, c); !total.empty()) {
                s.output_kind = OutputKind::count;
                s.total = total;
            }
        }
        g.set_signal(std::move(s));
    }
    return g;
}

std::pair<double, std::size_t> chain_gain(const SignalFrame& history, const ProcessGraph& graph,
                                          const std::string& upstream, const std::string& output) {
    std::vector<const std::vector<double>*> base;
    for (const auto& input : graph.inputs_of(output)) {
        const GraphSignal* s = graph.find(input);
        if (s != nullptr && s->type == ColumnType::numeric && s->kind != SignalKind::output)
            base.push_back(&history.at(input).values);
    }
    // A count is judged by its rate (the share of the total), as its model sees it.
    const GraphSignal& out = *graph.find(output);
    std::vector<double> y = history.at(output).values;
    if (out.output_kind == OutputKind::count)
        if (const FrameSignal* total = history.find(out.total))
            for (std::size_t k = 0; k < y.size(); ++k) y[k] = total->values[k] > 0.0 ? y[k] / total->values[k] : std::nan("");
    std::vector<std::size_t> measured;
    for (std::size_t k = 0; k < y.size(); ++k)
        if (std::isfinite(y[k])) measured.push_back(k);
    const double before = rss(base, y, measured);
    auto with = base;
    with.push_back(&history.at(upstream).values);
    const double after = rss(with, y, measured);
    if (!(before > 0.0) || !std::isfinite(after)) return {0.0, measured.size()};
    return {(before - after) / before, measured.size()};
}

ProcessGraph propose_graph(const Table& table, const SignalFrame& history, const GraphProposalOptions& options) {
    ProcessGraph g = graph_signals(table, options);
    const auto inputs = [&] {
        auto v = g.controls();
        const auto d = g.disturbances();
        v.insert(v.end(), d.begin(), d.end());
        return v;
    }();
    const bool timed = history.has_time() && history.step_min > 0.0;
    const auto dense_numeric = [&](const std::string& name) {
        const GraphSignal* s = g.find(name);
        return s != nullptr && s->type == ColumnType::numeric && !s->sparse;
    };
    TransportDelayOptions delay_options;
    delay_options.max_lag_min = options.max_delay_min;
    const auto cross_correlation = [&](const std::string& from, const std::string& to) -> std::optional<TransportDelay> {
        try {
            auto d = estimate_transport_delay(history.time_s, history.at(from).values, history.at(to).values,
                                              delay_options);
            d.from = from;
            d.to = to;
            return d;
        } catch (const ModelError&) {
            return std::nullopt;
        }
    };

    add_template_edges(table, g, options.template_outputs);
    for (const auto& output : g.outputs()) {
        if (options.template_outputs.count(output) != 0) continue;
        const GraphSignal& out = *g.find(output);
        for (const auto& input : inputs) {
            GraphEdge e;
            e.from = input;
            e.to = output;
            e.evidence = "declared input of the process";
            if (options.dead_times && timed && dense_numeric(output) && dense_numeric(input) &&
                out.output_kind == OutputKind::continuous) {
                if (const auto d = cross_correlation(input, output)) {
                    if (d->significant && d->distinct && d->delay_min > 0.0) {
                        e.delay_min = d->delay_min;
                        e.evidence = fmt::format("dead time {:g} min: pre-whitened cross-correlation {:.3f} at that "
                                                 "lag, band {:.3f}",
                                                 d->delay_min, d->correlation, d->significance_band);
                    } else {
                        e.evidence = "declared input; cross-correlation: " + d->confidence();
                    }
                }
            }
            g.add_edge(std::move(e));
        }
        if (out.output_kind == OutputKind::count && g.find(out.total) != nullptr && !g.has_edge(out.total, output)) {
            GraphEdge e;
            e.from = out.total;
            e.to = output;
            e.evidence = fmt::format("'{}' is counted out of '{}' (never more, on every row)", output, out.total);
            try {
                g.add_edge(std::move(e));
            } catch (const UsageError&) {
            }
        }
    }

    // Outputs upstream of others, strongest evidence first.
    std::vector<ChainProposal> chains;
    const auto outputs = g.outputs();
    std::vector<std::size_t> all_steps(history.steps());
    for (std::size_t k = 0; k < all_steps.size(); ++k) all_steps[k] = k;
    for (const auto& a : outputs) {
        if (!dense_numeric(a)) continue;
        for (const auto& b : outputs) {
            if (a == b || g.has_edge(a, b) || options.template_outputs.count(b) != 0) continue;
            const GraphSignal& sb = *g.find(b);
            if (sb.type != ColumnType::numeric) continue;
            const auto [gain, rows] = chain_gain(history, g, a, b);
            if (gain < options.min_chain_gain) continue;
            if (!sb.sparse && timed) {
                // Dense pairs must also be in time order: a leads b, not the other way
                // round (two outputs of one common input both correlate with it).
                const auto ab = cross_correlation(a, b);
                if (!ab || !ab->significant || !ab->distinct || !(ab->delay_min > 0.0)) continue;
                const auto ba = cross_correlation(b, a);
                if (ba && ba->significant && ba->delay_min > 0.0 && std::abs(ba->correlation) >= std::abs(ab->correlation))
                    continue;
                chains.push_back({a, b, gain * 100.0, ab->delay_min,
                                  fmt::format("'{}' leads '{}' by {:g} min (pre-whitened cross-correlation {:.3f}, band "
                                              "{:.3f}, the reverse weaker) and explains {:.0f} % of what its other "
                                              "inputs leave unexplained",
                                              a, b, ab->delay_min, ab->correlation, ab->significance_band, 100.0 * gain)});
            } else if (sb.sparse) {
                // Without a time axis a dense pair has no order to tell upstream from downstream.
                chains.push_back({a, b, gain * 100.0, std::numeric_limits<double>::quiet_NaN(),
                                  fmt::format("adding '{}' explains {:.0f} % of what the other inputs leave unexplained "
                                              "in '{}' (on its {} measured rows)",
                                              a, 100.0 * gain, b, rows)});
            }
        }
    }
    std::stable_sort(chains.begin(), chains.end(),
                     [](const ChainProposal& x, const ChainProposal& y) { return x.strength > y.strength; });
    for (const auto& c : chains) {
        GraphEdge e;
        e.from = c.from;
        e.to = c.to;
        e.delay_min = c.delay_min;
        e.evidence = c.evidence;
        try {
            g.add_edge(std::move(e));
        } catch (const UsageError&) {
            // It would close a cycle with a stronger proposal: left out.
        }
    }
    return g;
}

ProcessGraph reconcile_graph(const ProcessGraph& stored, const ProcessGraph& proposed, std::vector<std::string>& notes) {
    ProcessGraph out;
    if (stored.edited()) out.mark_edited();
    for (const auto& s : proposed.all_signals()) {
        GraphSignal signal = s;
        const GraphSignal* old = stored.find(s.name);
        if (old != nullptr && old->kind == s.kind && s.kind == SignalKind::output && old->output_kind != s.output_kind) {
            // The engineer's own choice of what the output is (e.g. a count's total) stays.
            if (old->output_kind != OutputKind::count || proposed.find(old->total) != nullptr) {
                signal.output_kind = old->output_kind;
                signal.total = old->total;
            }
        }
        if (old == nullptr) notes.push_back(fmt::format("'{}' is new in the graph ({})", s.name, signal_kind_name(s.kind)));
        else if (old->kind != s.kind)
            notes.push_back(fmt::format("'{}' is now a {} (was a {})", s.name, signal_kind_name(s.kind),
                                        signal_kind_name(old->kind)));
        out.set_signal(std::move(signal));
    }
    for (const auto& s : stored.all_signals())
        if (proposed.find(s.name) == nullptr) notes.push_back(fmt::format("'{}' left the graph (its role changed)", s.name));
    const auto unchanged = [&](const std::string& name) {
        const GraphSignal* a = stored.find(name);
        const GraphSignal* b = proposed.find(name);
        return a != nullptr && b != nullptr && a->kind == b->kind;
    };
    // Edges the stored graph had between signals that kept their place.
    for (const auto& e : stored.edges()) {
        if (!unchanged(e.from) || !unchanged(e.to)) continue;
        try {
            out.add_edge(e);
        } catch (const UsageError&) {
        }
    }
    // Proposed edges that touch a new or changed signal.
    for (const auto& e : proposed.edges()) {
        if (unchanged(e.from) && unchanged(e.to)) continue;
        try {
            out.add_edge(e);
        } catch (const UsageError&) {
        }
    }
    return out;
}

}  // namespace twinbench
