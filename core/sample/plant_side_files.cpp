#include "sample/plant_side_files.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "sample/sample_format.h"
#include "sample/sample_random.h"

namespace twinbench::sample {

namespace {

// Non-ASCII text is written with explicit byte escapes so that the output does not
// depend on the compiler's source or execution character set. A hex escape swallows
// every following hex digit, hence the split literals ("\xFC" "ft").

// UTF-8 (manual_checks.csv).
constexpr std::string_view operators_utf8[] = {
    "M. Becker", "S. Yilmaz", "J. M\xC3\xBC" "ller", "K. Nowak", "A. Schulz",
};
constexpr std::string_view check_comments_utf8[] = {
    "nach Chargenwechsel",
    "Probe vom Auslauf, links",
    "Nachmessung",
    "Teil noch sehr hei\xC3\x9F",
    "Messung nach Stillstand",
    "Thermometer \"alt\" benutzt",
};

// Windows-1252 (maintenance_log.csv).
constexpr std::string_view maintenance_comments_cp1252[] = {
    "F\xF6rderband gereinigt, Kette ge\xF6lt",
    "Kette gespannt, Gleitschienen gereinigt",
    "Rollenlager getauscht, Kette ge\xF6lt",
    "F\xF6rderband gereinigt, Antriebsrad gepr\xFC" "ft",
    "Kettenglieder erneuert (Verschlei\xDF)",
};
constexpr std::string_view stop_comments_cp1252[] = {
    "Teilestau am Einlauf",
    "Lichtschranke verschmutzt",
    "Not-Halt ausgel\xF6st, Ursache unklar",
    "Antrieb \xDC" "berlast",
    "Teil vom Band gefallen, Schutzgitter ge\xF6" "ffnet",
};
constexpr std::string_view art_maintenance = "Wartung";
constexpr std::string_view art_stop_cp1252 = "St\xF6rung";

template <std::size_t N>
std::string_view pick(RandomStream& rng, const std::string_view (&list)[N]) {
    return list[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(N) - 1))];
}

WrittenFile finish(const std::filesystem::path& path, const std::string& text,
                   std::int64_t rows) {
    write_file(path, text);
    return WrittenFile{rows, text.size()};
}

}  // namespace

WrittenFile write_manual_checks(const std::filesystem::path& path, const PlantTruth& truth,
                                const PlantRun& run, const LocalClock& clock, int days,
                                std::uint64_t seed) {
    RandomStream rng(seed, streams::manual_checks);
    struct Check {
        UtcSeconds time;
        std::size_t step;
    };
    std::vector<Check> checks;
    const UtcSeconds step_s = static_cast<UtcSeconds>(run.step_minutes) * 60;
    const std::int64_t first_wall = clock.to_wall(run.start_utc);
    const std::int64_t first_day_wall = first_wall - ((first_wall % 86400) + 86400) % 86400;
    for (int d = 0; d <= days; ++d) {
        const double u = rng.uniform();
        const int count = u < 0.08 ? 0 : (u < 0.93 ? 1 : 2);
        std::vector<Check> today;
        for (int c = 0; c < count; ++c) {
            // Day shift 06:00-14:00; the check is done between 06:15 and 13:45.
            const std::int64_t minute = rng.uniform_int(6 * 60 + 15, 13 * 60 + 45);
            const std::int64_t wall = first_day_wall + static_cast<std::int64_t>(d) * 86400 +
                                      minute * 60;
            const UtcSeconds t = clock.to_utc(wall);
            if (t < run.start_utc) {
                continue;
            }
            auto step = static_cast<std::size_t>((t - run.start_utc) / step_s);
            // Nothing to measure while the line stands: the operator comes back later
            // (up to an hour), otherwise the check is skipped that day.
            UtcSeconds when = t;
            while (step < run.steps() && run.state[step] != LineState::running &&
                   run.time_utc(step) < t + 3600) {
                ++step;
                when = run.time_utc(step);
            }
            if (step >= run.steps() || run.state[step] != LineState::running) {
                continue;
            }
            today.push_back({when, step});
        }
        std::sort(today.begin(), today.end(),
                  [](const Check& a, const Check& b) { return a.time < b.time; });
        checks.insert(checks.end(), today.begin(), today.end());
    }

    std::string out = "Time,Core temperature (degC),Operator,Comment\n";
    for (const Check& c : checks) {
        append_iso_offset(out, c.time, clock.offset_seconds(c.time));
        out.push_back(',');
        const double value = run.core_true_degC[c.step] +
                             truth.manual_check_noise_sd_degC * rng.normal();
        append_fixed(out, value, 1, '.');
        out.push_back(',');
        append_csv_field(out, pick(rng, operators_utf8), ',');
        out.push_back(',');
        if (rng.bernoulli(0.15)) {
            append_csv_field(out, pick(rng, check_comments_utf8), ',');
        }
        out.push_back('\n');
    }
    return finish(path, out, static_cast<std::int64_t>(checks.size()));
}

