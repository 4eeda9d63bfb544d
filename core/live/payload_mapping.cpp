#include "live/payload_mapping.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace twinbench {
namespace {

using Json = nlohmann::json;

const Json* find_value(const Json& object, const std::string& key) {
    if (!key.empty() && key.front() == '/') {
        try {
            const Json::json_pointer pointer(key);
            return object.contains(pointer) ? &object.at(pointer) : nullptr;
        } catch (const Json::exception&) {
            return nullptr;
        }
    }
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

// A JSON value as a cell; a reason when it is no single value.
std::optional<std::string> to_cell(const Json& value, LiveCell& cell) {
    if (value.is_number()) {
        const double v = value.get<double>();
        if (!std::isfinite(v)) return fmt::format("'{}' is not a finite number", cell.column);
        cell.number = v;
    } else if (value.is_boolean()) {
        cell.number = value.get<bool>() ? 1.0 : 0.0;
    } else if (value.is_string()) {
        cell.text = value.get<std::string>();
    } else if (value.is_null()) {
        cell.text.clear();  // missing
    } else {
        return fmt::format("'{}' holds {} instead of one value", cell.column,
                           value.is_object() ? "an object" : "a list");
    }
    return std::nullopt;
}

std::optional<std::string> read_time(const Json& value, const PayloadMapping& mapping, LiveRow& row) {
    using Unit = PayloadMapping::TimeUnit;
    if (value.is_string() && mapping.time_unit != Unit::seconds && mapping.time_unit != Unit::milliseconds) {
        row.time_text = value.get<std::string>();
        if (row.time_text.empty()) return std::string("the time stamp is empty");
        return std::nullopt;
    }
    if (value.is_number() && mapping.time_unit != Unit::iso) {
        double t = value.get<double>();
        // Epoch milliseconds are past 1e11 for any time after 1973.
        const bool millis = mapping.time_unit == Unit::milliseconds ||
                            (mapping.time_unit == Unit::automatic && std::abs(t) > 1e11);
        if (millis) t /= 1000.0;
        if (!std::isfinite(t)) return std::string("the time stamp is not a finite number");
        row.time_utc_s = t;
        return std::nullopt;
    }
    return fmt::format("the time stamp '{}' is neither {}", mapping.time_key,
                       mapping.time_unit == Unit::iso ? "an ISO 8601 text" : "a text nor an epoch number");
}

}  // namespace

PayloadMapping parse_payload_mapping(std::string_view json_text, const std::string& file_name) {
    PayloadMapping mapping;
    Json json;
    try {
        json = Json::parse(json_text);
    } catch (const Json::exception& e) {
        throw UsageError(fmt::format("--mapping {}: not JSON ({})", file_name, e.what()));
    }
    if (!json.is_object())
        throw UsageError(fmt::format("--mapping {}: must be a JSON object (see docs/LIVE.md)", file_name));
    const auto text_of = [&](const Json& v, const std::string& what) {
        if (!v.is_string() || v.get<std::string>().empty())
            throw UsageError(fmt::format("--mapping {}: {} must be a non-empty text", file_name, what));
        return v.get<std::string>();
    };
    for (const auto& [key, value] : json.items()) {
        if (key == "time") {
            mapping.time_key = text_of(value, "\"time\"");
        } else if (key == "time_unit") {
            const auto unit = text_of(value, "\"time_unit\"");
            if (unit == "iso")
                mapping.time_unit = PayloadMapping::TimeUnit::iso;
            else if (unit == "s")
                mapping.time_unit = PayloadMapping::TimeUnit::seconds;
            else if (unit == "ms")
                mapping.time_unit = PayloadMapping::TimeUnit::milliseconds;
            else
                throw UsageError(fmt::format("--mapping {}: \"time_unit\" is \"{}\"; use \"iso\", \"s\" or \"ms\"",
                                             file_name, unit));
        } else if (key == "value") {
            mapping.value_key = text_of(value, "\"value\"");
        } else if (key == "columns" || key == "topics") {
            if (!value.is_object())
                throw UsageError(fmt::format("--mapping {}: \"{}\" must be an object of names", file_name, key));
            auto& target = key == "columns" ? mapping.columns : mapping.topics;
            for (const auto& [from, to] : value.items()) {
                if (key == "columns" && !from.empty() && from.front() == '/') {
                    try {
                        (void)Json::json_pointer(from);
                    } catch (const Json::exception&) {
                        throw UsageError(fmt::format("--mapping {}: \"{}\" is not a JSON pointer", file_name, from));
                    }
                }
                target[from] = text_of(to, fmt::format("the column for \"{}\"", from));
            }
        } else {
            throw UsageError(fmt::format("--mapping {}: unknown setting \"{}\" (known: time, time_unit, columns, "
                                         "topics, value)",
                                         file_name, key));
        }
    }
    return mapping;
}

std::variant<LiveRow, std::string> read_payload(std::string_view topic, std::string_view payload,
                                                const PayloadMapping& mapping, double arrival_utc_s) {
    LiveRow row;
    row.origin = std::string(topic);
    row.raw = std::string(payload.substr(0, 1000));
    Json json;
    try {
        json = Json::parse(payload);
    } catch (const Json::exception&) {
        return std::string("the payload is not JSON");
    }
    const auto per_topic = mapping.topics.find(std::string(topic));
    if (per_topic != mapping.topics.end()) {
        LiveCell cell;
        cell.column = per_topic->second;
        const Json* value = &json;
        if (json.is_object()) {
            const Json* time = find_value(json, mapping.time_key);
            if (time != nullptr) {
                if (auto why = read_time(*time, mapping, row)) return *why;
            } else {
                row.time_utc_s = arrival_utc_s;
            }
            value = find_value(json, mapping.value_key);
            if (value == nullptr) return fmt::format("the payload has no \"{}\"", mapping.value_key);
        } else {
            row.time_utc_s = arrival_utc_s;
        }
        if (auto why = to_cell(*value, cell)) return *why;
        row.cells.push_back(std::move(cell));
        return row;
    }
    if (!json.is_object()) return std::string("the payload is not a JSON object");
    const Json* time = find_value(json, mapping.time_key);
    if (time == nullptr) return fmt::format("the payload has no time stamp \"{}\"", mapping.time_key);
    if (auto why = read_time(*time, mapping, row)) return *why;
    if (mapping.columns.empty()) {
        for (const auto& [key, value] : json.items()) {
            if (key == mapping.time_key) continue;
            LiveCell cell;
            cell.column = key;
            if (auto why = to_cell(value, cell)) return *why;
            row.cells.push_back(std::move(cell));
        }
    } else {
        for (const auto& [key, column] : mapping.columns) {
            const Json* value = find_value(json, key);
            if (value == nullptr) continue;  // this message does not carry that value
            LiveCell cell;
            cell.column = column;
            if (auto why = to_cell(*value, cell)) return *why;
            row.cells.push_back(std::move(cell));
        }
    }
    if (row.cells.empty()) return std::string("the payload holds a time stamp but no values");
    return row;
}

}  // namespace twinbench
