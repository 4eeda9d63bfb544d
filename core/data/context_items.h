// The plant's context as time-valid items: which lot ran, which operator and shift were
// on, when the line was cleaned or serviced, which product was made. They arrive with
// `import` as side files (a lot list, a shift plan, a maintenance log) or as label columns
// of the historian, their columns mapped to the role `context` (PRODUCT.md section 5), and
// are stored as the dataset's sources like every imported file (so a file with bad rows
// gets line-numbered rejects and a failed import changes nothing). This store reads them
// back as items with a validity in time and links them to each other by overlap in time
// (a lot that ran on one line, an operator who works one shift).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "data/project.h"

namespace twinbench {

struct ContextItem {
    std::string source;  // the source (side file) it came from
    std::string column;  // "Lot", "Operator", "Event"
    std::string value;   // "B-0412", "Olsen", "cleaning"
    // Valid in [valid_from_s, valid_to_s) (UTC seconds): a row with an end column gives
    // its interval; a row without one holds until the next row of the column changes the
    // value, the last one until the end of the data (+infinity).
    double valid_from_s = 0.0;
    double valid_to_s = 0.0;
    // The row's other columns as written (a lot's certificate values: "Moisture" -> "4.1").
    std::map<std::string, std::string> properties;

    std::string name() const { return column + "=" + value; }
};

// "Lot=B-0412" -> "Line=2": the share of the first item's time that the second covers.
struct ContextLink {
    std::string from;
    std::string to;
    double share_of_time = 0.0;
};

// Every context item of the dataset: the columns with role `context` of every source
// that has a time axis, in source and time order. Consecutive rows with the same value
// are one item.
std::vector<ContextItem> read_context_items(const Project& project, const DatasetInfo& dataset);

// The same from tables already read (one per source); what read_context_items uses.
std::vector<ContextItem> context_items_of(const Table& source);

// Links between items of different columns whose time overlaps for at least min_share of
// the first item's validity (open-ended items count up to the latest finite time seen).
// Aggregated per value: "Lot=B-0412" -> "Line=2" with the share over all of B-0412's items.
std::vector<ContextLink> context_links(const std::vector<ContextItem>& items, double min_share = 0.8);

}  // namespace twinbench
