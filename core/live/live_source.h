// Where live plant data comes from (PRODUCT.md section 5, `watch`): a source hands out
// batches of rows, each a time stamp and named values, and can say how far it has read
// (a checkpoint kept in the project with the rows, so a restart goes on from the last
// commit). Two sources exist: a folder of growing CSV exports (folder_source.h) and an
// MQTT subscription (mqtt_source.h).
//
// OPC UA is the other way plants publish live data, but no OPC UA library is packaged for
// Debian 12. An OpcUaSource would implement this same interface: subscribe to the nodes a
// mapping file names (node id -> column, as the MQTT mapping maps payload keys), turn each
// data change notification into a LiveRow (its source time stamp as time_utc_s), and keep
// the subscription's node list as its checkpoint. Nothing in LiveIngest or `watch` would
// change.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/timestamp_parser.h"

namespace twinbench {

// One named value as the plant sent it: text as written (a CSV cell, a JSON string), or a
// number already typed (a JSON number). The ingest validates it against the column's type
// the way the importer does.
struct LiveCell {
    std::string column;  // the name or header as the source wrote it ("Temp [°C]" or "Temp")
    std::string text;
    std::optional<double> number;
    // The format this source's cells of the column are written in, where the source could
    // tell from the file (dd/mm vs mm/dd); nullopt = ISO 8601 or any unambiguous format.
    std::optional<TimestampFormat> time_format;
};

struct LiveRow {
    std::vector<LiveCell> cells;  // the time stamp is one of them (the dataset's time column)
    // The time stamp, when the source has it already as UTC (an MQTT payload's epoch
    // number, an OPC UA source time stamp); otherwise the time cell is parsed.
    std::optional<double> time_utc_s;
    // The time stamp as text when the source found it outside the cells (the "time" of an
    // MQTT payload): parsed like a time cell. Empty: the dataset's time column's cell.
    std::string time_text;
    char decimal_mark = '.';  // of text numbers (a CSV export's ',' or '.')
    std::string origin;       // "file.csv", "plant/line1/temp": where rejected rows came from
    std::int64_t line = 0;    // the file's line, the stream's message number
    std::string raw;          // the row's text, kept with a rejected row
};

// A row or message that could not be read at all (a line with the wrong number of fields,
// a payload that is not JSON).
struct LiveReject {
    std::string origin;
    std::int64_t line = 0;
    std::string reason;
    std::string raw;
};

struct LiveBatch {
    std::vector<LiveRow> rows;
    std::vector<LiveReject> rejected;
    std::vector<std::string> notes;  // "data.csv was truncated: reading it from the start"
    bool empty() const { return rows.empty() && rejected.empty() && notes.empty(); }
};

class LiveSource {
  public:
    virtual ~LiveSource() = default;
    // Stable name of the stream ("folder:/data/exports", "mqtt://host:1883/plant/#"): the
    // key of its checkpoint and its record in the dataset's file list.
    virtual std::string name() const = 0;
    // Before the first poll: the checkpoint committed last time ("" = start afresh).
    virtual void restore(const std::string& checkpoint) = 0;
    // The rows that arrived, waiting up to `wait` when there are none yet.
    virtual LiveBatch poll(std::chrono::milliseconds wait) = 0;
    // The position after every row handed out so far: committed with those rows.
    virtual std::string checkpoint() const = 0;
    // The link's state in a few words ("following 3 files", "connected", "reconnecting").
    virtual std::string link_state() const = 0;
};

}  // namespace twinbench
