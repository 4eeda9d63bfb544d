// twinbench-cli train: a training session on the command line (issue 16, training mode). The
// twin plays the plant of a dataset into a training dataset of its own, at --speed (data
// seconds per wall second; 0 as fast as it goes), with the trainer's faults and a scripted
// trainee (--move); the twin alongside raises its alerts as `watch` does (printed as they
// come, JSON lines with --json), and the debrief ends it (text, or one JSON object with
// "event": "debrief"). The README's training recipe and the tests script sessions so.
#include <algorithm>
#include <csignal>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_list.h"
#include "cli/report_output.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "explain/dataset_explain.h"
#include "live/training_debrief.h"
#include "live/training_session.h"
#include "report/training_report.h"
#include "sim/scenario.h"

namespace twinbench::cli {
namespace {

volatile std::sig_atomic_t stop_training = 0;
extern "C" void request_training_stop(int signal) {
    stop_training = signal;
}

struct ScriptedMove {
    std::string control;
    double value = 0.0;
    bool relative = false;  // +DELTA / -DELTA: from the setting at the time of the move
    double at_min = 0.0;
};

ScriptedMove parse_move(const std::string& text) {
    const auto at = text.rfind('@');
    const auto eq = text.rfind('=', at);
    if (at == std::string::npos || eq == std::string::npos || eq == 0)
        throw UsageError(
            fmt::format("--move '{}': write CONTROL=VALUE@MINUTES or CONTROL=+DELTA@MINUTES, e.g. "
                        "'Inlet air temp SP=190@40'",
                        text));
    ScriptedMove m;
    m.control = text.substr(0, eq);
    const std::string value = text.substr(eq + 1, at - eq - 1);
    m.relative = !value.empty() && (value.front() == '+' || value.front() == '-');
    try {
        m.value = std::stod(value);
        m.at_min = std::stod(text.substr(at + 1));
    } catch (const std::exception&) {
        throw UsageError(
            fmt::format("--move '{}': the value and the minute must be numbers", text));
    }
    return m;
}

class TrainCommand final : public Command {
  public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand(
            "train",
            "Training session: the twin plays the plant, faults injected, alerts as in live use, "
            "a debrief at the end");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "The plant's dataset (default: the first)");
        sub_->add_option("--window", window_,
                         "The stretch of data to play, START..END (default: the latest --hours)");
        sub_->add_option("--hours", hours_, "Session length when no --window is given (default 2)")
            ->check(CLI::PositiveNumber);
        sub_->add_option(
                "--speed", speed_,
                "Data seconds per wall second: 1 real time, 60 a minute a second, 0 as fast "
                "as it goes (default 60)")
            ->check(CLI::NonNegativeNumber);
        sub_->add_option("--seed", seed_, "Seed of the instruments' noise");
        sub_->add_flag("--no-noise", no_noise_,
                       "Play the twin's outputs without their residual noise");
        sub_->add_option("--set", sets_, "A control's setting at the start, NAME=VALUE");
        sub_->add_option(
            "--fault", faults_,
            "A fault: stuck:NAME@MIN, drift:NAME=RATE@MIN (per hour), step:NAME=+DELTA@MIN, "
            "unseen-step:NAME=+DELTA@MIN, frozen:NAME@MIN, trip:NAME=VALUE@MIN");
        sub_->add_option("--move", moves_,
                         "The trainee's move, scripted: CONTROL=VALUE@MIN or CONTROL=+DELTA@MIN");
        sub_->add_option("--report", report_,
                         "Also write the debrief as a report: FILE.pdf, FILE.html or FILE.xlsx");
        sub_->add_flag("--json", json_, "Alerts as JSON lines, the debrief as one JSON object");
        sub_->add_option("--objective", objective_,
                         "What the debrief's best response optimises: an output, rate(COUNT) or "
                         "a KPI (default: distance_from_fault_free, the outputs' distance from "
                         "the fault-free run in units of their spread, minimised)");
        sub_->add_flag("--maximize", maximize_, "The best response maximises --objective");
        sub_->add_option("--constraint", constraints_,
                         "A constraint on the best response, e.g. 'Residual moisture<=3.5'");
    }

