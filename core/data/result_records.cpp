#include "data/result_records.h"

#include "data/sqlite_statement.h"

namespace twinbench {

std::int64_t append_result_record(Project& project, const std::string& kind,
                                  const std::string& json,
                                  std::optional<std::int64_t> scenario_id) {
    Project::Transaction tx(project);
    Statement q(project.handle(),
                "INSERT INTO result(scenario_id, kind, created_utc, json) VALUES (?1, ?2, "
                "datetime('now'), ?3)");
    if (scenario_id)
        q.bind(1, *scenario_id);
    else
        q.bind_null(1);
    q.bind(2, kind).bind(3, json).run();
    const std::int64_t id = sqlite3_last_insert_rowid(project.handle());
    tx.commit();
    return id;
}

std::vector<ResultRecord> result_records(const Project& project, const std::string& kind) {
    Statement q(
        project.handle(),
        "SELECT id, scenario_id, kind, created_utc, json FROM result WHERE kind = ?1 ORDER BY id");
    q.bind(1, kind);
    std::vector<ResultRecord> out;
    while (q.step()) {
        ResultRecord r;
        r.id = q.int64(0);
        if (!q.is_null(1)) r.scenario_id = q.int64(1);
        r.kind = q.text(2);
        r.created_utc = q.text(3);
        r.json = q.text(4);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace twinbench