WrittenFile write_maintenance_log(const std::filesystem::path& path, const PlantRun& run,
                                  const LocalClock& clock, std::uint64_t seed) {
    RandomStream rng(seed, streams::maintenance_text);
    std::string out = "Start;Ende;Art;Bemerkung\r\n";
    std::int64_t rows = 0;
    bool first_maintenance = true;
    for (const PlantEvent& ev : run.events) {
        const bool maintenance = ev.kind == PlantEvent::Kind::maintenance;
        if (!maintenance && ev.end_utc - ev.start_utc < 20 * 60) {
            continue;
        }
        append_dmy_hm(out, clock.to_wall(ev.start_utc));
        out.push_back(';');
        append_dmy_hm(out, clock.to_wall(ev.end_utc));
        out.push_back(';');
        if (maintenance) {
            out.append(art_maintenance);
            out.push_back(';');
            // The first entry always carries the classic comment with umlauts, so every
            // sample has the non-UTF-8 bytes importers must cope with.
            out.append(first_maintenance ? maintenance_comments_cp1252[0]
                                         : pick(rng, maintenance_comments_cp1252));
            first_maintenance = false;
        } else {
            out.append(art_stop_cp1252);
            out.push_back(';');
            out.append(pick(rng, stop_comments_cp1252));
        }
        out.append("\r\n");
        ++rows;
    }
    return finish(path, out, rows);
}

WrittenFile write_batches(const std::filesystem::path& path, const PlantRun& run,
                          const LocalClock& clock, ExportStyle style) {
    if (style == ExportStyle::german) {
        std::string out = "Chargenbeginn;Charge;Materialsorte\r\n";
        for (const MaterialBatch& b : run.batches) {
            append_dmy_hm(out, clock.to_wall(b.start_utc));
            out.push_back(';');
            append_csv_field(out, b.id, ';');
            out.push_back(';');
            out.push_back(material_grade_letter(b.grade));
            out.append("\r\n");
        }
        return finish(path, out, static_cast<std::int64_t>(run.batches.size()));
    }
    std::string out = "Batch start,Batch,Material grade\n";
    for (const MaterialBatch& b : run.batches) {
        append_iso_space_hm(out, clock.to_wall(b.start_utc));
        out.push_back(',');
        append_csv_field(out, b.id, ',');
        out.push_back(',');
        out.push_back(material_grade_letter(b.grade));
        out.push_back('\n');
    }
    return finish(path, out, static_cast<std::int64_t>(run.batches.size()));
}

WrittenFile write_truth_series(const std::filesystem::path& path, const PlantRun& run) {
    std::string out =
        "Time (UTC),Furnace temperature true (degC),Core temperature true (degC),"
        "Defect probability,Conveyor wear (%),Line state\n";
    out.reserve(out.size() + run.steps() * 72);
    for (std::size_t i = 0; i < run.steps(); ++i) {
        append_iso_utc(out, run.time_utc(i));
        out.push_back(',');
        append_fixed(out, run.furnace_true_degC[i], 3, '.');
        out.push_back(',');
        append_fixed(out, run.core_true_degC[i], 3, '.');
        out.push_back(',');
        append_fixed(out, run.defect_probability[i], 6, '.');
        out.push_back(',');
        append_fixed(out, run.wear_pct[i], 4, '.');
        out.push_back(',');
        out.append(line_state_code(run.state[i]));
        out.push_back('\n');
    }
    return finish(path, out, static_cast<std::int64_t>(run.steps()));
}

}  // namespace twinbench::sample
