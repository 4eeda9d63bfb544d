#include "data/column_inference.h"

#include <set>

#include "data/cell_parsing.h"
#include "data/header_units.h"

namespace twinbench {
namespace {

// Epoch numbers look like any large integer; only believe them in a column named as time.
bool named_like_time(std::string_view name) {
    const std::string words = lowercase_words(name);
    for (const std::string_view hint : {"time", "zeit", "date", "datum", "timestamp", "epoch", "ts", "heure"})
        if (words.find(hint) != std::string::npos) return true;
    return false;
}

// Counts are 0/1 in quiet stretches; never call them boolean.
bool named_like_count(std::string_view name) {
    const std::string words = lowercase_words(name);
    for (const std::string_view hint : {"count", "parts", "scrap", "produced", "anzahl", "stück", "qty", "menge",
                                        "number", "teile", "pieces", "kwh"})
        if (words.find(hint) != std::string::npos) return true;
    return false;
}

}  // namespace

InferredType infer_column_type(const std::vector<std::string>& cells, std::string_view column_name,
                               const NumberFormat& number_format) {
    std::vector<std::string_view> present;
    present.reserve(cells.size());
    for (const auto& c : cells)
        if (!is_missing_token(c)) present.push_back(c);
    InferredType result;
    if (present.empty()) return result;  // all missing: numeric, so it stores compactly

    std::size_t numbers = 0, zero_one = 0, words = 0;
    std::set<bool> word_values;
    for (const auto cell : present) {
        const auto number = parse_number(cell, number_format);
        if (number.status != NumberStatus::not_a_number) {
            ++numbers;
            zero_one += number.status == NumberStatus::ok && (number.value == 0.0 || number.value == 1.0);
        }
        if (const auto flag = parse_boolean_word(cell)) {
            ++words;
            word_values.insert(*flag);
        }
    }
    const double n = static_cast<double>(present.size());

    if (numbers < present.size() || named_like_time(column_name)) {
        if (const auto guess = detect_timestamp_format(present)) {
            const bool epoch = guess->format == TimestampFormat::epoch_seconds ||
                               guess->format == TimestampFormat::epoch_millis;
            if (!epoch || named_like_time(column_name)) {
                result.type = ColumnType::timestamp;
                result.timestamp = guess;
                return result;
            }
        }
    }
    if (static_cast<double>(numbers) >= 0.9 * n) {
        const bool flag = zero_one == present.size() && !named_like_count(column_name);
        result.type = flag ? ColumnType::boolean : ColumnType::numeric;
        return result;
    }
    if (static_cast<double>(words) >= 0.9 * n && word_values.size() == 2) {
        result.type = ColumnType::boolean;
        return result;
    }
    result.type = ColumnType::categorical;
    return result;
}

}  // namespace twinbench