    int run() override {
        Project project(path_from_utf8(project_), Project::Mode::open_existing);
        const DatasetInfo dataset = project.dataset(dataset_);
        TrainingSetup setup;
        setup.dataset = dataset.name;
        setup.plant.duration_h = hours_;
        if (!window_.empty()) {
            const auto [start, end] = parse_time_window(window_, dataset.time_zone);
            setup.plant.start_s = start;
            setup.plant.duration_h = (end - start) / 3600.0;
        }
        setup.plant.speed = speed_;
        setup.plant.seed = seed_;
        setup.plant.noise = !no_noise_;
        for (const auto& s : sets_) {
            const ControlChange c = parse_set_argument(s);
            if (c.op != ChangeOp::set || !c.level.empty() || c.from_min >= 0)
                throw UsageError(
                    fmt::format("--set '{}': a session starts from a value, NAME=VALUE", s));
            setup.plant.controls[control_name(c)] = c.value;
        }
        for (const auto& f : faults_) setup.plant.faults.push_back(parse_training_fault(f));
        if (maximize_ && objective_.empty())
            throw UsageError("--maximize needs --objective: the default objective is minimised");
        setup.objective.objective = objective_;
        setup.objective.maximize = maximize_;
        for (const auto& c : constraints_)
            setup.objective.constraints.push_back(parse_constraint(c, false));
        std::vector<ScriptedMove> moves;
        for (const auto& m : moves_) moves.push_back(parse_move(m));
        std::sort(moves.begin(), moves.end(),
                  [](const auto& a, const auto& b) { return a.at_min < b.at_min; });

        TrainingSession session(project, setup);
        if (!session.monitor_note().empty())
            std::cerr << "note: " << session.monitor_note() << '\n';
        for (const auto& u : session.unwatched()) std::cerr << "note: not watched: " << u << '\n';
        std::cerr << fmt::format("note: playing into dataset '{}'\n", session.training_dataset());
        const std::string zone = session.study().history.time_zone;
        const auto print = [&](const std::vector<AlertEvent>& events) {
            for (const auto& e : events)
                std::cout << (json_ ? alert_event_json_line(e, zone) : alert_event_text(e, zone))
                          << std::endl;
        };
        std::signal(SIGINT, request_training_stop);
        std::signal(SIGTERM, request_training_stop);
        std::size_t next_move = 0;
        const double t0 = session.plant().start_s();
        while (!session.finished() && stop_training == 0) {
            // The next scripted move bounds the stretch played before it is made.
            const double until = next_move < moves.size() ? t0 + moves[next_move].at_min * 60.0
                                                          : session.plant().end_s();
            if (speed_ == 0.0) {
                print(session.run_until(until));
            } else if (session.plant().played_until_s() + session.plant().step_s() < until) {
                print(session.advance(std::chrono::milliseconds{200}));
                continue;
            }
            if (next_move < moves.size()) {
                const ScriptedMove& m = moves[next_move++];
                session.set_control(
                    m.control,
                    m.relative ? session.plant().control_value(m.control) + m.value : m.value);
            }
        }
        const TrainingDebrief d = session.debrief();
        if (!report_.empty())
            write_report_file(report::training_debrief_report(d), path_from_utf8(report_));
        if (json_) {
            nlohmann::json j = to_json(d);
            j["event"] = "debrief";
            std::cout << j.dump() << std::endl;
        } else {
            std::cout << '\n' << debrief_text(d);
        }
        return 0;
    }

  private:
    std::string project_, dataset_, window_, report_, objective_;
    bool maximize_ = false;
    std::vector<std::string> constraints_;
    double hours_ = 2.0;
    double speed_ = 60.0;
    std::uint64_t seed_ = 1;
    bool no_noise_ = false;
    std::vector<std::string> sets_, faults_, moves_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_train_command() {
    return std::make_unique<TrainCommand>();
}

}  // namespace twinbench::cli
