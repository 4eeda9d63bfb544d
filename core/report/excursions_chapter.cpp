#include "report/excursions_chapter.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "explain/dataset_explain.h"
#include "models/output_model.h"
#include "report/number_format.h"
#include "sim/twin_fitting.h"

namespace twinbench::report {
namespace {

// The outputs the twin has a per-row model of: only they have a band to be above.
std::vector<std::string> modelled_outputs(const Project& project, const DatasetInfo& dataset) {
    std::vector<std::string> outputs;
    for (const StoredModel& stored : project.models(dataset.id)) {
        if (!stored.kind.starts_with(graph_output_model_prefix)) continue;
        try {
            outputs.push_back(output_model_from_json(nlohmann::json::parse(stored.json))->output());
        } catch (const std::exception&) {
            // A damaged model: the models chapter says so; nothing to explain with it.
        }
    }
    return outputs;
}

bool has_context_items(const Table& table) {
    return std::any_of(table.columns.begin(), table.columns.end(), [](const Column& c) {
        return c.type == ColumnType::categorical && (c.role == Role::context || c.role == Role::material);
    });
}

std::string p_text(double p) { return p < 1e-4 ? "< 0.0001" : format_fixed(p, 4); }

Cell lift_cell(double lift) {
    if (std::isinf(lift)) return Cell("\xE2\x88\x9E (none in the reference)");  // ∞
    return significant_cell(lift, 3);
}

std::string process_sentence(const ExplainResult& r) {
    const auto& e = r.excursion;
    if (!r.explained_by_process) return "The twin has no prediction of this outcome, so the process share is not given.";
    std::string predicted;
    if (e.predicted_value && e.predicted_reference_value)
        predicted = fmt::format(" (the twin predicts {} against {})", format_significant(*e.predicted_value, 3),
                                format_significant(*e.predicted_reference_value, 3));
    if (*r.explained_by_process >= 0.05)
        return fmt::format("The process settings already explain {} of it{}.", format_percent(*r.explained_by_process, 0),
                           predicted);
    return fmt::format("The process settings explain only {} of it{}: the cause lies outside them.",
                       format_percent(*r.explained_by_process, 0), predicted);
}

Section output_section(const std::string& number, const std::string& output, const ExplainResult& r) {
    Section sec{number, output + " above its model band", 2, "excursion-" + output, {}};
    const auto& e = r.excursion;
    std::string summary = fmt::format("{} of {} rows are above the band of the model of {}",
                                      format_count(static_cast<double>(e.rows)),
                                      format_count(static_cast<double>(e.rows + e.reference_rows)), output);
    if (e.value && e.reference_value)
        summary += fmt::format("; there the {} of {} is {} against {} in the other rows", e.measure, e.outcome,
                               format_significant(*e.value, 3), format_significant(*e.reference_value, 3));
    sec.blocks.push_back(Paragraph{summary + ". " + process_sentence(r)});

    if (r.causes.empty()) {
        sec.blocks.push_back(Paragraph{fmt::format("No label or signal stands out among the {} candidates tested.",
                                                   r.candidates_tested)});
    } else {
        DataTable t;
        t.caption = fmt::format("Likely causes, most likely first ({} of {} candidates; p one-sided, Fisher's exact "
                                "test; p given the others by Mantel-Haenszel within the twin's prediction and the "
                                "other causes)",
                                std::min(r.causes.size(), excursion_causes_listed), r.candidates_tested);
        t.header = {"Rank", "Cause", "Kind", "Lift", "Share explained [%]", "p", "p given the others", "Supported",
                    "Rows"};
        for (std::size_t i = 0; i < r.causes.size() && i < excursion_causes_listed; ++i) {
            const auto& c = r.causes[i];
            t.rows.push_back({count_cell(static_cast<double>(i + 1)), c.name, c.kind, lift_cell(c.lift),
                              fixed_cell(100.0 * c.share_explained, 0), Cell(p_text(c.p_value), c.p_value),
                              Cell(p_text(c.conditional_p_value), c.conditional_p_value), c.supported ? "yes" : "no",
                              count_cell(static_cast<double>(c.rows))});
        }
        sec.blocks.push_back(std::move(t));
        const auto top = std::find_if(r.causes.begin(), r.causes.end(), [](const auto& c) { return c.supported; });
        if (top != r.causes.end())
            sec.blocks.push_back(Paragraph{fmt::format("{}: {}.", top->name, top->verdict)});
        else
            sec.blocks.push_back(Paragraph{"No cause holds once the others and the twin's prediction are held fixed: "
                                           "the excursion is not pinned on one label or signal.",
                                           ParagraphStyle::note});
    }
    for (const auto& note : r.notes) sec.blocks.push_back(Paragraph{note, ParagraphStyle::note});
    return sec;
}

}  // namespace

void append_excursions_chapter(ReportDocument& document, const std::string& chapter, const Project& project,
                               const DatasetInfo& dataset) {
    Section intro{chapter, "Excursions and causes", 1, "excursions", {}};
    const auto outputs = modelled_outputs(project, dataset);
    if (outputs.empty()) {
        intro.blocks.push_back(Paragraph{
            "Nothing to explain: no output of this dataset has a per-row model of the twin, so no row can be said "
            "to be above what the process settings predict. Map the outputs of the process and fit their models "
            "(Models page, or twinbench-cli fit); a time window or a condition can still be explained on the "
            "Explain page or with twinbench-cli explain."});
        document.sections.push_back(std::move(intro));
        return;
    }
    intro.blocks.push_back(Paragraph{
        "For each output the twin models, its rows above the model band (residual above 1.96 standard deviations "
        "of the model's noise, or more events than the model expects) are compared with the other rows. "
        "Candidate causes are the context items (lots, operators, shifts) and the signals; each is tested on "
        "its own and given the others and the twin's own prediction, so a label that merely travels with the "
        "true cause is not supported. Lift: how much more often the cause is present in the excursion than "
        "elsewhere; share explained: the part of the excursion it accounts for beyond its usual frequency."});
    if (!has_context_items(project.read_dataset(dataset)))
        intro.blocks.push_back(Paragraph{
            "This dataset has no context items (no column with the role context or material, such as a lot, an "
            "operator or a shift), so only the process signals are ranked; import the batch list or shift log "
            "and give its columns the role context to have them tested.",
            ParagraphStyle::note});
    document.sections.push_back(std::move(intro));
    int index = 1;
    for (const auto& output : outputs) {
        const std::string number = fmt::format("{}.{}", chapter, index++);
        try {
            const ExplainResult r = explain_dataset(project, {dataset.name, "", "", output});
            document.sections.push_back(output_section(number, output, r));
        } catch (const Error& e) {
            Section sec{number, output + " above its model band", 2, "excursion-" + output, {}};
            sec.blocks.push_back(Paragraph{fmt::format("Not explained: {}", e.what()), ParagraphStyle::note});
            document.sections.push_back(std::move(sec));
        }
    }
}

}  // namespace twinbench::report
