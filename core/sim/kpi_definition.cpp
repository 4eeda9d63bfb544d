#include "sim/kpi_definition.h"

#include <set>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace twinbench {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_control(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

bool is_name_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || u >= 0x80;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// The UTF-8 character starting at byte i, whole.
std::string_view char_at(std::string_view text, std::size_t i) {
    std::size_t end = i + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    return text.substr(i, end - i);
}

[[noreturn]] void argument_error(const std::string& text, const std::string& what) {
    throw UsageError(fmt::format("--kpi '{}': {}", text, what));
}

constexpr const char* form = "write --kpi 'NAME=EXPRESSION', e.g. --kpi 'nox_p90=p90(NOX)'";

}  // namespace

std::size_t character_position(std::string_view text, std::size_t byte) {
    std::size_t chars = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    return chars;
}

KpiExpressionError::KpiExpressionError(std::string kpi, std::string expression,
                                       std::size_t position, std::string reason,
                                       std::string hint)
    : UsageError([&] {
          std::string where;
          if (position > 0) {
              // position is 1-based in characters; one past the last character is the end.
              const bool at_end = position == character_position(expression, expression.size());
              where = fmt::format(" at character {}{}", position,
                                  at_end ? " (end of the expression)" : "");
          }
          return fmt::format("KPI '{}', expression '{}': {}{}{}", kpi, expression, reason, where,
                             hint.empty() ? std::string{} : "; " + hint);
      }()),
      kpi_(std::move(kpi)),
      expression_(std::move(expression)),
      position_(position),
      reason_(std::move(reason)),
      hint_(std::move(hint)) {}

bool is_bare_name(std::string_view name) {
    if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
    for (char c : name)
        if (!is_name_char(c)) return false;
    return true;
}

std::string quote_name(std::string_view name) {
    if (is_bare_name(name)) return std::string(name);
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

void check_kpi_name(const std::string& name) {
    if (trim(name).empty()) throw UsageError("a KPI needs a name; " + std::string(form));
    if (trim(name).size() != name.size())
        throw UsageError(fmt::format("KPI name '{}' starts or ends with white space", name));
    for (char c : name)
        if (is_control(c))
            throw UsageError(fmt::format("KPI name '{}' holds a control character", name));
}

KpiDefinition parse_kpi_argument(const std::string& text) {
    const std::string_view all(text);
    std::size_t i = 0;
    while (i < all.size() && is_space(all[i])) ++i;
    KpiDefinition def;
    std::size_t equals = std::string_view::npos;
    if (i < all.size() && all[i] == '"') {
        const std::size_t open = i++;
        bool closed = false;
        while (i < all.size()) {
            if (all[i] == '"') {
                if (i + 1 < all.size() && all[i + 1] == '"') {
                    def.name += '"';
                    i += 2;
                    continue;
                }
                closed = true;
                ++i;
                break;
            }
            def.name += all[i++];
        }
        if (!closed)
            argument_error(text, fmt::format("the quote at character {} is not closed; {}",
                                             character_position(all, open), form));
        while (i < all.size() && is_space(all[i])) ++i;
        if (i >= all.size() || all[i] != '=')
            argument_error(text, fmt::format("expected '=' after the quoted name at character {}; {}",
                                             character_position(all, i), form));
        equals = i;
        if (trim(def.name).empty()) argument_error(text, std::string("the KPI name is empty; ") + form);
        if (trim(def.name).size() != def.name.size())
            argument_error(text, "the KPI name starts or ends with white space");
        for (char c : def.name)
            if (is_control(c)) argument_error(text, "the KPI name holds a control character");
    } else {
        equals = all.find('=');
        if (equals == std::string_view::npos)
            argument_error(text, std::string("no '=' between the KPI's name and its expression; ") + form);
        const std::string_view name = trim(all.substr(0, equals));
        if (name.empty()) argument_error(text, std::string("the KPI name is empty; ") + form);
        const std::size_t start = static_cast<std::size_t>(name.data() - all.data());
        for (std::size_t k = 0; k < name.size(); ++k) {
            if (is_name_char(name[k])) continue;
            argument_error(text,
                           fmt::format("'{}' at character {} cannot be part of a KPI name without "
                                       "quotes; write the name in double quotes: {}=...",
                                       char_at(all, start + k), character_position(all, start + k),
                                       quote_name(name)));
        }
        if (name.front() >= '0' && name.front() <= '9')
            argument_error(text, fmt::format("the KPI name '{}' starts with a digit; start it with a "
                                             "letter or write it in double quotes: {}=...",
                                             name, quote_name(name)));
        def.name = std::string(name);
    }
    def.expression = std::string(trim(all.substr(equals + 1)));
    if (def.expression.empty())
        argument_error(text, fmt::format("the expression after '=' is empty; {}", form));
    return def;
}

std::string format_kpi_argument(const KpiDefinition& definition) {
    return quote_name(definition.name) + "=" + definition.expression;
}

void to_json(nlohmann::json& out, const KpiDefinition& definition) {
    out = nlohmann::json{{"name", definition.name}, {"expression", definition.expression}};
}

void from_json(const nlohmann::json& in, KpiDefinition& definition) {
    if (!in.is_object() || !in.contains("name") || !in["name"].is_string() ||
        !in.contains("expression") || !in["expression"].is_string())
        throw ProjectError("a stored KPI is not {\"name\": text, \"expression\": text}: " +
                           in.dump());
    definition.name = in["name"].get<std::string>();
    definition.expression = in["expression"].get<std::string>();
}

nlohmann::json kpi_definitions_to_json(const std::vector<KpiDefinition>& definitions) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : definitions) out.push_back(d);
    return out;
}

std::vector<KpiDefinition> kpi_definitions_from_json(const nlohmann::json& in) {
    if (!in.is_array()) throw ProjectError("the stored KPIs are not a list: " + in.dump());
    std::vector<KpiDefinition> out;
    std::set<std::string> names;
    for (std::size_t i = 0; i < in.size(); ++i) {
        KpiDefinition d;
        try {
            from_json(in[i], d);
            check_kpi_name(d.name);
        } catch (const Error& e) {
            throw ProjectError(fmt::format("stored KPI {} of {}: {}", i + 1, in.size(), e.what()));
        }
        if (d.expression.empty())
            throw ProjectError(fmt::format("stored KPI '{}' has an empty expression", d.name));
        if (!names.insert(d.name).second)
            throw ProjectError(fmt::format("the KPI '{}' is stored twice", d.name));
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace twinbench
