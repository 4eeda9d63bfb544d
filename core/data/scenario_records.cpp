#include "data/scenario_records.h"

#include "data/sqlite_statement.h"

namespace twinbench {

void upsert_scenario_record(Project& project, std::int64_t dataset_id, const ScenarioRecord& record) {
    Project::Transaction tx(project);
    Statement q(project.handle(),
                "INSERT INTO scenario(dataset_id, name, note, spec_json) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT(dataset_id, name) DO UPDATE SET note = excluded.note, spec_json = "
                "excluded.spec_json");
    q.bind(1, dataset_id).bind(2, record.name).bind(3, record.note).bind(4, record.spec_json).run();
    tx.commit();
}

std::vector<ScenarioRecord> scenario_records(const Project& project, std::int64_t dataset_id) {
    Statement q(project.handle(), "SELECT name, note, spec_json FROM scenario WHERE dataset_id = ?1 ORDER BY id");
    q.bind(1, dataset_id);
    std::vector<ScenarioRecord> out;
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2)});
    return out;
}

bool delete_scenario_record(Project& project, std::int64_t dataset_id, const std::string& name) {
    Project::Transaction tx(project);
    Statement q(project.handle(), "DELETE FROM scenario WHERE dataset_id = ?1 AND name = ?2");
    q.bind(1, dataset_id).bind(2, name).run();
    const bool removed = sqlite3_changes(project.handle()) > 0;
    tx.commit();
    return removed;
}

}  // namespace twinbench
